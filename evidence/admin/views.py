"""The admin's evidence views: submit, inspect, revise, re-attach, review (and the queue),
download, dashboard.

Each view parses its form, reads through ``evidence.selectors`` (404 outside the user's scope)
and calls one service; the service's ``ValidationError``, or an ``UploadUnavailableError`` (the
virus scanner or the storage is down), becomes a message on the form.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from evidence.admin.forms import EvidenceDetailsForm, EvidenceForm, ReviewForm, RevisionForm
from evidence.coverage import framework_coverage
from evidence.downloads import revision_file_response
from evidence.history import evidence_changes
from evidence.models import Evidence, EvidenceSource, ReviewStatus
from evidence.queue import review_queue_for_user, submission_for_user
from evidence.selectors import evidence_get_for_user, evidence_list_for_user, revision_get_for_user
from evidence.services import (
    evidence_create,
    evidence_review,
    evidence_revise,
    evidence_update,
    evidence_view_record,
)
from isms.access import AuthenticatedRequest, parse_pk, signed_in_user, user_may
from isms.files.errors import UploadUnavailableError
from isms.frameworks.models import Control

NEXT_EXPIRING = 10


def may(request: HttpRequest, action: str) -> bool:
    return user_may(Evidence, user=request.user, action=action)


class EvidenceIndexView(IndexView):
    """The listing, limited to the evidence the user may see."""

    def get_base_queryset(self) -> Any:
        return evidence_list_for_user(user=self.request.user)


class TitledPage(WagtailAdminTemplateMixin):
    """An admin page whose header names it, after a link back to the evidence listing."""

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("evidence:index"), "label": "Evidence"},
            {"url": "", "label": self.get_page_title()},
        ]


class EvidenceFormView(TitledPage, FormView):  # type: ignore[type-arg]
    """A form page in the admin's look whose service errors land on the form."""

    template_name = "evidence/admin/form.html"
    header_icon = "doc-full-inverse"
    submit_button_label = "Save"
    action = "add"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may(request, self.action):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "files": self.request.FILES or None}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        return {
            **context,
            "action_url": self.request.get_full_path(),
            "submit_button_label": self.submit_button_label,
            "media": form.media,
        }

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            evidence = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except UploadUnavailableError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(evidence))
        return redirect("evidence:inspect", pk=evidence.pk)

    def save(self, form: Any) -> Evidence:
        raise NotImplementedError

    def success_message(self, evidence: Evidence) -> str:
        return f"Saved “{evidence.title}”."


class EvidenceCreateView(EvidenceFormView):
    form_class = EvidenceForm
    page_title = "Submit evidence"
    submit_button_label = "Submit for review"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        # "Attach evidence" on a control's page arrives with that control chosen.
        control = parse_pk(self.request.GET.get("control", ""))
        chosen = Control.objects.filter(pk=control).values_list("pk", flat=True) if control else []
        return {"controls": list(chosen)}

    def save(self, form: EvidenceForm) -> Evidence:
        data = form.cleaned_data
        return evidence_create(
            title=data["title"],
            description=data["description"],
            controls=list(data["controls"]),
            products=list(data["products"]),
            period_start=data["period_start"],
            period_end=data["period_end"],
            produced_by=signed_in_user(self.request),
            source=EvidenceSource.MANUAL,
            content=form.content(),
        )

    def success_message(self, evidence: Evidence) -> str:
        return f"“{evidence.title}” is submitted; a compliance officer will review it."


class EvidenceObjectFormView(EvidenceFormView):
    """A form about one piece of evidence the user may change."""

    action = "change"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.evidence = evidence_get_for_user(user=request.user, pk=kwargs["pk"], action="change")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"{self.page_title}: {self.evidence.title}"


class EvidenceReviseView(EvidenceObjectFormView):
    form_class = RevisionForm
    page_title = "Add a revision"
    submit_button_label = "Add revision"

    def save(self, form: RevisionForm) -> Evidence:
        data = form.cleaned_data
        evidence_revise(
            evidence=self.evidence,
            by=signed_in_user(self.request),
            reason=data["reason"],
            content=form.content(),
            period_start=data["period_start"],
            period_end=data["period_end"],
        )
        return self.evidence

    def success_message(self, evidence: Evidence) -> str:
        return f"Revision {evidence.revisions.count()} of “{evidence.title}” is submitted."


class EvidenceEditView(EvidenceObjectFormView):
    form_class = EvidenceDetailsForm
    page_title = "Edit details"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "evidence": self.evidence}

    def get_initial(self) -> dict[str, Any]:
        return {
            "title": self.evidence.title,
            "description": self.evidence.description,
            "controls": [control.pk for control in self.evidence.controls.all()],
            "products": [product.pk for product in self.evidence.products.all()],
        }

    def save(self, form: EvidenceDetailsForm) -> Evidence:
        data = form.cleaned_data
        return evidence_update(
            evidence=self.evidence,
            by=signed_in_user(self.request),
            title=data["title"],
            description=data["description"],
            controls=list(data["controls"]),
            products=list(data["products"]),
        )


class EvidenceInspectView(TitledPage, TemplateView):
    """One piece of evidence: what it is, its revisions, its review and its history."""

    template_name = "evidence/admin/inspect.html"
    header_icon = "doc-full-inverse"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.evidence = evidence_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        evidence_view_record(evidence=self.evidence, by=signed_in_user(request))
        return super().get(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.evidence.title

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        evidence = self.evidence
        can_change = evidence_list_for_user(user=self.request.user, action="change").filter(
            pk=evidence.pk
        )
        return {
            **super().get_context_data(**kwargs),
            "evidence": evidence,
            "revisions": evidence.revisions.select_related("created_by").order_by("-number"),
            "freshness": evidence.freshness(),
            "can_change": may(self.request, "change") and can_change.exists(),
            "can_review": may(self.request, "review") and evidence.status == ReviewStatus.SUBMITTED,
            "review_form": ReviewForm(),
            "submission": submission_for_user(user=self.request.user, evidence=evidence),
            "changes": evidence_changes(evidence),
        }


class EvidenceReviewView(View):
    """Accept or reject (POST from the inspect page or the review queue)."""

    def post(self, request: AuthenticatedRequest, pk: str) -> HttpResponse:
        if not may(request, "review"):
            raise Http404
        evidence = evidence_get_for_user(user=request.user, pk=pk)
        form = ReviewForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("Choose whether to accept or reject the evidence.")
            evidence_review(
                evidence=evidence,
                by=request.user,
                decision=ReviewStatus(form.cleaned_data["decision"]),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            verb = (
                "accepted" if form.cleaned_data["decision"] == ReviewStatus.ACCEPTED else "rejected"
            )
            messages.success(request, f"“{evidence.title}” is {verb}.")
        return HttpResponseRedirect(reverse("evidence:inspect", args=[evidence.pk]))


class EvidenceReviewQueueView(TitledPage, TemplateView):
    """The evidence waiting for review, longest-waiting first: who submitted what, when, how."""

    template_name = "evidence/admin/review_queue.html"
    page_title = "Review queue"
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may(request, "review"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "submissions": review_queue_for_user(user=self.request.user),
        }


class RevisionDownloadView(View):
    def get(self, request: HttpRequest, pk: str, number: str) -> HttpResponseBase:
        revision = revision_get_for_user(user=request.user, evidence_pk=pk, number=number)
        return revision_file_response(request, revision)


class EvidenceDashboardView(TitledPage, TemplateView):
    """Per framework, the controls without fresh accepted evidence; and what expires next."""

    template_name = "evidence/admin/dashboard.html"
    page_title = "Evidence coverage"
    header_icon = "table"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may(request, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        expiring = (
            evidence_list_for_user(user=self.request.user)
            .filter(status=ReviewStatus.ACCEPTED, renews_on__gt=today)
            .order_by("renews_on", "pk")[:NEXT_EXPIRING]
        )
        return {
            **super().get_context_data(**kwargs),
            "coverage": framework_coverage(today=today),
            "expiring": expiring,
            "today": today,
            "submitted": evidence_list_for_user(user=self.request.user)
            .filter(status=ReviewStatus.SUBMITTED)
            .count(),
        }
