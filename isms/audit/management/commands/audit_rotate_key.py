from typing import Any

from django.core.management.base import BaseCommand

from isms.audit.services import audit_key_rotate


class Command(BaseCommand):
    help = (
        "Start a new segment of the audit trail under AUDIT_CHAIN_KEY. First set AUDIT_CHAIN_KEY "
        "to the new key and add the old one to AUDIT_CHAIN_PREVIOUS_KEYS (keep it there: the old "
        "segment is verified with it). The rotation event names the new key and is signed with "
        "the old one. Without this command, the next event recorded does the same."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rotation = audit_key_rotate()
        if rotation is None:
            self.stdout.write("The audit trail is already signed with AUDIT_CHAIN_KEY.")
            return
        detail = rotation.detail
        self.stdout.write(
            self.style.SUCCESS(
                f"Event #{rotation.sequence}: key {detail['previous_key_id']} hands over to "
                f"{detail['new_key_id']}."
            )
        )
