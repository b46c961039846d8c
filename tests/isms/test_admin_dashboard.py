"""The admin's dashboard: each role is told what it can do here today, under the organisation's
name, and nobody is offered a search that can only answer "no permission"."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from isms.models import OrganisationSettings
from tests.html import page_soup, squeeze, text_of

DASHBOARD = "/admin/"


@pytest.fixture(autouse=True)
def organisation(db: None) -> OrganisationSettings:
    organisation = OrganisationSettings.load()
    organisation.name = "Vendela Software"
    organisation.save()
    return organisation


def your_work(response: Any) -> Any:
    heading = page_soup(response).find("h2", string="Your work here")
    return heading.find_parent("section") if heading else None


def links_of(panel: Any) -> dict[str, str]:
    return {link.get_text(strip=True): str(link["href"]) for link in panel.find_all("a")}


def offers_search(response: Any) -> bool:
    return page_soup(response).find("form", attrs={"role": "search"}) is not None


ROLE_LINKS = {
    "officer": {
        "Review queue": "/admin/reports/workflow/",
        "Documents": "/admin/pages/",
        "Published versions": "/admin/document_versions/",
        "Images": "/admin/images/",
        "Files": "/admin/documents/",
    },
    "engineer": {
        "Drafts": "/admin/pages/",
        "Submissions": "/admin/reports/workflow/",
        "Published versions": "/admin/document_versions/",
    },
    "auditor": {"Engagements": "/admin/engagements/", "Evidence": "/admin/evidence/"},
}


@pytest.mark.parametrize("persona", ROLE_LINKS)
def test_it_links_editors_to_their_work_and_every_link_opens(
    client_for: Callable[[str], Client], persona: str
) -> None:
    client = client_for(persona)

    panel = your_work(client.get(DASHBOARD))

    assert links_of(panel) == ROLE_LINKS[persona]
    statuses = {url: client.get(url).status_code for url in ROLE_LINKS[persona].values()}
    assert statuses == dict.fromkeys(ROLE_LINKS[persona].values(), 200)


@pytest.mark.parametrize(
    ("persona", "role", "told"),
    [
        ("officer", "Compliance officer", "You review, approve and publish"),
        ("engineer", "Security engineer", "submit them for compliance review"),
        (
            "sales",
            "Sales contact",
            "The report request queue arrives with the certifications capability",
        ),
        ("auditor", "Auditor", "You read the accepted evidence of your engagements"),
    ],
)
def test_it_tells_each_role_what_it_can_do_here_today(
    client_for: Callable[[str], Client], persona: str, role: str, told: str
) -> None:
    response = client_for(persona).get(DASHBOARD)

    assert response.status_code == 200
    panel = your_work(response)
    assert [heading.get_text(strip=True) for heading in panel.find_all("h3")] == [role]
    assert told in squeeze(panel.get_text())


@pytest.mark.parametrize("persona", ["sales"])
def test_it_offers_no_links_to_roles_whose_capability_comes_later(
    client_for: Callable[[str], Client], persona: str
) -> None:
    panel = your_work(client_for(persona).get(DASHBOARD))

    assert links_of(panel) == {}


@pytest.mark.parametrize(
    ("persona", "search"),
    [("officer", True), ("engineer", True), ("sales", False), ("auditor", False)],
)
def test_it_offers_the_page_search_only_to_those_who_may_search_pages(
    client_for: Callable[[str], Client], home: Any, persona: str, search: bool
) -> None:
    client = client_for(persona)

    assert offers_search(client.get(DASHBOARD)) is search
    explorer = client.get(reverse("wagtailadmin_explore", args=[home.pk]), {"q": "policy"})
    assert (explorer.status_code == 200) is search


def test_it_gives_the_auditor_a_dashboard_without_the_page_explorer(
    client_for: Callable[[str], Client],
) -> None:
    response = client_for("auditor").get(DASHBOARD)

    assert response.status_code == 200
    assert '"name": "explorer"' not in response.content.decode()
    assert '"name": "explorer"' in client_for("officer").get(DASHBOARD).content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "outsider"])
def test_it_sends_people_without_admin_access_to_sign_in(
    client_for: Callable[[str], Client], persona: str
) -> None:
    response = client_for(persona).get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={DASHBOARD}"


def test_it_shows_no_work_panel_to_a_superuser_without_a_role(
    login: Callable[[Any], Client],
) -> None:
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)

    response = login(root).get(DASHBOARD)

    assert response.status_code == 200
    assert your_work(response) is None


# Branding


@pytest.mark.parametrize("persona", ["officer", "sales"])
def test_it_names_the_organisation_on_the_dashboard_instead_of_wagtail(
    client_for: Callable[[str], Client], persona: str
) -> None:
    response = client_for(persona).get(DASHBOARD)
    page = page_soup(response)

    assert page.find("h1").get_text(strip=True) == "Vendela Software Trust Centre"
    assert page.title.get_text(strip=True) == "Dashboard - Vendela Software Trust Centre"
    logo = page.find("template", attrs={"data-wagtail-sidebar-branding-logo": True}).find("img")
    assert logo["alt"] == "Vendela Software Trust Centre"


def test_it_names_the_organisation_on_the_sign_in_form(client: Client) -> None:
    response = client.get(reverse("wagtailadmin_login"))
    page = page_soup(response)

    assert page.find("h1").get_text(strip=True) == "Sign in to the Vendela Software Trust Centre"
    assert page.title.get_text(strip=True) == "Sign in - Vendela Software Trust Centre"
    assert "Wagtail" not in text_of(response).replace("JavaScript is required to use Wagtail", "")
    assert page.find(class_="login-logo").find("img")["src"] == "/static/img/favicon.svg"
