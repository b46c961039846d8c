"""Create an API token for a user and print it: the plaintext is on the last line, alone.

manage.py create_api_token engineer --name ci --expires-in-days 90
TOKEN=$(manage.py create_api_token engineer --name ci | tail -n 1)
"""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from isms.api.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME; the token alone is printed on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="What the token is for (default: cli).")
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            help="Days until it expires (default: never).",
        )

    def handle(
        self, *args: Any, username: str, name: str, expires_in_days: int | None, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user named “{username}”.")
        if not user.is_active:
            raise CommandError(f"{username}'s account is inactive: a token could not be used.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        try:
            token, plaintext = api_token_create(
                user=user, name=name, expires_at=expires_at, by=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        expiry = (
            f"expires {token.expires_at:%Y-%m-%d %H:%M %Z}" if token.expires_at else "never expires"
        )
        self.stdout.write(
            f"Created API token “{token.name}” ({token.prefix}…) for {username}; it {expiry}."
        )
        self.stdout.write("Copy it now: it is not stored and cannot be shown again.")
        self.stdout.write(plaintext)
