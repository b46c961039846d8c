from datetime import date

from django.urls import reverse

from tests.factories import publish_version


def test_the_editor_is_told_the_last_published_version(policy, officer, engineer, login) -> None:
    publish_version(policy, version="1.3", effective=date(2025, 4, 1), by=officer)

    html = login(engineer).get(reverse("wagtailadmin_pages:edit", args=(policy.pk,))).content

    assert b"Last published: <strong>version 1.3</strong>, effective 1 April 2025" in html
    assert b"written by Erik Lund, approved by Olivia Berg" in html


def test_a_never_published_document_says_so(policy, engineer, login) -> None:
    html = login(engineer).get(reverse("wagtailadmin_pages:edit", args=(policy.pk,))).content
    assert b"This document has not been published yet." in html
