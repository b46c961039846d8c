from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Programme documents and policies"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy
        from wagtail.signals import page_published

        from isms.access import ReadOnlyPermissionPolicy
        from isms.audit.actions import AuditAction
        from isms.audit.checks import RecordCheck, StoredFileColumns, register_record_check
        from isms.audit.content import fields_content
        from policies.models import DOCUMENT_VERSION_CONTENT, DocumentVersion
        from policies.receivers import record_published_version

        # Published versions are records, not content: viewed, never added, edited or deleted.
        register_permission_policy(DocumentVersion, ReadOnlyPermissionPolicy(DocumentVersion))
        page_published.connect(record_published_version, dispatch_uid="policies.record_version")
        register_record_check(
            RecordCheck(
                label="document versions",
                model=DocumentVersion,
                created_by=(AuditAction.DOCUMENT_PUBLISHED,),
                files=StoredFileColumns(
                    name="pdf_file",
                    sha256="pdf_sha256",
                    size="pdf_size",
                    recorded_by=AuditAction.PDF_STORED,
                ),
                content=fields_content(*DOCUMENT_VERSION_CONTENT),
            )
        )
