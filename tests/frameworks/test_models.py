import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from isms.frameworks.models import Control, ControlMapping
from isms.frameworks.refs import MalformedReferenceError
from tests.factories import ControlFactory, FrameworkFactory


@pytest.fixture
def vulnerabilities(db: None) -> Control:
    return ControlFactory(ref="A.8.8", title="Technical vulnerability management")


def test_a_control_is_addressed_by_framework_code_and_reference(vulnerabilities: Control) -> None:
    assert vulnerabilities.address == "iso27001-2022:A.8.8"
    assert str(vulnerabilities) == "iso27001-2022:A.8.8 Technical vulnerability management"


def test_it_finds_a_control_by_its_address(vulnerabilities: Control) -> None:
    ControlFactory(ref="A.8.8", framework=FrameworkFactory(code="iso27001-2013"))

    assert Control.objects.get_by_address("iso27001-2022:A.8.8") == vulnerabilities
    assert Control.objects.get_by_address(" iso27001-2022:A.8.8 ") == vulnerabilities


def test_it_names_an_unknown_address(vulnerabilities: Control) -> None:
    with pytest.raises(
        Control.DoesNotExist, match=r"^There is no control iso27001-2022:A\.8\.9\.$"
    ):
        Control.objects.get_by_address("iso27001-2022:A.8.9")
    with pytest.raises(Control.DoesNotExist, match=r"There is no control iso9001-2015:A.8.8"):
        Control.objects.get_by_address("iso9001-2015:A.8.8")


@pytest.mark.parametrize("address", ["A.8.8", "iso27001-2022/A.8.8", "iso27001-2022:A.8.08"])
def test_it_refuses_a_malformed_address(vulnerabilities: Control, address: str) -> None:
    with pytest.raises(MalformedReferenceError, match="write <framework code>:<reference>"):
        Control.objects.get_by_address(address)


def test_the_database_refuses_two_controls_with_one_reference(vulnerabilities: Control) -> None:
    with pytest.raises(IntegrityError):
        ControlFactory(ref="A.8.8")


def test_the_database_refuses_a_control_mapped_to_itself(vulnerabilities: Control) -> None:
    with pytest.raises(IntegrityError):
        ControlMapping.objects.create(
            from_control=vulnerabilities, to_control=vulnerabilities, relation="equal"
        )


def test_a_mapping_to_itself_is_refused_with_a_clear_message(vulnerabilities: Control) -> None:
    mapping = ControlMapping(
        from_control=vulnerabilities, to_control=vulnerabilities, relation="equal", rationale="x"
    )

    with pytest.raises(ValidationError, match=r"A control cannot be mapped to itself."):
        mapping.full_clean()


def test_the_database_refuses_the_same_pair_mapped_twice(vulnerabilities: Control) -> None:
    patching = ControlFactory(ref="A.8.19")
    ControlMapping.objects.create(
        from_control=vulnerabilities, to_control=patching, relation="intersect"
    )

    with pytest.raises(IntegrityError):
        ControlMapping.objects.create(
            from_control=vulnerabilities, to_control=patching, relation="subset"
        )


def test_the_database_refuses_an_unknown_cadence(vulnerabilities: Control) -> None:
    with pytest.raises(IntegrityError):
        Control.objects.filter(pk=vulnerabilities.pk).update(evidence_cadence=2)
