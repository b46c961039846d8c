"""The search-shaped evidence scope (terms) against the database's (the Q), persona by persona."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.utils import timezone

from evidence.models import Evidence, ReviewStatus
from evidence.search_scope import (
    Action,
    evidence_scope_terms,
    evidence_scope_terms_for,
    viewer_scope_terms,
)
from evidence.selectors import evidence_list_for_user
from evidence.services import evidence_review, evidence_update
from isms.roles import Role
from tests.factories import (
    ControlFactory,
    EngagementFactory,
    FrameworkFactory,
    UserFactory,
    make_evidence,
)

CLOUD = "Scan of Vendela Cloud"
AWAITING = "Scan awaiting review"
WHOLE_ORGANISATION = "Organisation-wide scan"
MOBILE = "Scan of Vendela Mobile"
TWO_YEARS_AGO = "Scan from two years ago"
ACCESS_REVIEW = "SOC 2 access review"
BY_INACTIVE = "Scan by a deactivated engineer"
EVERYTHING = {
    CLOUD,
    AWAITING,
    WHOLE_ORGANISATION,
    MOBILE,
    TWO_YEARS_AGO,
    ACCESS_REVIEW,
    BY_INACTIVE,
}

# Who sees which evidence and who may change it, by the rule in evidence.permissions.
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "anonymous": (set(), set()),
    "officer": (EVERYTHING, EVERYTHING),
    "superuser": (EVERYTHING, EVERYTHING),
    "engineer": (
        {CLOUD, AWAITING, MOBILE, TWO_YEARS_AGO, BY_INACTIVE},
        {CLOUD, AWAITING, MOBILE, TWO_YEARS_AGO, BY_INACTIVE},
    ),
    "other_engineer": (
        {WHOLE_ORGANISATION, MOBILE, ACCESS_REVIEW},
        {WHOLE_ORGANISATION, MOBILE, ACCESS_REVIEW},
    ),
    "control_owner": ({ACCESS_REVIEW}, {ACCESS_REVIEW}),
    "auditor_in_scope": ({CLOUD, WHOLE_ORGANISATION, BY_INACTIVE}, set()),
    "soc2_auditor": ({ACCESS_REVIEW}, set()),
    "engineer_also_auditing": ({ACCESS_REVIEW}, set()),
    "auditor_access_ended": (set(), set()),
    "auditor": (set(), set()),
    "sales": (set(), set()),
    "outsider": (set(), set()),
    "inactive": (set(), set()),
}


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def inactive(db: None) -> Any:
    """A security engineer who has left: their account is deactivated, their evidence stays."""
    return UserFactory(username="left", role=Role.SECURITY_ENGINEER, is_active=False)


@pytest.fixture
def soc2_control(db: None) -> Any:
    soc2 = FrameworkFactory(code="soc2-2017", name="SOC 2", edition="2017", kind="assurance_report")
    return ControlFactory(framework=soc2, ref="CC6.1", title="Logical access")


@pytest.fixture
def control_owner(soc2_control: Any) -> Any:
    user = UserFactory(username="control-owner", role=Role.SECURITY_ENGINEER)
    soc2_control.owner = user
    soc2_control.save()
    return user


@pytest.fixture
def soc2_engagement(soc2_control: Any) -> Any:
    """An open SOC 2 engagement over the past year, covering the whole organisation."""
    return EngagementFactory(framework=soc2_control.framework)


@pytest.fixture
def soc2_auditor(soc2_engagement: Any) -> Any:
    user = UserFactory(username="soc2-auditor", role=Role.AUDITOR)
    soc2_engagement.auditors.add(user)
    return user


@pytest.fixture
def engineer_also_auditing(soc2_engagement: Any) -> Any:
    """A security engineer who also sits in the SOC 2 engagement: sees it, changes none of it."""
    user: Any = UserFactory(username="engineer-auditing", role=Role.SECURITY_ENGINEER)
    user.groups.add(Group.objects.get(name=Role.AUDITOR.value))
    soc2_engagement.auditors.add(user)
    return user


@pytest.fixture
def auditor_access_ended(annex_a_control: Any) -> Any:
    """An auditor of an ISO 27001 engagement whose access ended yesterday."""
    user = UserFactory(username="auditor-ended", role=Role.AUDITOR)
    yesterday = timezone.localdate() - timedelta(days=1)
    engagement: Any = EngagementFactory(
        framework=annex_a_control.framework, access_ends_on=yesterday
    )
    engagement.auditors.add(user)
    return user


def tagged(evidence: Evidence, *, by: Any, products: list[Any]) -> Evidence:
    return evidence_update(
        evidence=evidence,
        by=by,
        title=evidence.title,
        description="",
        controls=list(evidence.controls.all()),
        products=products,
    )


@pytest.fixture
def evidence_set(
    officer: Any,
    engineer: Any,
    other_engineer: Any,
    inactive: Any,
    product: Any,
    other_product: Any,
    annex_a_control: Any,
    soc2_control: Any,
    control_owner: Any,
    auditor_in_scope: Any,
    soc2_auditor: Any,
    engineer_also_auditing: Any,
    auditor_access_ended: Any,
) -> dict[str, int]:
    """Evidence inside and outside the auditors' engagements, by several producers."""
    today = timezone.localdate()
    two_years_ago = (today - timedelta(days=800), today - timedelta(days=700))
    made = [
        make_evidence(
            title=CLOUD, controls=[annex_a_control], produced_by=engineer, products=[product]
        ),
        make_evidence(
            title=AWAITING, controls=[annex_a_control], produced_by=engineer, products=[product]
        ),
        make_evidence(
            title=WHOLE_ORGANISATION, controls=[annex_a_control], produced_by=other_engineer
        ),
        # Officers tagged these two: an engineer tags only the products of the companies they
        # secure.
        tagged(
            make_evidence(title=MOBILE, controls=[annex_a_control], produced_by=engineer),
            by=officer,
            products=[other_product],
        ),
        make_evidence(
            title=TWO_YEARS_AGO,
            controls=[annex_a_control],
            produced_by=engineer,
            products=[product],
            period=two_years_ago,
        ),
        make_evidence(title=ACCESS_REVIEW, controls=[soc2_control], produced_by=other_engineer),
        tagged(
            make_evidence(title=BY_INACTIVE, controls=[annex_a_control], produced_by=inactive),
            by=officer,
            products=[product],
        ),
    ]
    for evidence in made:
        if evidence.title != AWAITING:
            evidence_review(evidence=evidence, by=officer, decision=ReviewStatus.ACCEPTED)
    return {evidence.title: evidence.pk for evidence in made}


@pytest.mark.parametrize("action", ["view", "change"])
@pytest.mark.parametrize("persona", list(EXPECTED))
def test_terms_show_each_persona_what_the_database_shows(
    request: pytest.FixtureRequest, evidence_set: dict[str, int], persona: str, action: Action
) -> None:
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    expected_view, expected_change = EXPECTED[persona]
    expected = {
        evidence_set[title] for title in (expected_view if action == "view" else expected_change)
    }

    in_database = set(evidence_list_for_user(user=user, action=action).values_list("pk", flat=True))
    wanted = viewer_scope_terms(user, action)
    documents = evidence_scope_terms_for(Evidence.objects.all())
    in_search = {pk for pk, terms in documents.items() if wanted & terms}

    assert in_database == expected
    assert in_search == in_database


def test_it_reads_the_terms_of_a_batch_in_five_queries(
    evidence_set: dict[str, int], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(5):
        documents = evidence_scope_terms_for(Evidence.objects.all())

    assert len(documents) == len(evidence_set)
    for evidence in Evidence.objects.all():
        assert evidence_scope_terms(evidence) == documents[evidence.pk]
