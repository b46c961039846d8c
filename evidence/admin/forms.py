"""The admin's evidence forms: they parse; the rules live in evidence.rules and the services."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.widgets import AdminDateInput

from evidence.content import EvidenceContent, FileContent, LinkContent, NoteContent
from evidence.models import Evidence, EvidenceKind, ReviewStatus
from evidence.selectors import may_tag_any_product, products_taggable_by
from isms.access import Viewer
from isms.frameworks.models import Control
from isms.scope.models import Product
from isms.widgets import SearchableSelectMultiple

PRODUCTS_HELP = "Leave empty for evidence about the whole organisation."
ENGINEER_PRODUCTS_HELP = (
    f"{PRODUCTS_HELP} The products of the companies you secure; a compliance officer can tag "
    "others."
)


class ControlChoiceField(forms.ModelMultipleChoiceField):
    """Controls listed by address and title, grouped by framework."""

    def label_from_instance(self, obj: Control) -> str:
        return f"{obj.address} {obj.title}"


def control_choices() -> Any:
    return Control.objects.select_related("framework").order_by("framework__code", "sort_key")


def offer_products(form: forms.Form, *, user: Viewer, evidence: Evidence | None = None) -> None:
    """Only the products the user may tag (``evidence.rules.check_products`` says the same)."""
    field = form.fields["products"]
    assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101
    field.queryset = products_taggable_by(user=user, evidence=evidence).select_related("company")
    if not may_tag_any_product(user):
        field.help_text = ENGINEER_PRODUCTS_HELP


def grouped_control_options(field: ControlChoiceField) -> list[tuple[str, list[tuple[int, str]]]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for control in field.queryset or []:
        groups.setdefault(control.framework.name, []).append(
            (control.pk, field.label_from_instance(control))
        )
    return list(groups.items())


class ContentFields(forms.Form):
    """A file, a link or a note: exactly one, matching the chosen kind."""

    kind = forms.ChoiceField(
        label="Evidence is a",
        choices=EvidenceKind.choices,
        widget=forms.RadioSelect,
        initial=EvidenceKind.FILE,
    )
    file = forms.FileField(
        label="File to upload",
        required=False,
        help_text=(
            "PDF, PNG, JPEG, text, CSV, JSON, Markdown, Word, Excel or ZIP. "
            "The type is checked from the content."
        ),
    )
    url = forms.CharField(label="Link", required=False, max_length=2000)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def content(self) -> EvidenceContent:
        kind, data = self.cleaned_data["kind"], self.cleaned_data
        if kind == EvidenceKind.FILE:
            if not data.get("file"):
                raise ValidationError({"file": "Choose the file to upload."})
            return FileContent(source=data["file"], filename=data["file"].name)
        if kind == EvidenceKind.LINK:
            return LinkContent(data.get("url") or "")
        return NoteContent(data.get("note") or "")


class EvidenceForm(ContentFields):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    controls = ControlChoiceField(
        queryset=control_choices(),
        widget=SearchableSelectMultiple(
            placeholder="Type a reference or words of the title, e.g. A.8.8 or vulnerabilities",
            noun="control",
            enhanced_help="Every control this evidence proves: search, then click one to add it.",
        ),
        help_text="Every control this evidence proves. Hold Ctrl (Cmd on a Mac) to choose several.",
    )
    products = forms.ModelMultipleChoiceField(
        queryset=Product.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=PRODUCTS_HELP,
    )
    period_start = forms.DateField(label="Covers from", widget=AdminDateInput)
    period_end = forms.DateField(label="Covers until", widget=AdminDateInput)

    field_order = [
        "title",
        "controls",
        "period_start",
        "period_end",
        "kind",
        "file",
        "url",
        "note",
        "products",
        "description",
    ]

    def __init__(self, *args: Any, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        controls = self.fields["controls"]
        assert isinstance(controls, ControlChoiceField)  # noqa: S101
        controls.choices = grouped_control_options(controls)  # type: ignore[assignment]
        offer_products(self, user=user)


class EvidenceDetailsForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    controls = EvidenceForm.base_fields["controls"]
    products = EvidenceForm.base_fields["products"]

    def __init__(self, *args: Any, user: Viewer, evidence: Evidence, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        controls = self.fields["controls"]
        assert isinstance(controls, ControlChoiceField)  # noqa: S101
        controls.choices = grouped_control_options(controls)  # type: ignore[assignment]
        offer_products(self, user=user, evidence=evidence)


class RevisionForm(ContentFields):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the evidence needs a new revision; kept with it for good.",
    )
    period_start = forms.DateField(label="Covers from", required=False, widget=AdminDateInput)
    period_end = forms.DateField(label="Covers until", required=False, widget=AdminDateInput)

    field_order = ["reason", "kind", "file", "url", "note", "period_start", "period_end"]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ReviewStatus.ACCEPTED.value, "Accept"),
            (ReviewStatus.REJECTED.value, "Reject"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason for a rejection",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The engineer reads it; say what the evidence needs.",
    )
