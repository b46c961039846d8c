"""Test content for the browser journeys, built with the demo loader or the test factories."""

from typing import Any

from django.contrib.auth.models import AbstractUser
from playwright.sync_api import Page, expect

from isms.demo.documents import demo_documents, ensure_document, ensure_organisation
from isms.demo.documents import ensure_site_tree as ensure_demo_site_tree
from policies.models import VersionedDocumentPage
from tests.factories import PASSWORD, writer


def publish_demo_document(slug: str, *, officer: AbstractUser) -> VersionedDocumentPage:
    """The demo site tree with one demo document, every version published (and its PDF made)."""
    ensure_organisation()
    indexes = ensure_demo_site_tree()
    document = next(document for document in demo_documents() if document.slug == slug)
    index = indexes[document.kind]
    ensure_document(document, index=index, author=writer(), approver=officer)
    page: VersionedDocumentPage = index.get_children().get(slug=slug).specific
    return page


def sign_in_to_admin(page: Page, base_url: str, user: Any, password: str = PASSWORD) -> None:
    """Sign in through Wagtail's login form, as a person would, and land on the dashboard."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
