from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    """Audit evidence attached to controls, its immutable revisions, and auditors' engagements."""

    name = "evidence"
    verbose_name = "Evidence"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from evidence.models import Engagement, Evidence, EvidenceRevision
        from evidence.permissions import (
            EngagementPermissionPolicy,
            EvidencePermissionPolicy,
            EvidenceRevisionPermissionPolicy,
        )
        from evidence.verification import EVIDENCE_REVISION_CHECK
        from isms.audit.checks import register_record_check

        register_permission_policy(Evidence, EvidencePermissionPolicy(Evidence))
        register_permission_policy(
            EvidenceRevision, EvidenceRevisionPermissionPolicy(EvidenceRevision)
        )
        register_permission_policy(Engagement, EngagementPermissionPolicy(Engagement))
        register_record_check(EVIDENCE_REVISION_CHECK)
