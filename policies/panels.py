from typing import Any

from wagtail.admin.panels import Panel

from policies.models.versions import DocumentVersion


class LastPublishedVersionPanel(Panel):
    """Tells the editor which version and date the next publication must follow."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "policies/admin/last_published_version_panel.html"

        def get_context_data(self, parent_context: Any = None) -> Any:
            context = super().get_context_data(parent_context)
            context["latest"] = (
                DocumentVersion.objects.filter(page_id=self.instance.pk)
                .defer("body_html")
                .order_by("-major", "-minor")
                .first()
                if self.instance.pk
                else None
            )
            return context
