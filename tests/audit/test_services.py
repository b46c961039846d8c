"""audit_record: numbering, chaining, frozen names, addresses and refusals."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from isms.audit.actions import AuditAction
from isms.audit.models import GENESIS_HASH, AuditEvent
from isms.audit.services import MAX_DETAIL_BYTES, audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_starts_the_chain_at_one_with_a_hash_of_zeros(officer: Any) -> None:
    event = audit_record(action="auth.sign_in", actor=officer)

    assert (event.sequence, event.previous_hash) == (1, GENESIS_HASH)
    assert len(event.hash) == 64
    assert event.hash == event.compute_hash()


def test_it_chains_each_event_to_the_one_before(officer: Any) -> None:
    first = audit_record(action="auth.sign_in", actor=officer)
    second = audit_record(action="auth.sign_in_failed", actor=None, detail={"username": "x"})

    assert second.sequence == 2
    assert second.previous_hash == first.hash
    assert second.hash != first.hash


def test_the_hash_recomputes_identically_from_the_stored_row(officer: Any, policy: Any) -> None:
    event = audit_record(
        action=AuditAction.DOCUMENT_PUBLISHED,
        actor=officer,
        target=policy,
        detail={"effective_date": date(2026, 12, 31), "note": "Øre — “quoted”", "n": 0.1},
    )

    stored = AuditEvent.objects.get(pk=event.pk)

    assert stored.detail == {"effective_date": "2026-12-31", "note": "Øre — “quoted”", "n": 0.1}
    assert stored.compute_hash() == event.hash


def test_it_freezes_who_acted_and_on_what(policy: Any) -> None:
    user = UserFactory(username="kari", first_name="Kari", last_name="Nordmann")

    event = audit_record(action="document.approved", actor=user, target=policy)
    user.first_name, user.username = "Renamed", "renamed"
    user.save()
    event.refresh_from_db()

    assert (event.actor_id, event.actor_username, event.actor_name) == (
        user.pk,
        "kari",
        "Kari Nordmann",
    )
    assert (event.target_type_label, event.target_id, event.target_label) == (
        "policies.policypage",
        str(policy.pk),
        "Information Security Policy",
    )


def test_an_anonymous_actor_is_recorded_as_nobody() -> None:
    event = audit_record(action="page_password.refused", actor=AnonymousUser())

    assert (event.actor_id, event.actor_username, event.actor_name) == (None, "", "")


def test_it_records_the_address_the_request_came_from() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")

    event = audit_record(action="auth.sign_in_failed", actor=None, request=request)

    assert event.ip_address == "203.0.113.9"


def test_it_takes_the_address_from_a_trusted_proxy_header_when_configured(settings: Any) -> None:
    settings.AUDIT_TRUSTED_PROXY_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4"
    )

    event = audit_record(action="auth.sign_in_failed", actor=None, request=request)

    assert event.ip_address == "198.51.100.4"


def test_it_falls_back_to_the_peer_when_the_proxy_header_is_garbage(settings: Any) -> None:
    settings.AUDIT_TRUSTED_PROXY_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="nonsense")

    event = audit_record(action="auth.sign_in_failed", actor=None, request=request)

    assert event.ip_address == "10.0.0.2"


def test_without_a_request_the_address_is_empty() -> None:
    assert audit_record(action="auth.sign_in_failed", actor=None).ip_address is None


def test_it_refuses_an_action_not_in_the_catalogue() -> None:
    with pytest.raises(ValueError, match="is not a valid AuditAction"):
        audit_record(action="document.shredded", actor=None)

    assert not AuditEvent.objects.exists()


def test_it_refuses_a_detail_over_the_size_limit() -> None:
    with pytest.raises(ValueError, match=f"at most {MAX_DETAIL_BYTES} bytes"):
        audit_record(action="auth.sign_in_failed", actor=None, detail={"x": "a" * MAX_DETAIL_BYTES})

    assert not AuditEvent.objects.exists()


def test_it_accepts_a_detail_just_under_the_limit() -> None:
    padding = MAX_DETAIL_BYTES - len('{"x":""}')

    event = audit_record(action="auth.sign_in_failed", actor=None, detail={"x": "a" * padding})

    assert len(event.detail["x"]) == padding


def test_it_refuses_a_nul_character_in_the_detail() -> None:
    with pytest.raises(ValueError, match="NUL"):
        audit_record(action="auth.sign_in_failed", actor=None, detail={"username": "a\x00b"})


def test_the_database_refuses_a_fork_of_the_chain(officer: Any) -> None:
    first = audit_record(action="auth.sign_in", actor=officer)
    audit_record(action="auth.sign_in", actor=officer)
    fork = AuditEvent(
        sequence=99,
        action="auth.sign_in",
        occurred_at=first.occurred_at,
        previous_hash=first.hash,
        hash="f" * 64,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save(force_insert=True)


def test_it_refuses_a_target_that_was_never_saved() -> None:
    with pytest.raises(ValueError, match="must be saved first"):
        audit_record(action="document.approved", actor=None, target=UserFactory.build())

    assert not AuditEvent.objects.exists()
