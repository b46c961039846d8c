from collections.abc import Iterable
from typing import Any

from django.utils.text import Truncator

# The columns that freeze a person's name hold this many characters.
NAME_MAX_LENGTH = 150


def display_name(user: Any, *, limit: int = NAME_MAX_LENGTH) -> str:
    """The name a record freezes for a person, cut to fit the column it is stored in."""
    if user is None:
        return ""
    name = user.get_full_name() or user.get_username()
    return Truncator(name).chars(limit)


def frozen_authors(users: Iterable[Any]) -> list[dict[str, Any]]:
    """Authors as a record keeps them, ``[{"id": user id, "name": name then}]``, in order."""
    return [{"id": user.pk, "name": display_name(user)} for user in users]
