"""Reads whose SQL is compiled once per process.

Django builds and compiles a queryset's SQL on every run. For a page that reads a dozen small things per
request that is most of its time in Python: compiling the complaint page's one complaint with its four
joined rows took some 3,300 Python calls, running it 130. A `Prepared` read is a function that builds
the queryset from its arguments; it is built and compiled once per process with markers in place of
the arguments, and then run with each call's arguments in place of the markers.

    COMPLAINT = Prepared(lambda number: Complaint.objects.select_related("customer").filter(number=number))
    complaint = COMPLAINT.first("C2026...")

`read_all(A.bind(...), B.bind(...), ...)` sends several such reads in one round trip (their statements
one after the other in one execute) and gives their results in order.

Arguments are ints, strings, lists of ints (one compilation per length) or None; keyword arguments
(`shape`) are hashable values the SQL depends on (a scope as a Q object, a flag), one compilation per
distinct value. The build function must depend on nothing else: no clock, no language, no setting that
changes at run time. A compilation that does not show every marker among its parameters (Django wrote
one into the SQL, or turned it into something else) is refused at its first use, so a build function
that cannot be prepared fails in the tests, never silently in production.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import (
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)

# Markers: values no read passes itself, valid for any integer or text column (inside the 32-bit range
# and without characters PostgreSQL refuses), so Django's lookups keep them as they are.
_INT_BASE = 2_117_000_000
_STR_FORM = "\ue000marker-{}\ue000"
_MAX_VARIANTS = 512  # compilations kept per read (shapes × argument kinds), then started afresh
_KINDS = {ModelIterable: "models", ValuesIterable: "values", ValuesListIterable: "values_list"}


@dataclass(frozen=True)
class _Slot:
    """Where a parameter comes from: argument `arg`, or element `item` of a list argument."""

    arg: int
    item: int | None = None


@dataclass
class _Statement:
    sql: str | None  # None: the read finds nothing whatever the arguments (an empty IN list)
    params: list
    slots: list  # per parameter: None (a constant), a _Slot, or a list of (_Slot | None) per element
    model: type[Model]
    kind: str  # "models", "values" (dicts) or "values_list" (tuples)
    names: list[str]
    converters: list[tuple[int, list, Any]]
    # models: what ModelIterable reads from the compiler, worked out once
    klass_info: dict | None = None
    select: list | None = None
    annotation_col_map: dict | None = None
    init_list: list[str] | None = None
    populators: dict[str, list] | None = None  # by database

    def result(self, rows: list[tuple], connection, using: str) -> list:
        if self.converters:
            rows = [_converted(row, self.converters, connection) for row in rows]
        if self.kind == "values_list":
            return rows
        if self.kind == "values":
            return [dict(zip(self.names, row, strict=True)) for row in rows]
        return _instances(self, rows, using)


class Bound(NamedTuple):
    read: Prepared
    args: tuple
    shape: dict


class Prepared:
    def __init__(self, build: Callable[..., QuerySet | dict[str, QuerySet]]):
        self.build = build
        self._statements: dict[Hashable, _Statement | _Together] = {}

    def all(self, *args, **shape) -> Any:
        """What `list(build(*args, **shape))` gives: model instances (with the rows its select_related
        joins and its annotations), dicts for values(), tuples for values_list(). When `build` gives
        {name: values() queryset}: {name: rows as dicts}, all in one query as infra/together.py's
        `read_together` reads them (JSON: dates as ISO strings, decimals as numbers)."""
        return read_all(Bound(self, args, shape))[0]

    def bind(self, *args, **shape) -> Bound:
        """This read with its arguments, for `read_all` to send with others."""
        return Bound(self, args, shape)

    def first(self, *args, **shape):
        """The first of `all` (the build function orders and limits), or None."""
        found = self.all(*args, **shape)
        return found[0] if found else None

    def _statement(self, args: tuple, shape: dict) -> _Statement | _Together:
        key = (tuple(_kind(a) for a in args), tuple(sorted(shape.items())))
        statement = self._statements.get(key)
        if statement is None:
            if len(self._statements) >= _MAX_VARIANTS:
                self._statements.clear()
            statement = self._statements[key] = self._compile(args, shape)
        return statement

    def _compile(self, args: tuple, shape: dict) -> _Statement | _Together:
        markers: dict[Any, _Slot] = {}
        built_args = []
        for position, arg in enumerate(args):
            if isinstance(arg, list):
                items = []
                for item in range(len(arg)):
                    marker = _INT_BASE + len(markers)
                    markers[marker] = _Slot(position, item)
                    items.append(marker)
                built_args.append(items)
            elif isinstance(arg, bool) or arg is None:
                built_args.append(arg)  # part of the key (the SQL differs)
            elif isinstance(arg, int):
                marker = _INT_BASE + len(markers)
                markers[marker] = _Slot(position)
                built_args.append(marker)
            elif isinstance(arg, str):
                marker = _STR_FORM.format(len(markers))
                markers[marker] = _Slot(position)
                built_args.append(marker)
            else:
                raise TypeError(f"A prepared read takes ints, strings, lists of ints or None, not {arg!r}")
        built = self.build(*built_args, **shape)
        used: set[Any] = set()
        if isinstance(built, dict):
            parts = {name: _compiled(queryset, markers, used) for name, queryset in built.items()}
            statement = _Together(parts)
        else:
            statement = _compiled(built, markers, used)
        sql = statement.sql or ""
        # A read that finds nothing whatever the arguments (an empty IN list) leaves markers unused.
        empty = statement.sql is None or (
            isinstance(statement, _Together) and len(statement.sql_parts) < len(statement.names)
        )
        if any((m not in used and not empty) or str(m) in sql for m in markers):
            raise ImproperlyConfigured(
                f"{self.build!r} cannot be prepared: an argument is not a plain parameter of its SQL"
            )
        return statement


def read_all(*reads: Bound) -> list:
    """The results of several prepared reads (`Prepared.bind`), in one round trip: their
    statements sent together, their results read one after the other. (One by one where they go to
    different databases, or where the connection binds parameters on the server: OPTIONS
    server_side_binding, which takes one statement at a time.)"""
    statements = [(read._statement(args, shape), args) for read, args, shape in reads]
    results: list = [[] for _read in reads]  # what a read that finds nothing gives; it is not sent
    pending = [i for i, (statement, _args) in enumerate(statements) if statement.sql is not None]
    aliases = {router.db_for_read(statements[i][0].model) for i in pending}
    together = len(aliases) == 1 and _client_binding(next(iter(aliases)))
    for group in [pending] if together else [[i] for i in pending]:
        using = router.db_for_read(statements[group[0]][0].model)
        connection = connections[using]
        sql = ";\n".join(statements[i][0].sql for i in group)
        params = []
        for i in group:
            statement, args = statements[i]
            params += _params(statement.slots, statement.params, args)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for n, i in enumerate(group):
                if n:
                    cursor.nextset()
                results[i] = statements[i][0].result(cursor.fetchall(), connection, using)
    return results


def _client_binding(using: str) -> bool:
    """Whether the database takes several statements in one execute: Django's psycopg cursor binds
    the parameters in the client unless OPTIONS server_side_binding is true."""
    return connections[using].settings_dict["OPTIONS"].get("server_side_binding") is not True


def _compiled(queryset: QuerySet, markers: dict, used: set) -> _Statement:
    """The queryset's SQL with the slot of each parameter (markers found are added to `used`)."""
    kind = _KINDS.get(queryset._iterable_class)
    if kind is None or queryset._prefetch_related_lookups or queryset._known_related_objects:
        raise ImproperlyConfigured("Only model, values() and values_list() reads without prefetching")
    query = queryset.query
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Statement(None, [], [], queryset.model, kind, [], [])

    def slot_of(value):
        if isinstance(value, (list, tuple)):
            inner = [slot_of(v) for v in value]
            return inner if any(s is not None for s in inner) else None
        if type(value) in (int, str) and value in markers:
            used.add(value)
            return markers[value]
        return None

    slots = [slot_of(p) for p in params]
    select = compiler.select
    fields = [s[0] for s in select[0 : compiler.col_count]]
    converters = [(pos, convs, expr) for pos, (convs, expr) in compiler.get_converters(fields).items()]
    names = list(query.selected) if query.selected else []
    if kind == "values" and not names:
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
    statement = _Statement(sql, list(params), slots, queryset.model, kind, names, converters)
    if kind == "models":
        statement.klass_info = compiler.klass_info
        statement.select = select
        statement.annotation_col_map = compiler.annotation_col_map
        start, end = compiler.klass_info["select_fields"][0], compiler.klass_info["select_fields"][-1] + 1
        statement.init_list = [f[0].target.attname for f in select[start:end]]
        statement.populators = {}
    return statement


class _Together:
    """Several values() reads in one statement, as infra/together.py `read_together` sends them."""

    def __init__(self, parts: dict[str, _Statement]):
        if any(part.kind != "values" for part in parts.values()):
            raise ImproperlyConfigured("Reads together are values() querysets")
        self.names = list(parts)
        self.model = next(iter(parts.values())).model
        columns, self.params, self.slots, self.sql_parts = [], [], [], []
        for part in parts.values():
            if part.sql is None:
                columns.append("'[]'::json")
                continue
            self.sql_parts.append(part.sql)
            # json_agg takes the rows of an ordered subquery in its order.
            columns.append(f"(SELECT coalesce(json_agg(t), '[]'::json) FROM ({part.sql}) t)")
            self.params += part.params
            self.slots += part.slots
        self.sql = "SELECT " + ", ".join(columns)

    def result(self, rows: list[tuple], connection, using: str) -> dict[str, list[dict]]:
        return {
            name: json.loads(value) if isinstance(value, str) else value
            for name, value in zip(self.names, rows[0], strict=True)
        }


def _params(slots: list, constants: list, args: tuple) -> list:
    """The parameters of a compiled read: its constants, and the arguments where the markers were."""

    def value(slot, constant):
        if slot is None:
            return constant
        if isinstance(slot, list):
            return type(constant)(value(s, c) for s, c in zip(slot, constant, strict=True))
        arg = args[slot.arg]
        return arg if slot.item is None else arg[slot.item]

    return [value(slot, constant) for slot, constant in zip(slots, constants, strict=True)]


def _kind(arg) -> Hashable:
    """What of an argument the SQL depends on: a list's length, None, a flag's value."""
    if isinstance(arg, list):
        return ("list", len(arg))
    if arg is None or isinstance(arg, bool):
        return arg
    return type(arg).__name__


def _converted(row: tuple, converters: list, connection) -> tuple:
    row = list(row)
    for pos, convs, expression in converters:
        value = row[pos]
        for converter in convs:
            value = converter(value, expression, connection)
        row[pos] = value
    return tuple(row)


def _instances(statement: _Statement, rows: list[tuple], using: str) -> list[Model]:
    """Model instances as Django's ModelIterable makes them from the same compiled select."""
    klass_info, init_list = statement.klass_info, statement.init_list
    model_cls = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    populators = statement.populators.get(using)
    if populators is None:
        populators = statement.populators[using] = get_related_populators(klass_info, statement.select, using)
    annotations = statement.annotation_col_map
    result = []
    for row in rows:
        obj = model_cls.from_db(using, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        if annotations:
            for name, pos in annotations.items():
                setattr(obj, name, row[pos])
        result.append(obj)
    return result
