"""{% complaint_rows rows selectable %}: the rows of a complaint list (complaints/_rows.html) written in
one pass. A page of twenty-five rows through the template language cost a quarter of the workbench
request (a URL reversed, three choice labels looked up through the model, four dates formatted per
row); here the labels, the link and the date formats are worked out once per page."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from complaints.models import Complaint, DepartmentRequest
from complaints.web import text_html
from customers.masking import mask_name, mask_phone
from org.templatetags.people import person

register = template.Library()

NUMBER = "__number__"
# What reverse() leaves unquoted in a path (django.urls.resolvers._reverse_with_prefix).
PATH_SAFE = "!$&'()*+,;=/~:@"


def _labels(model, name: str) -> dict:
    """get_<name>_display() for every value, escaped: a value outside the choices shows as itself."""
    return {value: text_html(label) for value, label in model._meta.get_field(name).flatchoices}


def _day(value) -> str:
    local = template_localtime(value)
    return f"{local.year:04d}-{local.month:02d}-{local.day:02d}"


def _time(value) -> str:
    local = template_localtime(value)
    return f"{local.hour:02d}:{local.minute:02d}"


@register.simple_tag
def complaint_rows(rows, selectable=False) -> SafeString:
    if not rows:
        return mark_safe(
            f'\n    <tr><td colspan="9" class="empty">{escape(gettext("Nothing here."))}</td></tr>\n  '
        )
    status, tier, severity = (_labels(Complaint, name) for name in ("status", "tier", "severity"))
    request_status = _labels(DepartmentRequest, "status")
    link_before, link_after = escape(reverse("complaints:detail", args=[NUMBER])).split(NUMBER)
    due_by = escape(gettext("finding due by"))
    out = []
    for c in rows:
        number = text_html(c.number)
        badge = c.badge
        css = text_html(badge.css)
        cells = [f'\n    <tr class="row-{css}">\n      ']
        if selectable:
            cells.append(
                f'<td><input type="checkbox" name="numbers" value="{number}" form="reassign"'
                f' aria-label="{number}"></td>'
            )
        link = f"{link_before}{text_html(quote(c.number, safe=PATH_SAFE))}{link_after}"
        cells.append(f'\n      <td><a href="{link}">{number}</a>')
        if c.waybill_no:
            cells.append(f"<br><small>{text_html(c.waybill_no)}</small>")
        received = c.received_at
        category = c.category
        customer = c.customer
        cells.append(
            f'</td>\n      <td class="nowrap">{_day(received)}<br><small>{_time(received)}</small></td>'
            f"\n      <td>{status.get(c.status) or text_html(c.status)}<br><small>"
            f"{tier.get(c.tier) or text_html(c.tier)}</small></td>"
            f"\n      <td>{severity.get(c.severity) or text_html(c.severity)}</td>"
            f"\n      <td>{text_html(category.name) if category is not None else ''}</td>"
            f"\n      <td>{text_html(mask_name(c.contact_name))} "
            f"{text_html(mask_phone(customer.phone if customer is not None else ''))}</td>"
            f"\n      <td>{text_html(person(c.owner))}</td>\n      <td>"
        )
        asked = getattr(c, "request", None)
        if asked:
            if asked.status == "answered":
                shown = request_status.get(asked.status) or text_html(asked.status)
                cells.append(f'<span class="badge badge-done">{shown}</span>')
            else:
                due = f"{template_localtime(asked.due):%m-%d %H:%M}" if asked.due else ""
                cells.append(f'<span class="badge badge-near">{due_by} {due}</span>')
            cells.append("<br>")
        cells.append(f'<span class="badge badge-{css}">{text_html(badge.text)}</span></td>\n    </tr>\n  ')
        out.append("".join(cells))
    return mark_safe("".join(out))
