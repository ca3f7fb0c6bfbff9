"""Mùa's own sign-in, where each role lands, the one role-aware menu, and forms that respect the user."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import OrganisationKind, Role
from dispatch.models import ContactImport
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "pw-test-123"


def role_users():
    """One user per role the walk-through signed in as, with where each one's work is."""
    return {
        "approver": (factories.approver("pheduyet"), "/content/queue/"),
        "dic": (factories.user("so.bacgiang", org=factories.dic("24"), role=Role.EDITOR), "/campaigns/"),
        "reporter": (
            factories.user("vnpost", org=factories.reporting_org(code="vnpost"), role=Role.EDITOR),
            "/reports/file/",
        ),
        "working_group": (
            factories.user("tocongtac", org=factories.national(), role=Role.EDITOR),
            "/reports/",
        ),
    }


def menu_links(html: str) -> list[str]:
    menu = re.search(r'<nav class="menu"[^>]*>(.*?)</nav>', html, re.S)
    return re.findall(r'href="([^"]+)"', menu.group(1)) if menu else []


def test_the_front_page_explains_mua_and_offers_the_sign_in():
    html = Client().get("/").content.decode()
    assert "Mùa – nâng tầm giá trị nông sản Việt" in html
    assert 'action="/login/"' in html and 'name="password"' in html
    assert 'class="menu"' not in html  # no menu for someone not signed in


def test_each_role_lands_where_its_work_is_after_signing_in():
    for _name, (user, landing) in role_users().items():
        client = Client()
        response = client.post("/login/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"] == landing, user.username
        assert client.get("/")["Location"] == landing  # the front page sends a signed-in user to work


def test_a_wrong_password_is_refused_on_the_sign_in_page_without_admin_chrome():
    factories.user("so.hanoi", org=factories.dic("01"))
    html = Client().post("/login/", {"username": "so.hanoi", "password": "sai"}).content.decode()
    assert "Đăng nhập vào Mùa" in html and 'class="form-errors"' in html
    assert "Django" not in html and "quản trị" not in html


def test_every_menu_item_opens_for_its_role_and_only_approvers_see_the_queue():
    for name, (user, landing) in role_users().items():
        client = Client()
        client.force_login(user)
        links = menu_links(client.get(landing).content.decode())
        assert links, name
        for link in links:
            assert client.get(link).status_code == 200, (name, link)
        assert ("/content/queue/" in links) == (name == "approver"), name
        assert ("/dispatch/imports/" in links) == (name != "reporter"), name  # postal firms keep no contacts
        assert ("/reports/file/" in links) == (name in ("dic", "reporter")), name


def test_the_layout_shows_the_user_the_organisation_and_a_sign_out_on_every_page():
    user = factories.user("so.bacgiang", org=factories.dic("24"), role=Role.EDITOR, first_name="Lan")
    client = Client()
    client.force_login(user)
    for page in (
        "/campaigns/",
        "/dispatch/imports/",
        "/dispatch/audiences/",
        "/dispatch/blasts/",
        "/reports/",
    ):
        html = client.get(page).content.decode()
        assert 'id="sign-out"' in html and "Lan" in html and "Sở TTTT Bắc Giang" in html, page
        assert 'aria-current="page"' in html, page  # the menu marks where one is
        assert "<style" not in html and "<script>" not in html and "style=" not in html, page


def test_signing_out_is_a_post_and_says_so():
    user = factories.user(org=factories.dic("24"))
    client = Client()
    client.force_login(user)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/", follow=True)
    assert "Bạn đã đăng xuất." in response.content.decode()
    assert client.get("/campaigns/")["Location"].startswith("/login/")


def test_a_forgotten_password_is_reset_by_email():
    factories.user("so.hanoi", org=factories.dic("01"), email="so.hanoi@mua.test")
    response = Client().post("/password/reset/", {"email": "so.hanoi@mua.test"})
    assert response.status_code == 302 and response["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1 and "/password/reset/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Mùa: đặt lại mật khẩu"


def test_a_missing_page_is_shown_in_the_layout():
    html = Client().get("/khong-co-trang-nay/").content.decode()
    assert "Không tìm thấy trang này" in html and "mua.css" in html


def test_the_report_form_keeps_every_value_and_shows_all_errors_by_label():
    org = factories.reporting_org(code="vnpost")
    client = Client()
    client.force_login(factories.user(org=org, role=Role.EDITOR))
    response = client.post(
        "/reports/file/",
        {
            "week": "2022-W08",
            "press_articles": "-3",
            "tv_spots": "2",
            "narrative": "Tuần này đăng 2 phóng sự về vải thiều.",
            "evidence_links": "baochi.vn/bai-1",
            "action": "submit",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    errors = re.search(r'<div class="form-errors".*?</div>', html, re.S).group(0)
    assert "Tin, bài báo chí</a>:" in errors and "Đường dẫn minh chứng</a>:" in errors
    said = re.sub(r"<[^>]+>", "", errors)
    assert "press_articles" not in said and "evidence_links" not in said  # labels, never field names
    assert 'value="-3"' in html and 'value="2"' in html
    assert "Tuần này đăng 2 phóng sự về vải thiều." in html and "baochi.vn/bai-1" in html


def test_a_contact_upload_redirects_so_a_refresh_imports_nothing_twice(django_capture_on_commit_callbacks):
    org = factories.organisation(OrganisationKind.WORKING_GROUP, code="tct")
    client = Client()
    client.force_login(factories.user(org=org, role=Role.EDITOR))
    upload = SimpleUploadedFile("ds.csv", b"phone\n0912345678\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dispatch/imports/", {"organisation": "tct", "file": upload})
    assert response.status_code == 302 and response["Location"] == "/dispatch/imports/"
    refreshed = client.get(response["Location"])
    assert "Đã nhận tệp ds.csv" in refreshed.content.decode()
    client.get(response["Location"])  # the browser's refresh repeats the GET, never the upload
    assert ContactImport.objects.count() == 1


def test_a_user_changes_their_password_and_returns_to_their_work():
    user = factories.user("so.hanoi", org=factories.dic("01"))
    client = Client()
    client.force_login(user)
    response = client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": "vai-thieu-2026!", "new_password2": "vai-thieu-2026!"},
    )
    assert response.status_code == 302 and response["Location"] == "/campaigns/"
    assert "Đã đổi mật khẩu." in client.get("/campaigns/").content.decode()
    user.refresh_from_db()
    assert user.check_password("vai-thieu-2026!")
