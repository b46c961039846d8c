"""What the evidence API reads from a request and writes in a response.

Input serializers only parse and name things (a control address becomes a Control, a product
slug a Product); every rule about evidence itself stays in ``evidence.services`` and
``evidence.rules``, whose ValidationErrors the API's error handler answers with a 400.
"""

from typing import Any

from django.urls import reverse
from rest_framework import serializers
from rest_framework.request import Request

from evidence.content import EvidenceContent, FileContent, LinkContent, NoteContent
from evidence.models import Evidence, EvidenceRevision, ReviewStatus
from isms.frameworks.models import Control
from isms.frameworks.refs import MalformedReferenceError
from isms.scope.models import Product

CONTENT_FIELDS = ("file", "url", "note")


def control_at(address: str) -> Control:
    try:
        return Control.objects.get_by_address(address)
    except (MalformedReferenceError, Control.DoesNotExist) as error:
        raise serializers.ValidationError(str(error)) from None


def product_named(slug: str) -> Product:
    product = Product.objects.filter(slug=slug.strip()).first()
    if product is None:
        raise serializers.ValidationError(f"There is no product “{slug}”.")
    return product


class RepeatedField(serializers.ListField):
    """A list as repeated form fields (``-F controls=a -F controls=b``) or commas (``a,b``)."""

    def to_internal_value(self, data: Any) -> list[Any]:
        if isinstance(data, str):
            data = [data]
        if isinstance(data, list):
            data = [part.strip() for item in data for part in str(item).split(",") if part.strip()]
        return super().to_internal_value(data)


class ContentSerializer(serializers.Serializer[Any]):
    """Exactly one of a file, a link or a note."""

    file = serializers.FileField(required=False, help_text="The evidence file (multipart).")
    url = serializers.CharField(required=False, help_text="A link (https://) instead of a file.")
    note = serializers.CharField(required=False, help_text="A note instead of a file.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [name for name in CONTENT_FIELDS if attrs.get(name) not in (None, "")]
        if len(given) != 1:
            raise serializers.ValidationError(
                "Give exactly one of file, url or note"
                + (f" (this request has {' and '.join(given)})." if given else ".")
            )
        return attrs

    @staticmethod
    def content(attrs: dict[str, Any]) -> EvidenceContent:
        if attrs.get("file") is not None:
            upload = attrs["file"]
            return FileContent(source=upload, filename=upload.name or "")
        if attrs.get("url"):
            return LinkContent(url=attrs["url"])
        return NoteContent(text=attrs["note"])


class EvidenceCreateSerializer(ContentSerializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    controls = RepeatedField(
        child=serializers.CharField(),
        allow_empty=False,
        help_text="Control addresses, <framework code>:<reference>, e.g. iso27001-2022:A.8.8; "
        "repeat the field or separate with commas.",
    )
    products = RepeatedField(
        child=serializers.CharField(), required=False, default=list, help_text="Product slugs."
    )
    period_start = serializers.DateField(help_text="The first day the evidence covers.")
    period_end = serializers.DateField(help_text="The last day the evidence covers.")

    def validate_controls(self, addresses: list[str]) -> list[Control]:
        return _resolved(addresses, control_at)

    def validate_products(self, slugs: list[str]) -> list[Product]:
        return _resolved(slugs, product_named)


class RevisionCreateSerializer(ContentSerializer):
    reason = serializers.CharField(help_text="Why this revision is needed.")
    period_start = serializers.DateField(required=False, help_text="A new first day, if any.")
    period_end = serializers.DateField(required=False, help_text="A new last day, if any.")


class EvidenceFilterSerializer(serializers.Serializer[Any]):
    control = serializers.CharField(required=False, help_text="e.g. iso27001-2022:A.8.8")
    product = serializers.CharField(required=False, help_text="A product slug.")
    status = serializers.ChoiceField(choices=ReviewStatus.choices, required=False)
    period_after = serializers.DateField(
        required=False, help_text="Only evidence whose period ends on or after this day."
    )
    period_before = serializers.DateField(
        required=False, help_text="Only evidence whose period starts on or before this day."
    )

    def validate_control(self, address: str) -> Control:
        return control_at(address)

    def validate_product(self, slug: str) -> Product:
        return product_named(slug)


def _resolved[T](names: list[str], find: Any) -> list[T]:
    found, errors = [], []
    for name in dict.fromkeys(names):
        try:
            found.append(find(name))
        except serializers.ValidationError as error:
            errors.extend(error.detail)
    if errors:
        raise serializers.ValidationError(errors)
    return found


def _download_url(request: Request, revision: EvidenceRevision | None) -> str | None:
    if revision is None or not revision.is_file:
        return None
    return request.build_absolute_uri(
        reverse("api:evidence:download", args=[revision.evidence_id, revision.number])
    )


class RevisionSerializer(serializers.Serializer[EvidenceRevision]):
    number = serializers.IntegerField()
    kind = serializers.CharField()
    reason = serializers.CharField()
    filename = serializers.CharField(source="original_filename")
    media_type = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    sha256 = serializers.CharField()
    url = serializers.CharField()
    note = serializers.CharField()
    created_by = serializers.CharField(source="created_by.get_username", default=None)
    created_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, revision: EvidenceRevision) -> str | None:
        return _download_url(self.context["request"], revision)


class PeriodSerializer(serializers.Serializer[Evidence]):
    start = serializers.DateField(source="period_start")
    end = serializers.DateField(source="period_end")


class EvidenceSerializer(serializers.Serializer[Evidence]):
    """Evidence as the API shows it, with its current revision's facts at the top level."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    rejection_reason = serializers.CharField()
    source = serializers.CharField()
    produced_by = serializers.CharField(source="produced_by.get_username", default=None)
    controls = serializers.SerializerMethodField()
    products = serializers.SerializerMethodField()
    period = PeriodSerializer(source="*")
    renews_on = serializers.DateField()
    freshness = serializers.SerializerMethodField()
    revision = serializers.IntegerField(source="current_revision.number", default=None)
    filename = serializers.CharField(source="current_revision.original_filename", default="")
    media_type = serializers.CharField(source="current_revision.media_type", default="")
    size = serializers.IntegerField(source="current_revision.size", default=None)
    sha256 = serializers.CharField(source="current_revision.sha256", default="")
    download_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_controls(self, evidence: Evidence) -> list[str]:
        return sorted(control.address for control in evidence.controls.all())

    def get_products(self, evidence: Evidence) -> list[str]:
        return sorted(product.slug for product in evidence.products.all())

    def get_freshness(self, evidence: Evidence) -> str:
        return str(evidence.freshness())

    def get_download_url(self, evidence: Evidence) -> str | None:
        return _download_url(self.context["request"], evidence.current_revision)

    def get_api_url(self, evidence: Evidence) -> str:
        request: Request = self.context["request"]
        return request.build_absolute_uri(reverse("api:evidence:detail", args=[evidence.pk]))


class EvidenceDetailSerializer(EvidenceSerializer):
    revisions = RevisionSerializer(many=True)


class EvidencePageSerializer(serializers.Serializer[Any]):
    """One page of the list (``ApiPagination``), for the schema."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EvidenceSerializer(many=True)
