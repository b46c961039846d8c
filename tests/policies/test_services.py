import re
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from pypdf import PdfReader
from wagtail.rich_text import RichText

from isms.files.store import measure_stored_file
from isms.records.pdf import record_pdf_attach
from isms.roles import Role
from policies.models import DocumentVersion
from tests.factories import UserFactory, make_role, publish_version


def test_it_records_a_frozen_version_when_a_page_is_published(policy, officer) -> None:
    version = publish_version(
        policy, version="1.0", effective=date(2025, 1, 1), by=officer, change_summary="First."
    )
    assert (version.number, version.effective_date) == ("1.0", date(2025, 1, 1))
    assert version.approved_by == officer
    assert version.approved_by_name == "Olivia Berg"
    assert version.title == "Information Security Policy"
    assert version.change_summary == "First."
    assert '<h2 id="purpose">Purpose</h2>' in version.body_html
    assert version.kind == "policy"


def test_it_keeps_the_frozen_text_when_the_page_is_edited_later(policy, officer) -> None:
    first = publish_version(
        policy,
        version="1.0",
        effective=date(2025, 1, 1),
        by=officer,
        body="<p>Original wording.</p>",
    )
    page = policy.specific.__class__.objects.get(pk=policy.pk)
    page.body = [("paragraph", RichText("<p>Draft rewording.</p>"))]
    page.save_revision(user=officer)

    first.refresh_from_db()
    assert "Original wording." in first.body_html
    assert "Draft rewording." not in first.body_html


def test_it_refuses_a_version_that_is_not_higher(policy, officer) -> None:
    publish_version(policy, version="1.1", effective=date(2025, 1, 1), by=officer)
    for number in ("1.1", "1.0", "0.9"):
        with pytest.raises(ValidationError, match="not higher than the last published version"):
            publish_version(policy, version=number, effective=date(2025, 6, 1), by=officer)
    assert DocumentVersion.objects.filter(page=policy).count() == 1


def test_it_rolls_back_the_publication_when_the_version_is_refused(policy, officer) -> None:
    publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    live_revision = type(policy).objects.get(pk=policy.pk).live_revision_id
    with pytest.raises(ValidationError):
        publish_version(policy, version="1.0", effective=date(2025, 6, 1), by=officer)
    assert type(policy).objects.get(pk=policy.pk).live_revision_id == live_revision


@pytest.mark.parametrize(
    ("number", "effective", "message"),
    [
        ("", date(2025, 1, 1), "Give the version number"),
        ("1", date(2025, 1, 1), r"major\.minor"),
        ("1.0.0", date(2025, 1, 1), r"major\.minor"),
        ("1.0", None, "Give the date this version comes into force"),
    ],
)
def test_it_refuses_a_publication_without_a_valid_number_and_date(
    policy, officer, number, effective, message
) -> None:
    with pytest.raises(ValidationError, match=message):
        _publish_raw(policy, number, effective, officer)
    assert not DocumentVersion.objects.filter(page=policy).exists()


def _publish_raw(page, number, effective, user) -> None:
    page = type(page).objects.get(pk=page.pk)
    page.version_number = number
    page.effective_date = effective
    page.save_revision(user=user).publish(user=user)


def test_it_refuses_an_effective_date_before_the_last_version(policy, officer) -> None:
    publish_version(policy, version="1.0", effective=date(2025, 3, 1), by=officer)
    with pytest.raises(ValidationError, match="cannot take effect before it"):
        publish_version(policy, version="1.1", effective=date(2025, 2, 28), by=officer)
    same_day = publish_version(policy, version="1.1", effective=date(2025, 3, 1), by=officer)
    assert same_day.number == "1.1"


def test_it_compares_versions_as_numbers(policy, officer) -> None:
    publish_version(policy, version="1.9", effective=date(2025, 1, 1), by=officer)
    newer = publish_version(policy, version="1.10", effective=date(2025, 2, 1), by=officer)
    assert (newer.major, newer.minor) == (1, 10)
    assert DocumentVersion.objects.filter(page=policy).count() == 2


def test_the_database_refuses_a_second_record_for_the_same_version(policy, officer) -> None:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    duplicate = DocumentVersion(
        **{
            field.attname: getattr(version, field.attname)
            for field in DocumentVersion._meta.concrete_fields
            if field.name != "id"
        }
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("body_html", "<p>Rewritten history.</p>"),
        ("effective_date", date(2020, 1, 1)),
        ("major", 9),
        ("title", "Another title"),
        ("change_summary", "Something else"),
    ],
)
def test_the_database_refuses_to_change_a_published_version(policy, officer, field, value) -> None:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(**{field: value})
    version.refresh_from_db()
    assert getattr(version, field) != value


def test_the_database_refuses_to_delete_a_published_version(policy, officer) -> None:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).delete()
    assert DocumentVersion.objects.filter(pk=version.pk).exists()


def test_the_database_lets_a_deleted_approver_go_but_keeps_the_name(policy, officer) -> None:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    officer.delete()
    version.refresh_from_db()
    assert version.approved_by is None
    assert version.approved_by_name == "Olivia Berg"


def test_it_renders_and_stores_the_pdf_once(
    policy, officer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    version.refresh_from_db()
    assert version.is_pdf_ready
    assert version.pdf_page_count >= 2
    # Stored under a name of our own in the version's folder, and hashed as it was written.
    assert re.fullmatch(rf"document-versions/{version.pk}/[0-9a-f]{{32}}\.pdf", version.pdf_file)
    measured = measure_stored_file(version.pdf_file)
    assert measured is not None
    assert (measured.sha256, measured.size) == (version.pdf_sha256, version.pdf_size)
    stored = (version.pdf_file, version.pdf_sha256, version.pdf_rendered_at)

    again = record_pdf_attach(version)
    assert (again.pdf_file, again.pdf_sha256, again.pdf_rendered_at) == stored


def test_the_database_refuses_to_replace_a_stored_pdf(
    policy, officer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        DocumentVersion.objects.filter(pk=version.pk).update(pdf_sha256="0" * 64)


def test_a_losing_render_deletes_its_file_and_keeps_the_winners(
    policy, officer, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.storage import storages

    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    stale_copy = DocumentVersion.objects.get(pk=version.pk)  # loaded before the winner finished
    winner = record_pdf_attach(version)

    loser = record_pdf_attach(stale_copy)

    assert loser.pdf_file == winner.pdf_file
    folder = winner.pdf_file.rsplit("/", 1)[0]
    assert storages["private"].listdir(folder)[1] == [winner.pdf_file.rsplit("/", 1)[1]]


def test_it_freezes_a_role_descriptions_structured_fields(home, officer) -> None:
    from tests.factories import make_index

    role = make_role(make_index(home, title="Roles", slug="roles"))
    version = publish_version(role, version="1.0", effective=date(2025, 1, 1), by=officer)
    for heading in ("Purpose", "Responsibilities", "Qualifications", "Authority"):
        assert f">{heading}</h2>" in version.body_html
    assert "<li>Stop a release with a critical vulnerability.</li>" in version.body_html
    assert "Chief Information Security Officer" in version.body_html


# Who wrote the change, and who approved it


def test_it_freezes_the_authors_of_the_revisions_since_the_last_version(
    policy, officer, engineer
) -> None:
    first_author = UserFactory(username="first", first_name="Frida", last_name="Holm")
    publish_version(
        policy, version="1.0", effective=date(2025, 1, 1), by=officer, written_by=first_author
    )
    page = type(policy).objects.get(pk=policy.pk)
    page.save_revision(user=engineer)  # an early draft of 1.1 by the engineer

    second = publish_version(policy, version="1.1", effective=date(2025, 2, 1), by=officer)

    writer = get_user_model().objects.get(username="writer")
    assert second.authors == [
        {"id": engineer.pk, "name": engineer.get_full_name()},
        {"id": writer.pk, "name": "Erik Lund"},
    ]
    assert second.written_by == f"{engineer.get_full_name()}, Erik Lund"
    assert second.approved_by == officer


def test_it_refuses_an_approver_who_wrote_part_of_the_change(policy, officer, engineer) -> None:
    page = type(policy).objects.get(pk=policy.pk)
    page.save_revision(user=officer)  # the officer wrote a draft; the engineer finished it

    with pytest.raises(ValidationError, match=r"Olivia Berg wrote part of this change"):
        publish_version(
            policy, version="1.0", effective=date(2025, 1, 1), by=officer, written_by=engineer
        )

    assert not DocumentVersion.objects.filter(page=policy).exists()
    assert not type(policy).objects.get(pk=policy.pk).live


def test_it_lets_an_author_approve_when_four_eyes_is_off(policy, officer, settings) -> None:
    settings.ISMS_FOUR_EYES = False

    version = publish_version(
        policy, version="1.0", effective=date(2025, 1, 1), by=officer, written_by=officer
    )

    assert (version.approved_by, version.authors) == (
        officer,
        [{"id": officer.pk, "name": "Olivia Berg"}],
    )


def test_it_keeps_an_overlong_name_to_what_the_record_can_hold(policy, engineer) -> None:
    approver = UserFactory(
        username="long", first_name="A" * 150, last_name="B" * 150, role=Role.COMPLIANCE_OFFICER
    )
    engineer.first_name = "C" * 150
    engineer.save()

    version = publish_version(
        policy, version="1.0", effective=date(2025, 1, 1), by=approver, written_by=engineer
    )

    version.refresh_from_db()
    assert version.approved_by_name == "A" * 149 + "…"
    assert version.authors[0]["name"] == "C" * 149 + "…"


def test_it_records_the_publication_time_the_demo_loader_gives(policy, officer, engineer) -> None:
    page = type(policy).objects.get(pk=policy.pk)
    page.version_number, page.effective_date, page.change_summary = (
        "1.0",
        date(2024, 3, 1),
        "First.",
    )
    revision = page.save_revision(user=engineer)
    back_then = datetime(2024, 2, 23, 9, 30, tzinfo=UTC)

    page.publish(revision, user=officer, published_at=back_then)

    version = DocumentVersion.objects.get(page=policy)
    assert (version.published_at, version.approved_by) == (back_then, officer)


def test_it_refuses_a_publication_without_a_change_summary(policy, officer) -> None:
    with pytest.raises(ValidationError, match="Say in one sentence what changed"):
        publish_version(
            policy, version="1.0", effective=date(2025, 1, 1), by=officer, change_summary=""
        )
    assert not DocumentVersion.objects.filter(page=policy).exists()


def test_it_prints_who_wrote_and_who_approved_on_the_pdf_cover(
    policy, officer, engineer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_version(
            policy, version="1.0", effective=date(2025, 1, 1), by=officer, written_by=engineer
        )
    version.refresh_from_db()

    with storages["private"].open(version.pdf_file, "rb") as stored:
        cover = PdfReader(stored).pages[0].extract_text()

    assert f"Written by {engineer.get_full_name()}" in cover
    assert "Approved by Olivia Berg" in cover
