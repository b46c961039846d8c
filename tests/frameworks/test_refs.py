import pytest

from isms.frameworks.refs import ControlAddress, MalformedReferenceError, parent_refs, ref_sort_key


def test_it_sorts_references_numerically_with_clauses_before_annex_a() -> None:
    refs = ["A.5.10", "10.1", "A.5.2", "A.8.1", "9.3.3", "6.1", "6.1.2", "A.6.8", "CO10.1", "CO2.1"]

    assert sorted(refs, key=ref_sort_key) == [
        "6.1",
        "6.1.2",
        "9.3.3",
        "10.1",
        "A.5.2",
        "A.5.10",
        "A.6.8",
        "A.8.1",
        "CO2.1",
        "CO10.1",
    ]


@pytest.mark.parametrize("ref", ["", "A..5", "a.5.1", "A.5.", ".5", "6.01", "A.5.1 ", "6-1", "A.0"])
def test_it_refuses_malformed_references(ref: str) -> None:
    with pytest.raises(MalformedReferenceError, match="is not a control reference"):
        ref_sort_key(ref)


def test_it_lists_the_references_that_may_contain_a_sub_clause() -> None:
    assert parent_refs("7.5.3.1") == ["7.5.3", "7.5", "7"]
    assert parent_refs("4") == []


def test_it_parses_an_address_into_framework_code_and_reference() -> None:
    assert ControlAddress.parse("iso27001-2022:A.8.8") == ControlAddress("iso27001-2022", "A.8.8")
    assert str(ControlAddress("iso9001-2015", "7.5.3")) == "iso9001-2015:7.5.3"


@pytest.mark.parametrize(
    "address", ["A.8.8", "iso27001-2022", "iso27001-2022:", ":A.8.8", "ISO27001:A.8.8", "x:A..8"]
)
def test_it_refuses_malformed_addresses(address: str) -> None:
    with pytest.raises(MalformedReferenceError, match="is not a control address"):
        ControlAddress.parse(address)
