"""The intake cache's database table, created with the schema wherever the schema is migrated."""

from typing import Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS


def intake_cache_table_create(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate receiver: `createcachetable`, so that `migrate` alone sets a site up.

    Without Redis the intake throttle counts in a database table, which no migration creates.
    The command makes the tables of every database cache that lacks one, and nothing else.
    """
    call_command("createcachetable", database=using, verbosity=0)
