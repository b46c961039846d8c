"""What a view that takes a capability link wraps itself in."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponseBase

from isms.intake.throttle import Throttled, intake_throttled_response
from isms.links.services import LinkRefused

type View = Callable[..., HttpResponseBase]


def capability_link_view(view: View) -> View:
    """Answer a refused link with the site's 404 and a throttled client with 429, returned
    rather than raised.

    Requests are atomic (``ATOMIC_REQUESTS``): an exception out of the view rolls back what the
    request wrote, the refusal's audit event and, on the database cache, its count. A response
    commits them. The 404 is the one Django gives for any ``Http404``, byte for byte, so a
    visitor cannot tell a refused link from a missing page.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except LinkRefused:
            return response_for_exception(request, Http404())
        except Throttled as throttled:
            return intake_throttled_response(request, throttled)

    return wrapped
