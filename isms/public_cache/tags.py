"""Dependency tags of cached public pages, each with a random token kept in the default cache.

An entry stores the tokens its tags had when its rendering began; replacing a tag's token makes
every entry that depends on it unreachable. Tokens are random, never counters, so a tag whose
token the cache evicted cannot come back with a value an old entry was stored with. The epoch is
replaced by every bump: a rendering that saw it change is not stored, since it may have read the
data from before the change it overlapped with.
"""

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

TAG_PREFIX = "public-page-tag:"
EPOCH_KEY = "public-page-epoch"
SETTINGS = "settings"
NAVIGATION = "nav"


def page_tag(page_id: int) -> str:
    return f"page:{page_id}"


def tag_tokens(tags: Iterable[str]) -> dict[str, str]:
    """The current token of each tag, giving a token to a tag that has none yet."""
    keys = {TAG_PREFIX + tag: tag for tag in tags}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            # add() keeps a token another process gave the tag meanwhile.
            cache.add(key, uuid.uuid4().hex, timeout=None)
        found |= cache.get_many(missing)
    return {keys[key]: token for key, token in found.items()}


def tags_current(tokens: dict[str, str]) -> bool:
    """Whether every tag still has the token an entry was stored with."""
    keys = {TAG_PREFIX + tag: token for tag, token in tokens.items()}
    return cache.get_many(list(keys)) == keys


def epoch() -> str | None:
    return cache.get(EPOCH_KEY)


def tags_bump(tags: Iterable[str]) -> None:
    """Replace the tags' tokens now, and again once the current transaction commits.

    The first bump keeps readers from being served the old page while the change is written; the
    second makes unreachable whatever a reader rendered from the old data in between. A failure
    of the first propagates (the change rolls back rather than leave an entry that shows it
    wrong); one after the commit is logged by `on_commit`.
    """
    tags = list(tags)
    if not tags:
        return
    _replace_tokens(tags)
    transaction.on_commit(lambda: _replace_tokens(tags), robust=True)


def _replace_tokens(tags: list[str]) -> None:
    token = uuid.uuid4().hex
    cache.set_many({TAG_PREFIX + tag: token for tag in tags} | {EPOCH_KEY: token}, timeout=None)
