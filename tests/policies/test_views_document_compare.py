"""The comparison of two published versions of a document (`<document>/compare/?older=&newer=`)."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client

from policies.models import PolicyPage
from tests.factories import PERSONAS, Edition, publish_history, publish_version
from tests.html import page_soup, squeeze, text_of


def diff_of(response: Any) -> Any:
    return page_soup(response).find("article", class_="diff")


def marked(diff: Any, tag: str) -> list[str]:
    """The words inside each <del> or <ins>, without the label screen readers hear first."""
    return [
        "".join(tag.find_all(string=True, recursive=False)).strip() for tag in diff.find_all(tag)
    ]


def change_log(response: Any) -> list[str]:
    return [squeeze(item.get_text(" ")) for item in page_soup(response).select(".change-log li")]


HISTORY = [
    Edition("1.0", date(2024, 1, 1), "<p>We protect customer information.</p>"),
    Edition(
        "1.1", date(2024, 9, 1), "<p>We protect all customer information.</p>", "Covers suppliers."
    ),
    Edition("1.2", date(2024, 10, 1), "<p>We protect customer data.</p>"),
]


@pytest.fixture
def published(policy: PolicyPage, officer: Any) -> PolicyPage:
    return publish_history(policy, by=officer, editions=HISTORY)


def compare(client: Client, page: PolicyPage, query: str) -> Any:
    return client.get(f"{page.url}compare/{query}")


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_changes_to_everyone(
    client_for: Callable[[str], Client],
    published: PolicyPage,
    persona: str,
) -> None:
    client = client_for(persona)

    response = compare(client, published, "?older=1.0&newer=1.1")

    assert response.status_code == 200
    assert diff_of(response) is not None


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_is_404_for_a_draft_document(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
) -> None:
    client = client_for(persona)

    assert compare(client, policy, "?older=1.0&newer=1.1").status_code == 404


def test_it_marks_inserted_words(client: Client, published: PolicyPage) -> None:
    response = compare(client, published, "?older=1.0&newer=1.1")

    diff = diff_of(response)
    assert marked(diff, "ins") == ["all"]
    assert diff.find_all("del") == []
    assert diff.find("ins").find(class_="visually-hidden").get_text() == "added: "
    assert page_soup(response).find("h1").get_text(strip=True) == "Changes from version 1.0 to 1.1"
    assert change_log(response) == ["Version 1.1 effective 1 September 2024 Covers suppliers."]


def test_it_marks_removed_and_replaced_words(client: Client, published: PolicyPage) -> None:
    diff = diff_of(compare(client, published, "?older=1.1&newer=1.2"))

    assert marked(diff, "del") == ["all", "information."]
    assert marked(diff, "ins") == ["data."]


def test_it_compares_versions_that_are_not_adjacent(client: Client, published: PolicyPage) -> None:
    response = compare(client, published, "?older=1.0&newer=1.2")

    assert marked(diff_of(response), "del") == ["information."]
    assert marked(diff_of(response), "ins") == ["data."]
    assert change_log(response) == [
        "Version 1.1 effective 1 September 2024 Covers suppliers.",
        "Version 1.2 effective 1 October 2024 Updated.",
    ]


def test_it_shows_a_rewritten_paragraph_as_the_old_then_the_new(
    client: Client, policy: PolicyPage, officer: Any
) -> None:
    publish_version(
        policy,
        version="1.0",
        effective=date(2024, 1, 1),
        by=officer,
        body="<p>Staff are <b>trained</b> once a year.</p>",
    )
    publish_version(
        policy,
        version="1.1",
        effective=date(2024, 2, 1),
        by=officer,
        body="<p>Every engineer completes secure coding training before the first commit.</p>",
    )
    policy.refresh_from_db()

    diff = diff_of(compare(client, policy, "?older=1.0&newer=1.1"))

    changed = [block for block in diff.select(".diff__block") if block.find(["del", "ins"])]
    shown = [(block.find(["del", "ins"]).name, squeeze(block.get_text(" "))) for block in changed]
    assert shown == [
        ("del", "Removed: Staff are trained once a year."),
        ("ins", "Added: Every engineer completes secure coding training before the first commit."),
    ]
    assert diff.find("del").find("b").get_text() == "trained"


def test_it_says_so_when_the_versions_were_chosen_newer_first(
    client: Client, published: PolicyPage
) -> None:
    forwards = compare(client, published, "?older=1.0&newer=1.1")
    backwards = compare(client, published, "?older=1.1&newer=1.0")

    assert backwards.status_code == 200
    assert str(diff_of(backwards)) == str(diff_of(forwards))
    assert page_soup(backwards).find("h1").get_text(strip=True) == "Changes from version 1.0 to 1.1"
    notice = squeeze(page_soup(backwards).select_one(".notice").get_text())
    assert notice == (
        "You chose version 1.1 as the older version. The changes are shown in the order they "
        "were made: from version 1.0 to version 1.1."
    )
    assert page_soup(forwards).select_one(".notice") is None
    picked = {
        select["name"]: select.select_one("option[selected]")["value"]
        for select in page_soup(backwards).select("form select")
    }
    assert picked == {"older": "1.0", "newer": "1.1"}  # the form reads as the changes do


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?older=1.1&newer=1.1", "Choose two different versions to compare."),
        ("?older=9.9&newer=1.1", "There is no published version 9.9 of this document."),
        ("?older=1.0&newer=2.0", "There is no published version 2.0 of this document."),
        ("?older=abc&newer=1.1", "There is no published version abc of this document."),
        ("?older=1.0", "This field is required."),
        ("?newer=1.0", "This field is required."),
        ("?older=&newer=", "This field is required."),
        ("", "This field is required."),
    ],
)
def test_it_refuses_a_bad_choice_of_versions_with_a_clear_message(
    client: Client, published: PolicyPage, query: str, message: str
) -> None:
    response = compare(client, published, query)

    assert response.status_code == 400
    assert message in text_of(response)
    assert diff_of(response) is None
    # The form is shown again, so the reader can pick two versions.
    assert page_soup(response).find("select", attrs={"name": "older"}) is not None


def test_it_refuses_to_compare_a_document_with_a_single_version(
    client: Client, policy: PolicyPage, officer: Any
) -> None:
    publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)

    response = compare(client, policy, "?older=1.0&newer=1.0")

    assert response.status_code == 400
    assert "Choose two different versions to compare." in text_of(response)


def test_it_escapes_markup_in_the_compared_text(
    client: Client, policy: PolicyPage, officer: Any
) -> None:
    publish_version(
        policy,
        version="1.0",
        effective=date(2024, 1, 1),
        by=officer,
        body="<p>Use the &lt;script&gt; tag rarely.</p>",
    )
    publish_version(
        policy,
        version="1.1",
        effective=date(2024, 2, 1),
        by=officer,
        body="<p>Use the &lt;script&gt; tag never.</p>",
    )
    policy.refresh_from_db()

    response = compare(client, policy, "?older=1.0&newer=1.1")

    assert response.status_code == 200
    assert diff_of(response).find("script") is None
    assert "<script> tag" in diff_of(response).get_text()
