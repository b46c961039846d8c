"""Capability links: made with a token shown once, used for their one purpose, audited."""

import hashlib
from datetime import UTC, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from isms.audit.models import AuditEvent
from isms.links.models import CapabilityLink
from isms.links.services import LinkRefused, capability_link_create, capability_link_use
from tests.isms.intake_urls import CONFIRM_EMAIL, OPEN_GRANT

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(time_machine: Any) -> Any:
    time_machine.move_to(START, tick=False)
    return time_machine


def make_link(**overrides: Any) -> tuple[CapabilityLink, str]:
    arguments: dict[str, Any] = {
        "purpose": CONFIRM_EMAIL.name,
        "single_use": True,
        "expires_in": timedelta(days=1),
    }
    return capability_link_create(**(arguments | overrides))


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def visitor(ip: str = "203.0.113.7") -> Any:
    return RequestFactory().get("/", REMOTE_ADDR=ip)


def test_it_makes_a_link_for_its_target_and_shows_the_token_once(officer: Any) -> None:
    link, token = make_link(target=officer, by=officer)

    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert link.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert (link.target_id, link.created_by, link.expires_at) == (
        str(officer.pk),
        officer,
        START + timedelta(days=1),
    )
    assert (link.used_at, link.use_count) == (None, 0)


def test_it_keeps_no_token_in_clear_neither_in_the_row_nor_in_the_trail(officer: Any) -> None:
    link, token = make_link(by=officer)
    capability_link_use(token=token, purpose=CONFIRM_EMAIL.name, request=visitor())
    with pytest.raises(LinkRefused):
        capability_link_use(token=token, purpose=CONFIRM_EMAIL.name, request=visitor())

    stored = CapabilityLink.objects.get(pk=link.pk)
    row = [getattr(stored, field.attname) for field in CapabilityLink._meta.concrete_fields]
    trail = list(AuditEvent.objects.values())
    assert token not in repr(row)
    assert token not in repr(trail)
    assert link.token_sha256 not in repr(trail)
    assert len(trail) == 3


def test_each_link_has_a_token_of_its_own() -> None:
    tokens = {make_link()[1] for _ in range(20)}

    assert len(tokens) == 20


def test_it_records_the_creation(officer: Any) -> None:
    link, _token = make_link(target=officer, by=officer)

    (event,) = events("link.created")
    assert (event.target_id, event.actor_id) == (str(link.pk), officer.pk)
    assert event.detail == {
        "purpose": "tests.confirm_email",
        "single_use": True,
        "expires_at": "2026-05-05T10:00:00Z",
        "target": f"auth.user:{officer.pk}",
    }


def test_a_use_returns_the_link_and_records_it() -> None:
    link, token = make_link()

    used = capability_link_use(token=token, purpose=CONFIRM_EMAIL.name, request=visitor())

    assert used.pk == link.pk
    assert (used.used_at, used.use_count) == (START, 1)
    (event,) = events("link.used")
    assert (event.target_id, event.ip_address) == (str(link.pk), "203.0.113.7")
    assert event.detail["use"] == 1


def test_a_single_use_link_works_once() -> None:
    _link, token = make_link()
    capability_link_use(token=token, purpose=CONFIRM_EMAIL.name)

    with pytest.raises(LinkRefused):
        capability_link_use(token=token, purpose=CONFIRM_EMAIL.name)

    assert [event.detail["reason"] for event in events("link.refused")] == ["used"]


def test_a_link_for_many_uses_counts_them_and_keeps_its_first_use(clock: Any) -> None:
    _link, token = make_link(single_use=False, purpose=OPEN_GRANT.name)
    capability_link_use(token=token, purpose=OPEN_GRANT.name)
    clock.move_to(START + timedelta(hours=1), tick=False)

    used = capability_link_use(token=token, purpose=OPEN_GRANT.name)

    assert (used.used_at, used.use_count) == (START, 2)
    assert [event.detail["use"] for event in events("link.used")] == [1, 2]


def test_the_claim_refuses_a_link_that_another_use_claimed_after_it_was_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The claim is a conditional UPDATE, not the state the caller read: a race has one winner
    (run for real, on two connections, in test_links_races.py)."""
    link, token = make_link()
    stale = CapabilityLink.objects.get(pk=link.pk)
    CapabilityLink.objects.filter(pk=link.pk).update(used_at=START, use_count=1)
    monkeypatch.setattr("isms.links.services.capability_link_for_token", lambda token: stale)

    with pytest.raises(LinkRefused):
        capability_link_use(token=token, purpose=CONFIRM_EMAIL.name)

    assert CapabilityLink.objects.get(pk=link.pk).use_count == 1
    assert events("link.used") == []


def test_an_expired_link_is_refused(clock: Any) -> None:
    _link, token = make_link(expires_in=timedelta(hours=1))
    clock.move_to(START + timedelta(hours=1), tick=False)

    with pytest.raises(LinkRefused):
        capability_link_use(token=token, purpose=CONFIRM_EMAIL.name)

    assert [event.detail["reason"] for event in events("link.refused")] == ["expired"]


def test_a_link_is_refused_for_another_purpose() -> None:
    link, token = make_link(purpose=OPEN_GRANT.name)

    with pytest.raises(LinkRefused):
        capability_link_use(token=token, purpose=CONFIRM_EMAIL.name)

    (event,) = events("link.refused")
    assert (event.target_id, event.detail) == (
        str(link.pk),
        {"purpose": "tests.confirm_email", "reason": "purpose"},
    )
    assert CapabilityLink.objects.get(pk=link.pk).use_count == 0


def test_an_unknown_token_is_refused_and_recorded_without_a_target() -> None:
    make_link()

    with pytest.raises(LinkRefused):
        capability_link_use(token="not-a-token", purpose=CONFIRM_EMAIL.name)

    (event,) = events("link.refused")
    assert (event.target_id, event.detail["reason"]) == ("", "unknown")


def test_it_refuses_a_purpose_no_app_registered() -> None:
    with pytest.raises(LookupError, match=r"tests\.unheard_of"):
        make_link(purpose="tests.unheard_of")
    assert not CapabilityLink.objects.exists()


@pytest.mark.parametrize(
    "expiry",
    [
        {"expires_in": timedelta(0)},
        {"expires_at": START - timedelta(seconds=1)},
        {"expires_in": None},
        {"expires_in": timedelta(days=1), "expires_at": START + timedelta(days=1)},
    ],
)
def test_it_refuses_an_expiry_that_is_missing_doubled_or_past(expiry: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="expir"):
        make_link(**expiry)
    assert not CapabilityLink.objects.exists()


def test_verify_audit_log_names_a_link_written_behind_the_applications_back() -> None:
    make_link()
    forged = CapabilityLink.objects.create(
        token_sha256="f" * 64,
        purpose=OPEN_GRANT.name,
        single_use=False,
        expires_at=START + timedelta(days=365),
    )
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("verify_audit_log", stdout=out)

    assert "Capability links: 2.\n  Without their link.created event: 1." in out.getvalue()
    assert f"capability link id {forged.pk}" in out.getvalue()
