"""The control's page in the admin: its catalog fields, then what other apps show about it.

Apps add sections with the ``control_inspect_sections`` hook: a function taking the request and
the control and returning HTML (or an empty string when the user may see nothing of it). So the
evidence app shows a control's evidence here without the catalog knowing about evidence.
"""

from typing import Any

from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.admin.views.generic import InspectView

SECTIONS_HOOK = "control_inspect_sections"


class ControlInspectView(InspectView):
    template_name = "frameworks/admin/control_inspect.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        sections = [
            section(self.request, self.object) for section in hooks.get_hooks(SECTIONS_HOOK)
        ]
        return {
            **super().get_context_data(**kwargs),
            "sections": [mark_safe(html) for html in sections if html],  # noqa: S308
        }
