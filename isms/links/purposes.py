"""What capability links are for, declared by the apps that make them.

A purpose is a dotted name, ``<app>.<what the link does>`` ("report_request.confirm_email",
"disclosure.follow"), kept in a plain column: a new purpose needs no migration of the core's
table, and the core names no app. An app registers its purposes in ``AppConfig.ready()``; the
services refuse a purpose nobody registered, so a typo fails where it is made.
"""

import re
from dataclasses import dataclass

PURPOSE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
MAX_PURPOSE_LENGTH = 64


@dataclass(frozen=True)
class LinkPurpose:
    name: str
    label: str


_purposes: dict[str, LinkPurpose] = {}


def register_link_purpose(name: str, label: str) -> LinkPurpose:
    """Declare a purpose (call from ``AppConfig.ready``); declaring it again changes nothing."""
    if len(name) > MAX_PURPOSE_LENGTH or not PURPOSE_PATTERN.match(name):
        raise ValueError(f"A link purpose is a dotted lower-case name, like 'app.action': {name!r}")
    purpose = LinkPurpose(name=name, label=label)
    if _purposes.setdefault(name, purpose) != purpose:
        raise ValueError(f"The link purpose {name!r} is registered with another label.")
    return purpose


def link_purpose(name: str) -> LinkPurpose:
    """The registered purpose of that name; LookupError if no app declared it."""
    try:
        return _purposes[name]
    except KeyError:
        raise LookupError(f"No app registered the link purpose {name!r}.") from None
