"""The searchable multiple select is a plain select that works without JavaScript."""

from django import forms

from isms.widgets import SearchableSelectMultiple


class ChoiceForm(forms.Form):
    controls = forms.MultipleChoiceField(
        choices=[("1", "A.8.8 Vulnerabilities"), ("2", "A.8.24 Cryptography")],
        widget=SearchableSelectMultiple(noun="control", enhanced_help="Search, then add."),
    )


def test_it_renders_a_plain_multiple_select_holding_the_choice() -> None:
    html = str(ChoiceForm(initial={"controls": ["1", "2"]})["controls"])

    assert html.startswith("<select")
    assert " multiple" in html
    assert 'data-searchable-select=""' in html
    assert 'data-noun="control"' in html
    assert 'data-enhanced-help="Search, then add."' in html
    assert html.count(" selected") == 2


def test_it_posts_as_a_plain_select_does() -> None:
    form = ChoiceForm(data={"controls": ["1", "2"]})

    assert form.is_valid()
    assert form.cleaned_data["controls"] == ["1", "2"]


def test_it_brings_its_script_and_stylesheet() -> None:
    media = ChoiceForm().media

    assert "isms/admin/searchable-select.js" in str(media["js"])
    assert "isms/admin/searchable-select.css" in str(media["css"])
