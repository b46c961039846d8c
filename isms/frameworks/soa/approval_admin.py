"""Admin views of the SoA's two-step publication: submit, list the submissions, decide one.

Only compliance officers (``PUBLISH_PERMISSION``) reach these views. Anyone else signed in to
the admin is sent back to the dashboard by Wagtail from the form and the listing, and gets a 404
from a submission's page, as for any record they may not see. The views only read and ask the
services in ``isms.frameworks.soa.services.approval``, which hold every rule.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from isms.frameworks.models import ApplicabilityEntry, SoaSubmission
from isms.frameworks.soa.changes import soa_changes_since
from isms.frameworks.soa.forms import SoaDecisionForm, SoaSubmitForm
from isms.frameworks.soa.rules import (
    PUBLISH_PERMISSION,
    check_soa_decider,
    latest_soa_version,
    soa_change_authors,
)
from isms.frameworks.soa.selectors import soa_draft_fingerprint, soa_pending_submission, soa_summary
from isms.frameworks.soa.services import (
    soa_submission_approve,
    soa_submission_send_back,
    soa_submission_withdraw,
    soa_version_submit,
)
from isms.records.names import display_name


class OfficersOnlyMixin:
    refusal: type[Exception] = PermissionDenied

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise self.refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def _soa_breadcrumbs(*items: tuple[str, str]) -> list[dict[str, Any]]:
    return [
        {"url": reverse("soa_entries:index"), "label": "Statement of Applicability"},
        *({"url": url, "label": label} for url, label in items),
    ]


def add_service_errors(form: Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: by field where the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class SoaSubmitView(OfficersOnlyMixin, WagtailAdminTemplateMixin, FormView):  # type: ignore[type-arg]
    """The form an officer fills to submit the current entries for approval as a new version."""

    form_class = SoaSubmitForm
    template_name = "frameworks/soa/submit.html"
    page_title = "Submit a version for approval"
    page_subtitle = "Statement of Applicability"
    header_icon = "upload"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, *_soa_breadcrumbs(("", "Submit a version"))]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pending = soa_pending_submission()
        if pending is not None:
            messages.warning(
                request,
                f"Version {pending.number} is awaiting approval. It must be decided or "
                "withdrawn before another is submitted.",
            )
            return redirect("soa_versions:submission", pending.pk)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "exclude_user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        latest = latest_soa_version()
        number = f"{latest.major}.{latest.minor + 1}" if latest else "1.0"
        return {"number": number, "effective_date": timezone.localdate()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        latest = latest_soa_version()
        context.update(
            summary=soa_summary(ApplicabilityEntry.objects.all()),
            latest_version=latest,
            authors=soa_change_authors(),
            changes=soa_changes_since(latest),
        )
        return context

    def form_valid(self, form: SoaSubmitForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            submission = soa_version_submit(
                by=self.request.user,
                number=data["number"],
                effective_date=data["effective_date"],
                change_summary=data["change_summary"],
                requested_approver=data["requested_approver"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            messages.error(self.request, "The version was not submitted. See the errors below.")
            return self.form_invalid(form)
        if submission.requested_approver is None:
            told = "the other compliance officers have been told by e-mail"
        else:
            told = f"{display_name(submission.requested_approver)} has been told by e-mail"
        messages.success(
            self.request,
            f"Version {submission.number} submitted for approval; {told}. Nothing is published "
            "until it is approved.",
        )
        return redirect("soa_versions:submission", submission.pk)


class SoaSubmissionIndexView(OfficersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every submission, newest first: who asked, who decided, and what became of it."""

    template_name = "frameworks/soa/submissions.html"
    page_title = "Submissions"
    page_subtitle = "Statement of Applicability"
    header_icon = "tasks"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, *_soa_breadcrumbs(("", "Submissions"))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["submissions"] = SoaSubmission.objects.select_related(
            "requested_approver", "version"
        ).order_by("-submitted_at", "-pk")[:200]
        return context


class SoaSubmissionView(OfficersOnlyMixin, WagtailAdminTemplateMixin, FormView):  # type: ignore[type-arg]
    """One submission: its facts, the changes since the last version, and the decision."""

    refusal = Http404
    form_class = SoaDecisionForm
    template_name = "frameworks/soa/submission.html"
    page_subtitle = "Statement of Applicability"
    header_icon = "tasks"

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.submission = get_object_or_404(
            SoaSubmission.objects.select_related("requested_approver", "version"),
            pk=kwargs["pk"],
        )

    def get_page_title(self) -> str:
        return f"Version {self.submission.number}: {self.submission.get_status_display()}"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            *_soa_breadcrumbs(
                (reverse("soa_versions:submissions"), "Submissions"),
                ("", f"Version {self.submission.number}"),
            ),
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        submission = self.submission
        context["submission"] = submission
        if not submission.is_pending:
            return context
        authors = soa_change_authors()
        context.update(
            changes=soa_changes_since(latest_soa_version()),
            authors=authors,
            entries_changed=soa_draft_fingerprint() != submission.entries_sha256,
            is_submitter=submission.submitted_by_id == self.request.user.pk,
            approve_refusal=_refusal(submission, self.request.user, authors, approving=True),
            send_back_refusal=_refusal(submission, self.request.user, authors, approving=False),
        )
        return context

    def form_valid(self, form: SoaDecisionForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                version = soa_submission_approve(
                    submission=self.submission, by=self.request.user, comment=data["comment"]
                )
            else:
                soa_submission_send_back(
                    submission=self.submission, by=self.request.user, comment=data["comment"]
                )
        except ValidationError as error:
            add_service_errors(form, error)
            self.submission.refresh_from_db()
            messages.error(self.request, "Nothing was decided. See the message below.")
            return self.form_invalid(form)
        if data["decision"] == "approve":
            messages.success(
                self.request,
                f"Statement of Applicability version {version.number} approved and published, "
                f"in force from {version.effective_date:%-d %B %Y}. Its PDF is being rendered.",
            )
            return redirect("soa_versions:inspect", version.pk)
        messages.success(
            self.request,
            f"Version {self.submission.number} sent back to {self.submission.submitted_by_name}.",
        )
        return redirect("soa_versions:submission", self.submission.pk)


class SoaWithdrawView(OfficersOnlyMixin, View):
    """The submitter takes back a pending submission (POST only)."""

    refusal = Http404
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        submission = get_object_or_404(SoaSubmission, pk=pk)
        try:
            soa_submission_withdraw(submission=submission, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Version {submission.number} withdrawn. Change the entries, then submit again.",
            )
        return redirect("soa_versions:submission", pk)


def _refusal(submission: SoaSubmission, user: Any, authors: list[Any], *, approving: bool) -> str:
    """Why ``user`` may not approve (or send back) ``submission``, or "" if they may."""
    try:
        check_soa_decider(submission=submission, decider=user, authors=authors, approving=approving)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""
