"""Reading rendered pages in tests: the parsed HTML, its text, the document cards."""

from typing import Any

from bs4 import BeautifulSoup


def page_soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def squeeze(text: str) -> str:
    """Text with every run of white space folded to one space."""
    return " ".join(text.split())


def text_of(response: Any, *, separator: str = "") -> str:
    """The page's visible text, folded; `separator` goes between adjacent elements' text."""
    return squeeze(page_soup(response).get_text(separator))


def cards(response: Any) -> dict[str, str]:
    """Each document card's title, mapped to the card's text."""
    return {
        card.find(class_="doc-card__title").get_text(strip=True): squeeze(card.get_text())
        for card in page_soup(response).select(".doc-card")
    }
