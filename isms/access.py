"""Who may see what: the typed user, one permission policy per protected model, scoped lookups.

How it is wired. Each protected model gets one Wagtail permission policy, registered with
``wagtail.permissions.register_permission_policy`` in its app's ``AppConfig.ready()``. Wagtail's
admin viewsets use that policy for their menus, listings and buttons; our own views, API
endpoints, exports and search read protected rows only through selectors named
``<entity>_list_for_user(*, user)`` and ``<entity>_get_for_user(*, user, pk)``, which ask the same
policy (``list_for_user`` and ``get_for_user_or_404`` below). So the admin and everything else
agree on one answer, and an object outside a user's scope is a 404, never a hint that it exists.

A model whose rows are scoped (an auditor sees only their engagement's evidence, sales only their
countries' requests) subclasses ``ScopedPermissionPolicy`` and says which rows a user may see in
``scope``; model permissions still decide whether the user may act on the model at all
(``user_may``, the same question without a row).

Users are typed one way: ``Viewer`` wherever a request may be anonymous, ``User`` where sign-in is
certain. Views behind sign-in (the admin, token-authenticated API endpoints) take an
``AuthenticatedRequest`` or ask ``signed_in_user(request)``, so nothing casts ``request.user``.
"""

from collections.abc import Iterable
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry

# Everyone a request can be: a signed-in account or nobody. (The project uses Django's own User.)
type Viewer = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """A request whose user has signed in: the admin's views and the API's, by their wiring."""

    user: User  # type: ignore[assignment]  # narrower than HttpRequest's, by the view's wiring


class WithUser(Protocol):
    """A Django request, or a REST framework one, which carries its user too."""

    @property
    def user(self) -> Any: ...


def signed_in_user(request: WithUser) -> User:
    """The request's user where sign-in is certain; refuses (403) if it somehow is not."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    return user


# Primary keys are 64-bit integers: anything longer is not one of ours, whatever its digits.
_MAX_PK_DIGITS = 19

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """For records, not content (published versions, the audit trail, evidence revisions).

    Nobody adds, changes or deletes them through the admin, superusers included; viewing still
    needs the model's view permission.
    """

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        allowed = [action for action in actions if action not in WRITE_ACTIONS]
        return bool(allowed) and super().user_has_any_permission(user, allowed)


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """A model permission policy whose instances are limited to the user's scope.

    Subclasses implement ``scope``; the model permission for the action is still required.
    """

    def scope(self, user: Viewer, action: str) -> models.Q:
        raise NotImplementedError

    def instances_user_has_any_permission_for(
        self, user: Any, actions: Iterable[str]
    ) -> models.QuerySet[Any]:
        permitted = [action for action in actions if self.user_has_permission(user, action)]
        if not permitted:
            return self.model._default_manager.none()
        if user.is_superuser:
            return self.model._default_manager.all()
        condition = models.Q(pk__in=[])
        for action in permitted:
            condition |= self.scope(user, action)
        return self.model._default_manager.filter(condition)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()


def policy_for(model: type[models.Model]) -> BasePermissionPolicy:
    """The model's registered permission policy.

    A protected model without a registered policy is a wiring mistake, not a reason to fall back
    to model permissions alone: it raises.
    """
    policy = policy_registry.get_by_type(model, fallback=False)
    if policy is None:
        raise ImproperlyConfigured(f"{model._meta.label} has no registered permission policy.")
    return policy


def user_may(model: type[models.Model], *, user: Viewer, action: str) -> bool:
    """Whether the user may ``action`` the model at all (which rows is ``list_for_user``'s)."""
    return bool(policy_for(model).user_has_permission(user, action))


def list_for_user[M: models.Model](
    model: type[M], *, user: Viewer, action: str = "view"
) -> models.QuerySet[M]:
    """The rows of ``model`` that the user may ``action``, by the model's registered policy."""
    return policy_for(model).instances_user_has_permission_for(user, action)


def get_for_user_or_404[M: models.Model](queryset: models.QuerySet[M], *, pk: object) -> M:
    """One row of an already scoped queryset, or 404 for a missing, foreign or malformed key."""
    key = parse_pk(pk)
    instance = queryset.filter(pk=key).first() if key is not None else None
    if instance is None:
        raise Http404("Not found.")
    return instance


def parse_pk(value: object) -> int | None:
    """A primary key from a URL or a form, or None when it cannot be one."""
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > _MAX_PK_DIGITS:
        return None
    number = int(text)
    return number if 0 < number < 2**63 else None
