"""How fast the audit trail appends events and how fast verify_audit_log walks the chain.

Run from the project root: ``.venv/bin/python bench/audit_chain.py``. It migrates a throw-away
SQLite database of its own (an operator's DATABASE_URL is never touched), appends EVENTS events
through ``audit_record`` (each its own transaction, as requests make them), then verifies the
chain, and prints one line of figures, e.g. ``audit_chain events=5000 append_per_s=... ``.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EVENTS = 5_000


def main() -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="isms-bench-audit-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ["ISMS_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "isms.settings.dev"
    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)

    from isms.audit.actions import AuditAction
    from isms.audit.services import audit_record
    from isms.audit.verification import audit_chain_verify

    started = time.perf_counter()
    for number in range(EVENTS):
        audit_record(
            action=AuditAction.SIGN_IN_FAILED,
            actor=None,
            detail={"username": f"visitor-{number}", "reason": "bench"},
        )
    append_seconds = time.perf_counter() - started

    started = time.perf_counter()
    report = audit_chain_verify()
    verify_seconds = time.perf_counter() - started
    assert report.events == EVENTS and report.first_break is None, report

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"audit_chain events={EVENTS} append_per_s={EVENTS / append_seconds:.0f} "
        f"verify_per_s={EVENTS / verify_seconds:.0f} verify_seconds={verify_seconds:.2f} "
        f"peak_rss_mib={peak_mib:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
