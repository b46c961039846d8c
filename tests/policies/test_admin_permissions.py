"""Who may open which admin views of documents: the page editor, the draft preview, and the
read-only "Published versions" listing.

Wagtail answers a user without admin access (and an anonymous visitor) with a redirect to the
sign-in page; a user with admin access but without the permission (sales, auditors) with a
redirect to the admin dashboard and the message "Sorry, you do not have permission to access this
area." The inspect view answers 404 instead (tests/policies/test_admin_version_inspect.py).
"""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import NoReverseMatch, reverse

from policies.models import DocumentVersion, PolicyPage
from tests.admin_access import assert_refused_inside_admin, assert_sent_to_sign_in, messages_of
from tests.factories import UserFactory, publish_version
from tests.html import page_soup, text_of

NO_ADMIN = "You do not have permission to access the admin."


@pytest.fixture
def version(policy: PolicyPage, officer: Any) -> DocumentVersion:
    return publish_version(
        policy,
        version="1.0",
        effective=date(2024, 1, 1),
        by=officer,
        change_summary="First edition.",
    )


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# The page editor


@pytest.mark.parametrize("persona", ["officer", "engineer"])
def test_it_lets_editors_open_a_policy_in_the_editor(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
) -> None:
    response = client_for(persona).get(reverse("wagtailadmin_pages:edit", args=[policy.pk]))

    assert response.status_code == 200
    form: Any = BeautifulSoup(response.content, "html.parser").find("form", id="page-edit-form")
    assert form.find("input", attrs={"name": "version_number"}) is not None
    assert form.find("input", attrs={"name": "effective_date"}) is not None


@pytest.mark.parametrize("persona", ["sales", "auditor"])
def test_it_refuses_the_editor_to_sales_and_auditors_inside_the_admin(
    client_for: Callable[[str], Client], policy: PolicyPage, persona: str
) -> None:
    response = client_for(persona).get(reverse("wagtailadmin_pages:edit", args=[policy.pk]))

    assert_refused_inside_admin(response)


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_sends_people_without_admin_access_from_the_editor_to_sign_in(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
) -> None:
    url = reverse("wagtailadmin_pages:edit", args=[policy.pk])

    response = client_for(persona).get(url)

    assert_sent_to_sign_in(response, url)
    if persona != "anonymous":
        assert NO_ADMIN in messages_of(response)


@pytest.mark.parametrize("persona", ["anonymous", "sales", "auditor", "outsider"])
def test_it_does_not_save_edits_from_people_who_may_not_edit(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
) -> None:
    revisions = policy.revisions.count()

    response = client_for(persona).post(
        reverse("wagtailadmin_pages:edit", args=[policy.pk]),
        {"title": "Hijacked", "slug": "isp", "summary": "x", "action-publish": "action-publish"},
    )

    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.title, policy.live, policy.revisions.count()) == (
        "Information Security Policy",
        False,
        revisions,
    )
    assert not DocumentVersion.objects.filter(page=policy).exists()


# The draft preview: the only way to read a document that is not published


@pytest.mark.parametrize("persona", ["officer", "engineer"])
def test_it_lets_editors_preview_a_draft(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
) -> None:
    response = client_for(persona).get(reverse("wagtailadmin_pages:view_draft", args=[policy.pk]))

    assert response.status_code == 200
    text = text_of(response)
    assert "We protect information." in text
    assert "Preview. This draft would be published as version (no number yet)" in text


@pytest.mark.parametrize("persona", ["sales", "auditor"])
def test_it_refuses_the_preview_to_sales_and_auditors_inside_the_admin(
    client_for: Callable[[str], Client], policy: PolicyPage, persona: str
) -> None:
    response = client_for(persona).get(reverse("wagtailadmin_pages:view_draft", args=[policy.pk]))

    assert_refused_inside_admin(response)


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_sends_people_without_admin_access_from_the_preview_to_sign_in(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
) -> None:
    url = reverse("wagtailadmin_pages:view_draft", args=[policy.pk])

    assert_sent_to_sign_in(client_for(persona).get(url), url)


# The read-only "Published versions" listing


@pytest.mark.parametrize("persona", ["officer", "engineer"])
def test_it_lists_published_versions_for_officers_and_engineers(
    client_for: Callable[[str], Client],
    version: DocumentVersion,
    persona: str,
) -> None:
    response = client_for(persona).get("/admin/document_versions/")

    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("tbody tr")
    assert len(rows) == 1
    assert "Information Security Policy" in rows[0].get_text()
    assert "1.0" in rows[0].get_text()


def test_the_listing_says_which_versions_are_not_yet_in_force(
    client_for: Callable[[str], Client], version: DocumentVersion, policy: PolicyPage, officer: Any
) -> None:
    publish_version(policy, version="2.0", effective=date(2099, 1, 1), by=officer)

    response = client_for("officer").get("/admin/document_versions/")

    rows = [row.get_text(" ", strip=True) for row in page_soup(response).select("tbody tr")]
    assert any("2.0" in row and "1 Jan 2099 (upcoming)" in row for row in rows)
    assert any("1.0" in row and "1 Jan 2024" in row and "upcoming" not in row for row in rows)


@pytest.mark.parametrize("persona", ["officer", "engineer"])
def test_it_lets_officers_and_engineers_inspect_a_version(
    client_for: Callable[[str], Client],
    version: DocumentVersion,
    persona: str,
) -> None:
    response = client_for(persona).get(f"/admin/document_versions/inspect/{version.pk}/")

    assert response.status_code == 200
    assert "First edition." in response.content.decode()


@pytest.mark.parametrize("persona", ["sales", "auditor"])
def test_it_refuses_the_listing_to_sales_and_auditors_inside_the_admin(
    client_for: Callable[[str], Client], version: DocumentVersion, persona: str
) -> None:
    assert_refused_inside_admin(client_for(persona).get("/admin/document_versions/"))


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_sends_people_without_admin_access_from_the_listing_to_sign_in(
    client_for: Callable[[str], Client],
    version: DocumentVersion,
    persona: str,
) -> None:
    assert_sent_to_sign_in(
        client_for(persona).get("/admin/document_versions/"),
        "/admin/document_versions/",
    )


@pytest.mark.parametrize("name", ["add", "edit", "delete", "copy", "history", "usage"])
def test_it_has_no_url_to_change_a_version(name: str, version: DocumentVersion) -> None:
    with pytest.raises(NoReverseMatch):
        reverse(f"document_versions:{name}", args=[version.pk])
    with pytest.raises(NoReverseMatch):
        reverse(f"document_versions:{name}")


@pytest.mark.parametrize(
    "path", ["new/", "add/", "edit/{pk}/", "delete/{pk}/", "{pk}/", "{pk}/edit/", "{pk}/delete/"]
)
def test_it_gives_not_even_a_superuser_a_way_to_change_a_version(
    login: Callable[[Any], Client], superuser: Any, version: DocumentVersion, path: str
) -> None:
    client = login(superuser)
    url = "/admin/document_versions/" + path.format(pk=version.pk)

    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "Rewritten"}).status_code == 404
    version.refresh_from_db()
    assert version.title == "Information Security Policy"


def test_it_offers_a_superuser_no_add_edit_or_delete_links(
    login: Callable[[Any], Client], superuser: Any, version: DocumentVersion
) -> None:
    client = login(superuser)
    pages = [
        client.get("/admin/document_versions/"),
        client.get(f"/admin/document_versions/inspect/{version.pk}/"),
    ]

    for response in pages:
        assert response.status_code == 200
        links = {
            str(a["href"])
            for a in BeautifulSoup(response.content, "html.parser").find_all("a", href=True)
            if str(a["href"]).startswith("/admin/document_versions/")
        }
        assert links, "the page should at least link to its versions"
        assert all(
            href.startswith(("/admin/document_versions/inspect/", "/admin/document_versions/?"))
            or href == "/admin/document_versions/"
            for href in links
        ), links


def test_it_refuses_a_post_to_the_inspect_view(
    login: Callable[[Any], Client], superuser: Any, version: DocumentVersion
) -> None:
    response = login(superuser).post(
        f"/admin/document_versions/inspect/{version.pk}/", {"title": "Rewritten"}
    )

    assert response.status_code == 405
    version.refresh_from_db()
    assert version.title == "Information Security Policy"
