"""The organisation's tagline: what the settings form says it is, and where a visitor sees it."""

from collections.abc import Callable
from typing import Any

from django.test import Client

from isms.models import OrganisationSettings
from tests.html import page_soup

TAGLINE = "Business software for companies and the public sector."


def test_the_settings_form_says_what_the_tagline_is_and_where_it_appears(
    login: Callable[[Any], Client], officer: Any, home: Any
) -> None:
    settings = OrganisationSettings.load()
    response = login(officer).get(f"/admin/settings/isms/organisationsettings/{settings.pk}/")

    assert response.status_code == 200
    assert "Shown in the footer of every public Trust Centre page" in response.content.decode()


def test_the_tagline_appears_in_the_public_footer(client: Client, home: Any) -> None:
    settings = OrganisationSettings.load()
    settings.tagline = TAGLINE
    settings.save()

    footer = page_soup(client.get(home.url)).select_one("footer.site-footer")

    assert TAGLINE in footer.get_text()
