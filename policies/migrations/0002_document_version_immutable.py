"""Make published document versions immutable in the database itself.

An UPDATE may only (a) fill the PDF fields once, while they are still empty, or (b) set the
revision or approver to NULL when that row is deleted (ON DELETE SET NULL done by Django). Any
other UPDATE, and every DELETE, is refused by the database, whatever code path attempts it.
"""

from django.db import migrations

FROZEN = [
    "page_id", "major", "minor", "effective_date", "published_at", "approved_by_name",
    "publisher", "kind", "title", "slug", "summary", "change_summary", "body_html",
]
PDF = ["pdf_file", "pdf_sha256", "pdf_size", "pdf_page_count", "pdf_rendered_at"]
MESSAGE = "published document versions are immutable"


def _violation() -> str:
    frozen = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in FROZEN)
    pdf_changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in PDF)
    nulled_only = " OR ".join(
        f"(OLD.{column} IS DISTINCT FROM NEW.{column} AND NEW.{column} IS NOT NULL)"
        for column in ("revision_id", "approved_by_id")
    )
    return f"({frozen}) OR (OLD.pdf_sha256 <> '' AND ({pdf_changed})) OR {nulled_only}"


def _sqlite_violation() -> str:
    return _violation().replace("IS DISTINCT FROM", "IS NOT")


POSTGRESQL_CREATE = f"""
CREATE FUNCTION policies_documentversion_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF {_violation()} THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER policies_documentversion_immutable
    BEFORE UPDATE OR DELETE ON policies_documentversion
    FOR EACH ROW EXECUTE FUNCTION policies_documentversion_immutable();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS policies_documentversion_immutable ON policies_documentversion;
DROP FUNCTION IF EXISTS policies_documentversion_immutable();
"""
SQLITE_CREATE = [
    f"""CREATE TRIGGER policies_documentversion_no_update
    BEFORE UPDATE ON policies_documentversion
    WHEN {_sqlite_violation()}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER policies_documentversion_no_delete
    BEFORE DELETE ON policies_documentversion
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS policies_documentversion_no_update;",
    "DROP TRIGGER IF EXISTS policies_documentversion_no_delete;",
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE)
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"No immutability triggers for the {vendor} database.")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
