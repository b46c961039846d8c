"""Every public view of a version shows the version's own frozen title and summary.

The live page is renamed after version 1.0; readers of 1.0 (its page, the as-of answer, a
comparison, its pending PDF) must still see the title and summary 1.0 was published with.
"""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from policies.models import PolicyPage
from tests.factories import publish_version
from tests.html import page_soup, text_of

TODAY = datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def renamed(policy: PolicyPage, officer: Any) -> PolicyPage:
    """1.0 published as "Information Security Policy", 2.0 (in force today) under a new name."""
    publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    publish_version(
        policy,
        version="2.0",
        effective=date(2025, 1, 1),
        by=officer,
        title="Security Policy",
        summary="The renamed summary.",
    )
    return PolicyPage.objects.get(pk=policy.pk)


def headings(response: Any) -> tuple[str, str, str, str]:
    soup = page_soup(response)
    return (
        soup.title.get_text(strip=True),
        soup.h1.get_text(strip=True),
        soup.select(".breadcrumb li")[-1].get_text(strip=True),
        soup.select_one(".lead").get_text(strip=True),
    )


@pytest.mark.parametrize("route", ["versions/1.0/", "as-of/?date=2024-06-01"])
def test_it_shows_an_old_version_under_the_title_it_was_published_with(
    client: Client, renamed: PolicyPage, route: str
) -> None:
    title, h1, breadcrumb, lead = headings(client.get(f"{renamed.url}{route}"))

    assert title.startswith("Information Security Policy · ")
    assert (h1, breadcrumb, lead) == (
        "Information Security Policy",
        "Information Security Policy",
        "How we protect information.",
    )


def test_it_shows_the_current_version_under_its_own_title(
    client: Client, renamed: PolicyPage
) -> None:
    title, h1, breadcrumb, lead = headings(client.get(renamed.url))

    assert title.startswith("Security Policy · ")
    assert (h1, breadcrumb, lead) == ("Security Policy", "Security Policy", "The renamed summary.")


def test_it_does_not_show_a_renamed_draft_title_before_it_is_published(
    client: Client, renamed: PolicyPage
) -> None:
    # The live row's title changes without a publication (as a copy, a move or a script can do).
    PolicyPage.objects.filter(pk=renamed.pk).update(title="Unpublished Draft Title")

    assert "Unpublished Draft Title" not in text_of(client.get(renamed.url))


def test_it_compares_versions_under_the_newer_versions_title(
    client: Client, renamed: PolicyPage
) -> None:
    PolicyPage.objects.filter(pk=renamed.pk).update(title="Unpublished Draft Title")

    soup = page_soup(client.get(f"{renamed.url}compare/?older=1.0&newer=2.0"))

    assert soup.title.get_text(strip=True).startswith("Changes in Security Policy · ")


def test_it_names_the_pending_pdf_after_its_version(client: Client, renamed: PolicyPage) -> None:
    text = text_of(client.get(f"{renamed.url}versions/1.0/pdf/"))

    assert "Version 1.0 of Information Security Policy was published recently" in text
    assert "Security Policy was" not in text.replace("Information Security Policy was", "")


def test_a_fault_while_reading_a_version_number_is_not_passed_off_as_404(
    client: Client, renamed: PolicyPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(text: str) -> None:
        raise RuntimeError("a bug, not a bad address")

    monkeypatch.setattr("policies.selectors.VersionNumber.parse", broken)

    with pytest.raises(RuntimeError, match="a bug"):
        client.get(f"{renamed.url}versions/1.0/")
