from typing import Any

from django.core.management.base import BaseCommand

from isms.audit.checkpoints import audit_checkpoint_write


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit trail's head (sequence, hash, time) to the private "
        "storage, outside the database; verify_audit_log compares the trail against every "
        "checkpoint. Run it periodically (hourly from cron); publications write one too."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        written = audit_checkpoint_write()
        if written is None:
            self.stdout.write("Nothing to checkpoint: the trail is empty or its head already is.")
            return
        name, checkpoint = written
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpointed event #{checkpoint.sequence} (hash {checkpoint.hash}) in {name}."
            )
        )
