"""The staff roles of the product.

Each role is a Django group created by a data migration (isms/migrations/0002), so that every
installation has them, demo content or not. That migration grants each group its model
permissions and its Wagtail page permissions on the root of the page tree, and assigns the
compliance review workflow there: security engineers edit and submit, compliance officers approve
and publish, sales and auditors have no page permissions.
"""

from typing import Any

from django.db import models

# Where a user object keeps its role names once read (Django keeps permissions as `_perm_cache`).
_ROLE_CACHE = "_isms_role_names"


class Role(models.TextChoices):
    COMPLIANCE_OFFICER = "Compliance officers", "Compliance officer"
    SECURITY_ENGINEER = "Security engineers", "Security engineer"
    SALES = "Sales", "Sales contact"
    AUDITOR = "Auditors", "Auditor"


def user_has_role(user: Any, role: Role) -> bool:
    return role.value in user_role_names(user)


def user_role_names(user: Any) -> frozenset[str]:
    """The names of the user's groups, read once and kept on the user object.

    ``request.user`` is one object for the whole request, so every role check in a request, in
    permission policies, selectors, templates and hooks alike, costs one query between them (as
    Django's own permission checks share ``_perm_cache``). A change of membership is seen from
    the next request on.
    """
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, _ROLE_CACHE, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _ROLE_CACHE, names)
    return names
