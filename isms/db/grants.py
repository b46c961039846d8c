"""The migration operation that grants the staff roles (isms.roles) their model permissions.

Each app grants its own models' permissions in a data migration of its own::

    GrantPermissions("evidence", {
        "Compliance officers": ["add_evidence", "view_evidence", "review_evidence"],
        "Auditors": ["view_evidence"],
    })

Permissions are normally created after all migrations have run; the groups need them now, so the
operation creates them first. Reversing it removes exactly what it granted.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations


def GrantPermissions(  # noqa: N802 - reads as the migration operation it returns
    app_label: str, grants: Mapping[str, Iterable[str]]
) -> migrations.RunPython:
    frozen = {group: tuple(codenames) for group, codenames in grants.items()}

    def permissions(apps: Any, codenames: Iterable[str]) -> Any:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        return apps.get_model("auth.Permission").objects.filter(
            content_type__app_label=app_label, codename__in=list(codenames)
        )

    def grant(apps: Any, schema_editor: Any) -> None:
        for name, codenames in frozen.items():
            group, _ = apps.get_model("auth.Group").objects.get_or_create(name=name)
            group.permissions.add(*permissions(apps, codenames))

    def revoke(apps: Any, schema_editor: Any) -> None:
        for name, codenames in frozen.items():
            for group in apps.get_model("auth.Group").objects.filter(name=name):
                group.permissions.remove(*permissions(apps, codenames))

    return migrations.RunPython(grant, revoke)


def codenames(actions: Iterable[str], models: Iterable[str]) -> list[str]:
    """``add_evidence``, ``view_evidence``, ...: each action for each model."""
    models = tuple(models)
    return [f"{action}_{model}" for action in actions for model in models]
