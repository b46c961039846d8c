from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from isms.roles import Role

DEMO_PASSWORD = "trust-centre-demo"  # noqa: S105 - printed for demo sign-in; never in production


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: Role | None
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@vendela.example"


DEMO_PEOPLE = [
    DemoPerson("officer", "Olivia", "Berg", Role.COMPLIANCE_OFFICER),
    # The CISO, a second compliance officer: approves what the officer publishes (four eyes).
    DemoPerson("ciso", "Camilla", "Holm", Role.COMPLIANCE_OFFICER),
    DemoPerson("engineer", "Erik", "Lund", Role.SECURITY_ENGINEER),
    DemoPerson("sales", "Sara", "Nilsen", Role.SALES),
    DemoPerson("auditor", "Aksel", "Dahl", Role.AUDITOR),
    DemoPerson("admin", "Ada", "Admin", None, is_superuser=True),
]


def ensure_demo_people() -> dict[str, Any]:
    """Create the demo users once; existing ones (and their passwords) are left as they are."""
    users = {}
    for person in DEMO_PEOPLE:
        user, created = get_user_model().objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "is_staff": person.is_superuser,
                "is_superuser": person.is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if person.role is not None:
                user.groups.add(Group.objects.get(name=person.role.value))
        users[person.username] = user
    return users
