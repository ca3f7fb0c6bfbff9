"""The front door in a real browser (Playwright on the system Chromium): each role signs in through
/login/, follows every menu item, and every page passes an axe-core scan with no serious or critical
finding; the report form keeps what was typed; an upload is not repeated by a refresh; the API docs work
with the outside network cut off.

Screenshots of each main page per role go to var/screenshots/ (gitignored) for a person to look at.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

from accounts.models import OrganisationKind, Role
from dispatch.models import ContactImport
from tests import factories
from tests.campaigns.test_browser import system_chromium

PASSWORD = "pw-test-123"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LOOPBACK = re.compile(r"^(https?|ws)://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/")


def _close_connections():
    for conn in connections.all():
        conn.close()


def _people():
    """The four roles of the walk-through, with some work waiting for each."""
    call_command("load_reference", verbosity=0)  # an earlier transactional test's flush emptied it
    dic = factories.dic("24")
    reporter_org = factories.reporting_org(code="vnpost")
    reporter_org.name = "Tổng công ty Bưu điện Việt Nam (VNPost)"
    reporter_org.save(update_fields=["name"])
    dic.name = "Sở Thông tin và Truyền thông Bắc Giang"
    dic.save(update_fields=["name"])
    people = {
        "pheduyet": (factories.approver("pheduyet", first_name="Nguyễn Thu Hà"), "/content/queue/"),
        "so.bacgiang": (
            factories.user("so.bacgiang", org=dic, role=Role.EDITOR, first_name="Trần Văn Lâm"),
            "/campaigns/",
        ),
        "vnpost": (factories.user("vnpost", org=reporter_org, role=Role.EDITOR), "/reports/file/"),
        "tocongtac": (
            factories.user(
                "tocongtac", org=factories.national(OrganisationKind.WORKING_GROUP), role=Role.EDITOR
            ),
            "/reports/",
        ),
    }
    today = dt.date.today()
    factories.campaign(
        province_code="24", title="Vải thiều Lục Ngạn", harvest_start=today + dt.timedelta(days=20)
    )
    item = factories.content_item(author=people["so.bacgiang"][0], title="Bản tin loa: mùa vải thiều")
    from content.services import content_submit

    content_submit(actor=factories.actor(people["so.bacgiang"][0]), item=item)
    blast, _owner = factories.blast(org=dic, contacts=3, name="Vải thiều Lục Ngạn – đợt 1")
    # Pages behind the menu that the walk-through also judged: an item to decide, a blast to send.
    extra = {
        "pheduyet": [f"/content/items/{item.pk}/"],
        "so.bacgiang": [f"/dispatch/blasts/{blast.pk}/", f"/dispatch/audiences/{blast.audience_id}/"],
    }
    return {name: (user, landing, extra.get(name, [])) for name, (user, landing) in people.items()}


def _sign_in(browser, base, username, landing):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_url(f"{base}{landing}")
    return context, page


def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} × {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_role_signs_in_follows_every_menu_item_and_every_page_passes_axe(live_server):
    people = _people()
    _close_connections()
    SHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    with system_chromium() as browser:
        for username, (_user, landing, extra) in people.items():
            context, page = _sign_in(browser, live_server.url, username, landing)
            assert page.locator("#sign-out").is_visible()
            links = page.eval_on_selector_all("nav.menu a", "els => els.map(e => e.getAttribute('href'))")
            assert links, username
            for link in links + extra:
                response = page.goto(f"{live_server.url}{link}")
                assert response.status == 200, (username, link, response.status)
                slug = link.strip("/").replace("/", "-") or "home"
                page.screenshot(path=SHOTS / f"{username}-{slug}.png", full_page=True)
                problems = _serious(page)
                if problems:
                    found[(username, link)] = problems
            # The landing page on a phone: the menu and the header still fit.
            page.set_viewport_size({"width": 390, "height": 844})
            page.goto(f"{live_server.url}{landing}")
            page.screenshot(path=SHOTS / f"{username}-phone.png", full_page=False)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 400, (username, width)
            context.close()
        # The signed-out front page and the sign-in page are scanned too.
        page = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
        page.goto(f"{live_server.url}/")
        page.screenshot(path=SHOTS / "signed-out-home.png", full_page=True)
        for path in ("/", "/login/", "/tu-choi-tin-nhan/"):
            page.goto(f"{live_server.url}{path}")
            if problems := _serious(page):
                found[("anonymous", path)] = problems
    assert not found, found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_report_form_shows_two_errors_at_once_and_keeps_the_text(live_server):
    people = _people()
    _close_connections()
    with system_chromium() as browser:
        context, page = _sign_in(browser, live_server.url, "vnpost", "/reports/file/")
        page.fill("#id_press_articles", "-3")
        page.fill("#id_narrative", "Tuần này VNPost đăng 2 phóng sự về vải thiều.")
        page.fill("#id_evidence_links", "baochi.vn/bai-vai-thieu")
        page.click("#submit-report")
        page.wait_for_selector("#form-error")
        errors = page.locator("#form-error li").all_inner_texts()
        assert len(errors) == 2, errors
        assert errors[0].startswith("Tin, bài báo chí:") and errors[1].startswith("Đường dẫn minh chứng:")
        # Each error also sits beside its field, and everything typed is still there.
        assert page.locator(".field.has-error").count() == 2
        assert page.input_value("#id_press_articles") == "-3"
        assert page.input_value("#id_narrative") == "Tuần này VNPost đăng 2 phóng sự về vải thiều."
        assert page.input_value("#id_evidence_links") == "baochi.vn/bai-vai-thieu"
        page.screenshot(path=SHOTS / "vnpost-report-form-errors.png", full_page=True)
        context.close()
    assert people


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_refreshing_after_a_contact_upload_does_not_import_again(live_server, tmp_path):
    _people()
    _close_connections()
    upload = tmp_path / "danh-ba.csv"
    upload.write_text("phone,name\n0912345678,Nguyễn Văn A\n", encoding="utf-8")
    with system_chromium() as browser:
        context, page = _sign_in(browser, live_server.url, "so.bacgiang", "/campaigns/")
        page.goto(f"{live_server.url}/dispatch/imports/")
        page.set_input_files("#id_file", str(upload))
        page.click("#upload button[type=submit]")
        page.wait_for_url(f"{live_server.url}/dispatch/imports/")
        assert "Đã nhận tệp danh-ba.csv" in page.locator(".messages").inner_text()
        page.reload()
        page.wait_for_load_state()
        # The language switch in the header keeps one on the same page, to English and back.
        page.select_option("#lang-select", "en")
        page.click("form.lang button")
        page.wait_for_url(f"{live_server.url}/dispatch/imports/")
        assert page.get_attribute("html", "lang") == "en"
        page.select_option("#lang-select", "vi")
        page.click("form.lang button")
        page.wait_for_url(f"{live_server.url}/dispatch/imports/")
        assert page.get_attribute("html", "lang") == "vi"
        context.close()
    assert ContactImport.objects.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_api_docs_work_with_every_outside_request_blocked(live_server):
    _close_connections()
    blocked = []
    with system_chromium() as browser:
        context = browser.new_context()

        def only_loopback(route):
            if LOOPBACK.match(route.request.url):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", only_loopback)
        page = context.new_page()
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".opblock", timeout=60000)  # the schema is built on first request
        assert page.locator(".opblock").count() > 20
        assert page.locator("text=/api/v1/campaigns/").count() > 0
        context.close()
    assert not blocked, blocked
