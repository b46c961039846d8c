"""Writing evidence: submit it, add a revision, change what it is attached to, review it,
record who looked at it; and saving engagements.

Every write is one transaction that also appends to the audit trail. A file is stored before its
rows are written and removed again if they fail, so there is never a row without its file nor a
file without its row.
"""

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from evidence.content import EvidenceContent, FileContent, LinkContent, NoteContent
from evidence.freshness import renewal_date
from evidence.models import (
    EVIDENCE_HISTORY,
    Engagement,
    Evidence,
    EvidenceKind,
    EvidenceRevision,
    EvidenceSource,
    ReviewStatus,
)
from evidence.rules import (
    check_products,
    check_reviewer,
    validate_controls,
    validate_link,
    validate_note,
    validate_period,
)
from evidence.storing import store_evidence_file
from isms.audit.actions import AuditAction
from isms.audit.content import record_content_sha256
from isms.audit.services import audit_record
from isms.files.checked import CheckedFile
from isms.files.store import removed_on_error
from isms.frameworks.models import Control
from isms.scope.models import Product

FIRST_REVISION_REASON = "First submission."
MAX_TITLE_CHARACTERS = 200


@dataclass(frozen=True)
class _PreparedContent:
    """A revision's content checked (and, for a file, stored), ready to be written as a row."""

    kind: EvidenceKind
    fields: dict[str, Any] = field(default_factory=dict)
    file: CheckedFile | None = None

    @contextmanager
    def kept_only_if_recorded(self) -> Iterator[None]:
        guard = removed_on_error(self.file.stored) if self.file else nullcontext()
        with guard:
            yield


def evidence_create(
    *,
    title: str,
    description: str = "",
    controls: Sequence[Control],
    products: Sequence[Product] = (),
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    produced_by: User,
    source: EvidenceSource,
    content: EvidenceContent,
) -> Evidence:
    """Submit new evidence for review, with its first revision."""
    title = _checked_title(title)
    validate_controls(controls)
    check_products(user=produced_by, products=products)
    validate_period(period_start, period_end)
    assert period_start is not None and period_end is not None  # noqa: S101 (checked above)
    controls, products = list(dict.fromkeys(controls)), list(dict.fromkeys(products))
    prepared = _prepare(content)
    with prepared.kept_only_if_recorded(), transaction.atomic():
        evidence = Evidence(
            title=title,
            description=description.strip(),
            kind=prepared.kind,
            produced_by=produced_by,
            source=source,
            period_start=period_start,
            period_end=period_end,
            renews_on=_renewal(controls, period_end),
        )
        evidence._history_user = produced_by  # type: ignore[attr-defined]
        with _history_held(evidence):
            evidence.save()
            _link_new(evidence, controls=controls, products=products)
            revision = _add_revision(
                evidence, prepared, number=1, reason=FIRST_REVISION_REASON, by=produced_by
            )
            _point_at(evidence, revision)
        _record_first_history(evidence)
        audit_record(
            action=AuditAction.EVIDENCE_UPLOADED,
            actor=produced_by,
            target=evidence,
            detail=_revision_detail(revision, controls=controls),
        )
    return evidence


def evidence_revise(
    *,
    evidence: Evidence,
    by: User,
    reason: str,
    content: EvidenceContent,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> EvidenceRevision:
    """Add a revision with a reason; the evidence goes back to review with its new content."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why this revision is needed.", code="no_reason")
    prepared = _prepare(content)
    with prepared.kept_only_if_recorded(), transaction.atomic():
        locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
        start, end = period_start or locked.period_start, period_end or locked.period_end
        validate_period(start, end)
        number = locked.revisions.count() + 1
        revision = _add_revision(locked, prepared, number=number, reason=reason, by=by)
        locked.kind = prepared.kind
        locked.period_start, locked.period_end = start, end
        locked.renews_on = _renewal(list(locked.controls.all()), end)
        _reopen_review(locked)
        locked._history_user = by  # type: ignore[attr-defined]
        _point_at(locked, revision)
        audit_record(
            action=AuditAction.EVIDENCE_REVISED,
            actor=by,
            target=locked,
            detail={**_revision_detail(revision), "reason": reason[:500]},
        )
    evidence.refresh_from_db()
    return revision


def evidence_update(
    *,
    evidence: Evidence,
    by: User,
    title: str,
    description: str,
    controls: Sequence[Control],
    products: Sequence[Product],
) -> Evidence:
    """Change what the evidence is called and attached to; its content and review stay."""
    title = _checked_title(title)
    validate_controls(controls)
    with transaction.atomic():
        locked = Evidence.objects.select_for_update().get(pk=evidence.pk)
        check_products(user=by, products=products, evidence=locked)
        before = sorted(control.address for control in locked.controls.select_related("framework"))
        locked.title, locked.description = title, description.strip()
        locked.renews_on = _renewal(controls, locked.period_end)
        locked.updated_at = timezone.now()
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save()
        locked.controls.set(controls)
        locked.products.set(products)
        audit_record(
            action=AuditAction.EVIDENCE_CHANGED,
            actor=by,
            target=locked,
            detail={
                "controls_before": before,
                "controls": sorted(control.address for control in controls),
                "products": sorted(product.slug for product in products),
            },
        )
    return locked


def evidence_review(
    *, evidence: Evidence, by: User, decision: ReviewStatus, reason: str = ""
) -> Evidence:
    """Accept or reject submitted evidence. Settled by the row lock: one review per revision."""
    reason = reason.strip()
    if decision not in (ReviewStatus.ACCEPTED, ReviewStatus.REJECTED):
        raise ValidationError("Accept or reject the evidence.", code="no_decision")
    if decision == ReviewStatus.REJECTED and not reason:
        raise ValidationError("Say why the evidence is rejected.", code="no_reason")
    with transaction.atomic():
        locked = (
            Evidence.objects.select_for_update(of=("self",))
            .select_related("current_revision")
            .get(pk=evidence.pk)
        )
        if locked.status != ReviewStatus.SUBMITTED:
            raise ValidationError(
                f"This evidence has already been {locked.get_status_display().lower()}.",
                code="already_reviewed",
            )
        assert locked.current_revision is not None  # noqa: S101 (every evidence has one)
        check_reviewer(reviewer=by, submitter=locked.current_revision.created_by)
        locked.status = decision
        locked.rejection_reason = reason if decision == ReviewStatus.REJECTED else ""
        locked.reviewed_by, locked.reviewed_at = by, timezone.now()
        locked.updated_at = locked.reviewed_at
        locked._history_user = by  # type: ignore[attr-defined]
        locked.save()
        audit_record(
            action=AuditAction.EVIDENCE_REVIEWED,
            actor=by,
            target=locked,
            detail={
                "decision": str(decision),
                "revision": locked.current_revision.number,
                "reason": reason[:500],
            },
        )
    return locked


def _checked_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Give the evidence a title.", code="no_title")
    if len(title) > MAX_TITLE_CHARACTERS:
        raise ValidationError(
            f"The title is longer than {MAX_TITLE_CHARACTERS} characters.", code="title_too_long"
        )
    return title


def _prepare(content: EvidenceContent) -> _PreparedContent:
    if isinstance(content, FileContent):
        stored = store_evidence_file(content)
        return _PreparedContent(
            kind=EvidenceKind.FILE,
            file=stored,
            fields={
                "storage_name": stored.stored.name,
                "original_filename": stored.filename,
                "media_type": stored.inspected.media_type,
                "size": stored.stored.size,
                "sha256": stored.stored.sha256,
            },
        )
    if isinstance(content, LinkContent):
        return _PreparedContent(kind=EvidenceKind.LINK, fields={"url": validate_link(content.url)})
    if isinstance(content, NoteContent):
        return _PreparedContent(
            kind=EvidenceKind.NOTE, fields={"note": validate_note(content.text)}
        )
    raise ValidationError("Give a file, a link or a note.", code="no_content")


def _add_revision(
    evidence: Evidence, prepared: _PreparedContent, *, number: int, reason: str, by: User
) -> EvidenceRevision:
    return EvidenceRevision.objects.create(
        evidence=evidence,
        number=number,
        kind=prepared.kind,
        reason=reason,
        created_by=by,
        **prepared.fields,
    )


def _point_at(evidence: Evidence, revision: EvidenceRevision) -> None:
    evidence.current_revision = revision
    evidence.updated_at = timezone.now()
    evidence.save()


@contextmanager
def _history_held(evidence: Evidence) -> Iterator[None]:
    """Saves without history records (django-simple-history's own switch), for the writes that
    make up a new evidence's first state: it is recorded once, whole (``_record_first_history``)."""
    evidence.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del evidence.skip_history_when_saving  # type: ignore[attr-defined]


def _record_first_history(evidence: Evidence) -> None:
    # What the post-save signal of the insert would do, with the links and the revision already in
    # place: one record of the evidence as submitted, instead of one created without controls and
    # another adding them.
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        EVIDENCE_HISTORY.create_historical_record(evidence, "+")


def _link_new(
    evidence: Evidence, *, controls: Sequence[Control], products: Sequence[Product]
) -> None:
    """Link a row just inserted: it has no links yet, so there is nothing to read or keep first.

    Inserted directly, without ``m2m_changed``: its one receiver is django-simple-history's,
    and the first history record is taken after (``_record_first_history``).
    """
    controls_through, products_through = Evidence.controls.through, Evidence.products.through
    controls_through.objects.bulk_create(
        controls_through(evidence=evidence, control=control) for control in controls
    )
    products_through.objects.bulk_create(
        products_through(evidence=evidence, product=product) for product in products
    )


def _reopen_review(evidence: Evidence) -> None:
    evidence.status = ReviewStatus.SUBMITTED
    evidence.rejection_reason = ""
    evidence.reviewed_by, evidence.reviewed_at = None, None


def _renewal(controls: Sequence[Control], period_end: datetime.date) -> datetime.date:
    return renewal_date(
        period_end=period_end, cadences=[control.evidence_cadence for control in controls]
    )


def _revision_detail(
    revision: EvidenceRevision, *, controls: Sequence[Control] = ()
) -> dict[str, Any]:
    detail: dict[str, Any] = {
        "revision": revision.number,
        "kind": revision.kind,
        "content_sha256": record_content_sha256(revision),
    }
    if revision.is_file:
        detail |= {"sha256": revision.sha256, "size": revision.size, "type": revision.media_type}
    if controls:
        detail["controls"] = sorted(control.address for control in controls)
    return detail


def evidence_view_record(*, evidence: Evidence, by: User) -> None:
    """Record that someone opened a piece of evidence (the admin's page or the API's detail)."""
    audit_record(action=AuditAction.EVIDENCE_VIEWED, actor=by, target=evidence)


@transaction.atomic
def engagement_save(
    *,
    engagement: Engagement,
    by: User,
    auditors: Sequence[User],
    products: Sequence[Product],
) -> Engagement:
    """Create or change an engagement (its fields set on ``engagement``), and audit what it
    now covers."""
    created = engagement.pk is None
    engagement.save()
    engagement.auditors.set(auditors)
    engagement.products.set(products)
    audit_record(
        action=AuditAction.ENGAGEMENT_CHANGED,
        actor=by,
        target=engagement,
        detail={
            "created": created,
            "framework": engagement.framework.code,
            "period": [engagement.period_start.isoformat(), engagement.period_end.isoformat()],
            "access_ends_on": engagement.access_ends_on.isoformat(),
            "auditors": sorted(user.get_username() for user in auditors),
            "products": sorted(product.slug for product in products),
        },
    )
    return engagement
