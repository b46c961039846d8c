from typing import Any

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

# The edit view's buttons that lead to a publication, directly or through review.
_PUBLISHING_BUTTONS = ("action-publish", "action-submit", "action-restart-workflow")


class VersionedDocumentPageForm(WagtailAdminPageForm):
    """Checks the version number and effective date when an edit is published or sent for review.

    Saving a draft needs neither, so work in progress is never blocked; a publication, or a
    submission that will become one on approval, must carry a valid new version.
    """

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        if self._is_publishing():
            from policies.rules import check_next_publication

            try:
                check_next_publication(
                    page=self.instance,
                    version_text=cleaned_data.get("version_number") or "",
                    effective_date=cleaned_data.get("effective_date"),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned_data

    def _is_publishing(self) -> bool:
        if any(self.data.get(button) for button in _PUBLISHING_BUTTONS):
            return True
        return bool(self.data.get("action-workflow-action")) and (
            self.data.get("workflow-action-name") == "approve"
        )
