"""A page with published versions is never deleted, by any of the admin's delete paths: the
single delete view (tests/policies/test_wagtail_hooks.py), bulk delete and the page API. Each
refuses with a message instead of letting the database's protection answer 500."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, ReferenceIndex

from policies.models import DocumentVersion, PolicyPage
from tests.admin_access import messages_of
from tests.factories import UserFactory, make_policy, publish_version
from tests.html import text_of

REFUSED = (
    "“{title}” has published versions, which are kept as a permanent record. "
    "Unpublish it instead of deleting it."
)


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def published(policy: PolicyPage, officer: Any) -> PolicyPage:
    publish_version(policy, version="1.0", effective=date(2024, 1, 1), by=officer)
    return policy


@pytest.fixture
def draft(policies_index: Page) -> PolicyPage:
    return make_policy(policies_index, title="Draft Policy", slug="draft")


def bulk_delete(client: Client, *pages: Page) -> Any:
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    query = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"{url}?{query}")


def api_delete_url(page: Page) -> str:
    return f"/admin/api/main/pages/{page.pk}/action/delete/"


def still_there(page: Page) -> bool:
    return Page.objects.filter(pk=page.pk).exists()


# Bulk delete
#
# Wagtail's bulk delete first consults its reference index: when the index records the version's
# protected link to the page, Wagtail itself refuses ("no permission"); when it does not (the
# index is filled by signals and by `manage.py rebuild_references_index`, so it can lag), the
# before_bulk_action hook refuses. Each test sets the index explicitly.


@pytest.fixture
def unindexed(published: PolicyPage) -> None:
    ReferenceIndex.objects.all().delete()


@pytest.fixture
def indexed(published: PolicyPage) -> None:
    for version in DocumentVersion.objects.all():
        ReferenceIndex.create_or_update_for_object(version)


@pytest.mark.usefixtures("unindexed")
def test_it_refuses_to_bulk_delete_a_document_with_published_versions(
    login: Callable[[Any], Client], superuser: Any, published: PolicyPage, draft: PolicyPage
) -> None:
    response = bulk_delete(login(superuser), published, draft)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[published.get_parent().pk])
    assert messages_of(response) == [REFUSED.format(title="Information Security Policy")]
    assert still_there(published) and still_there(draft)
    assert DocumentVersion.objects.filter(page=published).count() == 1


@pytest.mark.usefixtures("unindexed")
def test_it_refuses_to_bulk_delete_an_index_with_published_documents_beneath(
    login: Callable[[Any], Client], superuser: Any, published: PolicyPage
) -> None:
    index = published.get_parent()

    response = bulk_delete(login(superuser), index)

    assert response.status_code == 302
    assert messages_of(response) == [REFUSED.format(title="Policies")]
    assert still_there(index) and still_there(published)


@pytest.mark.usefixtures("indexed")
def test_it_leaves_the_refusal_to_wagtail_when_its_index_knows_the_versions(
    login: Callable[[Any], Client], superuser: Any, published: PolicyPage
) -> None:
    client = login(superuser)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))

    confirmation = client.get(f"{url}?id={published.pk}")
    response = bulk_delete(client, published)

    assert "One or more references to this page prevent it from being deleted." in text_of(
        confirmation
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert still_there(published)


def test_it_still_bulk_deletes_pages_without_versions(
    login: Callable[[Any], Client], superuser: Any, published: PolicyPage, draft: PolicyPage
) -> None:
    response = bulk_delete(login(superuser), draft)

    assert response.status_code == 302
    assert not still_there(draft)
    assert still_there(published)


# The admin's page API


def test_it_refuses_to_delete_a_document_with_published_versions_through_the_api(
    login: Callable[[Any], Client], superuser: Any, published: PolicyPage
) -> None:
    response = login(superuser).post(api_delete_url(published))

    assert response.status_code == 400
    assert response.json() == {"message": REFUSED.format(title="Information Security Policy")}
    assert still_there(published)


def test_it_refuses_to_delete_an_index_with_published_documents_through_the_api(
    login: Callable[[Any], Client], superuser: Any, published: PolicyPage
) -> None:
    index = published.get_parent()

    response = login(superuser).post(api_delete_url(index))

    assert response.status_code == 400
    assert response.json() == {"message": REFUSED.format(title="Policies")}
    assert still_there(index) and still_there(published)


def test_it_offers_no_delete_method_on_the_api_action(
    login: Callable[[Any], Client], superuser: Any, published: PolicyPage
) -> None:
    response = login(superuser).delete(api_delete_url(published))

    assert response.status_code == 405
    assert still_there(published)


def test_it_still_deletes_a_page_without_versions_through_the_api(
    login: Callable[[Any], Client], superuser: Any, published: PolicyPage, draft: PolicyPage
) -> None:
    response = login(superuser).post(api_delete_url(draft))

    assert response.status_code == 204
    assert not still_there(draft)


def test_it_refuses_an_officer_too(
    client_for: Callable[[str], Client], published: PolicyPage
) -> None:
    """Officers may delete pages (Wagtail gives that with change and publish rights), but not
    this one."""
    response = client_for("officer").post(api_delete_url(published))

    assert response.status_code == 400
    assert still_there(published)
