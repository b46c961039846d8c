from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.tasks import task_backends
from django.tasks.backends.immediate import ImmediateBackend


@checks.register(checks.Tags.compatibility, deploy=True)
def check_tasks_run_outside_requests(**kwargs: Any) -> list[checks.CheckMessage]:
    """With the immediate backend, each notification and PDF is made inside the request."""
    if not isinstance(task_backends["background"], ImmediateBackend):
        return []
    return [
        checks.Warning(
            "Background tasks run inside the request: e-mails are sent and PDFs rendered while "
            "the user waits, and a slow mail server slows every page that notifies.",
            hint="Set TASKS_BACKEND to a queueing backend such as "
            "django_tasks_db.DatabaseBackend and run `manage.py db_worker --backend background`.",
            id="isms.W001",
        )
    ]


@checks.register(checks.Tags.compatibility)
def check_site_base_url(**kwargs: Any) -> list[checks.CheckMessage]:
    """Every e-mail link starts at WAGTAILADMIN_BASE_URL (``isms.notify.links``)."""
    from isms.notify.links import site_base_url

    try:
        site_base_url()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Set WAGTAILADMIN_BASE_URL to the address people open the admin at.",
                id="isms.E002",
            )
        ]
    return []
