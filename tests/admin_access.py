"""What Wagtail's admin answers to someone who may not open a view.

A visitor without admin access (anonymous, a user with no role) is sent to the sign-in page; a
user with admin access but without the permission (sales, auditors) is sent to the admin
dashboard with Wagtail's "no permission" message.
"""

from typing import Any

from django.contrib.messages import get_messages
from django.urls import reverse

NO_PERMISSION = "Sorry, you do not have permission to access this area."


def messages_of(response: Any) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def assert_sent_to_sign_in(response: Any, url: str) -> None:
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={url}"


def assert_refused_inside_admin(response: Any) -> None:
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert NO_PERMISSION in messages_of(response)
