"""Scheduled publishing records its version when it goes live, approved by the scheduler."""

from datetime import UTC, date, datetime

import time_machine
from django.core.management import call_command

from policies.models import DocumentVersion

SCHEDULED_FOR = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def test_it_records_the_version_when_scheduled_publishing_goes_live(
    policy, officer, engineer
) -> None:
    page = type(policy).objects.get(pk=policy.pk)
    page.version_number = "1.0"
    page.effective_date = date(2026, 3, 1)
    page.change_summary = "First edition."
    page.go_live_at = SCHEDULED_FOR
    with time_machine.travel(datetime(2026, 2, 1, tzinfo=UTC)):
        # The engineer wrote the edit; the officer approved it by scheduling it.
        page.save_revision(user=engineer).publish(user=officer)

    assert not type(policy).objects.get(pk=policy.pk).live
    assert not DocumentVersion.objects.filter(page=policy).exists()

    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=UTC)):
        call_command("publish_scheduled")

    assert type(policy).objects.get(pk=policy.pk).live
    version = DocumentVersion.objects.get(page=policy)
    assert (version.number, version.effective_date) == ("1.0", date(2026, 3, 1))
    assert version.approved_by == officer
    assert version.authors == [{"id": engineer.pk, "name": engineer.get_full_name()}]
