from typing import Any

from django.tasks import task


@task(backend="background")
def deliver_notification(message: dict[str, Any]) -> None:
    """Send one notification rendered by `notification_send`; a failure is kept by the backend."""
    from isms.notify.message import Message
    from isms.notify.services import notification_deliver

    notification_deliver(Message.from_task_arguments(message))
