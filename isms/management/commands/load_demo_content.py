from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from isms.demo.catalogs import ensure_demo_catalogs
from isms.demo.documents import (
    demo_documents,
    ensure_document,
    ensure_organisation,
    ensure_site_tree,
)
from isms.demo.evidence import ensure_demo_evidence
from isms.demo.people import DEMO_PASSWORD, DEMO_PEOPLE, ensure_demo_people
from isms.demo.scope import ensure_demo_scope
from isms.demo.soa import ensure_demo_soa


class Command(BaseCommand):
    help = (
        "Load the demo Trust Centre: users for each role, scope, catalogs, the Statement of "
        "Applicability, evidence and published documents. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "Demo content is not allowed with these settings (production?). It creates "
                "users with a published password."
            )
        ensure_organisation()
        users = ensure_demo_people()
        scope_added = ensure_demo_scope(users=users)
        self.stdout.write(f"Companies and products: {scope_added} added now.")
        self.stdout.write(ensure_demo_catalogs(users=users))
        self.stdout.write(ensure_demo_soa(users=users))
        evidence_added = ensure_demo_evidence(users=users)
        self.stdout.write(f"Evidence: {evidence_added} pieces submitted and reviewed now.")
        indexes = ensure_site_tree()
        published = 0
        for document in demo_documents():
            published += ensure_document(
                document,
                index=indexes[document.kind],
                author=users["engineer"],
                approver=users["officer"],
            )
        self.stdout.write(f"Demo content ready: {published} document versions published now.")
        self.stdout.write(f"Demo sign-in at /admin/ (password for all: {DEMO_PASSWORD}):")
        for person in DEMO_PEOPLE:
            role = person.role.label if person.role else "Administrator (superuser)"
            self.stdout.write(f"  {person.username:<10} {role}")
