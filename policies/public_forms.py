"""Forms of the public document pages: the "as of" lookup and the version comparison."""

import datetime as dt
from html import escape
from typing import Any, cast

from django import forms
from django.utils.safestring import mark_safe

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


class VersionSelect(forms.Select):
    """A select of version numbers whose options are formatted once per form, for both selects.

    Django renders each option through its own template, which made the compare form of a long
    history cost more than the rest of its page. The markup is the same as Django's.
    """

    template_name = "policies/widgets/version_select.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.formatted_options: list[tuple[str, str, str]] = []  # value, option, option selected

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = set(context["widget"]["value"])
        context["widget"]["options_html"] = mark_safe(  # noqa: S308 - escaped in version_options
            "".join(
                selected if value in chosen else plain
                for value, plain, selected in self.formatted_options
            )
        )
        return context


def version_options(numbers: list[str]) -> list[tuple[str, str, str]]:
    """Each number's option, as Django's select would print it, unselected and selected."""
    options: list[tuple[str, str, str]] = []
    for number in numbers:
        value = escape(number)
        options.append(
            (
                number,
                f'\n  <option value="{value}">{value}</option>',
                f'\n  <option value="{value}" selected>{value}</option>',
            )
        )
    return options


class CompareForm(forms.Form):
    older = forms.ChoiceField(label="From version", widget=VersionSelect)
    newer = forms.ChoiceField(label="to version", widget=VersionSelect)

    def __init__(self, *args: object, history: list[DocumentVersion], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.by_number = {version.number: version for version in history}
        choices = [(number, number) for number in self.by_number]
        options = version_options(list(self.by_number))
        for name in ("older", "newer"):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = choices
            cast(VersionSelect, field.widget).formatted_options = options
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
