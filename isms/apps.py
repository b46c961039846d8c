from django.apps import AppConfig
from django.db.backends.signals import connection_created


class IsmsConfig(AppConfig):
    name = "isms"
    verbose_name = "ISMS core"

    def ready(self) -> None:
        # Registers the <id:...> path converter before any app's URLs are built.
        import isms.converters
        import isms.notify.checks  # noqa: F401
        from isms.db.immutability import enable_recursive_triggers

        # Whatever the settings say: without it, SQLite's REPLACE deletes immutable rows.
        connection_created.connect(
            enable_recursive_triggers, dispatch_uid="isms_recursive_triggers"
        )
