"""Every link an e-mail carries is absolute and keeps the port the site runs on."""

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from isms.notify.checks import check_site_base_url
from isms.notify.links import absolute_url, admin_link, page_link, site_base_url
from policies.models import PolicyPage
from tests.factories import publish_version


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/admin/evidence/"),
        ("http://127.0.0.1:8101/", "http://127.0.0.1:8101/admin/evidence/"),
        ("https://trust.example.com", "https://trust.example.com/admin/evidence/"),
        ("https://example.com:8443/trust/", "https://example.com:8443/trust/admin/evidence/"),
    ],
)
def test_it_puts_a_path_on_the_configured_address_with_its_port(
    settings: Any, configured: str, expected: str
) -> None:
    settings.WAGTAILADMIN_BASE_URL = configured

    assert absolute_url("/admin/evidence/") == expected
    assert admin_link("evidence:index") == expected


@pytest.mark.parametrize("configured", ["", "127.0.0.1:8000", "trust.example.com", "ftp://x.org"])
def test_an_address_without_scheme_or_host_is_refused_and_named_by_a_check(
    settings: Any, configured: str
) -> None:
    settings.WAGTAILADMIN_BASE_URL = configured

    with pytest.raises(ImproperlyConfigured, match="WAGTAILADMIN_BASE_URL must be"):
        site_base_url()
    assert [error.id for error in check_site_base_url()] == ["isms.E002"]


def test_the_check_is_quiet_for_a_good_address(settings: Any) -> None:
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"

    assert check_site_base_url() == []


@pytest.mark.parametrize("path", ["admin/", "//evil.example/", "https://evil.example/"])
def test_only_paths_of_this_site_are_made_absolute(settings: Any, path: str) -> None:
    with pytest.raises(ValueError, match="starting with one '/'"):
        absolute_url(path)


def test_a_page_link_keeps_the_port_the_site_record_does_not_name(
    settings: Any, policy: PolicyPage, officer: Any, stub_pdf: None
) -> None:
    """The default Site is localhost on port 80, so Wagtail's ``full_url`` has no port."""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    publish_version(policy, version="1.0", effective=_today(), by=officer)
    page = PolicyPage.objects.get(pk=policy.pk)

    assert page.full_url.startswith("http://localhost/")
    assert page_link(page) == f"http://127.0.0.1:8123{page.url}"


def test_wagtails_approval_mail_links_to_the_page_with_the_port(
    settings: Any, policy: PolicyPage, officer: Any, engineer: Any, stub_pdf: None
) -> None:
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    page = PolicyPage.objects.get(pk=policy.pk)
    page.version_number, page.effective_date = "1.0", _today()
    page.change_summary = "First version."
    page.save_revision(user=engineer)
    workflow = page.get_workflow()
    assert workflow is not None
    workflow.start(page, engineer)
    mail.outbox.clear()

    page.current_workflow_task.on_action(page.current_workflow_task_state, officer, "approve")

    [approved] = [m for m in mail.outbox if "approved" in m.subject.lower()]
    links = re.findall(r"https?://\S+", approved.body)
    assert links
    assert all(link.startswith("http://127.0.0.1:8123/") for link in links), links


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()
