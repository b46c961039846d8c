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


class SoaSubmitForm(forms.Form):
    """What an officer gives to submit the current entries for approval; the rules live in
    soa.rules and are checked by the service."""

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
    requested_approver = ApproverChoiceField(
        label="Approver",
        queryset=approvers(),
        required=False,
        empty_label="Any compliance officer",
        help_text="The officer you ask to approve it; they are told by e-mail. Someone who "
        "changed entries since the last version cannot approve it (four-eyes rule).",
    )

    def __init__(self, *args: Any, exclude_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requested_approver"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        queryset = approvers()
        field.queryset = queryset.exclude(pk=exclude_user.pk) if exclude_user else queryset


class SoaDecisionForm(forms.Form):
    """The approver's answer to a submission: the button pressed, and an optional comment
    (required to send it back, which the service checks)."""

    DECISIONS = (("approve", "Approve and publish"), ("send_back", "Send back"))

    decision = forms.ChoiceField(choices=DECISIONS, widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to send it back: say what should change. Kept with the decision "
        "in the audit trail.",
    )


class ApplicabilityEntryForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ApplicabilityEntry
        fields = ["applicable", "justification", "implementation_status"]
