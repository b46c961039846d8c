"""The staff roles of the product.

Each role is a Django group created by a data migration (isms/migrations/0002), so that every
installation has them, demo content or not. That migration grants each group its model
permissions and its Wagtail page permissions on the root of the page tree, and assigns the
compliance review workflow there: security engineers edit and submit, compliance officers approve
and publish, sales and auditors have no page permissions.
"""

from typing import Any

from django.db import models


class Role(models.TextChoices):
    COMPLIANCE_OFFICER = "Compliance officers", "Compliance officer"
    SECURITY_ENGINEER = "Security engineers", "Security engineer"
    SALES = "Sales", "Sales contact"
    AUDITOR = "Auditors", "Auditor"


def user_has_role(user: Any, role: Role) -> bool:
    return bool(user.is_authenticated) and user.groups.filter(name=role.value).exists()
