"""Writing evidence: submit it, add a revision, change what it is attached to, review it (telling
the engineer of a rejection), record who looked at it, remind owners of renewals; and saving
engagements.

Every write is one transaction that also appends to the audit trail. A file is stored before its
rows are written and removed again if they fail, so there is never a row without its file nor a
file without its row.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import pluralize
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
    RenewalReminder,
    RenewalReminderThreshold,
    ReviewStatus,
)
from evidence.renewals import RenewalDue, needing_renewal, owners_of
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
from isms.notify.links import admin_link
from isms.notify.message import Message
from isms.notify.services import notification_send
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
    prepared = _prepare(content, by=produced_by)
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
    prepared = _prepare(content, by=by)
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
        if decision == ReviewStatus.REJECTED:
            _tell_of_rejection(locked, by=by)
    return locked


def _tell_of_rejection(evidence: Evidence, *, by: User) -> None:
    """E-mail whoever submitted the rejected revision (and the producer) the reviewer's reason."""
    revision = evidence.current_revision
    assert revision is not None  # noqa: S101 (every evidence has one)
    submitters = [user for user in (revision.created_by, evidence.produced_by) if user]
    notification_send(
        template="evidence/mail/rejected",
        subject=f"Evidence rejected: {evidence.title}",
        to=submitters,
        context={
            "evidence": evidence,
            "revision": revision,
            "reviewer": by.get_full_name() or by.get_username(),
            "link": admin_link("evidence:inspect", evidence.pk),
        },
        about=evidence,
        by=by,
    )


def _checked_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Give the evidence a title.", code="no_title")
    if len(title) > MAX_TITLE_CHARACTERS:
        raise ValidationError(
            f"The title is longer than {MAX_TITLE_CHARACTERS} characters.", code="title_too_long"
        )
    return title


def _prepare(content: EvidenceContent, *, by: User) -> _PreparedContent:
    if isinstance(content, FileContent):
        stored = store_evidence_file(content, uploaded_by=by)
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


@transaction.atomic
def evidence_renewal_reminders_send(*, today: datetime.date) -> list[RenewalDue]:
    """E-mail each owner their evidence that came due soon or went overdue since last time.

    One ``RenewalReminder`` per revision, renewal date and threshold, so running this daily tells
    an owner once when a piece comes due soon and once more when it is overdue. The mail goes
    through ``isms.notify`` after the transaction commits; a run that fails before then records
    nothing, and the next run repeats it. Evidence whose owner has no address is not recorded, so
    it is mentioned once they have one.
    """
    candidates = Evidence.objects.select_related("current_revision", "produced_by")
    due = [
        RenewalDue(evidence=evidence, today=today)
        for evidence in needing_renewal(candidates.prefetch_related("controls__owner"), today=today)
    ]
    sent = set(
        RenewalReminder.objects.filter(
            revision__in=[renewal.evidence.current_revision_id for renewal in due]
        ).values_list("revision_id", "renews_on", "threshold")
    )
    by_owner: dict[User, list[RenewalDue]] = defaultdict(list)
    for renewal in due:
        if _reminder_key(renewal) not in sent:
            for owner in owners_of(renewal.evidence):
                by_owner[owner].append(renewal)
    told: dict[tuple[int, datetime.date, str], RenewalDue] = {}
    for owner, renewals in by_owner.items():
        if _remind_owner(owner, renewals) is not None:
            told.update((_reminder_key(renewal), renewal) for renewal in renewals)
    now = timezone.now()
    RenewalReminder.objects.bulk_create(
        RenewalReminder(revision_id=revision, renews_on=renews_on, threshold=threshold, sent_at=now)
        for revision, renews_on, threshold in told
    )
    return sorted(
        told.values(), key=lambda renewal: (renewal.evidence.renews_on, renewal.evidence.pk)
    )


def _reminder_key(renewal: RenewalDue) -> tuple[int, datetime.date, str]:
    evidence = renewal.evidence
    assert evidence.current_revision_id is not None  # noqa: S101 (every evidence has one)
    threshold = (
        RenewalReminderThreshold.OVERDUE
        if renewal.is_overdue
        else RenewalReminderThreshold.DUE_SOON
    )
    return evidence.current_revision_id, evidence.renews_on, threshold.value


def _remind_owner(owner: User, renewals: list[RenewalDue]) -> Message | None:
    overdue = sum(renewal.is_overdue for renewal in renewals)
    count = f"{len(renewals)} piece{pluralize(len(renewals))} of evidence"
    return notification_send(
        template="evidence/mail/renewal_reminder",
        subject=f"{count} to renew" + (f", {overdue} overdue" if overdue else ""),
        to=[owner],
        context={
            "renewals": [
                {"due": renewal, "link": admin_link("evidence:inspect", renewal.evidence.pk)}
                for renewal in renewals
            ],
            "dashboard_link": admin_link("wagtailadmin_home"),
        },
    )


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
