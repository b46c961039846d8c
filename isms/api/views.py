"""The base view of every API endpoint, and the schema and docs pages."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpResponseBase
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from isms.api.authentication import request_token
from isms.api.models import ApiToken
from isms.api.schema import ERROR_RESPONSES
from isms.api.throttling import TokenRateThrottle


class ApiView(APIView):
    """An API endpoint: bearer token, JSON, rate limit, JSON errors (from REST_FRAMEWORK).

    Served outside the request transaction (``non_atomic_requests``): each write happens in its
    own atomic service, and a token's use is recorded even when the request then fails (DRF
    rolls back the request's transaction on every error response). It also keeps SQLite reads
    from taking the write lock (IMMEDIATE mode).
    """

    # Tells the exception handler that this view's errors take the API's JSON shape.
    isms_api = True
    throttle_classes = [TokenRateThrottle]

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Callable[..., Any]:
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        # Answers hold gated data or a token's own details: no shared or browser cache keeps them.
        response = super().finalize_response(request, response, *args, **kwargs)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema, public: it describes the API and holds no data."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRateThrottle]
    isms_api = True


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the site's own static files, its start-up script at ``?script``.

    The split view serves that script as a file, so the page runs under the site's CSP with no
    inline script; the template has no inline style either.
    """

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRateThrottle]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"


class CurrentTokenSerializer(serializers.Serializer[ApiToken]):
    user = serializers.CharField(source="user.get_username")
    name = serializers.CharField()
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)


class CurrentTokenView(ApiView):
    """Who a token acts as: a pipeline's first check that its secret works."""

    @extend_schema(
        summary="The token making this request",
        description="Whose token this is, its name and when it expires.",
        responses={200: CurrentTokenSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        token = request_token(request)
        if token is None:  # pragma: no cover - only bearer authentication is configured
            raise NotAuthenticated()
        return Response(CurrentTokenSerializer(token).data)
