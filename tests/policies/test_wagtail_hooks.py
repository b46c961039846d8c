from datetime import date

from django.urls import reverse

from policies.models import DocumentVersion
from tests.factories import UserFactory, make_index, publish_version


def _bulk_publish(client, *pages):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    query = "&".join(f"id={page.pk}" for page in pages)
    return client.post(f"{url}?{query}", {"include_descendants": "on"}, follow=True)


def test_it_refuses_to_bulk_publish_a_document(policy, officer, login) -> None:
    publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    page = type(policy).objects.get(pk=policy.pk)
    page.title = "Edited title"
    page.save_revision(user=officer)

    response = _bulk_publish(login(officer), page)

    assert "published one at a time from their edit page" in response.content.decode()
    assert DocumentVersion.objects.filter(page=policy).count() == 1
    assert type(policy).objects.get(pk=policy.pk).title == "Information Security Policy"


def test_it_refuses_to_bulk_publish_an_index_with_documents_beneath(
    policy, policies_index, officer, login
) -> None:
    response = _bulk_publish(login(officer), policies_index)

    assert "published one at a time" in response.content.decode()
    assert not DocumentVersion.objects.exists()


def test_it_lets_other_pages_be_bulk_published(home, officer, login) -> None:
    index = make_index(home, title="Empty", slug="empty")
    index.title = "Renamed"
    index.save_revision(user=officer)

    _bulk_publish(login(officer), index)

    index.refresh_from_db()
    assert index.title == "Renamed"


def test_it_refuses_to_delete_a_document_with_published_versions(policy, officer, login) -> None:
    publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)

    response = login(superuser).post(
        reverse("wagtailadmin_pages:delete", args=(policy.pk,)), follow=True
    )

    assert "kept as a permanent record" in response.content.decode()
    assert type(policy).objects.filter(pk=policy.pk).exists()
