"""The Content-Security-Policy as Chromium enforces it: every page a user opens works under it, and
nothing on them (script, style, image, font) is blocked."""

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Reported by the page itself; Playwright injects this without being subject to the policy.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def visit(page, url: str, violations: list, console: list) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    violations.extend(f"{url}: {v}" for v in page.evaluate("window.__csp"))
    violations.extend(f"{url}: {m}" for m in console if "Content Security Policy" in m)
    console.clear()


def test_every_page_works_under_the_policy_and_nothing_is_blocked(page, live_server, login, demo, shot):
    from django.utils import timezone

    from analytics.months import Month
    from analytics.services import monthly_report_build

    month = Month.containing(timezone.now())
    monthly_report_build(month, notify=False)
    complaint = Complaint.objects.filter(status="investigating").first()
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    violations: list[str] = []
    base = live_server.url

    for path in ("/login/", "/track/"):
        visit(page, base + path, violations, console)
    login(page, "manager1")
    pages = [
        "/",
        "/complaints/new/",
        f"/complaints/{complaint.number}/",
        f"/complaints/{complaint.number}/case-file/",
        "/review/",
        "/reports/monthly/",
        f"/reports/monthly/{month}/",
        "/admin/",
        "/admin/dashboard/",
        "/admin/complaints/complaint/",
        f"/admin/complaints/complaint/{complaint.pk}/change/",
        "/admin/infra/loginlockout/",
        "/api/docs/",
    ]
    for path in pages:
        visit(page, base + path, violations, console)
    expect(page.locator(".swagger-ui .info")).to_be_visible()  # the docs' script ran
    shot(page, "api-docs-under-csp")

    visit(page, f"{base}/complaints/{complaint.number}/", violations, console)
    page.select_option("select[name=language]", "en")  # the language menu's handler is a static script
    expect(page.locator("html")).to_have_attribute("lang", "en")

    assert violations == []
    assert "script-src 'self'" in page.request.get(base + "/").headers["content-security-policy"]
