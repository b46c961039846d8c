"""How many queries a page spends, and how many of them read role membership.

Run from the project root: ``.venv/bin/python bench/role_checks.py``. Prints one line per persona
and page (the admin's dashboard, its evidence listing, the API's), e.g.
``role_checks persona=engineer page=admin_evidence queries=23 role_queries=1``. A role query is one
that reads the user's groups by name (Django's permission checks, which read ``auth_permission``,
are not counted); each check that asks "is this user an
officer?" used to cost one, so the figure shows whether role membership is read once per request.
"""

import datetime

from _evidence_setup import control_and_engineer, setup

EVIDENCE = 20
# How a role check reads membership (groups by name); permission checks read auth_permission.
ROLE_QUERY = 'FROM "auth_group" INNER JOIN "auth_user_groups"'


def people(engineer: object) -> dict[str, object]:
    from django.contrib.auth.models import Group, User

    from isms.roles import Role

    def member(name: str, role: Role) -> object:
        user = User.objects.create_user(name)
        user.groups.add(Group.objects.get(name=role.value))
        return user

    return {
        "officer": member("officer", Role.COMPLIANCE_OFFICER),
        "engineer": engineer,
        "auditor": member("auditor", Role.AUDITOR),
    }


def data(control: object, engineer: object, auditor: object) -> None:
    from django.utils import timezone

    from evidence.content import NoteContent
    from evidence.models import Engagement
    from evidence.services import evidence_create

    today = timezone.localdate()
    for n in range(EVIDENCE):
        evidence_create(
            title=f"Weekly scan {n}",
            description="",
            controls=[control],
            products=[],
            period_start=today - datetime.timedelta(days=7),
            period_end=today - datetime.timedelta(days=1),
            produced_by=engineer,
            source="manual",
            content=NoteContent("No high findings."),
        )
    engagement = Engagement.objects.create(
        name="ISO 27001 surveillance",
        framework=control.framework,  # type: ignore[attr-defined]
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        access_ends_on=today + datetime.timedelta(days=30),
    )
    engagement.auditors.add(auditor)


def counted(get: object) -> tuple[int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = get()  # type: ignore[operator]
    assert response.status_code == 200, response.status_code
    role = sum(ROLE_QUERY in query["sql"] for query in queries.captured_queries)
    return len(queries), role


def main() -> None:
    setup("role-checks")
    from django.test import Client

    from isms.api.services import api_token_create

    control, engineer = control_and_engineer()
    users = people(engineer)
    data(control, engineer, users["auditor"])
    for persona, user in users.items():
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        client.get("/admin/")  # warm caches (content types, site)
        home = counted(lambda client=client: client.get("/admin/"))
        admin = counted(lambda client=client: client.get("/admin/evidence/"))
        _, token = api_token_create(user=user, name="bench", expires_at=None, by=user)
        api = Client(headers={"Authorization": f"Bearer {token}"})
        api.get("/api/v1/evidence/")
        listed = counted(lambda api=api: api.get("/api/v1/evidence/"))
        for page, (queries, role) in (
            ("admin_home", home),
            ("admin_evidence", admin),
            ("api_evidence", listed),
        ):
            print(
                f"role_checks persona={persona} page={page} queries={queries} role_queries={role}"
            )


if __name__ == "__main__":
    main()
