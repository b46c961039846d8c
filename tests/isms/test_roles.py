import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from isms.roles import Role, user_has_role


@pytest.mark.django_db
def test_it_creates_a_group_for_every_role() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.COMPLIANCE_OFFICER, {"add_page", "change_page", "publish_page", "lock_page"}),
        (Role.SECURITY_ENGINEER, {"add_page", "change_page"}),
        (Role.SALES, set()),
        (Role.AUDITOR, set()),
    ],
)
def test_only_officers_may_publish(role: Role, expected: set[str]) -> None:
    granted = set(
        GroupPagePermission.objects.filter(group__name=role.value, page__depth=1).values_list(
            "permission__codename", flat=True
        )
    )
    assert granted == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "admin"),
    [
        (Role.COMPLIANCE_OFFICER, True),
        (Role.SECURITY_ENGINEER, True),
        (Role.SALES, True),
        (Role.AUDITOR, True),
    ],
)
def test_admin_access_follows_the_role(role: Role, admin: bool) -> None:
    group = Group.objects.get(name=role.value)
    assert group.permissions.filter(codename="access_admin").exists() is admin


@pytest.mark.django_db
def test_the_whole_tree_goes_through_compliance_review() -> None:
    assignment = WorkflowPage.objects.get(page=Page.get_first_root_node())
    workflow = assignment.workflow
    assert workflow.name == "Compliance review"
    assert workflow.active
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [Role.COMPLIANCE_OFFICER.value]


def test_user_has_role(officer, engineer, client) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert user_has_role(officer, Role.COMPLIANCE_OFFICER)
    assert not user_has_role(engineer, Role.COMPLIANCE_OFFICER)
    assert not user_has_role(AnonymousUser(), Role.COMPLIANCE_OFFICER)
