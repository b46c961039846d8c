"""The access seam: read-only and scoped permission policies, scoped lookups that answer 404."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import Http404

from isms.access import (
    ReadOnlyPermissionPolicy,
    ScopedPermissionPolicy,
    Viewer,
    get_for_user_or_404,
    list_for_user,
    parse_pk,
)
from policies.models import DocumentVersion
from tests.factories import UserFactory, publish_version


class GroupsNamedAfterYou(ScopedPermissionPolicy):
    """A stand-in scope: a user sees the groups whose name starts with their username."""

    def scope(self, user: Viewer, action: str) -> models.Q:
        return models.Q(name__startswith=user.get_username())


@pytest.fixture
def viewer_of_groups(db: None) -> Any:
    user = UserFactory(username="ana")
    user.user_permissions.add(Permission.objects.get(codename="view_group"))
    return user


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        ("9223372036854775807", 9223372036854775807),  # the largest signed 64-bit key
        ("9223372036854775808", None),
        ("4" * 4301, None),
        ("0", None),
        ("-1", None),
        ("abc", None),
        ("١٢", None),  # Arabic-Indic digits pass str.isdigit() but are not our keys
        ("1e3", None),
        ("", None),
    ],
)
def test_parse_pk_accepts_only_our_keys(text: str, expected: int | None) -> None:
    assert parse_pk(text) == expected


def test_get_for_user_or_404_returns_a_row_in_scope(db: None) -> None:
    group = Group.objects.create(name="Readers")
    assert get_for_user_or_404(Group.objects.all(), pk=str(group.pk)) == group


@pytest.mark.parametrize("pk", ["999999", "abc", "4" * 5000, ""])
def test_get_for_user_or_404_answers_404_for_anything_else(db: None, pk: str) -> None:
    Group.objects.create(name="Readers")
    with pytest.raises(Http404):
        get_for_user_or_404(Group.objects.all(), pk=pk)


def test_get_for_user_or_404_hides_rows_outside_the_scope(db: None) -> None:
    hidden = Group.objects.create(name="Hidden")
    with pytest.raises(Http404):
        get_for_user_or_404(Group.objects.exclude(name="Hidden"), pk=hidden.pk)


def test_a_scoped_policy_lists_only_the_users_rows(viewer_of_groups: Any) -> None:
    Group.objects.create(name="ana-team")
    Group.objects.create(name="bob-team")
    policy = GroupsNamedAfterYou(Group)
    visible = policy.instances_user_has_permission_for(viewer_of_groups, "view")
    assert sorted(visible.values_list("name", flat=True)) == ["ana-team"]


def test_a_scoped_policy_still_needs_the_model_permission(db: None) -> None:
    Group.objects.create(name="cleo-team")
    without_permission = UserFactory(username="cleo")
    policy = GroupsNamedAfterYou(Group)
    assert not policy.instances_user_has_permission_for(without_permission, "view").exists()
    assert not policy.instances_user_has_permission_for(AnonymousUser(), "view").exists()


def test_a_scoped_policy_answers_for_one_instance(viewer_of_groups: Any) -> None:
    mine, theirs = Group.objects.create(name="ana-x"), Group.objects.create(name="bob-x")
    policy = GroupsNamedAfterYou(Group)
    assert policy.user_has_permission_for_instance(viewer_of_groups, "view", mine)
    assert not policy.user_has_permission_for_instance(viewer_of_groups, "view", theirs)
    assert not policy.user_has_permission_for_instance(viewer_of_groups, "change", mine)


def test_a_read_only_policy_refuses_writes_even_to_superusers(db: None) -> None:
    superuser = UserFactory(username="root", is_superuser=True)
    policy = ReadOnlyPermissionPolicy(DocumentVersion)
    assert policy.user_has_permission(superuser, "view")
    for action in ("add", "change", "delete"):
        assert not policy.user_has_permission(superuser, action)
    assert not policy.user_has_any_permission(superuser, ["add", "delete"])
    assert policy.user_has_any_permission(superuser, ["delete", "view"])


def test_list_for_user_asks_the_registered_policy(
    policy: Any, officer: Any, outsider: Any, stub_pdf: None
) -> None:
    version = publish_version(policy, version="1.0", effective=date(2025, 1, 1), by=officer)
    assert list(list_for_user(DocumentVersion, user=officer)) == [version]
    assert list(list_for_user(DocumentVersion, user=outsider)) == []
    assert list(list_for_user(DocumentVersion, user=AnonymousUser())) == []


def test_list_for_user_refuses_a_model_without_a_policy(db: None) -> None:
    with pytest.raises(ImproperlyConfigured, match="no registered permission policy"):
        list_for_user(Permission, user=AnonymousUser())


def test_user_may_asks_the_models_policy_without_a_row(db: None) -> None:
    from evidence.models import Evidence, EvidenceRevision
    from isms.access import user_may
    from isms.roles import Role

    engineer = UserFactory(role=Role.SECURITY_ENGINEER)
    sales = UserFactory(role=Role.SALES)

    assert user_may(Evidence, user=engineer, action="add")
    assert not user_may(Evidence, user=sales, action="view")
    assert not user_may(Evidence, user=AnonymousUser(), action="view")
    # Revisions are records: nobody adds one through the policy, superusers included.
    assert not user_may(EvidenceRevision, user=UserFactory(is_superuser=True), action="add")


def test_user_may_refuses_a_model_without_a_policy(db: None) -> None:
    from isms.access import user_may

    with pytest.raises(ImproperlyConfigured, match="no registered permission policy"):
        user_may(Permission, user=UserFactory(), action="view")


def test_role_membership_is_read_once_per_user_object(db: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from isms.roles import Role, user_has_role

    user = UserFactory(role=Role.SECURITY_ENGINEER)
    with CaptureQueriesContext(connection) as queries:
        answers = [user_has_role(user, role) for role in Role for _ in range(3)]

    assert answers.count(True) == 3
    assert len(queries) == 1


def test_signed_in_user_refuses_an_anonymous_request(rf: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from isms.access import signed_in_user

    request = rf.get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        signed_in_user(request)
