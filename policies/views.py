"""Public views of a versioned document, reached through VersionedDocumentPage's routes.

Only live pages are routed here, so drafts and unpublished documents are 404 for everyone.
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.models import Page, Site

from isms.audit.actions import AuditAction
from isms.records.downloads import pdf_pending_response, record_pdf_download
from policies.diff import compare_bodies
from policies.headings import AnchoredBody, anchor_headings
from policies.history import SHOW_ALL_PARAMETER, SHOW_ALL_VALUE, history_table
from policies.models import DocumentVersion, VersionedDocumentPage
from policies.public_forms import AsOfForm, CompareForm
from policies.selectors import (
    document_history,
    is_view_restricted,
    today,
    version_by_number,
    version_for_download,
    version_in_force,
    versions_between,
)


def document_current(request: HttpRequest, *, page: VersionedDocumentPage) -> HttpResponse:
    if getattr(request, "is_preview", False):
        return _render(request, page, shown=None, preview_html=page.render_body_html())
    history = document_history(page=page)
    current = version_in_force(history=history, on=today())
    # A document whose only versions take effect later still shows its newest text.
    shown = current or (history[-1] if history else None)
    return _render(request, page, shown=shown, history=history)


def document_version_detail(
    request: HttpRequest, *, page: VersionedDocumentPage, number: str
) -> HttpResponse:
    shown = version_by_number(page=page, number=number)
    return _render(request, page, shown=shown)


def document_as_of(request: HttpRequest, *, page: VersionedDocumentPage) -> HttpResponse:
    history = document_history(page=page)
    form = AsOfForm(request.GET, today=today())
    if not form.is_valid():
        current = version_in_force(history=history, on=today())
        return _render(request, page, shown=current, history=history, as_of_form=form, status=400)
    day = form.cleaned_data["date"]
    shown = version_in_force(history=history, on=day)
    if shown is None:
        form.add_error(
            "date",
            f"No version of this document was in force on {day:%-d %B %Y}. "
            + (
                f"The first version took effect on {history[-1].effective_date:%-d %B %Y}."
                if history
                else "It has not been published yet."
            ),
        )
        return _render(request, page, shown=None, history=history, as_of_form=form, status=404)
    return _render(request, page, shown=shown, history=history, as_of_form=form, as_of=day)


def document_compare(request: HttpRequest, *, page: VersionedDocumentPage) -> HttpResponse:
    history = document_history(page=page)
    form = CompareForm(request.GET, history=history)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "policies/compare_page.html",
            {
                "page": page,
                "record": history[0] if history else None,
                "history": history,
                "form": form,
            },
            status=400,
        )
    older = DocumentVersion.objects.get(pk=form.cleaned_data["older_version"].pk)
    newer = DocumentVersion.objects.get(pk=form.cleaned_data["newer_version"].pk)
    swapped = form.cleaned_data["swapped"]
    if swapped:
        # The form shown again reads the way the changes are shown: from the older to the newer.
        form = CompareForm({"older": older.number, "newer": newer.number}, history=history)
        form.is_valid()
    context = {
        "page": page,
        "record": newer,
        "history": history,
        "form": form,
        "older": older,
        "newer": newer,
        "diff": compare_bodies(older.body_html, newer.body_html),
        "swapped": swapped,
        "changes": versions_between(history=history, older=older, newer=newer),
    }
    return TemplateResponse(request, "policies/compare_page.html", context)


def document_version_pdf(
    request: HttpRequest, *, page: VersionedDocumentPage, number: str
) -> HttpResponseBase:
    """The readable PDF address of a version, routed through the page (and its privacy)."""
    version = version_by_number(page=page, number=number)
    return _pdf_response(request, version, page=page, restricted=is_view_restricted(page))


@transaction.non_atomic_requests
def version_pdf_download(request: HttpRequest, version_id: int, filename: str) -> HttpResponseBase:
    """The direct PDF link the pages use: one query, without walking the page tree.

    A page under Wagtail's privacy settings is sent to the routed address, which enforces them.
    """
    version, restricted = version_for_download(version_id=version_id, filename=filename)
    if restricted:
        page = version.page.specific
        return redirect(page.url + page.reverse_subpage("version_pdf", args=(version.number,)))
    return _pdf_response(request, version, page=version.page, restricted=False)


def _pdf_response(
    request: HttpRequest, version: DocumentVersion, *, page: Page, restricted: bool
) -> HttpResponseBase:
    """Serve a version's stored PDF; it is never re-rendered here. Until it exists, say so.

    A public version's PDF never changes, so its address may be cached anywhere for good; behind
    a view restriction (sign-in, password, groups) it is private, never stored, and recorded.
    """
    if not version.is_pdf_ready:
        return pdf_pending_response(
            request,
            version,
            title=version.title,
            back_url=page.url or "/",
            staff_hint=_can_publish(request, page),
        )
    return record_pdf_download(
        request, version, public=not restricted, recorded_as=AuditAction.DOCUMENT_PDF_DOWNLOADED
    )


def _can_publish(request: HttpRequest, page: Page) -> bool:
    """Whether the reader is staff who could fix a missing PDF, and so is told how."""
    user = request.user
    return bool(user.is_authenticated) and page.permissions_for_user(user).can_publish()


def _render(
    request: HttpRequest,
    page: VersionedDocumentPage,
    *,
    shown: DocumentVersion | None,
    history: list[DocumentVersion] | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    history = document_history(page=page) if history is None else history
    current = version_in_force(history=history, on=today())
    shown_status, shown_status_label = _status(shown, current)
    preview_html = extra.get("preview_html")
    page_url = page.relative_url(Site.find_for_request(request), request) or "/"
    table = history_table(
        history=history,
        page=page,
        page_url=page_url if page_url.endswith("/") else f"{page_url}/",
        shown=shown,
        current=current,
        today=today(),
        show_all=request.GET.get(SHOW_ALL_PARAMETER) == SHOW_ALL_VALUE,
        show_all_url=_show_all_url(request),
    )
    context = {
        "page": page,
        "self": page,
        # The title and summary heading the page come from a frozen version, never the live page.
        "record": shown or current or (history[0] if history else None),
        "shown": shown,
        "history": history,
        "history_table": table,
        "current": current,
        "upcoming": history[0] if history and history[0] is not current else None,
        "shown_status": shown_status,
        "shown_status_label": shown_status_label,
        "shown_until": _in_force_until(shown, history),
        "as_of_form": extra.pop("as_of_form", None) or AsOfForm(today=today()),
        "compare_form": CompareForm(history=history),
        "document_body": _anchored(preview_html or (shown.body_html if shown else None)),
        **extra,
    }
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _show_all_url(request: HttpRequest) -> str:
    """The same page with every version listed; an as-of page keeps its date."""
    query = request.GET.copy()
    query[SHOW_ALL_PARAMETER] = SHOW_ALL_VALUE
    return f"{request.path}?{query.urlencode()}#history"


# Ids document_page.html and base.html give their own elements; a body heading never takes one.
PAGE_IDS = frozenset(
    {"main", "contents", "contents-title", "history", "history-title", "as-of", "as-of-title"}
    | {"compare", "compare-title", "id_date", "id_older", "id_newer"}
)


def _anchored(body_html: str | None) -> AnchoredBody | None:
    """The text shown, its headings given ids for the list of contents (the record is unchanged)."""
    return anchor_headings(body_html, reserved=PAGE_IDS) if body_html is not None else None


def _status(shown: DocumentVersion | None, current: DocumentVersion | None) -> tuple[str, str]:
    if shown is None:
        return "", ""
    if current is not None and shown.pk == current.pk:
        return "current", "Current version"
    if shown.effective_date > today():
        return "upcoming", "Upcoming"
    return "superseded", "Superseded"


def _in_force_until(shown: DocumentVersion | None, history: list[DocumentVersion]) -> date | None:
    """The last day a version was in force: the day before its successor took effect."""
    if shown is None:
        return None
    newer = [version for version in history if version.effective_date > shown.effective_date]
    return min(version.effective_date for version in newer) - timedelta(days=1) if newer else None
