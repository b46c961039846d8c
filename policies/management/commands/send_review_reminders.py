from typing import Any

from django.core.management.base import BaseCommand

from policies.selectors import today
from policies.services import review_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the compliance officers the documents whose review is due within 30 days or "
        "overdue. Each version is mentioned once per threshold, so it is safe to run daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reviews = review_reminders_send(today=today())
        if not reviews:
            self.stdout.write("No new reviews to remind the officers of.")
            return
        for review in reviews:
            self.stdout.write(f"{review.version}: review {review.when}")
        self.stdout.write(self.style.SUCCESS(f"Reminded the officers of {len(reviews)} review(s)."))
