"""Tables whose rows the database itself refuses to change or delete.

A published version, an audit event or an evidence revision is a record: once written, no code
path may rewrite or remove it. `ProtectImmutable` is the migration operation that installs the
triggers; every app that keeps records applies it in a migration of its own::

    ProtectImmutable(
        model_name="documentversion",
        frozen=["id", "page_id", ...],
        fill_once=["pdf_file", "pdf_sha256", ...],
        fill_once_marker="pdf_sha256",
        null_on_delete=["revision_id", "approved_by_id"],
    )

A counter that may only grow (how often a capability link was used) goes in `increasing`: it may
be set once from NULL and then only to a value no smaller than the one it holds.

Every concrete column must be named in exactly one list, so a field added later cannot go
unprotected by accident. The triggers close each path the application never takes: UPDATE of a
frozen column (the primary key included), a second fill of the fill-once group, any UPDATE of a
null-on-delete column other than to NULL, a decrease of an increasing column (or its return to
NULL), DELETE, and TRUNCATE on PostgreSQL. On SQLite,
`REPLACE INTO`, `INSERT OR REPLACE` and `UPDATE OR REPLACE` delete the clashing row without
firing DELETE triggers unless `PRAGMA recursive_triggers` is on (`enable_recursive_triggers` turns
it on for every connection), and an INSERT that clashes with an existing key is refused before
SQLite gets to resolve the conflict.

`protections()` reads the operations back from the migration graph, so the least-privilege
grants (`isms.db.roles`) know which tables get no DELETE and which columns may be updated.
`lifted()` switches the triggers off for a moment, for `manage.py flush` and test resets.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.utils import truncate_name
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

SUPPORTED_VENDORS = ("sqlite", "postgresql")
# Every trigger this module creates ends with one of these, which is how `lifted()` finds them.
TRIGGER_SUFFIXES = ("_immutable_update", "_immutable_delete", "_immutable_insert")
POSTGRESQL_TRIGGER_SUFFIXES = ("_immutable_row", "_immutable_truncate")


def concrete_columns(model: type[models.Model]) -> list[str]:
    """The database columns of a model, in field order (foreign keys as `<name>_id`)."""
    return [str(field.column) for field in model._meta.concrete_fields]


@dataclass(frozen=True)
class Protection:
    """The resolved rules for one table, and the SQL that enforces them on each database."""

    table: str
    label: str
    frozen: tuple[str, ...]
    fill_once: tuple[str, ...]
    fill_once_marker: str | None
    null_on_delete: tuple[str, ...]
    unique_keys: tuple[tuple[str, ...], ...]
    increasing: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        return f"{self.label} are immutable"

    @property
    def updatable(self) -> tuple[str, ...]:
        """Columns the application may still UPDATE (within the triggers' rules)."""
        return self.fill_once + self.null_on_delete + self.increasing

    def create_sql(self, connection: BaseDatabaseWrapper) -> list[str]:
        if connection.vendor == "postgresql":
            return self._postgresql_create(connection)
        if connection.vendor == "sqlite":
            return self._sqlite_create(connection)
        raise NotImplementedError(f"No immutability triggers for the {connection.vendor} database.")

    def drop_sql(self, connection: BaseDatabaseWrapper) -> list[str]:
        quote = connection.ops.quote_name
        if connection.vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {quote(self._name(connection, suffix))} "
                f"ON {quote(self.table)}"
                for suffix in POSTGRESQL_TRIGGER_SUFFIXES
            ] + [f"DROP FUNCTION IF EXISTS {quote(self._name(connection, '_immutable'))}()"]
        if connection.vendor == "sqlite":
            return [
                f"DROP TRIGGER IF EXISTS {quote(self._name(connection, suffix))}"
                for suffix in TRIGGER_SUFFIXES
            ]
        raise NotImplementedError(f"No immutability triggers for the {connection.vendor} database.")

    def _name(self, connection: BaseDatabaseWrapper, suffix: str) -> str:
        return truncate_name(f"{self.table}{suffix}", connection.ops.max_name_length())

    def _violation(self, connection: BaseDatabaseWrapper) -> str:
        """A condition on OLD and NEW that is true when an UPDATE breaks the rules."""
        quote = connection.ops.quote_name
        differs = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"

        def changed(column: str) -> str:
            return f"OLD.{quote(column)} {differs} NEW.{quote(column)}"

        clauses = [changed(column) for column in self.frozen]
        if self.fill_once and self.fill_once_marker:
            marker = f"OLD.{quote(self.fill_once_marker)}"
            filled = f"NOT ({marker} IS NULL OR CAST({marker} AS TEXT) = '')"
            clauses.append(f"({filled} AND ({' OR '.join(map(changed, self.fill_once))}))")
        clauses += [
            f"({changed(column)} AND NEW.{quote(column)} IS NOT NULL)"
            for column in self.null_on_delete
        ]
        clauses += [
            f"(OLD.{quote(column)} IS NOT NULL"
            f" AND (NEW.{quote(column)} IS NULL OR NEW.{quote(column)} < OLD.{quote(column)}))"
            for column in self.increasing
        ]
        return " OR ".join(clauses)

    def _sqlite_clash(self, connection: BaseDatabaseWrapper) -> str:
        """True when a new row would collide with an existing key (what REPLACE would delete)."""
        quote = connection.ops.quote_name
        return " OR ".join(
            f"EXISTS (SELECT 1 FROM {quote(self.table)} WHERE "  # noqa: S608 (identifiers only)
            + " AND ".join(f"{quote(column)} = NEW.{quote(column)}" for column in key)
            + ")"
            for key in self.unique_keys
        )

    def _sqlite_create(self, connection: BaseDatabaseWrapper) -> list[str]:
        quote = connection.ops.quote_name
        refuse = f"BEGIN SELECT RAISE(ABORT, {_literal(self.message)}); END"
        table = quote(self.table)
        return [
            f"CREATE TRIGGER {quote(self._name(connection, '_immutable_update'))} "
            f"BEFORE UPDATE ON {table} WHEN {self._violation(connection)} {refuse}",
            f"CREATE TRIGGER {quote(self._name(connection, '_immutable_delete'))} "
            f"BEFORE DELETE ON {table} {refuse}",
            f"CREATE TRIGGER {quote(self._name(connection, '_immutable_insert'))} "
            f"BEFORE INSERT ON {table} WHEN {self._sqlite_clash(connection)} {refuse}",
        ]

    def _postgresql_create(self, connection: BaseDatabaseWrapper) -> list[str]:
        quote = connection.ops.quote_name
        function = quote(self._name(connection, "_immutable"))
        table = quote(self.table)
        # RAISE treats % as a placeholder.
        message = _literal(self.message.replace("%", "%%"))
        # Nested IFs: PL/pgSQL does not promise to short-circuit AND, and NEW is NULL on DELETE.
        body = f"""
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF NOT ({self._violation(connection)}) THEN
                    RETURN NEW;
                END IF;
            END IF;
            RAISE EXCEPTION {message} USING ERRCODE = 'integrity_constraint_violation';
        END;"""
        return [
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$",
            f"CREATE TRIGGER {quote(self._name(connection, '_immutable_row'))} "
            f"BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()",
            f"CREATE TRIGGER {quote(self._name(connection, '_immutable_truncate'))} "
            f"BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class ProtectImmutable(Operation):
    """Migration operation: install (forwards) or remove (backwards) a table's immutability.

    Applying it again in a later migration replaces the earlier triggers, which is how a table
    that gains a column gets it protected. It changes no model state.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(
        self,
        *,
        model_name: str,
        frozen: Sequence[str],
        fill_once: Sequence[str] = (),
        fill_once_marker: str | None = None,
        null_on_delete: Sequence[str] = (),
        increasing: Sequence[str] = (),
    ) -> None:
        if bool(fill_once) != bool(fill_once_marker):
            raise ValueError("fill_once and fill_once_marker go together.")
        if fill_once_marker and fill_once_marker not in fill_once:
            raise ValueError(
                f"The marker {fill_once_marker!r} must be one of the fill_once columns."
            )
        self.model_name = model_name.lower()
        self.frozen = tuple(frozen)
        self.fill_once = tuple(fill_once)
        self.fill_once_marker = fill_once_marker
        self.null_on_delete = tuple(null_on_delete)
        self.increasing = tuple(increasing)

    @property
    def columns(self) -> list[str]:
        return [*self.frozen, *self.fill_once, *self.null_on_delete, *self.increasing]

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs: dict[str, Any] = {"model_name": self.model_name, "frozen": list(self.frozen)}
        if self.fill_once:
            kwargs |= {"fill_once": list(self.fill_once), "fill_once_marker": self.fill_once_marker}
        if self.null_on_delete:
            kwargs["null_on_delete"] = list(self.null_on_delete)
        if self.increasing:
            kwargs["increasing"] = list(self.increasing)
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        protection = self.protection_for(model, strict=True)
        connection = schema_editor.connection
        for statement in protection.drop_sql(connection) + protection.create_sql(connection):
            schema_editor.execute(statement, params=None)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        for statement in self.protection_for(model).drop_sql(schema_editor.connection):
            schema_editor.execute(statement, params=None)

    def describe(self) -> str:
        return f"Refuse changes to and deletion of {self.model_name} rows in the database"

    @property
    def migration_name_fragment(self) -> str:
        return f"protect_{self.model_name}"

    def protection_for(self, model: type[models.Model], *, strict: bool = False) -> Protection:
        """The rules for this model's table. Strict: every column named exactly once."""
        columns = concrete_columns(model)
        if strict:
            self._check_columns(model, columns)
        existing = set(columns)
        return Protection(
            table=model._meta.db_table,
            label=str(model._meta.verbose_name_plural),
            frozen=tuple(c for c in self.frozen if c in existing),
            fill_once=tuple(c for c in self.fill_once if c in existing),
            fill_once_marker=self.fill_once_marker,
            null_on_delete=tuple(c for c in self.null_on_delete if c in existing),
            unique_keys=_unique_keys(model),
            increasing=tuple(c for c in self.increasing if c in existing),
        )

    def _check_columns(self, model: type[models.Model], columns: list[str]) -> None:
        named = self.columns
        duplicated = sorted({c for c in named if named.count(c) > 1})
        unknown = sorted(set(named) - set(columns))
        unprotected = [c for c in columns if c not in named]
        if duplicated or unknown or unprotected:
            raise ValueError(
                f"ProtectImmutable({model._meta.label}): every column must be named once; "
                f"unprotected {unprotected}, unknown {unknown}, named twice {duplicated}."
            )
        if model._meta.pk is None or model._meta.pk.column not in self.frozen:
            raise ValueError(f"ProtectImmutable({model._meta.label}): the primary key is frozen.")


def _unique_keys(model: type[models.Model]) -> tuple[tuple[str, ...], ...]:
    """The column sets no two rows may share: primary key, unique fields and constraints."""
    meta = model._meta
    keys: list[tuple[str, ...]] = [
        (str(field.column),) for field in meta.concrete_fields if field.unique
    ]
    names_sets = [*meta.unique_together, *(c.fields for c in meta.total_unique_constraints)]
    for names in names_sets:
        keys.append(tuple(_column(model, name) for name in names))
    return tuple(dict.fromkeys(keys))


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101 (unique keys name concrete fields)
    return str(field.column)


def protections(connection: BaseDatabaseWrapper | None = None) -> list[Protection]:
    """The latest protection of every table, as declared by the migrations.

    With a connection, only migrations applied to that database count.
    """
    loader = MigrationLoader(connection)
    state = loader.project_state()
    found: dict[str, Protection] = {}
    for key in _in_dependency_order(loader):
        if connection is not None and key not in loader.applied_migrations:
            continue
        for operation in loader.graph.nodes[key].operations:
            if not isinstance(operation, ProtectImmutable):
                continue
            try:
                model = state.apps.get_model(key[0], operation.model_name)
            except LookupError:  # the model was deleted by a later migration
                continue
            protection = operation.protection_for(model)
            found[protection.table] = protection
    return list(found.values())


def _in_dependency_order(loader: MigrationLoader) -> Iterator[tuple[str, str]]:
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key not in seen:
                seen.add(key)
                yield key


@contextmanager
def lifted(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Switch every immutability trigger off, and back on afterwards, whatever happens.

    For the table owner's wholesale resets only (`manage.py flush`, test teardown): an
    application role that is not the owner cannot do this.
    """
    if connection.vendor == "postgresql":
        triggers = _postgresql_triggers(connection)
        _set_postgresql_triggers(connection, triggers, "DISABLE")
        try:
            yield
        finally:
            _set_postgresql_triggers(connection, triggers, "ENABLE")
        return
    definitions = _sqlite_triggers(connection) if connection.vendor == "sqlite" else []
    with connection.cursor() as cursor:
        for name, _sql in definitions:
            cursor.execute(f"DROP TRIGGER {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, sql in definitions:
                cursor.execute(sql)


def installed_triggers(connection: BaseDatabaseWrapper) -> list[str]:
    """The names of the immutability triggers in the database, enabled ones only, sorted."""
    if connection.vendor == "postgresql":
        return sorted(name for _table, name in _postgresql_triggers(connection))
    return sorted(name for name, _sql in _sqlite_triggers(connection))


def _sqlite_triggers(connection: BaseDatabaseWrapper) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        return [(name, sql) for name, sql in cursor.fetchall() if name.endswith(TRIGGER_SUFFIXES)]


def _postgresql_triggers(connection: BaseDatabaseWrapper) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t"
            " JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND n.nspname = current_schema()"
        )
        return [
            (table, name)
            for table, name in cursor.fetchall()
            if name.endswith(POSTGRESQL_TRIGGER_SUFFIXES)
        ]


def _set_postgresql_triggers(
    connection: BaseDatabaseWrapper, triggers: list[tuple[str, str]], action: str
) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, name in triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} {action} TRIGGER {quote(name)}")


def enable_recursive_triggers(
    sender: type[BaseDatabaseWrapper], connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    """connection_created receiver: make SQLite fire DELETE triggers on REPLACE conflicts too."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA recursive_triggers = ON")
