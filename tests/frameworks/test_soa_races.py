"""Two officers publish at once: the database decides, one version is recorded (PostgreSQL).

SQLite lets one writer in at a time, so there the race cannot happen; on PostgreSQL both
transactions run for real, each on its own connection, and the framework row lock orders them.
"""

import datetime
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from isms.frameworks.models import SoaVersion
from isms.frameworks.soa.services import soa_entries_ensure, soa_version_publish
from isms.roles import Role
from tests.factories import ControlFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_publications_of_the_same_number_record_one_version() -> None:
    for ref in ("A.5.1", "A.8.8"):
        ControlFactory(ref=ref)
    soa_entries_ensure()
    first = UserFactory(username="first", role=Role.COMPLIANCE_OFFICER)
    second = UserFactory(username="second", role=Role.COMPLIANCE_OFFICER)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def publish(by: Any, approver: Any) -> None:
        barrier.wait()
        try:
            soa_version_publish(
                by=by,
                approved_by=approver,
                number="1.0",
                effective_date=datetime.date(2026, 1, 1),
                change_summary="First.",
            )
            outcomes.append("published")
        except ValidationError as error:
            outcomes.append(error.message_dict["number"][0])
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=publish, args=(first, second)),
        threading.Thread(target=publish, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes)[-1] == "published"
    assert "not higher than the last published version" in sorted(outcomes)[0]
    assert SoaVersion.objects.count() == 1
    assert SoaVersion.objects.get().entries.count() == 2
