"""What the admin tells an officer once a document version is published.

Wagtail's own message ("Page 'Access Control Policy' has been published.", or "has been updated."
after a workflow approval) says nothing of the record made. The receiver calls
`announce_publication` for each version it records during a request; once the response is
ready and the request's transaction has committed, `PublicationAnnouncementMiddleware` calls
`show_announced_publications`, which replaces Wagtail's message about the page with one naming
the version and the day it takes effect. A publication refused and rolled back announces nothing.
"""

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.http import HttpRequest
from django.utils import dateformat
from django.utils.html import escape
from wagtail.admin import messages as admin_messages

from isms.audit.context import current_request
from policies.models import DocumentVersion

_ANNOUNCED = "_policies_announced_versions"
# Wagtail's success messages after publishing or approving, which ours replaces.
_WAGTAIL_ENDINGS = ("has been published.", "has been updated.")


def publication_message(record: DocumentVersion) -> str:
    """ "Published version 2.1 of Access Control Policy, in force from 3 December 2026." """
    effective = dateformat.format(record.effective_date, "j F Y")
    return f"Published version {record.number} of {record.title}, in force from {effective}."


def announce_publication(record: DocumentVersion) -> None:
    request = current_request()
    if request is not None:
        setattr(request, _ANNOUNCED, [*getattr(request, _ANNOUNCED, []), record.pk])


def show_announced_publications(request: HttpRequest) -> None:
    announced = getattr(request, _ANNOUNCED, [])
    if not announced or not hasattr(request, "_messages"):
        return
    # Only what the request's transaction kept: a refused publication was rolled back.
    records = list(DocumentVersion.objects.filter(pk__in=announced).select_related("page"))
    if not records:
        return
    kept = [
        message
        for message in messages.get_messages(request)
        if not any(_is_wagtails_message_about(message, record) for record in records)
    ]
    for message in kept:
        messages.add_message(request, message.level, message.message, message.extra_tags)
    for record in records:
        admin_messages.success(
            request,
            publication_message(record),
            buttons=[admin_messages.button(record.page.url, "View live")],
        )


def _is_wagtails_message_about(message: Message, record: DocumentVersion) -> bool:
    text = str(message.message).split("<span", 1)[0]  # the text before Wagtail's buttons
    quoted = f"'{record.title}'"
    return (
        message.level == messages.SUCCESS
        and (quoted in text or escape(quoted) in text)
        and any(ending in text for ending in _WAGTAIL_ENDINGS)
    )
