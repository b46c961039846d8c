"""The SoA's fixtures, for tests that treat SoA versions as one record type among others."""

from tests.frameworks.conftest import annex_a, approver, stub_soa_pdf

__all__ = ["annex_a", "approver", "stub_soa_pdf"]
