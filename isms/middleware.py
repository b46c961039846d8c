from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

ADMIN_PATH_PREFIXES = ("/admin/",)


class AdminContentSecurityPolicyMiddleware:
    """Gives Wagtail's admin its own, looser Content Security Policy, and its previews theirs.

    The public site forbids inline script entirely (settings.SECURE_CSP). Wagtail's admin still
    needs inline script and style, so responses under the admin prefixes carry settings.ADMIN_CSP.
    A preview is a public page rendered for the editor's preview panel: Wagtail runs it through
    the middleware again as a dummy request for the page's own address (request.is_preview), so
    it would get the public frame-ancestors 'none' and the panel could not frame it; it gets
    settings.PREVIEW_CSP. This middleware sits after Django's ContentSecurityPolicyMiddleware in
    MIDDLEWARE, so its response hook runs first and the CSP middleware then builds the header
    from the policy chosen here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if hasattr(response, "_csp_config"):
            return response
        if getattr(request, "is_preview", False):
            response._csp_config = settings.PREVIEW_CSP  # type: ignore[attr-defined]
        elif request.path.startswith(ADMIN_PATH_PREFIXES):
            response._csp_config = settings.ADMIN_CSP  # type: ignore[attr-defined]
        return response


class PermissionsPolicyMiddleware:
    """Tells browsers that no page of this site uses powerful features, so none may be granted.

    Django has no setting for this header. The list comes from settings.PERMISSIONS_POLICY, each
    feature with an empty allow-list: "camera=()" means not even this site's own pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RefuseNulCharactersMiddleware:
    """Answers 400 to an admin address with a NUL character in its path or query.

    No admin search or filter has a use for one, and the databases refuse them in a query
    (SQLite: "unterminated string", PostgreSQL: "cannot contain NUL"), so Wagtail's searches
    answered 500. The public views parse their own parameters and explain a bad one in the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(ADMIN_PATH_PREFIXES) and _has_nul(request):
            return HttpResponseBadRequest(
                "The address contains a NUL character (%00), which no search or filter accepts.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )
