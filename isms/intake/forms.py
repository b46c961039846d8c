"""The base form of every public form: a honeypot field that people leave empty."""

from typing import Any

from django import forms

HONEYPOT_FIELD = "website"


class IntakeForm(forms.Form):
    """A form anonymous visitors post, with a honeypot for the robots that fill every field.

    The honeypot is an ordinary text input (no JavaScript needed), hidden from sight by the
    site's ``visually-hidden`` class, out of the tab order and of autofill, and labelled "Leave
    this empty" for anyone whose screen reader announces it. It never makes the form invalid: a
    filled honeypot (of any length) is told apart by `honeypot_filled`; `IntakeFormView` then
    answers as if the form had been accepted, without doing anything, so a robot learns nothing
    to adapt to.
    """

    # django-stubs does not know Django 5's template_name yet.
    website = forms.CharField(  # type: ignore[call-arg]
        label="Leave this empty",
        required=False,
        strip=False,
        template_name="isms/intake/honeypot_field.html",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Last, after the fields a subclass declares.
        self.fields[HONEYPOT_FIELD] = self.fields.pop(HONEYPOT_FIELD)

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix(HONEYPOT_FIELD)))
