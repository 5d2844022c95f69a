"""A new row and the new rows that point at it, written in one statement.

`Model.save()` and `bulk_create` compile their INSERT on every call, and each is a round trip: a write
of a complaint with its events and its notices paid three compilations and three round trips for what
PostgreSQL takes as one statement (`WITH parent AS (INSERT … RETURNING id) INSERT … VALUES ((SELECT id
FROM parent), …)`; the foreign keys are checked at the end of the statement, when the parent row is
there). `insert_together` builds that statement once per process for each shape of write (the models,
the number of rows of each) and fills it with each field's value as `save()` would write it (`pre_save`,
so auto_now_add is set, and `get_db_prep_save`), quoted as psycopg quotes what it binds on the client.
It sends no model signals: use it for models nothing listens to.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import connections
from django.db.models import Field, Model
from django.db.models.expressions import DatabaseDefault
from psycopg.adapt import Transformer


@cache
def _fields(model: type[Model], without: str | None = None) -> tuple[Field, ...]:
    """The fields an INSERT of `model` writes: every concrete field but the automatic primary key and
    generated columns (and `without`, the foreign key the statement fills in)."""
    meta = model._meta
    return tuple(
        field
        for field in meta.concrete_fields
        if field is not meta.auto_field and not field.generated and field.attname != without
    )


@cache
def _relation(model: type[Model], attname: str) -> Field:
    return next(field for field in model._meta.concrete_fields if field.attname == attname)


@cache
def _statement(parent: type[Model], children: tuple[tuple[type[Model], str, int], ...]) -> bytes:
    """The statement, with a %s for each value (bytes, as the quoted values)."""

    def name(text: str) -> str:
        return f'"{text}"'

    def columns(fields: Sequence[Field]) -> str:
        return ", ".join(name(field.column) for field in fields)

    def row(fields: Sequence[Field], first: str = "") -> str:
        return "(" + ", ".join([first] * bool(first) + ["%s"] * len(fields)) + ")"

    fields = _fields(parent)
    pk = name(parent._meta.pk.column)
    parts = [
        f"parent AS (INSERT INTO {name(parent._meta.db_table)} ({columns(fields)}) VALUES {row(fields)} "
        f"RETURNING {pk})"
    ]
    results = []
    for number, (model, foreign_key, count) in enumerate(children):
        fields = _fields(model, without=foreign_key)
        column = name(_relation(model, foreign_key).column)
        rows = ", ".join([row(fields, first=f"(SELECT {pk} FROM parent)")] * count)
        child_pk = name(model._meta.pk.column)
        parts.append(
            f"child_{number} AS (INSERT INTO {name(model._meta.db_table)} ({column}, {columns(fields)}) "
            f"VALUES {rows} RETURNING {child_pk})"
        )
        # Keys are drawn in the order the rows are inserted, which is the order of VALUES.
        results.append(f"ARRAY(SELECT {child_pk} FROM child_{number} ORDER BY {child_pk})")
    statement = f"WITH {', '.join(parts)} SELECT {', '.join([f'(SELECT {pk} FROM parent)', *results])}"
    return statement.encode()


def _values(obj: Model, fields: Sequence[Field], connection) -> list:
    values = []
    for field in fields:
        value = field.pre_save(obj, add=True)
        if isinstance(value, DatabaseDefault):
            raise ValueError(f"insert_together writes no database defaults: {field}")
        values.append(field.get_db_prep_save(value, connection=connection))
    return values


def insert_together(
    parent: Model, children: Sequence[tuple[str, Sequence[Model]]] = (), *, using: str = "default"
) -> None:
    """Insert the new instance `parent`, and each group of new instances whose foreign key (attname,
    e.g. "complaint_id") points at it, in one statement; sets every primary key and those foreign
    keys. In the caller's transaction (a statement is atomic on its own)."""
    connection = connections[using]
    children = [(foreign_key, objs) for foreign_key, objs in children if objs]
    shape = tuple((type(objs[0]), foreign_key, len(objs)) for foreign_key, objs in children)
    params = _values(parent, _fields(type(parent)), connection)
    for (model, foreign_key, _count), (_key, objs) in zip(shape, children, strict=True):
        fields = _fields(model, without=foreign_key)
        for obj in objs:
            params += _values(obj, fields, connection)
    with connection.cursor() as cursor:
        # The values quoted here, as psycopg's client-side binding quotes them: psycopg would parse a
        # statement of more than 50 parameters again on every call (it caches smaller ones).
        quote = Transformer(cursor.cursor).as_literal
        literals = tuple(quote(value) for value in params)
        cursor.execute(
            (_statement(type(parent), shape) % literals).decode(connection.connection.info.encoding)
        )
        parent_pk, *child_pks = cursor.fetchone()
    _saved(parent, parent_pk, using)
    for (foreign_key, objs), pks in zip(children, child_pks, strict=True):
        relation = _relation(type(objs[0]), foreign_key)
        for obj, pk in zip(objs, pks, strict=True):
            _saved(obj, pk, using)
            cached = relation.get_cached_value(obj, default=None)
            setattr(obj, foreign_key, parent_pk)  # drops a cached relation: the parent is put back
            if cached is parent:
                relation.set_cached_value(obj, parent)


def _saved(obj: Model, pk, using: str) -> None:
    obj.pk = pk
    obj._state.adding, obj._state.db = False, using
