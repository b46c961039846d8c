"""The evidence endpoints: submit, revise, list, read and download, within the user's scope.

Each view parses the request with a serializer, calls one service or selector, and answers with
``EvidenceSerializer``. Who may do what is the evidence permission policy's answer: model
permissions first (403 for a user who may not act on evidence at all, such as sales), then the
scope (404 for evidence the user may not see, as if it did not exist).
"""

from django.conf import settings
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from evidence.api.serializers import (
    EvidenceCreateSerializer,
    EvidenceDetailSerializer,
    EvidenceFilterSerializer,
    EvidencePageSerializer,
    EvidenceSerializer,
    RevisionCreateSerializer,
)
from evidence.downloads import revision_file_response
from evidence.models import Evidence, EvidenceSource
from evidence.selectors import (
    evidence_filter,
    evidence_get_for_user,
    evidence_get_with_revisions_for_user,
    evidence_list_for_user,
    evidence_submitted_for_user,
    revision_get_for_user,
)
from evidence.services import evidence_create, evidence_revise, evidence_view_record
from isms.access import signed_in_user, user_may
from isms.api.errors import PayloadTooLarge, error_response
from isms.api.pagination import ApiPagination
from isms.api.parsers import BoundedJSONParser
from isms.api.schema import ERROR_RESPONSES
from isms.api.views import ApiView

# Room for the form fields around the file in a multipart body.
MULTIPART_OVERHEAD_BYTES = 1024 * 1024
UPLOAD_PARSERS = [MultiPartParser, FormParser, BoundedJSONParser]


def _require(request: Request, action: str, message: str) -> None:
    if not user_may(Evidence, user=request.user, action=action):
        raise PermissionDenied(message)


def _refuse_oversized(request: Request) -> None:
    """Refuse a body too large for any accepted file before reading it (413, not a full upload)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = int(settings.EVIDENCE_MAX_UPLOAD_BYTES)
    if length > limit + MULTIPART_OVERHEAD_BYTES:
        raise PayloadTooLarge(
            f"The request is {length} bytes; evidence files are at most {limit} bytes."
        )


class EvidenceListView(ApiView):
    """/api/v1/evidence/: the user's evidence (paginated, filtered), and new submissions."""

    parser_classes = UPLOAD_PARSERS

    @extend_schema(
        operation_id="evidence_list",
        summary="List the evidence you may see",
        description="Newest first, 50 a page (`page`, `page_size` up to 200). Filters combine; "
        "`period_after` and `period_before` find evidence whose period overlaps theirs.",
        parameters=[EvidenceFilterSerializer],
        responses={200: EvidencePageSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request) -> Response:
        _require(request, "view", "You have no access to evidence.")
        filters = EvidenceFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        evidence = evidence_filter(
            evidence_list_for_user(user=signed_in_user(request)), **filters.validated_data
        )
        paginator = ApiPagination()
        page = paginator.paginate_queryset(evidence, request, view=self)
        data = EvidenceSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="evidence_create",
        summary="Submit evidence",
        description="Exactly one of `file`, `url` or `note`. The evidence is recorded as "
        "pushed through the API, produced by the token's user, and waits for review.",
        request={
            "multipart/form-data": EvidenceCreateSerializer,
            "application/json": EvidenceCreateSerializer,
        },
        responses={201: EvidenceSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        _require(request, "add", "You may not submit evidence.")
        _refuse_oversized(request)
        given = EvidenceCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        user = signed_in_user(request)
        evidence = evidence_create(
            title=data["title"],
            description=data["description"],
            controls=data["controls"],
            products=data["products"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            produced_by=user,
            source=EvidenceSource.API,
            content=EvidenceCreateSerializer.content(data),
        )
        submitted = evidence_submitted_for_user(
            user=user, evidence=evidence, controls=data["controls"], products=data["products"]
        )
        return _created(request, submitted)


class EvidenceDetailView(ApiView):
    """/api/v1/evidence/<id>/: one piece of evidence with every revision."""

    @extend_schema(
        operation_id="evidence_retrieve",
        summary="One piece of evidence, with its revisions",
        description="404 for evidence that does not exist or that this user may not see.",
        responses={200: EvidenceDetailSerializer, **ERROR_RESPONSES},
    )
    def get(self, request: Request, pk: str) -> Response:
        user = signed_in_user(request)
        evidence = evidence_get_with_revisions_for_user(user=user, pk=pk)
        evidence_view_record(evidence=evidence, by=user)
        return Response(EvidenceDetailSerializer(evidence, context={"request": request}).data)


class RevisionListView(ApiView):
    """/api/v1/evidence/<id>/revisions/: a new revision, with its reason."""

    parser_classes = UPLOAD_PARSERS

    @extend_schema(
        operation_id="evidence_revision_create",
        summary="Add a revision",
        description="New content (exactly one of `file`, `url` or `note`) with the reason for "
        "it; the evidence goes back to review.",
        request={
            "multipart/form-data": RevisionCreateSerializer,
            "application/json": RevisionCreateSerializer,
        },
        responses={201: EvidenceSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request, pk: str) -> Response:
        user = signed_in_user(request)
        evidence = evidence_get_for_user(user=user, pk=pk)
        _require(request, "change", "You may not add revisions to evidence.")
        evidence = evidence_get_for_user(user=user, pk=pk, action="change")
        _refuse_oversized(request)
        given = RevisionCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        evidence_revise(
            evidence=evidence,
            by=user,
            reason=data["reason"],
            content=RevisionCreateSerializer.content(data),
            period_start=data.get("period_start"),
            period_end=data.get("period_end"),
        )
        return _created(request, evidence_get_for_user(user=user, pk=evidence.pk))


class RevisionDownloadView(ApiView):
    """The file of one revision, by the same rules as the web download."""

    @extend_schema(
        operation_id="evidence_revision_download",
        summary="Download a revision's file",
        description="The bytes are checked against the recorded SHA-256 before they are sent; "
        "the ETag is that hash.",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            **ERROR_RESPONSES,
        },
    )
    def get(self, request: Request, pk: str, number: str) -> HttpResponseBase:
        revision = revision_get_for_user(
            user=signed_in_user(request), evidence_pk=pk, number=number
        )
        response = revision_file_response(request._request, revision)
        if response.status_code >= status.HTTP_400_BAD_REQUEST:
            # The web download's refusals are plain text; here they take the API's shape.
            message = getattr(response, "content", b"").decode() or "Not found."
            return error_response(
                status_code=response.status_code, code="file_unavailable", message=message
            )
        return response


def _created(request: Request, evidence: Evidence) -> Response:
    body = EvidenceSerializer(evidence, context={"request": request}).data
    return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["api_url"]})
