"""Form widgets the admin's own forms share.

``SearchableSelectMultiple`` is a plain ``<select multiple>`` that a small script
(``isms/static/isms/admin/searchable-select.js``) turns into a chooser: the chosen options as a list
of removable chips, a search box that filters the options by any part of their label, and a click
or Enter that adds an option rather than replacing the choice. The select stays in the form and
holds the choice, so the server sees the same field either way, and without JavaScript the plain
select still works (hold Ctrl or Cmd to choose several). Meant for long lists (250 controls).
"""

from typing import Any

from django import forms


class SearchableSelectMultiple(forms.SelectMultiple):
    """A multiple select, enhanced in the browser into a searchable chooser with chips."""

    class Media:
        js = ["isms/admin/searchable-select.js"]
        css = {"all": ["isms/admin/searchable-select.css"]}

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        placeholder: str = "Type to search",
        noun: str = "option",
        enhanced_help: str = "",
    ) -> None:
        """``enhanced_help`` replaces the field's help text once the chooser is built (the help
        text itself is for the plain select)."""
        super().__init__(
            {
                "size": 12,
                "data-searchable-select": "",
                "data-placeholder": placeholder,
                "data-noun": noun,
                "data-enhanced-help": enhanced_help,
                **(attrs or {}),
            }
        )
