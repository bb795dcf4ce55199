"""Every record admin's list, add page, read view and edit form, and every portal page, open
in Chromium under the Content-Security-Policy with no console error, no uncaught exception
and no CSP violation (issue 10: "no console errors on every portal page").

Data-driven like the admin smoke matrix: a new RecordAdmin is covered by registering it."""

from django.contrib import admin
from django.urls import reverse

from crm.admin.kit.record_admin import RecordAdminCore
from crm.tests import factories

PASSWORD = "Correct-Horse-42"  # the factories' password

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""

# Portal pages a browser opens (JSON endpoints and downloads are tested elsewhere): every
# portal URL without arguments, but for these.
NOT_PAGES = {"pipeline_column", "pipeline_move", "calendar_feed", "calendar_reschedule"}


def _record_urls() -> list[str]:
    made = factories.factory_for_model()
    urls = []
    for model, model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        if not isinstance(model_admin, RecordAdminCore) or model._meta.app_label != "crm":
            continue
        meta = model._meta
        urls.append(reverse(f"admin:crm_{meta.model_name}_changelist"))
        if model in made:
            record = made[model]()
            change = reverse(f"admin:crm_{meta.model_name}_change", args=[record.pk])
            urls += [change, f"{change}?edit=1"]
    return urls


def _portal_urls() -> list[str]:
    from portal.urls import urlpatterns

    names = [p.name for p in urlpatterns if not p.pattern.converters and p.name not in NOT_PAGES]
    assert "pipeline" in names
    return [reverse(f"portal:{name}") for name in names]


def test_every_record_and_portal_page_opens_cleanly(signed_in_page, live_server):
    boss = factories.AdminUserFactory()
    page = signed_in_page(boss.email, PASSWORD)
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    urls = _record_urls() + _portal_urls()
    assert len(urls) > 30
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, (url, response.status)
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__cspViolations")
        assert violations == [] and problems == [], (url, violations, problems)
