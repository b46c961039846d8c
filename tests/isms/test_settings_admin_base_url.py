"""Notification e-mails link to the admin where `make run` actually serves it."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from policies.models import PolicyPage

ROOT = Path(__file__).resolve().parents[2]


def dev_setting(name: str, **environment: str) -> str:
    """A setting as isms.settings.dev computes it in a fresh process with this environment."""
    env = {key: value for key, value in os.environ.items() if key not in ("PORT", name)}
    code = f"import isms.settings.dev as s; print(s.{name})"
    result = subprocess.run(  # noqa: S603 (a fixed command)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_it_links_to_the_port_make_run_serves_on() -> None:
    assert dev_setting("WAGTAILADMIN_BASE_URL", PORT="8123") == "http://127.0.0.1:8123"


def test_it_links_to_port_8000_by_default() -> None:
    assert dev_setting("WAGTAILADMIN_BASE_URL") == "http://127.0.0.1:8000"


def test_it_lets_the_operator_name_the_address() -> None:
    configured = dev_setting(
        "WAGTAILADMIN_BASE_URL", PORT="8123", WAGTAILADMIN_BASE_URL="https://trust.example.com"
    )

    assert configured == "https://trust.example.com"


def test_make_run_passes_its_port_to_the_server() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry_run = subprocess.run(  # noqa: S603 (a fixed command)
        [make, "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout

    assert "PORT=8123 .venv/bin/python manage.py runserver 127.0.0.1:8123" in dry_run


def test_it_puts_the_base_url_in_the_review_request_mail(
    settings: Any, policy: PolicyPage, officer: Any, engineer: Any
) -> None:
    """The setting is what Wagtail's notification e-mails are built from."""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    page = PolicyPage.objects.get(pk=policy.pk)
    page.save_revision(user=engineer)
    workflow = page.get_workflow()
    assert workflow is not None

    workflow.start(page, engineer)

    assert [message.to for message in mail.outbox] == [[officer.email]]
    links = re.findall(r"https?://\S+", mail.outbox[0].body)
    assert links
    assert all(link.startswith("http://127.0.0.1:8123/admin/") for link in links), links
