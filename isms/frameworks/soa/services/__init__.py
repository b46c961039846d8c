"""Writes to the Statement of Applicability: its entries, their submission and approval, and the
publication the approval makes."""

from isms.frameworks.soa.services.approval import (
    soa_submission_approve,
    soa_submission_send_back,
    soa_submission_withdraw,
    soa_version_submit,
)
from isms.frameworks.soa.services.entries import soa_entries_ensure, soa_entry_update
from isms.frameworks.soa.services.publication import soa_downloaded

__all__ = [
    "soa_downloaded",
    "soa_entries_ensure",
    "soa_entry_update",
    "soa_submission_approve",
    "soa_submission_send_back",
    "soa_submission_withdraw",
    "soa_version_submit",
]
