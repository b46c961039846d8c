from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

ADMIN_PATH_PREFIXES = ("/admin/",)


class AdminContentSecurityPolicyMiddleware:
    """Gives Wagtail's admin its own, looser Content Security Policy.

    The public site forbids inline script entirely (settings.SECURE_CSP). Wagtail's admin still
    needs inline script and style, so responses under the admin prefixes carry settings.ADMIN_CSP.
    It sits after Django's ContentSecurityPolicyMiddleware in MIDDLEWARE, so its response hook runs
    first and the CSP middleware then builds the header from the policy chosen here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PATH_PREFIXES) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP  # type: ignore[attr-defined]
        return response
