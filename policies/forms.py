from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateInput

# The edit view's buttons that lead to a publication, directly or through review.
_PUBLISHING_BUTTONS = ("action-publish", "action-submit", "action-restart-workflow")

# What people type: ISO first, then the Norwegian and European day-first forms.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"]


class PublicationDateInput(AdminDateInput):
    """Wagtail's date picker, told to leave what the editor typed alone.

    By default the picker replaces any text it cannot parse with today's date when the field
    loses focus; a date nobody chose must never be published, so the text goes to the server,
    which accepts DATE_INPUT_FORMATS or says what it expects.
    """

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "validateOnBlur": False}


class VersionedDocumentPageForm(WagtailAdminPageForm):
    """Checks a publication's version, date and change summary, and who may approve it.

    Saving a draft needs none of them, so work in progress is never blocked; a publication, or a
    submission that will become one on approval, must carry a valid new version. Publishing and
    approving are also checked against the four-eyes rule (policies.rules, shared with the
    service that records the version), so the editor sees the refusal as a message on the form.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        effective_date = self.fields.get("effective_date")
        if isinstance(effective_date, forms.DateField):
            effective_date.input_formats = DATE_INPUT_FORMATS
            effective_date.error_messages["invalid"] = (
                "Enter the date as YYYY-MM-DD or DD.MM.YYYY, for example 2026-12-31 or 31.12.2026."
            )
        self._start_next_version_empty()

    def _start_next_version_empty(self) -> None:
        """A draft still carrying the last version's number, date and summary offers them blank.

        Otherwise the next publication would silently inherit the old change summary.
        """
        from policies.rules import latest_published_version

        latest = latest_published_version(self.instance)
        if latest is None or self.instance.version_number != latest.number:
            return
        for field in ("version_number", "effective_date", "change_summary"):
            self.initial[field] = ""
        if "version_number" in self.fields:
            next_number = f"{latest.major}.{latest.minor + 1}"
            self.fields["version_number"].widget.attrs["placeholder"] = f"for example {next_number}"

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        if self._is_publishing():
            self._check_publication(cleaned_data)
        if self._is_approving():
            self._check_restriction(cleaned_data)
            self._check_four_eyes()
        return cleaned_data

    def _check_publication(self, cleaned_data: dict[str, Any]) -> None:
        from policies.rules import check_next_publication

        try:
            check_next_publication(
                page=self.instance,
                version_text=cleaned_data.get("version_number") or "",
                effective_date=cleaned_data.get("effective_date"),
                change_summary=cleaned_data.get("change_summary") or "",
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    for message in messages:
                        self.add_error(field, message)

    def _check_restriction(self, cleaned_data: dict[str, Any]) -> None:
        from policies.rules import check_restricted_if_classified

        try:
            check_restricted_if_classified(
                page=self.instance,
                classification=cleaned_data.get("classification") or "public",
                title=cleaned_data.get("title") or self.instance.title,
            )
        except ValidationError as error:
            self.add_error(None, error.message_dict["classification"])

    def _check_four_eyes(self) -> None:
        from policies.rules import change_authors, check_four_eyes, review_advice

        authors = change_authors(page=self.instance)
        wrote_before = self.for_user.pk in {author.pk for author in authors}
        # Publishing always saves a revision first, and approving does when the form changed.
        if self.data.get("action-publish") or self.has_changed():
            authors.append(self.for_user)
        workflow_state = self.instance.current_workflow_state if self.instance.pk else None
        advice = review_advice(
            workflow_state=workflow_state, approver=self.for_user, editing=not wrote_before
        )
        try:
            check_four_eyes(authors=authors, approver=self.for_user, advice=advice)
        except ValidationError as error:
            self.add_error(None, error)

    def _is_publishing(self) -> bool:
        if any(self.data.get(button) for button in _PUBLISHING_BUTTONS):
            return True
        return self._is_approving()

    def _is_approving(self) -> bool:
        if self.data.get("action-publish"):
            # Without the right to publish, Wagtail keeps the edit as a draft instead.
            return bool(self.instance.permissions_for_user(self.for_user).can_publish())
        return bool(self.data.get("action-workflow-action")) and (
            self.data.get("workflow-action-name") == "approve"
        )
