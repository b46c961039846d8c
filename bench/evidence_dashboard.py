"""The evidence coverage dashboard's query count and time with 10 and with 10,000 evidence items.

Run from the project root: ``.venv/bin/python bench/evidence_dashboard.py``. It loads the shipped
catalogs, submits 10 pieces of evidence through the service and accepts them, requests the
dashboard as an officer, then adds 9,990 more (bulk-inserted rows of the same shape, since only
their number matters here) and requests it again. The query count must not grow.
"""

import datetime
import io
import logging
import time

from _evidence_setup import peak_rss_mib, setup

FEW, MANY = 10, 10_000


def officer_and_engineer() -> tuple[object, object]:
    from django.contrib.auth.models import Group, User

    from isms.roles import Role

    officer = User.objects.create_user("officer")
    officer.groups.add(Group.objects.get(name=Role.COMPLIANCE_OFFICER.value))
    engineer = User.objects.create_user("engineer")
    engineer.groups.add(Group.objects.get(name=Role.SECURITY_ENGINEER.value))
    return officer, engineer


def dashboard(client: object) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/admin/evidence/coverage/")  # type: ignore[attr-defined]
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/evidence/coverage/")  # type: ignore[attr-defined]
    assert response.status_code == 200, response.status_code
    return len(queries), time.perf_counter() - started


def add_in_bulk(count: int, controls: list[object], engineer: object) -> None:
    from django.utils import timezone

    from evidence.models import Evidence, EvidenceRevision

    today = timezone.localdate()
    rows = [
        Evidence(
            title=f"Bulk evidence {n}",
            kind="note",
            produced_by=engineer,
            source="system",
            period_start=today - datetime.timedelta(days=n % 300 + 30),
            period_end=today - datetime.timedelta(days=n % 300),
            status="accepted",
            renews_on=today + datetime.timedelta(days=n % 400 - 30),
        )
        for n in range(count)
    ]
    Evidence.objects.bulk_create(rows, batch_size=1000)
    EvidenceRevision.objects.bulk_create(
        [
            EvidenceRevision(evidence=row, number=1, kind="note", reason="Bulk.", note="ok")
            for row in rows
        ],
        batch_size=1000,
    )
    links = Evidence.controls.through
    links.objects.bulk_create(
        [links(evidence=row, control=controls[n % len(controls)]) for n, row in enumerate(rows)],
        batch_size=1000,
    )


def main() -> int:
    setup("dashboard")
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from evidence.content import NoteContent
    from evidence.models import ReviewStatus
    from evidence.services import evidence_create, evidence_review
    from isms.frameworks.models import Control

    call_command("load_catalogs", stdout=io.StringIO())
    officer, engineer = officer_and_engineer()
    controls = list(Control.objects.all())
    today = timezone.localdate()
    for n in range(FEW):
        evidence = evidence_create(
            title=f"Evidence {n}",
            controls=controls[n * 7 : n * 7 + 2],
            period_start=today - datetime.timedelta(days=n * 20 + 30),
            period_end=today - datetime.timedelta(days=n * 20),
            produced_by=engineer,  # type: ignore[arg-type]
            source="manual",  # type: ignore[arg-type]
            content=NoteContent("Checked."),
        )
        evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)  # type: ignore[arg-type]
    logging.disable(logging.INFO)  # django-axes logs every sign-in
    client = Client()
    client.force_login(officer)  # type: ignore[arg-type]
    few_queries, few_seconds = dashboard(client)
    add_in_bulk(MANY - FEW, controls, engineer)
    many_queries, many_seconds = dashboard(client)
    print(
        f"evidence_dashboard controls={len(controls)} queries_at_{FEW}={few_queries} "
        f"queries_at_{MANY}={many_queries} ms_at_{FEW}={few_seconds * 1000:.0f} "
        f"ms_at_{MANY}={many_seconds * 1000:.0f} peak_rss_mib={peak_rss_mib():.0f}"
    )
    return 0 if many_queries == few_queries else 1


if __name__ == "__main__":
    raise SystemExit(main())
