from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from policies.admin_messages import show_announced_publications


class PublicationRefusalMiddleware:
    """Shows a publication the rules refused as a message in the admin, not as a server error.

    Paths with no form of ours, such as approving from the review dashboard, publish straight
    away, and `policies.services.document_version_record` refuses inside the publishing
    transaction. By the time Django hands the exception here, the request's transaction has
    been rolled back, so nothing was published; the officer is sent back with the reason.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, ValidationError):
            return None
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        messages.error(request, " ".join(exception.messages))
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("wagtailadmin_home")
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # Wagtail's workflow modal follows this answer's redirect, where the message shows.
            return JsonResponse({"step": "success", "redirect": back})
        return redirect(back)


class PublicationAnnouncementMiddleware:
    """Tells the officer which version an admin request published, and from when it applies.

    Runs after the view, once the request's transaction has committed (ATOMIC_REQUESTS), and
    before Django's MessageMiddleware stores the messages; see `policies.admin_messages`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(reverse("wagtailadmin_home")):
            show_announced_publications(request)
        return response
