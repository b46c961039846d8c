"""Publishing a document from Wagtail's page editor: who may, and what a publication must carry.

The form data is what the editor's form posts (built with Wagtail's form_data helpers).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from policies.models import DocumentVersion, PolicyPage
from tests.factories import publish_version
from tests.html import text_of

PUBLISH = {"action-publish": "action-publish"}
SUBMIT = {"action-submit": "action-submit"}


def edit_url(page: PolicyPage) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def form_data(*, text: str = "We protect information.", **fields: Any) -> dict[str, Any]:
    data = {
        "title": "Information Security Policy",
        "slug": "isp",
        "summary": "How we protect information.",
        "body": streamfield(
            [
                ("heading", {"text": "Purpose", "level": "2"}),
                ("paragraph", rich_text(f"<p>{text}</p>")),
            ]
        ),
        "version_number": "",
        "effective_date": "",
        "change_summary": "",
        "document_owner": "",
        "classification": "public",
        "review_interval_months": "12",
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def form_errors(response: Any) -> dict[str, list[str]]:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def reloaded(page: PolicyPage) -> PolicyPage:
    return PolicyPage.objects.get(pk=page.pk)


@pytest.fixture
def live(policy: PolicyPage, officer: Any) -> PolicyPage:
    """The policy, live with version 1.0 in force since 1 January 2024."""
    publish_version(
        policy,
        version="1.0",
        effective=date(2024, 1, 1),
        by=officer,
        body="<p>We protect information.</p>",
    )
    return reloaded(policy)


# Who may publish


def test_it_records_the_version_when_an_officer_publishes(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage
) -> None:
    response = login(officer).post(
        edit_url(policy),
        form_data(
            version_number="1.0",
            effective_date="2024-01-01",
            change_summary="First edition.",
            **PUBLISH,
        ),
    )

    assert response.status_code == 302
    assert reloaded(policy).live
    version = DocumentVersion.objects.get(page=policy)
    assert (version.number, version.effective_date, version.change_summary) == (
        "1.0",
        date(2024, 1, 1),
        "First edition.",
    )
    assert version.approved_by == officer
    assert version.approved_by_name == "Olivia Berg"
    assert "We protect information." in version.body_html


def test_it_shows_the_version_an_officer_published_to_the_public(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage
) -> None:
    client = login(officer)
    client.post(
        edit_url(policy),
        form_data(
            version_number="1.0",
            effective_date="2024-01-01",
            change_summary="First edition.",
            **PUBLISH,
        ),
    )
    client.logout()

    response = client.get(reloaded(policy).url)

    assert response.status_code == 200
    assert "Version 1.0" in text_of(response)
    assert "This document has no published version yet." not in text_of(response)


def test_it_records_the_next_version_when_an_officer_publishes_an_edit(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    response = login(officer).post(
        edit_url(live),
        form_data(
            text="We protect all information.",
            version_number="1.1",
            effective_date="2024-06-01",
            change_summary="Wider scope.",
            **PUBLISH,
        ),
    )

    assert response.status_code == 302
    numbers = sorted(version.number for version in DocumentVersion.objects.filter(page=live))
    assert numbers == ["1.0", "1.1"]
    newest = DocumentVersion.objects.get(page=live, major=1, minor=1)
    assert newest.approved_by == officer
    assert "We protect all information." in newest.body_html


def test_it_does_not_let_an_engineer_publish_a_draft(
    login: Callable[[Any], Client], engineer: Any, policy: PolicyPage
) -> None:
    response = login(engineer).post(
        edit_url(policy),
        form_data(
            text="Engineer's wording.",
            version_number="1.0",
            effective_date="2024-01-01",
            change_summary="First edition.",
            **PUBLISH,
        ),
    )

    assert response.status_code == 302
    page = reloaded(policy)
    assert not page.live
    assert not DocumentVersion.objects.filter(page=policy).exists()
    # Wagtail keeps the engineer's work as a draft instead.
    assert "Engineer's wording." in str(page.get_latest_revision_as_object().body)


def test_it_does_not_let_an_engineer_publish_an_edit_of_a_live_document(
    client: Client, login: Callable[[Any], Client], engineer: Any, live: PolicyPage
) -> None:
    live_revision = live.live_revision_id
    login(engineer).post(
        edit_url(live),
        form_data(
            text="Engineer's wording.",
            version_number="1.1",
            effective_date="2024-06-01",
            change_summary="Unreviewed.",
            **PUBLISH,
        ),
    )
    client.logout()

    assert reloaded(live).live_revision_id == live_revision
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]
    assert "Engineer's wording." not in text_of(client.get(live.url))


def test_it_records_the_version_when_an_officer_approves_an_engineers_submission(
    login: Callable[[Any], Client], engineer: Any, officer: Any, live: PolicyPage
) -> None:
    submission = form_data(
        text="We protect all information.",
        version_number="1.1",
        effective_date="2024-06-01",
        change_summary="Wider scope.",
    )
    submitted = login(engineer).post(edit_url(live), {**submission, **SUBMIT})
    assert submitted.status_code == 302
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]

    approved = login(officer).post(
        edit_url(live),
        {**submission, "action-workflow-action": "true", "workflow-action-name": "approve"},
    )

    assert approved.status_code == 302
    newest = DocumentVersion.objects.get(page=live, major=1, minor=1)
    assert newest.approved_by == officer
    assert "We protect all information." in newest.body_html


# What a publication must carry


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"version_number": "1.0", "effective_date": "2024-06-01"},
            {
                "version_number": [
                    "Version 1.0 is not higher than the last published version, "
                    "1.0. Use 1.1 or higher."
                ]
            },
        ),
        (
            {"version_number": "0.9", "effective_date": "2024-06-01"},
            {
                "version_number": [
                    "Version 0.9 is not higher than the last published version, "
                    "1.0. Use 1.1 or higher."
                ]
            },
        ),
        (
            {"version_number": "1.1", "effective_date": ""},
            {"effective_date": ["Give the date this version comes into force."]},
        ),
        (
            {"version_number": "", "effective_date": "2024-06-01"},
            {"version_number": ["Give the version number this publication will carry."]},
        ),
        (
            {"version_number": "1.0.1", "effective_date": "2024-06-01"},
            {"version_number": ["Enter a version number as major.minor, for example 1.0 or 2.3."]},
        ),
        (
            {"version_number": "1.1", "effective_date": "2023-12-31"},
            {
                "effective_date": [
                    "Version 1.0 is effective from 1 January 2024; "
                    "a new version cannot take effect before it."
                ]
            },
        ),
    ],
)
def test_it_refuses_to_publish_without_a_valid_new_version(
    login: Callable[[Any], Client],
    officer: Any,
    live: PolicyPage,
    fields: dict[str, str],
    errors: dict[str, list[str]],
) -> None:
    live_revision = live.live_revision_id

    response = login(officer).post(
        edit_url(live),
        form_data(text="Changed text.", change_summary="Change.", **fields, **PUBLISH),
    )

    assert response.status_code == 200
    assert form_errors(response) == errors
    for message in errors.values():
        assert message[0] in text_of(response)
    assert reloaded(live).live_revision_id == live_revision
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]


def test_it_refuses_to_publish_a_first_version_without_number_or_date(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage
) -> None:
    response = login(officer).post(edit_url(policy), form_data(**PUBLISH))

    assert response.status_code == 200
    assert form_errors(response) == {
        "version_number": ["Give the version number this publication will carry."],
        "effective_date": ["Give the date this version comes into force."],
    }
    assert not reloaded(policy).live
    assert not DocumentVersion.objects.filter(page=policy).exists()


def test_it_refuses_to_submit_for_review_without_a_version(
    login: Callable[[Any], Client], engineer: Any, live: PolicyPage
) -> None:
    response = login(engineer).post(edit_url(live), form_data(text="Changed.", **SUBMIT))

    assert response.status_code == 200
    assert "version_number" in form_errors(response)
    assert reloaded(live).current_workflow_state is None


@pytest.mark.parametrize("persona", ["officer", "engineer"])
def test_it_saves_a_draft_without_a_version(
    request: pytest.FixtureRequest,
    login: Callable[[Any], Client],
    live: PolicyPage,
    persona: str,
) -> None:
    revisions = live.revisions.count()

    response = login(request.getfixturevalue(persona)).post(
        edit_url(live), form_data(text="Work in progress.")
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(live)
    page = reloaded(live)
    assert page.revisions.count() == revisions + 1
    assert "Work in progress." in str(page.get_latest_revision_as_object().body)
    assert page.live_revision_id == live.live_revision_id
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]


# Other ways a document can go live


def test_it_never_leaves_a_copied_document_live_without_a_version_record(
    client: Client, login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    response = login(officer).post(
        reverse("wagtailadmin_pages:copy", args=[live.pk]),
        {
            "new_title": "Copied Policy",
            "new_slug": "copied",
            "new_parent_page": live.get_parent().pk,
            "publish_copies": "on",
        },
    )
    client.logout()

    assert response.status_code == 302
    copy = PolicyPage.objects.get(slug="copied")
    assert not copy.live or DocumentVersion.objects.filter(page=copy).exists(), (
        "the copy is live on the public site without any published version"
    )


def test_it_lets_an_officer_unpublish_a_document_and_keeps_its_versions(
    client: Client, login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    response = login(officer).post(reverse("wagtailadmin_pages:unpublish", args=[live.pk]), {})
    client.logout()

    assert response.status_code == 302
    assert not reloaded(live).live
    assert client.get(live.url).status_code == 404
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]


@pytest.mark.parametrize("persona", ["engineer", "sales", "auditor", "outsider", "anonymous"])
def test_it_does_not_let_others_unpublish_a_document(
    request: pytest.FixtureRequest,
    client: Client,
    login: Callable[[Any], Client],
    live: PolicyPage,
    persona: str,
) -> None:
    user = None if persona == "anonymous" else request.getfixturevalue(persona)

    response = login(user).post(reverse("wagtailadmin_pages:unpublish", args=[live.pk]), {})
    client.logout()

    assert response.status_code == 302
    assert reloaded(live).live
    assert client.get(live.url).status_code == 200
