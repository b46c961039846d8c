"""Every protected table, whatever app it belongs to, is held to its own protection's lists.

The cases are derived from the protections the migrations declare (``protections()``), not typed
by hand: a column moved from "frozen" to "may be set to NULL" in a migration, or a new protected
table, changes what these tests try. Each needs one real row, made the way users make it, from
``ROWS`` below; a protected table without an entry there fails until it has one.

Every change is tried with raw SQL through Django's connection, as someone with the
application's database access would write it, on SQLite and on PostgreSQL.
"""

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from isms.db.immutability import Protection, concrete_columns, protections

# Declared, so pytest-django sets the database up first and orders these before flushing tests.
pytestmark = pytest.mark.django_db

DECLARED = {protection.table: protection for protection in protections()}
MODELS = {model._meta.db_table: model for model in apps.get_models()}

type RowMaker = Callable[[pytest.FixtureRequest], models.Model]


def _document_version(request: pytest.FixtureRequest) -> models.Model:
    from isms.records.pdf import record_pdf_attach
    from tests.factories import publish_version

    request.getfixturevalue("stub_pdf")
    policy, officer = request.getfixturevalue("policy"), request.getfixturevalue("officer")
    written_by = request.getfixturevalue("engineer")
    version = publish_version(
        policy,
        version="1.0",
        effective=datetime.date(2025, 1, 1),
        by=officer,
        written_by=written_by,
    )
    return record_pdf_attach(version)


def _soa_version(request: pytest.FixtureRequest) -> models.Model:
    from isms.records.pdf import record_pdf_attach
    from tests.soa import exclude, publish

    request.getfixturevalue("annex_a")
    request.getfixturevalue("stub_soa_pdf")
    officer, approver = request.getfixturevalue("officer"), request.getfixturevalue("approver")
    exclude("A.7.1", by=officer)
    return record_pdf_attach(publish(by=officer, approved_by=approver))


def _soa_version_entry(request: pytest.FixtureRequest) -> models.Model:
    return _soa_version(request).entries.order_by("pk").first()  # type: ignore[attr-defined]


def _soa_submission(request: pytest.FixtureRequest) -> models.Model:
    """An approved one: its decision filled, an approver asked."""
    return _soa_version(request).submission  # type: ignore[attr-defined]


def _audit_event(request: pytest.FixtureRequest) -> models.Model:
    from isms.audit.services import audit_record

    officer = request.getfixturevalue("officer")
    return audit_record(action="auth.sign_in", actor=officer, detail={"method": "password"})


def _evidence_revision(request: pytest.FixtureRequest) -> models.Model:
    from evidence.content import FileContent
    from tests.factories import make_evidence

    evidence = make_evidence(
        controls=[request.getfixturevalue("annex_a_control")],
        produced_by=request.getfixturevalue("engineer"),
        content=FileContent(source=io.BytesIO(b"host,port\nweb-1,443\n"), filename="hosts.csv"),
    )
    return evidence.current_revision


def _capability_link(request: pytest.FixtureRequest) -> models.Model:
    """A link used once and usable again, so its use count can still grow."""
    from isms.links.purposes import register_link_purpose
    from isms.links.services import capability_link_create, capability_link_use

    officer = request.getfixturevalue("officer")
    register_link_purpose("tests.open_grant", "Open a grant (tests)")
    _link, token = capability_link_create(
        purpose="tests.open_grant",
        single_use=False,
        expires_in=datetime.timedelta(days=7),
        target=officer,
        by=officer,
    )
    return capability_link_use(token=token, purpose="tests.open_grant")


ROWS: dict[str, RowMaker] = {
    "policies_documentversion": _document_version,
    "frameworks_soaversion": _soa_version,
    "frameworks_soaversionentry": _soa_version_entry,
    "frameworks_soasubmission": _soa_submission,
    "audit_auditevent": _audit_event,
    "evidence_evidencerevision": _evidence_revision,
    "links_capabilitylink": _capability_link,
}


def cases(list_name: str) -> list[Any]:
    return [
        pytest.param(table, column, id=f"{table}.{column}")
        for table, protection in sorted(DECLARED.items())
        for column in getattr(protection, list_name, ())
    ]


def tables() -> list[str]:
    return sorted(DECLARED)


def field_of(model: type[models.Model], column: str) -> models.Field:
    return next(field for field in model._meta.concrete_fields if field.column == column)


def saved_row(request: pytest.FixtureRequest, table: str) -> models.Model:
    maker = ROWS.get(table)
    assert maker is not None, f"{table} is protected: add a row maker for it to ROWS"
    return maker(request)


def stored(model: type[models.Model], pk: Any, column: str) -> Any:
    field = field_of(model, column)
    return model._default_manager.filter(pk=pk).values_list(field.attname, flat=True).get()


def other_value(field: models.Field, current: Any) -> Any:
    """A value of the column's type, valid for it, that differs from ``current``."""
    kind = field.get_internal_type()
    if isinstance(field, models.ForeignKey) or kind.endswith(("IntegerField", "AutoField")):
        return (current or 0) + 1000
    if kind == "BooleanField":
        return not current
    if kind == "DateField":
        return (current or datetime.date(2025, 1, 1)) + datetime.timedelta(days=1)
    if kind == "DateTimeField":
        start = current or datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
        return start + datetime.timedelta(days=1)
    if kind == "JSONField":
        return {"forged": True} if current != {"forged": True} else {"forged": False}
    if kind == "GenericIPAddressField":
        return "203.0.113.9" if current != "203.0.113.9" else "203.0.113.10"
    text = str(current or "")
    limit = field.max_length or len(text) + 1
    replacement = "y" if text[-1:] != "y" else "z"
    return (text + replacement)[-limit:] if len(text) < limit else text[:-1] + replacement


def set_column(model: type[models.Model], pk: Any, column: str, value: Any) -> int:
    field = field_of(model, column)
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s "  # noqa: S608
        f"WHERE {quote(model._meta.pk.column)} = %s"  # type: ignore[union-attr]
    )
    prepared = field.get_db_prep_save(value, connection) if value is not None else None
    with connection.cursor() as cursor:
        cursor.execute(sql, [prepared, pk])
        return cursor.rowcount


def refused(
    protection: Protection, model: type[models.Model], pk: Any, column: str, value: Any
) -> None:
    with (
        pytest.raises(IntegrityError, match=f"{protection.label} are immutable"),
        transaction.atomic(),
    ):
        set_column(model, pk, column, value)


@pytest.mark.parametrize("table", tables())
def test_the_protection_names_every_column_exactly_once(table: str) -> None:
    """A field added to a protected model without a new protection in a migration fails here."""
    declared = DECLARED[table]
    installed = {p.table: p for p in protections(connection)}[table]
    columns = sorted(concrete_columns(MODELS[table]))
    for protection in (declared, installed):
        named = [
            *protection.frozen,
            *protection.fill_once,
            *protection.null_on_delete,
            *getattr(protection, "increasing", ()),
        ]
        assert sorted(named) == columns
        assert len(named) == len(set(named))


@pytest.mark.parametrize("table", tables())
def test_every_protected_table_has_a_row_to_try(request: pytest.FixtureRequest, table: str) -> None:
    row = saved_row(request, table)
    assert row.pk is not None and type(row)._meta.db_table == table


@pytest.mark.parametrize(("table", "column"), cases("null_on_delete"))
def test_null_on_delete_holds_foreign_keys_that_are_set_null_only(table: str, column: str) -> None:
    field = field_of(MODELS[table], column)
    assert isinstance(field, models.ForeignKey), f"{column} is not a foreign key"
    assert field.null
    assert field.remote_field.on_delete is models.SET_NULL


@pytest.mark.parametrize(("table", "column"), cases("frozen"))
def test_a_frozen_column_cannot_be_changed(
    request: pytest.FixtureRequest, table: str, column: str
) -> None:
    model, row = MODELS[table], saved_row(request, table)
    before = stored(model, row.pk, column)

    refused(DECLARED[table], model, row.pk, column, other_value(field_of(model, column), before))

    assert stored(model, row.pk, column) == before


@pytest.mark.parametrize(("table", "column"), cases("fill_once"))
def test_a_filled_column_cannot_be_filled_again(
    request: pytest.FixtureRequest, table: str, column: str
) -> None:
    model, row = MODELS[table], saved_row(request, table)
    protection = DECLARED[table]
    assert stored(model, row.pk, protection.fill_once_marker or column), "the row maker fills it"
    before = stored(model, row.pk, column)

    refused(protection, model, row.pk, column, other_value(field_of(model, column), before))

    assert stored(model, row.pk, column) == before


@pytest.mark.parametrize(("table", "column"), cases("null_on_delete"))
def test_a_null_on_delete_column_may_only_become_null(
    request: pytest.FixtureRequest, table: str, column: str
) -> None:
    model, row = MODELS[table], saved_row(request, table)
    field = field_of(model, column)
    before = stored(model, row.pk, column)
    assert before is not None, "the row maker sets it"
    request.getfixturevalue("outsider")  # someone else for a user link to point at
    elsewhere = field.related_model._default_manager.exclude(pk=before).order_by("pk").first()  # type: ignore[union-attr]
    assert elsewhere is not None, f"make a second {field.related_model} in the row maker"

    refused(DECLARED[table], model, row.pk, column, elsewhere.pk)
    assert stored(model, row.pk, column) == before

    assert set_column(model, row.pk, column, None) == 1
    assert stored(model, row.pk, column) is None


@pytest.mark.parametrize(("table", "column"), cases("increasing"))
def test_an_increasing_column_never_goes_back(
    request: pytest.FixtureRequest, table: str, column: str
) -> None:
    model, row = MODELS[table], saved_row(request, table)
    field = field_of(model, column)
    low = other_value(field, None)
    high = other_value(field, low)
    if stored(model, row.pk, column) is None:
        assert set_column(model, row.pk, column, low) == 1
    assert set_column(model, row.pk, column, high) == 1

    refused(DECLARED[table], model, row.pk, column, low)
    refused(DECLARED[table], model, row.pk, column, None)
    assert stored(model, row.pk, column) == high
