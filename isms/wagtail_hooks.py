from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.admin.ui.components import Component

from isms.dashboard import WorkSection, work_sections_for_user


class YourWorkPanel(Component):
    """The dashboard's first panel: what the signed-in person's roles can do here today.

    Added by the construct_homepage_panels hook below, for anyone with at least one role.
    """

    name = "your_work"
    template_name = "isms/admin/your_work_panel.html"
    order = 50

    def __init__(self, sections: list[WorkSection]) -> None:
        self.sections = sections

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {"sections": self.sections}


@hooks.register("construct_homepage_panels")
def add_your_work_panel(request: HttpRequest, panels: list[Any]) -> None:
    sections = work_sections_for_user(user=request.user)
    if sections:
        panels.append(YourWorkPanel(sections))
