"""Security headers: a strict Content Security Policy on the public site, Wagtail's looser one on
/admin/, and the usual clickjacking, sniffing and referrer protections on every response."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from policies.models import PolicyPage
from tests.factories import PERSONAS, Edition, publish_history
from tests.html import text_of

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)


def policy_of(header: str) -> dict[str, list[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {directive[0]: directive[1:] for directive in directives}


HISTORY = [
    Edition("1.0", date(2024, 1, 1), "<p>We protect information.</p>"),
    Edition("1.1", date(2024, 6, 1), "<p>We protect all information.</p>"),
]


@pytest.fixture
def published(
    policy: PolicyPage, officer: Any, stub_pdf: None, django_capture_on_commit_callbacks: Any
) -> PolicyPage:
    with django_capture_on_commit_callbacks(execute=True):
        return publish_history(policy, by=officer, editions=HISTORY)


PUBLIC_PAGES = {
    "home": "/",
    "index": "/policies/",
    "document": "/policies/isp/",
    "version": "/policies/isp/versions/1.0/",
    "as-of": "/policies/isp/as-of/?date=2024-03-01",
    "as-of refused": "/policies/isp/as-of/?date=yesterday",
    "compare": "/policies/isp/compare/?older=1.0&newer=1.1",
    "compare refused": "/policies/isp/compare/?older=1.0&newer=1.0",
    "not found": "/no-such-page/",
}


@pytest.mark.parametrize("url", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_it_forbids_inline_script_and_framing_on_public_pages(
    client: Client, published: PolicyPage, url: str
) -> None:
    policy = policy_of(client.get(url)["Content-Security-Policy"])

    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["style-src"]


@pytest.mark.parametrize("url", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_it_sends_the_protective_headers_on_public_pages(
    client: Client, published: PolicyPage, url: str
) -> None:
    response = client.get(url)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def inline_code(html: bytes) -> list[str]:
    """Inline script, inline style and event handlers: everything the public policy would block."""
    page = BeautifulSoup(html, "html.parser")
    found = [
        f"<script>{script.get_text()[:40]}"
        for script in page.find_all("script")
        if not script.get("src")
    ]
    found += [f"<style>{style.get_text()[:40]}" for style in page.find_all("style")]
    found += [f"<{tag.name} style>" for tag in page.find_all(style=True)]
    found += [
        f"<{tag.name} {name}>"
        for tag in page.find_all(True)
        for name in tag.attrs
        if name.lower().startswith("on")
    ]
    found += [
        f"<{tag.name} href=javascript:>"
        for tag in page.find_all(href=True)
        if str(tag["href"]).strip().lower().startswith("javascript:")
    ]
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_puts_no_inline_script_or_style_on_public_pages(
    client_for: Callable[[str], Client],
    published: PolicyPage,
    persona: str,
) -> None:
    client = client_for(persona)

    found = {name: inline_code(client.get(url).content) for name, url in PUBLIC_PAGES.items()}

    assert found == {name: [] for name in PUBLIC_PAGES}


def test_it_sends_the_protective_headers_with_a_pdf(client: Client, published: PolicyPage) -> None:
    response = client.get("/policies/isp/versions/1.0/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


ADMIN_PAGES = {
    "sign-in": ("anonymous", "/admin/login/"),
    "dashboard": ("officer", "/admin/"),
    "page editor": ("officer", "edit"),
    "published versions": ("engineer", "/admin/document_versions/"),
}


@pytest.mark.parametrize(("persona", "url"), ADMIN_PAGES.values(), ids=ADMIN_PAGES.keys())
def test_it_gives_the_admin_its_own_policy(
    client_for: Callable[[str], Client],
    policy: PolicyPage,
    persona: str,
    url: str,
) -> None:
    client = client_for(persona)
    if url == "edit":
        url = reverse("wagtailadmin_pages:edit", args=[policy.pk])

    response = client.get(url)

    assert response.status_code == 200
    policy_header = policy_of(response["Content-Security-Policy"])
    assert set(policy_header["script-src"]) == {"'self'", "'unsafe-inline'"}
    assert set(policy_header["style-src"]) == {"'self'", "'unsafe-inline'"}
    assert policy_header["frame-ancestors"] == ["'self'"]
    assert policy_header["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_it_lets_only_the_admin_frame_the_editor_preview(
    client_for: Callable[[str], Client], policy: PolicyPage
) -> None:
    client = client_for("officer")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[policy.pk])
    form = {
        "title": policy.title,
        "slug": policy.slug,
        "summary": policy.summary,
        "body": streamfield([("paragraph", rich_text("<p>We protect information.</p>"))]),
        "classification": "public",
        "review_interval_months": "12",
        "comments": inline_formset([]),
    }
    assert client.post(url, nested_form_data(form)).json() == {
        "is_valid": True,
        "is_available": True,
    }

    response = client.get(url)

    assert response.status_code == 200
    assert "We protect information." in text_of(response)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy_header = policy_of(response["Content-Security-Policy"])
    assert policy_header["frame-ancestors"] == ["'self'"]
    # Otherwise it is the public page's policy: the preview shows what the public will see.
    assert policy_header["script-src"] == ["'self'"]
    assert policy_header["style-src"] == ["'self'"]


def test_it_refuses_framing_of_the_draft_opened_in_its_own_tab(
    client_for: Callable[[str], Client], policy: PolicyPage
) -> None:
    response = client_for("officer").get(reverse("wagtailadmin_pages:view_draft", args=[policy.pk]))

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"


REDIRECTED = {
    "public page": "/policies",
    "admin page": "/admin/document_versions",
}


@pytest.mark.parametrize("url", REDIRECTED.values(), ids=REDIRECTED.keys())
def test_it_sends_the_same_headers_with_a_redirect_that_appends_a_slash(
    client_for: Callable[[str], Client], published: PolicyPage, url: str
) -> None:
    response = client_for("officer").get(url)

    assert response.status_code == 301
    assert response["Location"] == f"{url}/"
    policy = policy_of(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == (["'self'"] if url.startswith("/admin/") else ["'none'"])
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_it_denies_every_powerful_browser_feature_to_every_origin(
    client: Client, published: PolicyPage
) -> None:
    header = client.get("/")["Permissions-Policy"]
    denied = dict(part.strip().split("=") for part in header.split(","))

    assert {"camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"} <= set(
        denied
    )
    assert set(denied.values()) == {"()"}


def test_it_keeps_the_strict_policy_for_pages_whose_path_only_starts_like_the_admin(
    client: Client, published: PolicyPage
) -> None:
    response = client.get("/administration/")

    assert "'unsafe-inline'" not in policy_of(response["Content-Security-Policy"])["script-src"]
