"""Publishing a document from Wagtail's page editor: who may, and what a publication must carry.

The form data is what the editor's form posts (built with Wagtail's form_data helpers). Tests of
one person publishing their own edit switch the four-eyes rule off (`one_person_publishing`);
the rule itself is tested at the end.
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


@pytest.fixture
def one_person_publishing(settings: Any) -> None:
    settings.ISMS_FOUR_EYES = False


# Who may publish


@pytest.mark.usefixtures("one_person_publishing")
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


@pytest.mark.usefixtures("one_person_publishing")
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


@pytest.mark.usefixtures("one_person_publishing")
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
    submit_as(login(engineer), live)
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]

    approved = approve_as(login(officer), live)

    assert approved.status_code == 302
    newest = DocumentVersion.objects.get(page=live, major=1, minor=1)
    assert newest.approved_by == officer
    assert newest.authors == [{"id": engineer.pk, "name": engineer.get_full_name()}]
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
@pytest.mark.usefixtures("one_person_publishing")
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


@pytest.mark.usefixtures("one_person_publishing")
def test_it_refuses_to_publish_a_first_version_without_number_date_or_summary(
    login: Callable[[Any], Client], officer: Any, policy: PolicyPage
) -> None:
    response = login(officer).post(edit_url(policy), form_data(**PUBLISH))

    assert response.status_code == 200
    assert form_errors(response) == {
        "version_number": ["Give the version number this publication will carry."],
        "effective_date": ["Give the date this version comes into force."],
        "change_summary": ["Say in one sentence what changed in this version."],
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


def test_it_refuses_to_submit_for_review_without_a_change_summary(
    login: Callable[[Any], Client], engineer: Any, live: PolicyPage
) -> None:
    response = login(engineer).post(
        edit_url(live),
        form_data(text="Changed.", version_number="1.1", effective_date="2024-06-01", **SUBMIT),
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "change_summary": ["Say in one sentence what changed in this version."]
    }
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


@pytest.mark.parametrize("live_copy", [{"publish_copies": "on"}, {"alias": "on"}])
def test_it_refuses_a_live_copy_or_alias_of_a_document(
    client: Client,
    login: Callable[[Any], Client],
    officer: Any,
    live: PolicyPage,
    live_copy: dict[str, str],
) -> None:
    response = login(officer).post(
        reverse("wagtailadmin_pages:copy", args=[live.pk]),
        {
            "new_title": "Copied Policy",
            "new_slug": "copied",
            "new_parent_page": live.get_parent().pk,
            **live_copy,
        },
        follow=True,
    )

    assert "cannot be aliased or copied live" in text_of(response)
    assert not PolicyPage.objects.filter(slug="copied").exists()
    client.logout()
    assert client.get("/policies/copied/").status_code == 404


def test_it_copies_a_document_as_a_draft(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    response = login(officer).post(
        reverse("wagtailadmin_pages:copy", args=[live.pk]),
        {
            "new_title": "Copied Policy",
            "new_slug": "copied",
            "new_parent_page": live.get_parent().pk,
        },
    )

    assert response.status_code == 302
    copy = PolicyPage.objects.get(slug="copied")
    assert not copy.live
    assert not DocumentVersion.objects.filter(page=copy).exists()


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


# The admin's page API


def api_action_url(page: PolicyPage, action: str) -> str:
    return f"/admin/api/main/pages/{page.pk}/action/{action}/"


def test_it_refuses_to_publish_a_document_through_the_page_api(
    login: Callable[[Any], Client], engineer: Any, officer: Any, live: PolicyPage
) -> None:
    draft = reloaded(live)
    draft.version_number, draft.change_summary = "1.1", "Engineer's change."
    draft.effective_date = date(2024, 6, 1)
    draft.save_revision(user=engineer)

    response = login(officer).post(
        api_action_url(live, "publish"), {}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "published one at a time from their edit page" in response.json()["message"]
    assert reloaded(live).live_revision_id == live.live_revision_id
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]


def test_it_refuses_to_alias_a_document_through_the_page_api(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    response = login(officer).post(
        api_action_url(live, "create_alias"),
        {"destination_page_id": live.get_parent().pk, "update_slug": "alias"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "cannot be aliased or copied live" in response.json()["message"]
    assert not PolicyPage.objects.filter(alias_of=live).exists()


def test_the_page_api_still_publishes_other_pages(
    login: Callable[[Any], Client], officer: Any, policies_index: Any
) -> None:
    policies_index.title = "All policies"
    policies_index.save_revision(user=officer)

    response = login(officer).post(
        api_action_url(policies_index, "publish"), {}, content_type="application/json"
    )

    assert response.status_code == 200
    assert type(policies_index).objects.get(pk=policies_index.pk).title == "All policies"


# Four eyes: whoever approves a version did not write it


def test_it_refuses_an_officer_publishing_their_own_edit(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    response = login(officer).post(
        edit_url(live),
        form_data(
            text="Officer's wording.",
            version_number="1.1",
            effective_date="2024-06-01",
            change_summary="Officer's change.",
            **PUBLISH,
        ),
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "__all__": [
            "Olivia Berg wrote part of this change, so someone else must approve it "
            "(four-eyes rule). Submit it for review instead."
        ]
    }
    assert "four-eyes rule" in text_of(response)
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]


def next_version(**fields: str) -> dict[str, Any]:
    """What the editor posts for version 1.1, with the block ids of the draft being edited."""
    values = {
        "text": "We protect all information.",
        "version_number": "1.1",
        "effective_date": "2024-06-01",
        "change_summary": "Wider scope.",
        **fields,
    }
    return form_data(**values)


def submit_as(client: Client, page: PolicyPage, **fields: str) -> None:
    assert client.post(edit_url(page), {**next_version(**fields), **SUBMIT}).status_code == 302


def approve_as(client: Client, page: PolicyPage, **fields: str) -> Any:
    """Approve from the editor, posting back the draft's blocks as the browser does."""
    draft = reloaded(page).get_latest_revision_as_object()
    block_ids = {f"body-{index}-id": block.id for index, block in enumerate(draft.body)}
    if "text" not in fields:  # unchanged text keeps its rich text keys too
        paragraph = draft.body[1]
        block_ids["body-1-value"] = paragraph.block.get_form_state(paragraph.value)
    return client.post(
        edit_url(page),
        {
            **next_version(**fields),
            **block_ids,
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
        },
    )


def test_it_refuses_an_officer_approving_a_change_they_wrote(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    submit_as(login(officer), live)

    response = approve_as(login(officer), live)

    assert response.status_code == 200
    assert "Olivia Berg wrote part of this change" in text_of(response)
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]


def test_it_refuses_an_approver_who_rewrites_the_change_while_approving(
    login: Callable[[Any], Client], engineer: Any, officer: Any, live: PolicyPage
) -> None:
    submit_as(login(engineer), live)

    response = approve_as(login(officer), live, text="The officer's own last-minute wording.")

    assert response.status_code == 200
    assert "Olivia Berg wrote part of this change" in text_of(response)
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]


def test_it_lets_an_author_approve_their_own_change_when_four_eyes_is_off(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage, settings: Any
) -> None:
    settings.ISMS_FOUR_EYES = False
    submit_as(login(officer), live)

    response = approve_as(login(officer), live)

    assert response.status_code == 302
    newest = DocumentVersion.objects.get(page=live, major=1, minor=1)
    assert newest.approved_by == officer
    assert newest.authors == [{"id": officer.pk, "name": "Olivia Berg"}]


def test_it_shows_who_wrote_and_who_approved_a_version(
    client: Client, login: Callable[[Any], Client], engineer: Any, officer: Any, live: PolicyPage
) -> None:
    engineer.first_name, engineer.last_name = "Erik", "Strand"
    engineer.save()
    submit_as(login(engineer), live)
    approve_as(login(officer), live)
    client.logout()

    page = text_of(client.get(live.url))

    assert "written by Erik Strand, approved by Olivia Berg" in page


# Dates as people type them


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-12-31", date(2026, 12, 31)),
        ("31.12.2026", date(2026, 12, 31)),
        ("1.2.2027", date(2027, 2, 1)),
    ],
)
def test_it_accepts_iso_and_norwegian_dates(
    login: Callable[[Any], Client], engineer: Any, live: PolicyPage, typed: str, stored: date
) -> None:
    submit_as(login(engineer), live, effective_date=typed)

    assert reloaded(live).get_latest_revision_as_object().effective_date == stored


@pytest.mark.parametrize("typed", ["tomorrow", "31/31/2026", "2026-02-30"])
def test_it_refuses_a_date_it_cannot_read_instead_of_guessing(
    login: Callable[[Any], Client], engineer: Any, live: PolicyPage, typed: str
) -> None:
    submission = form_data(
        text="Changed.",
        version_number="1.1",
        effective_date=typed,
        change_summary="Wider scope.",
        **SUBMIT,
    )

    response = login(engineer).post(edit_url(live), submission)

    assert response.status_code == 200
    assert form_errors(response) == {
        "effective_date": [
            "Enter the date as YYYY-MM-DD or DD.MM.YYYY, for example 2026-12-31 or 31.12.2026."
        ]
    }
    assert reloaded(live).current_workflow_state is None


def test_the_date_picker_leaves_typed_text_for_the_server_to_check(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    response = login(officer).get(edit_url(live))

    assert '"validateOnBlur": false' in response.content.decode()


# The next version starts empty


def test_the_edit_form_offers_the_next_version_empty(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    form = login(officer).get(edit_url(live)).context["form"]

    assert form["version_number"].value() == ""
    assert form["effective_date"].value() == ""
    assert form["change_summary"].value() == ""
    assert form.fields["version_number"].widget.attrs["placeholder"] == "for example 1.1"


def test_the_edit_form_keeps_a_drafts_own_next_version(
    login: Callable[[Any], Client], engineer: Any, officer: Any, live: PolicyPage
) -> None:
    submit_as(login(engineer), live)

    form = login(officer).get(edit_url(live)).context["form"]

    assert (form["version_number"].value(), form["change_summary"].value()) == (
        "1.1",
        "Wider scope.",
    )


def test_it_refuses_an_author_approving_from_the_review_dashboard_with_a_message(
    login: Callable[[Any], Client], officer: Any, live: PolicyPage
) -> None:
    submit_as(login(officer), live)
    task_state = reloaded(live).current_workflow_task_state

    response = login(officer).post(
        reverse("wagtailadmin_pages:workflow_action", args=[live.pk, "approve", task_state.pk]),
        {},
        follow=True,
    )

    assert response.status_code == 200
    assert "Olivia Berg wrote part of this change" in text_of(response)
    assert [version.number for version in DocumentVersion.objects.filter(page=live)] == ["1.0"]
    assert reloaded(live).current_workflow_task_state == task_state
