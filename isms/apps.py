from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class IsmsConfig(AppConfig):
    name = "isms"
    verbose_name = "ISMS core"

    def ready(self) -> None:
        # Registers the <id:...> path converter before any app's URLs are built.
        import isms.converters
        import isms.notify.checks  # noqa: F401
        from isms.admin_times import register_admin_time_display, register_export_times_in_utc
        from isms.db.immutability import enable_recursive_triggers
        from isms.intake.cache import intake_cache_table_create
        from isms.public_cache.invalidation import connect as connect_public_cache

        # Whatever the settings say: without it, SQLite's REPLACE deletes immutable rows.
        connection_created.connect(
            enable_recursive_triggers, dispatch_uid="isms_recursive_triggers"
        )
        post_migrate.connect(
            intake_cache_table_create, sender=self, dispatch_uid="isms_intake_cache_table"
        )
        connect_public_cache()
        register_admin_time_display()
        register_export_times_in_utc()
