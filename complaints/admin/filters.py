"""List filters rendered in one pass: the same choices and links as Django's filters (admin/filter.html),
written as one string instead of one template iteration per choice.

ManyValuesFilter is for a relation with many values (every outlet is a department; incidents
accumulate): its choices are kept per process while the related table's content hash is the same,
read as plain values (no model per value) when it changed, and share one query string with a
placeholder for the value (two hundred departments cost the complaint list several milliseconds a page
through Django's related-field filter)."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import admin
from django.db import connection, connections, models, router
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from complaints.web import text_html

PLACEHOLDER = "__value__"
# (model, value field, ordering, language) → (content hash of the table, choices)
_CHOICES: dict[tuple, tuple[str | None, list]] = {}


def _content_hash(model) -> str | None:
    """A hash of every row of a small table, computed by PostgreSQL (one row comes back instead of the
    table): any row added, changed or removed changes it."""
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(f"SELECT md5(string_agg(t::text, ',' ORDER BY t.{pk})) FROM {table} AS t")
        return cursor.fetchone()[0]


def choices_html(items) -> str:
    """The choices as admin/filter.html's loop writes them, one line each; a choice may bring its link
    already written (`href`: the query string through iriencode and escaped)."""
    return mark_safe(
        "\n".join(
            "<li"
            + (' class="selected"' if choice["selected"] else "")
            + '><a href="'
            + (choice.get("href") or escape(iri_to_uri(choice["query_string"])))
            + '">'
            + text_html(choice["display"])
            + "</a></li>"
            for choice in items
        )
    )


class OnePassFilter:
    """For a Django list filter class: `choices_html` for admin/complaints/one_pass_filter.html."""

    template = "admin/complaints/one_pass_filter.html"

    def choices(self, changelist):
        items = list(super().choices(changelist))
        self.choices_html = choices_html(items)
        return items


class ChoicesFilter(OnePassFilter, admin.ChoicesFieldListFilter):
    pass


class ManyValuesFilter(admin.RelatedFieldListFilter):
    template = "admin/complaints/one_pass_filter.html"

    def field_choices(self, field, request, model_admin):
        """(value, str(related row)) as Django's related-field filter lists them, kept per process
        while the related table's content is the same (its hash, one small query): every list page
        asked for the two hundred departments again. Read as plain values and labelled by the related
        model's own __str__ (over a row of its field values); a model whose label needs more than its
        own fields gets Django's list of model instances, read every time."""
        model = field.remote_field.model
        if model.__str__ is models.Model.__str__ or field.get_limit_choices_to():
            return super().field_choices(field, request, model_admin)
        ordering = tuple(self.field_admin_ordering(field, request, model_admin) or ())
        key = (model._meta.label, field.target_field.attname, ordering, get_language())
        content = _content_hash(model)
        hit = _CHOICES.get(key)
        if hit is not None and hit[0] == content:
            return hit[1]
        names = [f.attname for f in model._meta.concrete_fields]
        value = names.index(field.target_field.attname)
        rows = model._default_manager.values_list(*names)
        if ordering:
            rows = rows.order_by(*ordering)
        try:
            choices = [
                (row[value], str(model.__str__(SimpleNamespace(**dict(zip(names, row, strict=True))))))
                for row in rows
            ]
        except (AttributeError, TypeError):
            return super().field_choices(field, request, model_admin)
        if len(_CHOICES) >= 64:
            _CHOICES.clear()
        _CHOICES[key] = (content, choices)
        return choices

    def choices(self, changelist):
        # One query string with a placeholder for the value: get_query_string sorts the parameters by
        # name, so only the value differs from one choice to the next.
        with_value = changelist.get_query_string({self.lookup_kwarg: PLACEHOLDER}, [self.lookup_kwarg_isnull])
        chosen = self.lookup_val or []
        items = [
            {
                "selected": self.lookup_val is None and not self.lookup_val_isnull,
                "query_string": changelist.get_query_string(
                    remove=[self.lookup_kwarg, self.lookup_kwarg_isnull]
                ),
                "display": _("All"),
            }
        ]
        # The link of each value: the query string's parts around the placeholder written once (the
        # values are integers: the same text through urlencode, iriencode and escape).
        before, after = escape(iri_to_uri(with_value)).split(PLACEHOLDER)
        items += (
            {
                "selected": str(pk) in chosen,
                "query_string": with_value.replace(PLACEHOLDER, str(pk)),
                "display": label,
                "href": f"{before}{pk}{after}" if type(pk) is int else None,
            }
            for pk, label in self.lookup_choices
        )
        if self.include_empty_choice:
            items.append(
                {
                    "selected": bool(self.lookup_val_isnull),
                    "query_string": changelist.get_query_string(
                        {self.lookup_kwarg_isnull: "True"}, [self.lookup_kwarg]
                    ),
                    "display": self.empty_value_display,
                }
            )
        self.choices_html = choices_html(items)
        return items
