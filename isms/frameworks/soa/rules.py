"""The rules a new SoA version must satisfy, shared by the admin form and the publishing service."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from isms.audit.actions import AuditAction
from isms.audit.models import AuditEvent
from isms.frameworks.models import SoaVersion
from isms.records.names import display_name
from isms.records.rules import NextNumber, check_approver_not_author, check_next_number

# Who may publish or approve a Statement of Applicability.
PUBLISH_PERMISSION = "frameworks.add_soaversion"


def check_next_soa_version(
    *, number: str, effective_date: date | None, change_summary: str
) -> NextNumber:
    """The shared rule (``isms.records.rules``) over every SoA version published so far."""
    return check_next_number(
        latest=latest_soa_version(),
        number=number,
        effective_date=effective_date,
        change_summary=change_summary,
    )


def check_soa_approver(*, publisher: Any, approver: Any, authors: list[Any]) -> None:
    """Refuse an approver who may not approve, who publishes it, or who changed entries in it.

    The last two are the four-eyes rule (``ISMS_FOUR_EYES``), as for documents.
    """
    if approver is None or not approver.is_active or not approver.has_perm(PUBLISH_PERMISSION):
        raise ValidationError(
            {"approved_by": "Choose a compliance officer to approve this version."},
            code="not_an_approver",
        )
    if settings.ISMS_FOUR_EYES and approver.pk == publisher.pk:
        raise ValidationError(
            {
                "approved_by": f"{display_name(approver)} is publishing this version, so someone "
                "else must approve it (four-eyes rule)."
            },
            code="four_eyes",
        )
    try:
        check_approver_not_author(
            authors=authors, approver=approver, advice="Choose another compliance officer."
        )
    except ValidationError as error:
        raise ValidationError({"approved_by": error.messages}, code="four_eyes") from None


def check_soa_decider(
    *, submission: Any, decider: Any, authors: list[Any], approving: bool = True
) -> None:
    """Refuse anyone who may not approve this submission (or send it back), saying what to do.

    The decider must be a compliance officer, the one the submitter asked if they asked one,
    and (four eyes) not the submitter. An approver must also not have changed entries since the
    last version; sending back is open to them, since it publishes nothing.
    """
    if not decider.is_active or not decider.has_perm(PUBLISH_PERMISSION):
        raise ValidationError(
            "Only a compliance officer may approve a Statement of Applicability.",
            code="not_an_approver",
        )
    asked = submission.requested_approver
    if asked is not None and asked.pk != decider.pk:
        raise ValidationError(
            f"{submission.submitted_by_name} asked {display_name(asked)} to approve this "
            f"version. {display_name(asked)} decides it, or {submission.submitted_by_name} "
            "withdraws it and submits it again asking you.",
            code="not_the_requested_approver",
        )
    if settings.ISMS_FOUR_EYES and decider.pk == submission.submitted_by_id:
        raise ValidationError(
            "You submitted this version, so another compliance officer must approve it "
            "(four-eyes rule). You can withdraw it to change it.",
            code="four_eyes",
        )
    if not approving:
        return
    check_approver_not_author(
        authors=authors,
        approver=decider,
        advice="Ask another compliance officer, who did not change entries, to approve it.",
    )


def soa_change_authors() -> list[Any]:
    """Everyone who changed an entry since the last version was published, in order of first change.

    Read from the audit trail: every entry change is an ``soa.entry_changed`` event, recorded in
    the same transaction as the change, after the last ``soa.published`` one.
    """
    last_publication = (
        AuditEvent.objects.filter(action=AuditAction.SOA_PUBLISHED)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    changes = AuditEvent.objects.filter(
        action=AuditAction.SOA_ENTRY_CHANGED,
        sequence__gt=last_publication or 0,
        actor__isnull=False,
    ).select_related("actor")
    authors: dict[int, Any] = {}
    for change in changes.order_by("sequence"):
        if change.actor_id is not None:
            authors.setdefault(change.actor_id, change.actor)
    return list(authors.values())


def latest_soa_version() -> SoaVersion | None:
    return SoaVersion.objects.order_by("-major", "-minor").first()
