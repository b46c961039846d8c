"""The admin views of frameworks, controls and mappings, for each persona."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from isms.frameworks.models import Control, ControlMapping, Framework
from tests.admin_access import assert_refused_inside_admin, assert_sent_to_sign_in
from tests.factories import ControlFactory, FrameworkFactory, ProductFactory
from tests.html import page_soup, squeeze

# Auditors read the catalogs (and their change history) since the SoA: view permission only.
VIEWERS = ["officer", "engineer", "auditor"]
WITHOUT_ADMIN = ["anonymous", "outsider"]
# Staff whose role does not cover the catalogs: inside the admin, but refused these views.
REFUSED_INSIDE = ["sales"]
LISTINGS = ["frameworks:index", "controls:index", "control_mappings:index"]


@pytest.fixture
def controls(db: None) -> dict[str, Control]:
    made = {ref: ControlFactory(ref=ref) for ref in ("A.5.10", "A.5.2", "A.8.8")}
    made["7.5.3"] = ControlFactory(ref="7.5.3", framework=FrameworkFactory(code="iso9001-2015"))
    ControlMapping.objects.create(
        from_control=made["A.8.8"], to_control=made["A.5.2"], relation="intersect", rationale="x"
    )
    return made


def listed(response: Any) -> list[str]:
    return [
        squeeze(cell.get_text()).split()[0] for cell in page_soup(response).select("tbody td.title")
    ]


@pytest.mark.parametrize("persona", VIEWERS)
@pytest.mark.parametrize("listing", LISTINGS)
def test_officers_engineers_and_auditors_see_the_listings(
    client_for: Callable[[str], Client], controls: Any, persona: str, listing: str
) -> None:
    response = client_for(persona).get(reverse(listing))

    assert response.status_code == 200
    assert "iso27001-2022" in response.text


@pytest.mark.parametrize("persona", REFUSED_INSIDE)
@pytest.mark.parametrize("listing", LISTINGS)
def test_sales_are_refused_inside_the_admin(
    client_for: Callable[[str], Client], controls: Any, listing: str, persona: str
) -> None:
    assert_refused_inside_admin(client_for(persona).get(reverse(listing)))


@pytest.mark.parametrize("persona", WITHOUT_ADMIN)
@pytest.mark.parametrize("listing", LISTINGS)
def test_people_without_admin_access_are_sent_to_sign_in(
    client_for: Callable[[str], Client], controls: Any, persona: str, listing: str
) -> None:
    url = reverse(listing)

    assert_sent_to_sign_in(client_for(persona).get(url), url)


def test_controls_are_listed_in_reference_order(
    client_for: Callable[[str], Client], controls: Any
) -> None:
    response = client_for("officer").get(reverse("controls:index"))

    assert listed(response) == [
        "iso27001-2022:A.5.2",
        "iso27001-2022:A.5.10",
        "iso27001-2022:A.8.8",
        "iso9001-2015:7.5.3",
    ]


def test_controls_filter_by_framework_and_by_theme(
    client_for: Callable[[str], Client], controls: Any
) -> None:
    client = client_for("officer")
    iso9001 = Framework.objects.get(code="iso9001-2015")
    organisational = controls["A.5.2"].group

    by_framework = client.get(reverse("controls:index"), {"framework": iso9001.pk})
    by_theme = client.get(reverse("controls:index"), {"group": organisational.pk})

    assert listed(by_framework) == ["iso9001-2015:7.5.3"]
    assert listed(by_theme) == ["iso27001-2022:A.5.2", "iso27001-2022:A.5.10"]


@pytest.mark.parametrize(
    ("query", "found"), [("A.8.8", "iso27001-2022:A.8.8"), ("7.5", "iso9001-2015:7.5.3")]
)
def test_controls_are_found_by_reference(
    client_for: Callable[[str], Client], controls: Any, query: str, found: str
) -> None:
    response = client_for("officer").get(reverse("controls:index"), {"q": query})

    assert listed(response) == [found]


def test_controls_are_found_by_title(client_for: Callable[[str], Client], db: None) -> None:
    ControlFactory(ref="A.8.8", title="Technical vulnerability management")
    ControlFactory(ref="A.8.13", title="Backups")

    response = client_for("officer").get(reverse("controls:index"), {"q": "vulnerab"})

    assert listed(response) == ["iso27001-2022:A.8.8"]


def test_the_control_listing_costs_the_same_queries_whatever_the_number_of_controls(
    client_for: Callable[[str], Client], officer: Any
) -> None:
    client = client_for("officer")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("controls:index")).status_code == 200
        return len(captured)

    queries()  # the first request also fills per-process caches (content types, settings)
    ControlFactory.create_batch(3, owner=officer)
    few = queries()
    ControlFactory.create_batch(12, owner=officer)
    assert queries() == few


def test_an_officer_edits_only_owner_cadence_and_products(
    client_for: Callable[[str], Client], controls: Any, engineer: Any
) -> None:
    control = controls["A.8.8"]
    payroll = ProductFactory(name="Vendela Payroll")
    url = reverse("controls:edit", args=[control.pk])
    client = client_for("officer")

    form = page_soup(client.get(url)).select_one("main form[method=POST], main form[method=post]")
    fields = {
        field["name"] for field in form.select("input, select, textarea") if field.get("name")
    }
    response = client.post(
        url,
        {"owner": engineer.pk, "evidence_cadence": 1, "products": [payroll.pk], "title": "Hacked"},
    )

    assert fields - {"csrfmiddlewaretoken", "next"} == {"owner", "evidence_cadence", "products"}
    assert response.status_code == 302
    control.refresh_from_db()
    assert (control.owner, control.evidence_cadence, control.title) == (
        engineer,
        Control.EvidenceCadence.MONTHLY,
        "Control A.8.8",
    )
    assert list(control.products.all()) == [payroll]


def test_an_engineer_may_not_edit_a_control(
    client_for: Callable[[str], Client], controls: Any
) -> None:
    control = controls["A.8.8"]
    client = client_for("engineer")
    url = reverse("controls:edit", args=[control.pk])

    assert_refused_inside_admin(client.get(url))
    assert_refused_inside_admin(client.post(url, {"evidence_cadence": 1}))
    control.refresh_from_db()
    assert control.evidence_cadence == Control.EvidenceCadence.YEARLY


@pytest.mark.parametrize(
    "name",
    [
        "controls:add",
        "controls:delete",
        "frameworks:add",
        "frameworks:edit",
        "frameworks:delete",
        "control_mappings:add",
        "control_mappings:edit",
    ],
)
def test_catalog_content_cannot_be_added_edited_or_deleted_in_the_admin(name: str) -> None:
    args = [] if name.endswith(":add") else [1]
    with pytest.raises(NoReverseMatch):
        reverse(name, args=args)


def test_the_listing_offers_an_officer_no_add_button(
    client_for: Callable[[str], Client], controls: Any
) -> None:
    response = client_for("officer").get(reverse("controls:index"))

    assert "/admin/controls/new/" not in response.text
    assert "Add control" not in response.text
    assert reverse("controls:edit", args=[controls["A.8.8"].pk]) in response.text


def test_an_engineer_sees_no_edit_links(client_for: Callable[[str], Client], controls: Any) -> None:
    response = client_for("engineer").get(reverse("controls:index"))

    assert reverse("controls:edit", args=[controls["A.8.8"].pk]) not in response.text
    assert reverse("controls:inspect", args=[controls["A.8.8"].pk]) in response.text


CATALOG_MENU = [*LISTINGS, "soa_entries:index"]
SCOPE_MENU = ["companies:index", "products:index"]
MENU_BY_PERSONA = {
    "officer": [*CATALOG_MENU, "soa_versions:index", *SCOPE_MENU],
    "engineer": [*CATALOG_MENU, *SCOPE_MENU],
    # Auditors read the catalogs and the SoA, not the companies and products.
    "auditor": [*CATALOG_MENU, "soa_versions:index"],
    "sales": [],
}


@pytest.mark.parametrize("persona", MENU_BY_PERSONA)
def test_the_frameworks_menu_groups_catalogs_soa_and_scope(
    client_for: Callable[[str], Client], db: None, persona: str
) -> None:
    sidebar = page_soup(client_for(persona).get(reverse("wagtailadmin_home"))).find(
        id="wagtail-sidebar-props"
    )

    menu = sidebar.get_text() if sidebar else ""
    shown = [
        name for name in [*CATALOG_MENU, "soa_versions:index", *SCOPE_MENU] if reverse(name) in menu
    ]
    assert shown == MENU_BY_PERSONA[persona]
    assert ('"Frameworks"' in menu) is bool(shown)
