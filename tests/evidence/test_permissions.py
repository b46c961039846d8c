"""``sees_as_producer``, the answer to an upload without a query, agrees with the policy."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission

from evidence.models import Evidence
from evidence.permissions import sees_as_producer
from isms.access import list_for_user
from tests.factories import UserFactory, make_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def adder_only(db: None) -> Any:
    """No role, only the permission to add evidence: may submit, may not view."""
    user = UserFactory(username="adder")
    user.user_permissions.add(Permission.objects.get(codename="add_evidence"))
    return user


@pytest.fixture
def adder_viewer(adder_only: Any) -> Any:
    adder_only.user_permissions.add(Permission.objects.get(codename="view_evidence"))
    return adder_only


@pytest.mark.parametrize(
    "persona",
    ["officer", "engineer", "auditor", "sales", "outsider", "adder_only", "adder_viewer"],
)
def test_it_says_what_the_policy_says_of_evidence_one_produced(
    request: pytest.FixtureRequest, persona: str, engineer: Any, annex_a_control: Any
) -> None:
    user = request.getfixturevalue(persona)
    own = make_evidence(controls=[annex_a_control], produced_by=user)
    others = make_evidence(controls=[annex_a_control], produced_by=engineer)
    user = type(user).objects.get(pk=user.pk)  # no permission cache from the fixtures

    visible = set(list_for_user(Evidence, user=user).values_list("pk", flat=True))

    assert sees_as_producer(user, own) is (own.pk in visible)
    if user != engineer:
        assert sees_as_producer(user, others) is False
