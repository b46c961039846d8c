from typing import Any

from django.db.models import Q

from isms.access import ScopedPermissionPolicy, Viewer
from isms.roles import Role, user_has_role


class ApiTokenPermissionPolicy(ScopedPermissionPolicy):
    """Compliance officers oversee every token; everyone else sees and revokes only their own.

    The model permissions (granted by migration 0002: officers and security engineers may add,
    view and change, where change means revoke) decide whether a user may act on tokens at all.
    Nobody deletes a token: the audit trail names it.
    """

    def scope(self, user: Viewer, action: str) -> Q:
        if user_has_role(user, Role.COMPLIANCE_OFFICER):
            # Not Q(): OR-ed with the policy's empty start, an empty Q would vanish.
            return Q(pk__isnull=False)
        return Q(user_id=user.pk)

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action != "delete" and super().user_has_permission(user, action)
