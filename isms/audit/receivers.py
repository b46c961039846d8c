"""Wiring from Django's and Axes's sign-in signals to the audit service; no logic of its own."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest

from isms.audit.actions import AuditAction
from isms.audit.services import audit_record


def record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.SIGN_IN, actor=user, request=request)


def record_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`; only the name is kept.
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        action=AuditAction.SIGN_IN_FAILED,
        actor=None,
        request=request,
        detail={"username": username},
    )


def record_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, **kwargs: Any
) -> None:
    audit_record(
        action=AuditAction.LOCKED_OUT,
        actor=None,
        request=request,
        detail={"username": str(username or "")[:150]},
    )


def connect() -> None:
    user_logged_in.connect(record_sign_in, dispatch_uid="audit_sign_in")
    user_login_failed.connect(record_sign_in_failed, dispatch_uid="audit_sign_in_failed")
    user_locked_out.connect(record_locked_out, dispatch_uid="audit_locked_out")
