"""A bad-input corpus posted to every browser form of the product (the schemathesis idea, for forms).

The forms are found, not listed: the pages of the URL conf that show forms (the workbench, intake,
consultations, review, reports, tracking, rating, login, and the page of a demo complaint in every
state with all its action, claim and penalty forms) are fetched as a manager and an anonymous
visitor, and every <form method=post> on them is parsed (action, fields, their default values).
Each bad value is then posted in place of the form's fields, inside a savepoint that is rolled back
afterwards, so every case starts from the same data. Two rules hold for every case:

- no response is a server error (status 500 or above);
- a refused request (status 400 and above, or a form shown again with 200) writes no row in any table
  (counted by PostgreSQL in pg_stat_xact_user_tables), except the sessions, the rate-limit counters
  and the login-attempt log, which exist to count refused requests.

The quick variant puts each bad value into every field of a form at once; the slow one into one field
at a time. The sizes are printed (pytest -s) and asserted to stay meaningful."""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from complaints.models import Complaint
from tests.hardening.writes import writes

BAD_TEXT = [
    "a\x00b",
    "\x01\x07\x1b[31m\x7f",
    "\u200b\u200d\ufeff",
    "\u202egnp.exe",
    "x" * 100_000,
    "9" * 40,
    "-1",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-13-45T25:61",
    "١٣٨١٢٣٤٥٦٧٨",
    "１３８１２３４５６７８",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "😀" * 50,
    "",
]
INVALID_UTF8 = b"%ED%A0%80%FF"


class _Forms(HTMLParser):
    """<form method=post> elements: action, enctype, and their named fields with default values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {
                "action": a.get("action") or "",
                "multipart": "multipart" in (a.get("enctype") or ""),
                "fields": {},
                "files": [],
            }
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type") == "file":
            self._form["files"].append(a["name"])
        elif tag == "input" and a.get("type") in ("checkbox", "radio"):
            if "checked" in a:
                self._form["fields"][a["name"]] = a.get("value", "on")
        elif tag == "input":
            self._form["fields"][a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._form["fields"][a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], "")
        elif tag == "option" and self._select and ("selected" in a or not self._form["fields"][self._select]):
            self._form["fields"][self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


SKIP_ACTIONS = ("/logout/", "/i18n/")


def discover(client: Client, pages: list[str]) -> list[dict]:
    """Every distinct POST form on `pages` (distinct by action and field names)."""
    seen, forms = set(), []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        parser = _Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            form["action"] = urllib.parse.urljoin(page, form["action"] or page)
            key = (re.sub(r"TS[0-9A-Z]+|\d+", "#", form["action"]), tuple(sorted(form["fields"])))
            if form["action"].startswith(SKIP_ACTIONS) or key in seen:
                continue
            seen.add(key)
            form["page"] = page
            forms.append(form)
    return forms


class Outcome:
    def __init__(self):
        self.requests = 0
        self.statuses: dict[int, int] = {}
        self.failures: list[str] = []

    def post(
        self, client: Client, form: dict, data: dict, files: dict | None = None, raw: bytes | None = None
    ):
        self.requests += 1
        before = writes()
        sid = transaction.savepoint()
        try:
            if raw is not None:
                response = client.post(form["action"], raw, content_type="application/x-www-form-urlencoded")
            else:
                response = client.post(form["action"], {**data, **(files or {})})
            after = writes()
        finally:
            transaction.savepoint_rollback(sid)
        status = response.status_code
        self.statuses[status] = self.statuses.get(status, 0) + 1
        case = f"{form['action']} {sorted(data)[:4]}… {status}"
        if status >= 500:
            self.failures.append(f"server error: {case}")
        elif (status >= 400 or status == 200) and after != before:
            self.failures.append(f"refused but wrote {after - before} rows: {case}")


@pytest.fixture
def forms(db, settings, tmp_path):
    """The demo data, and every form a manager and an anonymous visitor are shown."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from analytics.months import Month
    from analytics.services import monthly_report_build
    from complaints.services.rating import rating_link

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())
    month = Month.containing(timezone.now())
    monthly_report_build(month, notify=False)
    manager = Client(raise_request_exception=False)
    manager.force_login(get_user_model().objects.get(username="manager1"))
    numbers = [
        Complaint.objects.filter(status=status).values_list("number", flat=True).first()
        for status in Complaint.Status.values
    ]
    pages = [
        "/",
        "/complaints/new/",
        "/contacts/new/",
        "/review/",
        "/reports/monthly/",
        f"/reports/monthly/{month}/",
    ]
    pages += [f"/complaints/{n}/" for n in numbers if n]
    anonymous = Client(raise_request_exception=False)
    resolved = Complaint.objects.filter(status="resolved").first()
    public = ["/login/", "/track/", urllib.parse.urlsplit(rating_link(resolved)).path]
    return [(manager, f) for f in discover(manager, pages)] + [
        (anonymous, f) for f in discover(anonymous, public)
    ]


def _run(forms, *, one_field_at_a_time: bool) -> Outcome:
    outcome = Outcome()
    for client, form in forms:
        names = [n for n in form["fields"] if n not in ("csrfmiddlewaretoken", "seen")]
        targets = [[n] for n in names] if one_field_at_a_time else [names]
        for fields in targets:
            for value in BAD_TEXT:
                outcome.post(client, form, {**form["fields"], **dict.fromkeys(fields, value)})
            body = (
                urllib.parse.urlencode(form["fields"]).encode()
                + b"&"
                + b"&".join(f.encode() + b"=" + INVALID_UTF8 for f in fields)
            )
            outcome.post(client, form, form["fields"], raw=body)
        for name in form["files"]:
            for upload in (
                SimpleUploadedFile("a\x00.jpg", b"\xff\xd8\xff" + b"\x00" * 10),
                SimpleUploadedFile("empty.pdf", b""),
                SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not an image"),
                SimpleUploadedFile("y" * 5000 + ".png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 10),
            ):
                outcome.post(client, form, form["fields"], files={name: upload})
    return outcome


def _report(label: str, forms, outcome: Outcome) -> None:
    print(
        f"\n{label}: {len(forms)} forms, {sum(len(f['fields']) for _c, f in forms)} fields, "
        f"{outcome.requests} requests; statuses {dict(sorted(outcome.statuses.items()))}"
    )
    for failure in outcome.failures[:30]:
        print("  ", failure)


@pytest.mark.django_db
def test_no_bad_value_in_any_browser_form_gives_a_server_error_or_a_written_row(forms):
    outcome = _run(forms, one_field_at_a_time=False)
    _report("browser-form corpus (all fields at once)", forms, outcome)
    assert len(forms) >= 25 and outcome.requests >= 500
    assert outcome.failures == []


@pytest.mark.slow
@pytest.mark.django_db
def test_no_bad_value_in_any_single_field_gives_a_server_error_or_a_written_row(forms):
    outcome = _run(forms, one_field_at_a_time=True)
    _report("browser-form corpus (one field at a time)", forms, outcome)
    assert outcome.requests >= 1500
    assert outcome.failures == []
