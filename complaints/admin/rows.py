"""Changelist rows in one pass: the same cells as Django's result list (admin_list.items_for_result),
with everything that is the same on every row worked out once per page instead of once per cell.

Django's loop asks per cell which field the column is, finds its choices, reverses the change URL,
renders the selection checkbox through the form template engine and formats dates through the
general date formatter; fifty rows of twelve columns made that most of a changelist request. Here each
column becomes a small function of the row, chosen once; a column of a kind it does not know (a
boolean, a file, a link field, a list_editable form…) sends the whole list back to Django's loop."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.contrib.admin import helpers
from django.contrib.admin.options import ModelAdmin
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    result_headers,
    result_hidden_fields,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import FieldIsAForeignKeyColumnName, _get_non_gfk_field, quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import prefetch_related_objects
from django.template.loader import select_template
from django.urls import NoReverseMatch
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from complaints.admin.filters import ManyValuesFilter
from complaints.web import text_html

Cell = Callable[[models.Model], str]

# The parts of a date format this module writes itself (dateformat.DateFormat's meaning); a format
# with any other part goes through Django's formatter.
FORMAT_CHARS = re.compile(r"(?<!\\)([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])")
ESCAPED = re.compile(r"\\(.)")
DATE_PARTS: dict[str, Callable[[dt.datetime], str]] = {
    "Y": lambda d: f"{d.year:04d}",
    "m": lambda d: f"{d.month:02d}",
    "n": lambda d: str(d.month),
    "d": lambda d: f"{d.day:02d}",
    "j": lambda d: str(d.day),
    "H": lambda d: f"{d.hour:02d}",
    "G": lambda d: str(d.hour),
    "i": lambda d: f"{d.minute:02d}",
    "s": lambda d: f"{d.second:02d}",
}
SENTINEL_PK = "8164327790412"  # stands for the primary key in the change URL worked out once


class OnePassChangeList(ChangeList):
    """A changelist whose result table (headers and rows) is `results_html`; its page of rows loads
    only the columns the model admin's `list_only` names, when it names them."""

    def get_results(self, request):
        only = getattr(self.model_admin, "list_only", None)
        if only:
            # Only the page: the count, the date hierarchy, the actions and the export use their own
            # querysets (every column).
            full, self.queryset = self.queryset, self.queryset.only(*only)
            try:
                super().get_results(request)
            finally:
                self.queryset = full
        else:
            super().get_results(request)

    def get_query_string(self, new_params=None, remove=None) -> str:
        """ChangeList.get_query_string with each parameter encoded once per page: the filters, the
        column headers and the date hierarchy ask for some eighty links, each encoding every
        parameter of the list again. The same text: the parameters sorted by name, each as urlencode
        writes it."""
        params = self.filter_params.copy()
        for prefix in remove or ():
            for key in [key for key in params if key.startswith(prefix)]:
                del params[key]
        for key, value in (new_params or {}).items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return "?" + "&".join(part for key in sorted(params) if (part := self._encoded(key, params[key])))

    def _encoded(self, key, value) -> str:
        memo = self.__dict__.setdefault("_encoded_params", {})
        try:
            index = (key, tuple(value) if isinstance(value, list) else value)
            hash(index)
        except TypeError:
            return urlencode([(key, value)], doseq=True)
        if index not in memo:
            memo[index] = urlencode([(key, value)], doseq=True)
        return memo[index]

    def results_html(self) -> SafeString:
        headers = list(result_headers(self))
        rows = one_pass_rows(self)
        if rows is None:
            _prefetch_unjoined(self)
        context = {
            "cl": self,
            "result_hidden_fields": list(result_hidden_fields(self)),
            "result_headers": headers,
            "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
            "results": rows if rows is not None else list(results(self)),
        }
        opts = self.opts
        template = select_template(
            [
                f"admin/{opts.app_label}/{opts.model_name}/change_list_results.html",
                f"admin/{opts.app_label}/change_list_results.html",
                "admin/change_list_results.html",
            ]
        )
        return template.render(context)


def one_pass_rows(cl: ChangeList) -> list[ResultList] | None:
    """Each row's cells joined (one item per row), or None when a column needs Django's loop."""
    if cl.formset is not None or cl.is_popup or cl.list_display_links is None:
        return None
    if not cl.result_list:
        return []
    cells: list[Cell] = []
    first = True
    for name in cl.list_display:
        if not isinstance(name, str):
            return None
        link = (first and not cl.list_display_links) or name in cl.list_display_links
        cell = _column(cl, name, link and first)
        if cell is None:
            return None
        if link:
            if not first:
                return None  # a link in a later column: Django's loop
            first = False
        cells.append(cell)
    return [ResultList(None, [mark_safe("".join([cell(row) for cell in cells]))]) for row in cl.result_list]


def _column(cl: ChangeList, name: str, link: bool) -> Cell | None:
    model_admin = cl.model_admin
    empty = model_admin.get_empty_value_display()
    try:
        field = _get_non_gfk_field(cl.lookup_opts, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        field = None
    if field is None:
        if link or name == "__str__" or not hasattr(model_admin, name):
            return None
        method = getattr(model_admin, name)
        if name == "action_checkbox":
            if type(model_admin).action_checkbox is not ModelAdmin.action_checkbox:
                return None
            return _checkbox()
        if getattr(method, "boolean", False):
            return None
        return _method_cell(name, method, getattr(method, "empty_value_display", empty))
    if field.auto_created or not _known(field):
        return None
    classes = f"field-{name}"
    if isinstance(field, (models.DateField, models.TimeField, models.ForeignKey)):
        classes += " nowrap"
    if isinstance(field.remote_field, models.ManyToOneRel):
        return None if link else _related_cell(cl, field, classes, empty)
    display = _display(field, empty)
    if display is None:
        return None
    if not link:
        opening = f'<td class="{classes}">'

        def cell(row):
            return opening + display(getattr(row, name)) + "</td>"

        return cell
    return _link_cell(cl, name, classes, display)


def _known(field: models.Field) -> bool:
    """Fields whose display this module writes as Django's display_for_field does."""
    if getattr(field, "flatchoices", None):
        return True
    unknown = (models.BooleanField, models.FileField, models.URLField, models.JSONField, models.DecimalField)
    return not isinstance(field, unknown) and not isinstance(field, (models.IntegerField, models.FloatField))


def _display(field: models.Field, empty: str) -> Callable[[object], str] | None:
    """The escaped text of a field's value, as Django's display_for_field (then format_html) gives it."""
    if getattr(field, "flatchoices", None):
        try:
            labels = {value: text_html(label) for value, label in field.flatchoices}
        except TypeError:
            return None

        def choice(value):
            if isinstance(value, str) and not value.strip():
                value = ""
            return labels.get(value, empty)

        return choice
    empty_values = field.empty_values
    if isinstance(field, models.DateTimeField):
        date = _datetime_format()

        def instant(value):
            return empty if value in empty_values else text_html(date(value))

        return instant
    if isinstance(field, (models.DateField, models.TimeField)):

        def day(value):
            return empty if value in empty_values else text_html(formats.localize(value))

        return day

    def text(value):
        if isinstance(value, str) and not value.strip():
            value = ""
        return empty if value in empty_values else text_html(_shown(value, empty))

    return text


def _shown(value, empty: str) -> str:
    """display_for_value for what a text field holds."""
    from django.contrib.admin.utils import display_for_value

    return display_for_value(value, empty)


def _datetime_format() -> Callable[[dt.datetime], str]:
    """formats.localize(timezone.template_localtime(value)) for the active language's DATETIME_FORMAT,
    written directly when the format has only plain numeric parts."""
    pieces = FORMAT_CHARS.split(str(formats.get_format("DATETIME_FORMAT")))
    parts: list[str | Callable] = []
    for i, piece in enumerate(pieces):
        if i % 2:
            if piece not in DATE_PARTS:
                return lambda value: formats.localize(timezone.template_localtime(value))
            parts.append(DATE_PARTS[piece])
        elif piece:
            parts.append(ESCAPED.sub(r"\1", piece))

    def write(value: dt.datetime) -> str:
        local = timezone.template_localtime(value)
        return "".join([part if isinstance(part, str) else part(local) for part in parts])

    return write


def _method_cell(name: str, method, empty: str) -> Cell:
    """A ModelAdmin method column: display_for_value of what it returns (dates get the nowrap class)."""
    from django.contrib.admin.utils import display_for_value

    plain = f'<td class="field-{name}">'

    def cell(row):
        try:
            value = method(row)
        except ObjectDoesNotExist:
            return plain + empty + "</td>"
        if isinstance(value, str) and not value.strip():
            value = ""
        shown = text_html(display_for_value(value, empty))
        if isinstance(value, (dt.date, dt.time)):
            return f'<td class="field-{name} nowrap">{shown}</td>'
        return plain + shown + "</td>"

    return cell


def _related_cell(cl: ChangeList, field: models.ForeignKey, classes: str, empty: str) -> Cell:
    """A relation shown as str(related row): the row joined (list_select_related), or else its label
    from the list filter of the same relation (ManyValuesFilter labels every value by the same __str__)
    or from one query for the page. A relation with many values left out of the join keeps the list's
    query small: each joined table multiplied PostgreSQL's planning time (six tables: 3 ms a page)."""
    opening = f'<td class="{classes}">'
    name, attname = field.name, field.attname
    unjoined = {getattr(row, attname) for row in cl.result_list if not field.is_cached(row)} - {None}
    labels = _labels(cl, field, unjoined) if unjoined else {}

    def cell(row):
        if not field.is_cached(row):
            value = getattr(row, attname)
            shown = empty if value is None else labels[value]
            return opening + shown + "</td>"
        try:
            related = getattr(row, name)
        except ObjectDoesNotExist:
            return opening + empty + "</td>"
        return opening + (empty if related is None else text_html(related)) + "</td>"

    return cell


def _labels(cl: ChangeList, field: models.ForeignKey, values: set) -> dict:
    """Escaped str() of the related rows whose key is in `values`."""
    for spec in cl.filter_specs:
        if getattr(spec, "field", None) is field and isinstance(spec, ManyValuesFilter):
            labels = {value: text_html(label) for value, label in spec.lookup_choices if value in values}
            if len(labels) == len(values):
                return labels
    related = field.remote_field.model._default_manager.filter(**{f"{field.target_field.name}__in": values})
    return {getattr(row, field.target_field.attname): text_html(row) for row in related}


def _prefetch_unjoined(cl: ChangeList) -> None:
    """Django's loop reads each relation of the list: the ones not joined come in one query each."""
    names = []
    for name in cl.list_display:
        try:
            field = _get_non_gfk_field(cl.lookup_opts, name) if isinstance(name, str) else None
        except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
            continue
        if field is not None and field.many_to_one and any(not field.is_cached(r) for r in cl.result_list):
            names.append(field.name)
    if names:
        prefetch_related_objects(list(cl.result_list), *names)


def _checkbox() -> Cell:
    """ModelAdmin.action_checkbox as its widget template renders it."""
    label = gettext("Select this object for an action - {}")
    name = helpers.ACTION_CHECKBOX_NAME

    def cell(row):
        aria = label.format(text_html(str(row)))
        return (
            f'<td class="action-checkbox"><input type="checkbox" name="{name}" value="{text_html(row.pk)}"'
            f' class="action-select" aria-label="{aria}"></td>'
        )

    return cell


def _link_cell(cl: ChangeList, name: str, classes: str, display: Callable[[object], str]) -> Cell | None:
    """The first column: a link to the row's change page, with the list's filters preserved."""
    try:
        url = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts},
            cl.url_for_result(_Sentinel(cl.pk_attname)),
        )
    except NoReverseMatch:
        return None
    if url.count(SENTINEL_PK) != 1:
        return None
    before, after = (escape(part) for part in url.split(SENTINEL_PK))
    opening = f'<th class="{classes}"><a href="{before}'
    pk_name = cl.pk_attname

    def cell(row):
        pk = text_html(quote(getattr(row, pk_name)))
        return f'{opening}{pk}{after}">{display(getattr(row, name))}</a></th>'

    return cell


class _Sentinel:
    def __init__(self, pk_attname: str) -> None:
        setattr(self, pk_attname, SENTINEL_PK)
