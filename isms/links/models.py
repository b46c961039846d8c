"""Capability links: a secret shown once, kept as its SHA-256, good for one purpose until expiry."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from isms.links.purposes import MAX_PURPOSE_LENGTH


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode(errors="replace")).hexdigest()


class LinkRefusal(models.TextChoices):
    """Why a link was not honoured: for the audit trail only, never for the visitor."""

    UNKNOWN = "unknown", "No such link"
    PURPOSE = "purpose", "Link for something else"
    EXPIRED = "expired", "Link expired"
    USED = "used", "Link already used"


class CapabilityLink(models.Model):
    """A link that lets a person without an account do one thing: confirm an e-mail address,
    open a download grant, follow a report by its receipt code.

    The token (``secrets.token_urlsafe(32)``, 256 bits) is shown once, to whoever creates the
    link, and only its SHA-256 is kept, so a copy of the database opens nothing. The link may
    point at the row it acts on (``target``). Made and used through ``isms.links.services``
    only. Database triggers (migration 0001) refuse every change but the record of its use,
    ``used_at`` (the first use, filled once) and ``use_count`` (which only grows), and refuse
    deletion: an expired or used link stays, because the audit trail names it.
    """

    token_sha256 = models.CharField("token SHA-256", max_length=64, unique=True, editable=False)
    purpose = models.CharField(max_length=MAX_PURPOSE_LENGTH, editable=False)
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    target_id = models.CharField(max_length=64, blank=True, editable=False)
    target = GenericForeignKey("target_type", "target_id")
    single_use = models.BooleanField(editable=False)
    expires_at = models.DateTimeField(editable=False)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)
    use_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "capability link"
        verbose_name_plural = "capability links"
        indexes = [models.Index(fields=["target_type", "target_id"], name="links_target")]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_type__isnull=True, target_id="")
                | (Q(target_type__isnull=False) & ~Q(target_id="")),
                name="links_target_type_and_id_together",
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True, use_count=0)
                | Q(used_at__isnull=False, use_count__gt=0),
                name="links_used_at_with_use_count",
            ),
            models.CheckConstraint(
                condition=Q(single_use=False) | Q(use_count__lte=1),
                name="links_single_use_used_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} link {self.pk}"

    def is_expired(self, at: datetime | None = None) -> bool:
        return self.expires_at <= (at or timezone.now())

    @property
    def is_used_up(self) -> bool:
        return self.single_use and self.used_at is not None

    def refusal(self, *, purpose: str, at: datetime) -> LinkRefusal | None:
        """Why this link may not be used for ``purpose`` now, or None if it may."""
        if self.purpose != purpose:
            return LinkRefusal.PURPOSE
        if self.is_expired(at):
            return LinkRefusal.EXPIRED
        if self.is_used_up:
            return LinkRefusal.USED
        return None
