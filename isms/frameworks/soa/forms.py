from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.admin.widgets import AdminDateInput

from isms.frameworks.models import ApplicabilityEntry
from isms.roles import Role


def approvers() -> QuerySet[Any]:
    """Who may approve a version: active compliance officers (and superusers)."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=Role.COMPLIANCE_OFFICER.value) | Q(is_superuser=True))
        .filter(is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class ApproverChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class SoaPublishForm(forms.Form):
    """What an officer gives to publish the current entries; the rules live in soa.rules."""

    number = forms.CharField(
        label="Version number", max_length=11, help_text="major.minor, for example 1.0 or 2.3."
    )
    effective_date = forms.DateField(label="Effective date", widget=AdminDateInput)
    change_summary = forms.CharField(
        label="What changed",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences, printed on the cover.",
    )
    approved_by = ApproverChoiceField(
        label="Approved by",
        queryset=approvers(),
        help_text="Another compliance officer, who has reviewed the entries (four-eyes rule).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["approved_by"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = approvers()


class ApplicabilityEntryForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ApplicabilityEntry
        fields = ["applicable", "justification", "implementation_status"]
