"""Forms of the public document pages: the "as of" lookup and the version comparison."""

import datetime as dt
from typing import cast

from django import forms

from policies.models import DocumentVersion


class AsOfForm(forms.Form):
    date = forms.DateField(
        label="Date",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter a date to look up.",
            "invalid": "Enter the date as YYYY-MM-DD, for example 2025-06-30.",
        },
    )

    def __init__(self, *args: object, today: dt.date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > self.today:
            raise forms.ValidationError(
                "That date is in the future. The version in force today is shown below."
            )
        return day


class CompareForm(forms.Form):
    older = forms.ChoiceField(label="From version")
    newer = forms.ChoiceField(label="to version")

    def __init__(self, *args: object, history: list[DocumentVersion], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.by_number = {version.number: version for version in history}
        choices = [(version.number, version.number) for version in history]
        for name in ("older", "newer"):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = choices
            field.error_messages["invalid_choice"] = (
                "There is no published version %(value)s of this document."
            )
        if len(history) >= 2:
            self.fields["older"].initial = history[1].number
            self.fields["newer"].initial = history[0].number

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        older, newer = cleaned.get("older"), cleaned.get("newer")
        if older and older == newer:
            raise forms.ValidationError("Choose two different versions to compare.")
        if older and newer:
            first, second = self.by_number[str(older)], self.by_number[str(newer)]
            # Changes are always shown from the older to the newer; the page says so when the
            # reader picked them the other way round.
            cleaned["swapped"] = first.version > second.version
            if cleaned["swapped"]:
                first, second = second, first
            cleaned["older_version"], cleaned["newer_version"] = first, second
        return cleaned
