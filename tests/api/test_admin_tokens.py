"""The admin's API tokens: officers see all, engineers their own; created once, revoked, kept."""

from typing import Any

import pytest
from django.test import Client

from isms.api.models import ApiToken
from isms.api.services import api_token_create, api_token_revoke
from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from tests.admin_access import assert_refused_inside_admin, assert_sent_to_sign_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/api_tokens/"
ADD = "/admin/api_tokens/new/"


def inspect_url(token: ApiToken) -> str:
    return f"/admin/api_tokens/inspect/{token.pk}/"


def revoke_url(token: ApiToken) -> str:
    return f"/admin/api_tokens/revoke/{token.pk}/"


@pytest.fixture
def tokens(officer: Any, engineer: Any) -> dict[str, ApiToken]:
    return {
        "officer": api_token_create(user=officer, name="officer-ci", by=officer)[0],
        "engineer": api_token_create(user=engineer, name="engineer-ci", by=engineer)[0],
    }


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("officer", {"officer-ci", "engineer-ci"}), ("engineer", {"engineer-ci"})],
)
def test_the_listing_is_scoped(
    client_for: Any, tokens: dict[str, ApiToken], persona: str, sees: set[str]
) -> None:
    response = client_for(persona).get(INDEX)

    assert response.status_code == 200
    listed = {name for name in ("officer-ci", "engineer-ci") if name in response.text}
    assert listed == sees
    assert tokens["engineer"].digest not in response.text
    assert tokens["engineer"].prefix in response.text


@pytest.mark.parametrize("persona", ["sales", "auditor"])
def test_sales_and_auditors_are_refused(client_for: Any, tokens: Any, persona: str) -> None:
    for url in (INDEX, ADD, inspect_url(tokens["engineer"])):
        response = client_for(persona).get(url)
        if url.startswith("/admin/api_tokens/inspect/"):
            assert response.status_code in (302, 404)
        else:
            assert_refused_inside_admin(response)


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_visitors_without_admin_access_are_sent_to_sign_in(client_for: Any, persona: str) -> None:
    assert_sent_to_sign_in(client_for(persona).get(INDEX), INDEX)


def test_creating_shows_the_token_once_and_stores_only_its_hash(
    client_for: Any, engineer: Any
) -> None:
    response = client_for("engineer").post(ADD, {"name": "nightly scan", "expires_on": ""})

    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert (token.user, token.created_by, token.name) == (engineer, engineer, "nightly scan")
    plaintext = response.context["token"]
    assert plaintext.startswith(token.prefix) and plaintext in response.text
    assert token.matches(plaintext)
    assert "no-store" in response["Cache-Control"]
    assert plaintext not in client_for("engineer").get(inspect_url(token)).text
    assert plaintext not in client_for("engineer").get(INDEX).text
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_CREATED).count() == 1


def test_a_duplicate_name_is_an_error_on_the_form(client_for: Any, tokens: Any) -> None:
    response = client_for("engineer").post(ADD, {"name": "engineer-ci"})

    assert response.status_code == 200
    assert "already has a token named" in response.text
    assert ApiToken.objects.count() == 2


def test_an_engineer_revokes_their_own_token(client_for: Any, tokens: Any, engineer: Any) -> None:
    client = client_for("engineer")
    assert "Revoke" in client.get(revoke_url(tokens["engineer"])).text

    response = client.post(revoke_url(tokens["engineer"]))

    assert response.status_code == 302
    token = ApiToken.objects.get(pk=tokens["engineer"].pk)
    assert token.is_revoked and token.revoked_by == engineer
    assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_REVOKED).count() == 1


def test_an_engineer_cannot_reach_an_officer_s_token(client_for: Any, tokens: Any) -> None:
    client = client_for("engineer")

    assert client.get(inspect_url(tokens["officer"])).status_code == 404
    assert client.post(revoke_url(tokens["officer"])).status_code == 404
    assert not ApiToken.objects.get(pk=tokens["officer"].pk).is_revoked


def test_an_officer_revokes_anyone_s_token(client_for: Any, tokens: Any, officer: Any) -> None:
    response = client_for("officer").post(revoke_url(tokens["engineer"]))

    assert response.status_code == 302
    assert ApiToken.objects.get(pk=tokens["engineer"].pk).revoked_by == officer


def test_revoking_twice_says_so(client_for: Any, tokens: Any, engineer: Any) -> None:
    api_token_revoke(token=tokens["engineer"], by=engineer)

    response = client_for("engineer").post(revoke_url(tokens["engineer"]), follow=True)

    assert "already revoked" in response.text


def test_there_is_no_way_to_delete_or_edit(client_for: Any, tokens: Any) -> None:
    client: Client = client_for("officer")
    pk = tokens["engineer"].pk

    assert client.get(f"/admin/api_tokens/delete/{pk}/").status_code == 404
    assert client.get(f"/admin/api_tokens/edit/{pk}/").status_code == 404
    assert ApiToken.objects.count() == 2


@pytest.mark.parametrize(
    ("persona", "shown"), [("officer", True), ("engineer", True), ("sales", False)]
)
def test_the_settings_menu_offers_api_tokens_to_who_may_use_them(
    client_for: Any, persona: str, shown: bool
) -> None:
    response = client_for(persona).get("/admin/")

    assert (INDEX in response.text) is shown


def test_the_listing_offers_revoke_for_active_tokens_only(
    client_for: Any, tokens: Any, engineer: Any
) -> None:
    client = client_for("engineer")
    assert revoke_url(tokens["engineer"]) in client.get(INDEX).text

    api_token_revoke(token=tokens["engineer"], by=engineer)

    page = client.get(INDEX).text
    assert revoke_url(tokens["engineer"]) not in page
    assert "Revoked" in page
