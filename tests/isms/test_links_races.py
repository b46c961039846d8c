"""Two visitors open the same single-use link at once: one gets in (PostgreSQL).

SQLite lets one writer in at a time, so there the race cannot happen; on PostgreSQL both
requests run for real, each on its own connection, and the conditional UPDATE decides.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from isms.audit.models import AuditEvent
from isms.links.models import CapabilityLink
from isms.links.services import LinkRefused, capability_link_create, capability_link_use
from tests.isms.intake_urls import CONFIRM_EMAIL

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_uses_of_a_single_use_link_at_once_give_one_success() -> None:
    _link, token = capability_link_create(
        purpose=CONFIRM_EMAIL.name, single_use=True, expires_in=timedelta(hours=1)
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def use(ip: str) -> None:
        barrier.wait()
        try:
            capability_link_use(
                token=token,
                purpose=CONFIRM_EMAIL.name,
                request=RequestFactory().get("/", REMOTE_ADDR=ip),
            )
            outcomes.append("used")
        except LinkRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=use, args=(ip,)) for ip in ("203.0.113.1", "203.0.113.2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["refused", "used"]
    assert CapabilityLink.objects.get().use_count == 1
    assert AuditEvent.objects.filter(action="link.used").count() == 1
    assert AuditEvent.objects.get(action="link.refused").detail["reason"] == "used"
