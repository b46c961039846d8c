import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import models, transaction
from django.template.loader import render_to_string

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record
from isms.notify.message import Message

type Recipient = AbstractBaseUser | str


def notification_send(
    *,
    template: str,
    subject: str,
    to: Sequence[Recipient],
    context: Mapping[str, Any] | None = None,
    about: models.Model | None = None,
    by: AbstractBaseUser | AnonymousUser | None = None,
) -> Message | None:
    """Render `<template>.txt` and `<template>.html`, record the notification, send on commit.

    `to` holds users (told at their address, recorded by username) and bare addresses of people
    without an account (recorded only as the SHA-256 of the address, since the audit trail keeps
    what it records forever). Users without an address are left out; with nobody left, nothing is
    sent or recorded and None is returned.
    """
    addresses, recorded = _recipients(to)
    if not addresses:
        return None
    full_context = {"site_name": settings.WAGTAIL_SITE_NAME, "subject": subject, **(context or {})}
    message = Message(
        subject=subject,
        to=addresses,
        text=render_to_string(f"{template}.txt", full_context),
        html=render_to_string(f"{template}.html", full_context),
    )
    audit_record(
        action=AuditAction.NOTIFICATION_QUEUED,
        actor=by,
        target=about,
        detail={"template": template, "subject": subject, "recipients": recorded},
    )
    transaction.on_commit(lambda: _enqueue(message))
    return message


def notification_deliver(message: Message) -> None:
    """Hand the rendered message to the mail backend (the task calls this): one e-mail per
    recipient, over one connection, so nobody learns who else was told."""
    mails = []
    for address in message.to:
        mail = EmailMultiAlternatives(subject=message.subject, body=message.text, to=[address])
        mail.attach_alternative(message.html, "text/html")
        mails.append(mail)
    mailers["default"].send_messages(mails)


def _enqueue(message: Message) -> None:
    from isms.notify.tasks import deliver_notification

    deliver_notification.enqueue(message.as_task_arguments())


def _recipients(to: Sequence[Recipient]) -> tuple[list[str], list[str]]:
    """The addresses to send to, each once, and how the audit trail names each of them."""
    seen: dict[str, tuple[str, str]] = {}
    for recipient in to:
        if isinstance(recipient, str):
            address = recipient.strip()
            label = "sha256:" + hashlib.sha256(address.lower().encode()).hexdigest()
        else:
            address = (getattr(recipient, "email", "") or "").strip()
            label = recipient.get_username()
        if address:
            seen.setdefault(address.lower(), (address, label))
    return [address for address, _ in seen.values()], [label for _, label in seen.values()]
