"""Two officers act on the SoA at once: the database decides, one outcome is recorded (PostgreSQL).

SQLite lets one writer in at a time, so there the race cannot happen; on PostgreSQL both
transactions run for real, each on its own connection, and the framework row lock orders them.
"""

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from isms.frameworks.models import SoaSubmission, SoaVersion
from isms.frameworks.soa.services import (
    soa_entries_ensure,
    soa_submission_approve,
    soa_submission_send_back,
    soa_version_submit,
)
from isms.roles import Role
from tests.factories import ControlFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def officers(*names: str) -> list[Any]:
    for ref in ("A.5.1", "A.8.8"):
        ControlFactory(ref=ref)
    soa_entries_ensure()
    return [UserFactory(username=name, role=Role.COMPLIANCE_OFFICER) for name in names]


def race(*actions: Callable[[], Any]) -> list[str]:
    """Run the actions at the same moment, each on its own connection; say how each ended,
    "done" first."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            action()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes, key=lambda outcome: outcome != "done")


def submit(by: Any) -> SoaSubmission:
    return soa_version_submit(
        by=by, number="1.0", effective_date=datetime.date(2026, 1, 1), change_summary="First."
    )


def test_two_submissions_at_once_leave_one_waiting() -> None:
    first, second = officers("first", "second")

    outcomes = race(lambda: submit(first), lambda: submit(second))

    assert outcomes[0] == "done"
    assert "is awaiting approval" in outcomes[1]
    assert SoaSubmission.objects.count() == 1


def test_two_approvers_at_once_publish_one_version() -> None:
    submitter, first, second = officers("submitter", "first", "second")
    submission = submit(submitter)

    outcomes = race(
        lambda: soa_submission_approve(submission=submission, by=first),
        lambda: soa_submission_approve(submission=submission, by=second),
    )

    assert outcomes[0] == "done"
    assert "approved and published by" in outcomes[1]
    assert SoaVersion.objects.count() == 1
    assert SoaVersion.objects.get().entries.count() == 2


def test_an_approval_and_a_send_back_at_once_settle_on_one() -> None:
    submitter, first, second = officers("submitter", "first", "second")
    submission = submit(submitter)

    outcomes = race(
        lambda: soa_submission_approve(submission=submission, by=first),
        lambda: soa_submission_send_back(submission=submission, by=second, comment="Not yet."),
    )

    submission.refresh_from_db()
    assert outcomes[0] == "done"
    assert "nothing left to decide" in outcomes[1]
    assert SoaVersion.objects.count() == (1 if submission.status == "approved" else 0)
