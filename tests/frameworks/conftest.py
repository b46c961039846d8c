"""The SoA's fixtures and helpers live in tests/soa.py, a plugin every test folder shares."""

from tests.soa import ANNEX_A_REFS, EXCLUSION, entry, exclude, publish

__all__ = ["ANNEX_A_REFS", "EXCLUSION", "entry", "exclude", "publish"]
