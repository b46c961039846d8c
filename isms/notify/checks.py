from typing import Any

from django.core import checks
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
