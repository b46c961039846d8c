from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    """Frameworks, their controls and the mappings between them, loaded from catalog files, and
    the Statement of Applicability."""

    name = "isms.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks and controls"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from isms.access import ReadOnlyPermissionPolicy
        from isms.audit.actions import AuditAction
        from isms.audit.checks import RecordCheck, StoredFileColumns, register_record_check
        from isms.frameworks.models import (
            ApplicabilityEntry,
            Control,
            ControlGroup,
            ControlMapping,
            Framework,
            SoaVersion,
            SoaVersionEntry,
        )
        from isms.frameworks.permissions import CatalogPermissionPolicy
        from isms.frameworks.soa.content import soa_version_content

        register_permission_policy(Framework, CatalogPermissionPolicy(Framework))
        register_permission_policy(ControlGroup, CatalogPermissionPolicy(ControlGroup))
        register_permission_policy(ControlMapping, CatalogPermissionPolicy(ControlMapping))
        register_permission_policy(Control, CatalogPermissionPolicy(Control, editable=True))
        # One entry per Annex A control, made by the catalog load: edited, never added or deleted.
        register_permission_policy(
            ApplicabilityEntry, CatalogPermissionPolicy(ApplicabilityEntry, editable=True)
        )
        register_permission_policy(SoaVersion, ReadOnlyPermissionPolicy(SoaVersion))
        register_permission_policy(SoaVersionEntry, ReadOnlyPermissionPolicy(SoaVersionEntry))
        register_record_check(
            RecordCheck(
                label="SoA versions",
                model=SoaVersion,
                created_by=(AuditAction.SOA_PUBLISHED,),
                files=StoredFileColumns(
                    name="pdf_file",
                    sha256="pdf_sha256",
                    size="pdf_size",
                    recorded_by=AuditAction.PDF_STORED,
                ),
                content=soa_version_content,
            )
        )
