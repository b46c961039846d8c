"""The public page cache (isms.public_cache): what is served from it, and when it lets go.

A hit runs no query at all, so "served from the cache" is proved by counting queries; each kind
of change must reach the pages that show it and no others. Every test runs on local memory and,
if a server answers on 127.0.0.1:6379, on Redis under a key prefix of its own.
"""

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Page, PageViewRestriction

from isms.models import OrganisationSettings
from isms.public_cache.view import is_storable, remember_served_page
from isms.records.pdf import record_pdf_attach
from policies import views
from policies.models import DocumentVersion, PolicyPage
from tests.factories import Edition, make_index, make_policy, publish_history, publish_version
from tests.html import cards, text_of
from tests.intake_caches import redis_cache, redis_reachable

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def public_cache(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    """The cache turned on, empty, on each backend; Redis keys removed afterwards."""
    if request.param == "redis":
        if not redis_reachable():
            pytest.skip("no Redis on 127.0.0.1:6379")
        settings.CACHES = {**settings.CACHES, "default": redis_cache()}
    else:
        settings.CACHES = {
            **settings.CACHES,
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        }
        cache.clear()
    settings.PUBLIC_PAGE_CACHE = True
    yield str(request.param)
    if request.param == "redis":
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        prefix = settings.CACHES["default"]["KEY_PREFIX"]
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture
def documents(
    home: Page,
    policies_index: Page,
    officer: Any,
    stub_pdf: None,
    django_capture_on_commit_callbacks: Any,
) -> tuple[PolicyPage, PolicyPage]:
    """Two published policies side by side in one index: one that changes, one that must not."""
    first = make_policy(policies_index)
    second = make_policy(policies_index, title="Access Control Policy", slug="access")
    with django_capture_on_commit_callbacks(execute=True):
        publish_history(
            first,
            by=officer,
            editions=[
                Edition("1.0", date(2024, 1, 1), "<p>Zero.</p>"),
                Edition("1.1", date(2024, 6, 1), "<p>One.</p>"),
            ],
        )
        publish_history(
            second, by=officer, editions=[Edition("1.0", date(2024, 1, 1), "<p>Two.</p>")]
        )
    return first, second


def queries(client: Client, url: str, **extra: Any) -> tuple[int, Any]:
    """How many queries a request ran (0: from the cache), and its response."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **extra)
    return len(context), response


def warm(client: Client, *urls: str) -> None:
    for url in urls:
        assert client.get(url).status_code == 200
        assert queries(client, url)[0] == 0, f"{url} was not served from the cache"


def is_cached(client: Client, url: str) -> bool:
    return queries(client, url)[0] == 0


# Hits


@pytest.mark.parametrize(
    "route", ["", "versions/1.0/", "as-of/?date=2024-06-01", "compare/?older=1.0&newer=1.1"]
)
def test_it_serves_a_second_anonymous_request_from_the_cache_without_a_query(
    client: Client, documents: tuple[PolicyPage, PolicyPage], route: str
) -> None:
    first, _ = documents
    url = first.url + route
    missed = client.get(url)
    count, hit = queries(client, url)

    assert count == 0
    assert hit.status_code == missed.status_code
    assert hit.content == missed.content


def test_it_serves_home_and_index_from_the_cache(
    client: Client, documents: tuple[PolicyPage, PolicyPage], home: Page, policies_index: Page
) -> None:
    warm(client, home.url, policies_index.url)


def test_it_answers_head_from_what_a_get_stored(
    client: Client, documents: tuple[PolicyPage, PolicyPage]
) -> None:
    first, _ = documents
    client.get(first.url)
    with CaptureQueriesContext(connection) as context:
        response = client.head(first.url)
    assert (len(context), response.status_code) == (0, 200)


def test_it_does_not_cache_query_strings_its_views_do_not_read(
    client: Client, documents: tuple[PolicyPage, PolicyPage]
) -> None:
    """Otherwise any random query string would add an entry (docs/decisions.md)."""
    first, _ = documents
    url = f"{first.url}?utm_source=flood"
    client.get(url)
    assert not is_cached(client, url)
    # The same parameters in another order are one address.
    client.get(f"{first.url}compare/?newer=1.1&older=1.0")
    assert is_cached(client, f"{first.url}compare/?older=1.0&newer=1.1")


def test_it_does_not_cache_a_page_that_is_not_found_or_a_bad_request(
    client: Client, documents: tuple[PolicyPage, PolicyPage]
) -> None:
    first, _ = documents
    for url in (f"{first.url}versions/9.9/", f"{first.url}as-of/?date=tomorrow"):
        client.get(url)
        assert not is_cached(client, url)


# Validators and headers


def test_it_answers_304_to_a_reader_who_has_the_page_without_rendering_it(
    client: Client, documents: tuple[PolicyPage, PolicyPage]
) -> None:
    first, _ = documents
    page = client.get(first.url)
    assert page["ETag"] and page["Last-Modified"]

    count, again = queries(client, first.url, HTTP_IF_NONE_MATCH=page["ETag"])
    assert (count, again.status_code, again.content) == (0, 304, b"")
    since = queries(client, first.url, HTTP_IF_MODIFIED_SINCE=page["Last-Modified"])[1]
    assert since.status_code == 304
    assert queries(client, first.url, HTTP_IF_NONE_MATCH='"other"')[1].status_code == 200


def test_it_lets_browsers_and_cdns_keep_a_public_page_briefly_without_a_purge_backend(
    client: Client, documents: tuple[PolicyPage, PolicyPage], settings: Any
) -> None:
    settings.WAGTAILFRONTENDCACHE = {}
    first, _ = documents
    assert client.get(first.url)["Cache-Control"] == "public, max-age=60, s-maxage=60"


def test_it_lets_a_purged_cdn_keep_a_page_until_midnight(
    client: Client, documents: tuple[PolicyPage, PolicyPage], settings: Any
) -> None:
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    first, _ = documents
    # Noon in Oslo: twelve hours to midnight.
    assert client.get(first.url)["Cache-Control"] == "public, max-age=60, s-maxage=43200"
    # An answer to a query cannot be purged by address, so it is kept briefly.
    as_of = client.get(f"{first.url}as-of/?date=2024-06-01")
    assert as_of["Cache-Control"] == "public, max-age=60, s-maxage=60"


def test_it_sends_the_same_headers_from_the_cache_as_when_it_renders(
    client: Client, documents: tuple[PolicyPage, PolicyPage], settings: Any
) -> None:
    """The security headers come from middleware outside the view, for hits and misses alike."""
    settings.SECURE_HSTS_SECONDS = 3600
    first, _ = documents
    missed = client.get(first.url, secure=True)
    count, hit = queries(client, first.url, secure=True)

    assert count == 0
    assert dict(hit.headers) == dict(missed.headers)
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "Strict-Transport-Security",
        "Referrer-Policy",
        "X-Content-Type-Options",
        "Cross-Origin-Opener-Policy",
    ):
        assert hit[header], header


# Who never gets or makes a cached page


def test_it_never_serves_a_signed_in_user_the_cached_page_nor_lets_them_fill_it(
    client: Client, documents: tuple[PolicyPage, PolicyPage], officer: Any
) -> None:
    first, second = documents
    client.get(first.url)
    client.force_login(officer)

    count, signed_in = queries(client, first.url)
    assert count > 0
    assert signed_in["Cache-Control"] == "private, no-store"

    client.get(second.url)
    assert not is_cached(Client(), second.url)


def test_it_does_not_store_a_page_that_used_a_csrf_token(
    client: Client, documents: tuple[PolicyPage, PolicyPage], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A form with a token is per reader: Django sets the cookie and varies on it."""
    document_current = views.document_current

    def with_token(request: Any, *, page: Any) -> Any:
        get_token(request)
        return document_current(request, page=page)

    monkeypatch.setattr(views, "document_current", with_token)
    first, _ = documents
    response = client.get(first.url)
    assert "csrftoken" in response.cookies

    assert not is_cached(Client(), first.url)


def test_it_never_stores_a_page_under_a_view_restriction_whatever_the_response(
    rf: Any, documents: tuple[PolicyPage, PolicyPage]
) -> None:
    """Wagtail answers a restricted page with a form or a redirect today; a restriction that
    let an anonymous reader through with a plain 200 must still not fill the cache."""
    first, _ = documents
    PageViewRestriction.objects.create(page=first, restriction_type="login")
    request = rf.get(first.url)
    remember_served_page(first, request)

    assert not is_storable(HttpResponse("Restricted text."), request)
    first.get_view_restrictions().delete()
    assert is_storable(HttpResponse("Public text."), request)


# Each change reaches exactly the pages that show it


def test_a_publication_refreshes_the_document_its_index_and_home_but_not_its_sibling(
    client: Client,
    documents: tuple[PolicyPage, PolicyPage],
    home: Page,
    policies_index: Page,
    officer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first, second = documents
    warm(client, home.url, policies_index.url, first.url, f"{first.url}versions/1.0/", second.url)

    with django_capture_on_commit_callbacks(execute=True):
        publish_version(
            first, version="1.2", effective=date(2025, 2, 1), by=officer, body="<p>New.</p>"
        )

    assert "New." in text_of(client.get(first.url))
    assert "version 1.2" in cards(client.get(policies_index.url))[first.title]
    assert "version 1.2" in cards(client.get(home.url))[first.title]
    assert "Version 1.2 has been in force" in text_of(client.get(f"{first.url}versions/1.0/"))
    assert is_cached(client, second.url)


def test_an_unpublication_removes_the_document_and_its_listing(
    client: Client,
    documents: tuple[PolicyPage, PolicyPage],
    policies_index: Page,
    officer: Any,
) -> None:
    first, second = documents
    warm(client, policies_index.url, first.url, second.url)

    first.unpublish(user=officer)

    assert client.get(first.url).status_code == 404
    assert first.title not in cards(client.get(policies_index.url))
    assert is_cached(client, second.url)


def test_a_move_refreshes_the_old_and_new_index_and_the_document(
    client: Client,
    documents: tuple[PolicyPage, PolicyPage],
    home: Page,
    policies_index: Page,
    officer: Any,
) -> None:
    first, second = documents
    other = make_index(home, title="Programme", slug="programme")
    old_url = first.url
    warm(client, policies_index.url, other.url, old_url, second.url)

    Page.objects.get(pk=first.pk).move(other, pos="last-child", user=officer)

    # Wagtail's redirects answer the old address once the page is no longer there.
    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, f"{other.url}{first.slug}/")
    assert first.title not in cards(client.get(policies_index.url))
    assert first.title in cards(client.get(other.url))
    assert is_cached(client, second.url)


def test_a_view_restriction_takes_the_page_out_of_the_cache_for_everyone(
    client: Client, documents: tuple[PolicyPage, PolicyPage], policies_index: Page
) -> None:
    """The security test: the public copy must not outlive the restriction for a second."""
    first, second = documents
    warm(client, policies_index.url, first.url, second.url)

    PageViewRestriction.objects.create(page=first, restriction_type="password", password="s3cret")

    for _ in range(2):
        count, response = queries(client, first.url)
        assert count > 0
        assert "One." not in text_of(response)
        assert response["Cache-Control"].startswith("max-age=0")
    assert "Password required" in cards(client.get(policies_index.url))[first.title]
    assert is_cached(client, second.url)


def test_an_inherited_view_restriction_takes_every_page_below_out_of_the_cache(
    client: Client, documents: tuple[PolicyPage, PolicyPage], policies_index: Page
) -> None:
    first, second = documents
    warm(client, first.url, second.url)

    PageViewRestriction.objects.create(page=policies_index, restriction_type="login")

    for page in (first, second):
        assert client.get(page.url).status_code == 302  # to sign in
        assert not is_cached(client, page.url)


def test_removing_a_view_restriction_lets_the_page_be_cached_again(
    client: Client, documents: tuple[PolicyPage, PolicyPage]
) -> None:
    first, _ = documents
    restriction = PageViewRestriction.objects.create(page=first, restriction_type="login")
    client.get(first.url)
    restriction.delete()

    assert "One." in text_of(client.get(first.url))
    assert is_cached(client, first.url)


def test_an_edited_organisation_setting_refreshes_every_page(
    client: Client, documents: tuple[PolicyPage, PolicyPage], home: Page
) -> None:
    first, second = documents
    warm(client, home.url, first.url, second.url)

    organisation = OrganisationSettings.load()
    organisation.name = "Vendela"
    organisation.save()

    for url in (home.url, first.url, second.url):
        assert "Vendela" in text_of(client.get(url))


def test_a_renamed_index_refreshes_the_navigation_of_every_page(
    client: Client, documents: tuple[PolicyPage, PolicyPage], home: Page, policies_index: Page
) -> None:
    first, second = documents
    # Outside the renamed index's family: only the navigation ties it to the change.
    other = make_index(home, title="Programme", slug="programme")
    warm(client, home.url, first.url, second.url, other.url)

    index = Page.objects.get(pk=policies_index.pk).specific
    index.title = "Our policies"
    index.save_revision().publish()

    for url in (home.url, first.url, second.url, other.url):
        assert "Our policies" in text_of(client.get(url))


def test_a_stored_pdf_replaces_being_prepared_on_its_page_and_listings(
    client: Client, home: Page, policies_index: Page, officer: Any, stub_pdf: None
) -> None:
    """The PDF is rendered after the publication, by a task: that is a change of its own."""
    policy = publish_history(
        make_policy(policies_index),
        by=officer,
        editions=[Edition("1.0", date(2024, 1, 1), "<p>One.</p>")],
    )
    warm(client, policy.url, policies_index.url)
    assert "Being prepared" in text_of(client.get(policy.url))

    record_pdf_attach(DocumentVersion.objects.get(page=policy))

    assert "Being prepared" not in text_of(client.get(policy.url))
    assert "Download PDF" in text_of(client.get(policies_index.url))


def test_an_upcoming_version_comes_into_force_at_midnight_without_a_publication(
    client: Client,
    policies_index: Page,
    officer: Any,
    stub_pdf: None,
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    time_machine.move_to(datetime(2025, 5, 31, 23, 59, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_history(
            make_policy(policies_index),
            by=officer,
            editions=[
                Edition("1.0", date(2024, 1, 1), "<p>Old rules.</p>"),
                Edition("2.0", date(2025, 6, 1), "<p>New rules.</p>"),
            ],
        )
    warm(client, policy.url)
    assert "Old rules." in text_of(client.get(policy.url))

    time_machine.move_to(datetime(2025, 6, 1, 0, 0, 1, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)

    assert "New rules." in text_of(client.get(policy.url))


# The CDN


class RecordingBackend(BaseBackend):
    """A frontend cache backend that notes what it was told to purge."""

    purged: list[str] = []

    def purge(self, url: str) -> None:
        RecordingBackend.purged.append(url)


def test_a_publication_purges_the_document_its_subpages_and_its_ancestors_from_the_cdn(
    documents: tuple[PolicyPage, PolicyPage],
    home: Page,
    policies_index: Page,
    officer: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first, _ = documents
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged = []

    with django_capture_on_commit_callbacks(execute=True):
        publish_version(first, version="1.2", effective=date(2025, 2, 1), by=officer)

    site = "http://localhost"
    assert set(RecordingBackend.purged) == {
        f"{site}/",
        f"{site}{policies_index.url}",
        f"{site}{first.url}",
        f"{site}{first.url}versions/1.0/",
        f"{site}{first.url}versions/1.1/",
        f"{site}{first.url}versions/1.2/",
        f"{site}{first.url}as-of/",
        f"{site}{first.url}compare/",
    }
