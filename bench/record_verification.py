"""How long verify_audit_log takes over 100,000 events and 10,000 evidence revisions.

Run from the project root: ``.venv/bin/python bench/record_verification.py``. It migrates a
throw-away SQLite database (never an operator's DATABASE_URL), writes 10,000 pieces of evidence,
each with a note revision and its signed creating event carrying the content hash, pads the
trail with sign-in events to 100,000, checkpoints the head, then runs ``verify_audit_log`` (the
whole command: chain, checkpoints, every record check) and prints one line of figures. The rows
are written in bulk, as the services would have written them one by one, so the set-up is fast;
what is measured is the verification alone.
"""

import sys
import time
from io import StringIO

from _evidence_setup import control_and_engineer, peak_rss_mib, setup

EVENTS = 100_000
REVISIONS = 10_000
BATCH = 5_000


def main() -> int:
    setup("verify")
    from django.core.management import call_command

    from isms.audit.checkpoints import audit_checkpoint_write

    revisions = _evidence_with_events(*control_and_engineer())
    _pad_the_trail()
    audit_checkpoint_write()

    started = time.perf_counter()
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    seconds = time.perf_counter() - started
    assert "No findings." in out.getvalue(), out.getvalue()
    print(
        f"record_verification events={EVENTS} revisions={revisions} "
        f"verify_seconds={seconds:.1f} events_per_s={EVENTS / seconds:.0f} "
        f"peak_rss_mib={peak_rss_mib():.0f}"
    )
    return 0


def _evidence_with_events(control: object, engineer: object) -> int:
    from evidence.models import Evidence, EvidenceRevision
    from evidence.verification import REVISION_CONTENT
    from isms.audit.content import content_sha256, fields_content
    from tests.factories import make_evidence

    template = make_evidence(controls=[control], produced_by=engineer)
    copied = {
        field.attname: getattr(template, field.attname)
        for field in Evidence._meta.concrete_fields
        if not field.primary_key and field.attname != "current_revision_id"
    }
    revision_of = fields_content(*REVISION_CONTENT)
    made = 1
    while made < REVISIONS:
        count = min(BATCH, REVISIONS - made)
        evidence = Evidence.objects.bulk_create(Evidence(**copied) for _ in range(count))
        revisions = EvidenceRevision.objects.bulk_create(
            EvidenceRevision(
                evidence=item,
                number=1,
                kind="note",
                reason="First submission.",
                note=f"Scanned every host, run {item.pk}.",
                created_by=engineer,
            )
            for item in evidence
        )
        _append(
            {
                "action": "evidence.uploaded",
                "target_type_label": "evidence.evidence",
                "target_id": str(revision.evidence_id),
                "target_label": "Quarterly vulnerability scan",
                "detail": {
                    "revision": 1,
                    "kind": "note",
                    "content_sha256": content_sha256(revision_of(revision)),
                },
            }
            for revision in revisions
        )
        made += count
    return made


def _pad_the_trail() -> None:
    from isms.audit.models import AuditEvent

    while (count := AuditEvent.objects.count()) < EVENTS:
        missing = min(BATCH, EVENTS - count)
        _append(
            {"action": "auth.sign_in_failed", "detail": {"username": f"visitor-{number}"}}
            for number in range(missing)
        )


def _append(fields: object) -> None:
    """Chain and sign the events after the trail's head, as audit_record does one at a time."""
    from django.utils import timezone

    from isms.audit.keys import current_chain_key
    from isms.audit.models import AuditEvent

    key, head = current_chain_key(), AuditEvent.objects.order_by("-sequence").first()
    sequence, previous = (head.sequence, head.hash) if head else (0, "0" * 64)
    events = []
    for values in fields:  # type: ignore[attr-defined]
        sequence += 1
        event = AuditEvent(
            sequence=sequence,
            previous_hash=previous,
            key_id=key.key_id,
            occurred_at=timezone.now(),
            **values,
        )
        event.hash = previous = event.compute_hash(key)
        events.append(event)
    AuditEvent.objects.bulk_create(events)


if __name__ == "__main__":
    sys.exit(main())
