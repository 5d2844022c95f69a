"""Several small reads in one round trip to the database.

A page that lists a handful of small tables (departments, colleagues, categories, …) pays a round trip
and a query's planning for each; `read_together` sends them as one statement, each queryset's rows as
a JSON array of objects (keys: the queryset's `values()` names, in its order). JSON turns dates into
ISO strings and decimals into numbers: convert what needs it."""

from __future__ import annotations

import json

from django.db import connections
from django.db.models import QuerySet


def read_together(**querysets: QuerySet) -> dict[str, list[dict]]:
    """{name: rows} of each `values()` queryset (all on the same database), in one query."""
    if not querysets:
        return {}
    parts, params, using = [], [], None
    for queryset in querysets.values():
        sql, query_params = queryset.query.sql_with_params()
        # json_agg takes the rows of an ordered subquery in its order (PostgreSQL's idiom for ordered input).
        parts.append(f"(SELECT coalesce(json_agg(t), '[]'::json) FROM ({sql}) t)")
        params.extend(query_params)
        using = using or queryset.db
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {
        name: json.loads(value) if isinstance(value, str) else value
        for name, value in zip(querysets, row, strict=True)
    }


def values_of(model, *extra: str) -> list[str]:
    """The names to ask `values()` for to make whole `instances` of `model` (plus `extra` lookups)."""
    return [f.attname for f in model._meta.concrete_fields] + list(extra)


def instances(model, rows: list[dict], using: str = "default") -> list:
    """Model instances from `read_together` rows holding its fields (see `values_of`): each value
    converted back from JSON by its field (dates and times from their ISO strings). Keys that are no
    field of the model stay as attributes (e.g. `category__name`)."""
    fields = [f for f in model._meta.concrete_fields]
    result = []
    for row in rows:
        present = [f for f in fields if f.attname in row]
        obj = model.from_db(
            using, [f.attname for f in present], [f.to_python(row[f.attname]) for f in present]
        )
        for key in row.keys() - {f.attname for f in present}:
            setattr(obj, key, row[key])
        result.append(obj)
    return result
