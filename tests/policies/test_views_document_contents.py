"""The list of contents of a document page, and the short "On this page" way to its tools."""

from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.test import Client
from wagtail.rich_text import RichText

from policies.models import DocumentIndexPage, DocumentVersion, PolicyPage
from tests.factories import publish_version, writer
from tests.html import page_soup


def policy_with_headings(index: DocumentIndexPage, *headings: tuple[str, str]) -> PolicyPage:
    body: list[tuple[str, Any]] = []
    for text, level in headings:
        body += [
            ("heading", {"text": text, "level": level}),
            ("paragraph", RichText(f"<p>About {text.lower()}.</p>")),
        ]
    page = PolicyPage(
        title="Information Security Policy",
        slug="isp",
        summary="How we protect information.",
        body=body,
        live=False,
    )
    index.add_child(instance=page)
    return page


def contents(response: Any) -> list[tuple[str, str]]:
    nav = page_soup(response).find("nav", id="contents")
    return [(link.get_text(strip=True), link["href"]) for link in nav.find_all("a")] if nav else []


def ids(response: Any) -> Counter[str]:
    return Counter(tag["id"] for tag in page_soup(response).find_all(id=True))


@pytest.fixture
def long_policy(policies_index: DocumentIndexPage, officer: Any) -> PolicyPage:
    page = policy_with_headings(
        policies_index,
        ("Purpose", "2"),
        ("Scope", "2"),
        ("Suppliers", "3"),
        ("History", "2"),  # the same id as the page's own version history
        ("Scope", "2"),  # the same id as the earlier heading
    )
    publish_version(page, version="1.0", effective=date(2024, 1, 1), by=officer)
    publish_version(page, version="1.1", effective=date(2024, 6, 1), by=officer)
    return PolicyPage.objects.get(pk=page.pk)


def test_it_lists_the_headings_of_the_version_with_links_to_each(
    client: Client, long_policy: PolicyPage
) -> None:
    response = client.get(long_policy.url)

    assert contents(response) == [
        ("Purpose", "#purpose"),
        ("Scope", "#scope"),
        ("Suppliers", "#suppliers"),
        ("History", "#history-2"),
        ("Scope", "#scope-2"),
    ]
    soup = page_soup(response)
    body = soup.find("article", class_="doc-body")
    assert [heading["id"] for heading in body.find_all(["h2", "h3"])] == [
        "purpose",
        "scope",
        "suppliers",
        "history-2",
        "scope-2",
    ]
    assert soup.find("li", class_="doc-contents__item--level-3").get_text(strip=True) == "Suppliers"
    assert max(ids(response).values()) == 1


def test_it_leaves_the_frozen_body_as_it_was_published(
    client: Client, long_policy: PolicyPage
) -> None:
    frozen = DocumentVersion.objects.get(page=long_policy, major=1, minor=1).body_html

    client.get(long_policy.url)

    assert DocumentVersion.objects.get(page=long_policy, major=1, minor=1).body_html == frozen
    assert frozen.count('id="scope"') == 2
    assert 'id="history"' in frozen


def test_it_leads_from_the_top_to_the_contents_history_and_tools(
    client: Client, long_policy: PolicyPage
) -> None:
    response = client.get(long_policy.url)

    nav = page_soup(response).find("nav", attrs={"aria-label": "On this page"})
    links = [(link.get_text(strip=True), link["href"]) for link in nav.find_all("a")]
    assert links == [
        ("Contents", "#contents"),
        ("History", "#history"),
        ("Look up a date", "#as-of"),
        ("Compare versions", "#compare"),
    ]
    page_ids = ids(response)
    assert all(page_ids[href.removeprefix("#")] == 1 for _, href in links)
    # The way to the tools comes before the document's text.
    html = response.content.decode()
    assert html.index('aria-label="On this page"') < html.index('class="doc-body"')


def test_a_version_page_lists_the_headings_of_that_version(
    client: Client, long_policy: PolicyPage, officer: Any
) -> None:
    long_policy.body = [("heading", {"text": "Everything", "level": "2"})]
    long_policy.version_number, long_policy.effective_date = "2.0", date(2024, 9, 1)
    long_policy.change_summary = "Shortened."
    long_policy.save_revision(user=writer()).publish(user=officer)

    old = client.get(f"{long_policy.url}versions/1.0/")
    new = client.get(long_policy.url)

    assert [text for text, _ in contents(old)][:2] == ["Purpose", "Scope"]
    assert contents(new) == []


def test_a_short_document_has_no_list_of_contents(
    client: Client, policies_index: DocumentIndexPage, officer: Any
) -> None:
    page = policy_with_headings(policies_index, ("Purpose", "2"))
    publish_version(page, version="1.0", effective=date(2024, 1, 1), by=officer)

    response = client.get(PolicyPage.objects.get(pk=page.pk).url)

    assert contents(response) == []
    nav = page_soup(response).find("nav", attrs={"aria-label": "On this page"})
    links = [link.get_text(strip=True) for link in nav.find_all("a")]
    assert links == ["History", "Look up a date"]
