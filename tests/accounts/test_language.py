import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get("/admin/login/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_english_is_used_when_chosen(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/admin/login/")
    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client):
    client.cookies["django_language"] = "fr"
    assert client.get("/admin/login/").headers["Content-Language"] == "vi"


def test_a_signed_in_choice_is_kept_in_the_profile_and_follows_the_person_to_another_device(client):
    from django.test import Client

    from accounts.models import Profile

    person = factories.user("lan")
    client.force_login(person)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert Profile.objects.get(user=person).language == "en"

    elsewhere = Client()  # no language cookie: a new browser
    elsewhere.force_login(person)
    response = elsewhere.get("/admin/login/")
    assert response.headers["Content-Language"] == "en"
    assert response.cookies["django_language"].value == "en"  # the sign-in page after sign-out stays English

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert elsewhere.get("/admin/login/").headers["Content-Language"] == "vi"


def test_a_stored_choice_wins_over_a_stale_cookie(client):
    from accounts.services import profile_set_language

    person = factories.user("minh")
    profile_set_language(user=person, language="en")
    client.cookies["django_language"] = "vi"
    client.force_login(person)
    assert client.get("/admin/login/").headers["Content-Language"] == "en"


def test_an_unsupported_language_is_refused_and_nothing_is_stored():
    from accounts.models import Profile
    from accounts.services import profile_set_language
    from core.errors import DomainError

    person = factories.user("hoa")
    with pytest.raises(DomainError, match="Ngôn ngữ"):
        profile_set_language(user=person, language="fr")
    assert not Profile.objects.exists()


def test_a_notification_and_its_email_are_in_each_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    from django.utils.translation import gettext as _

    from accounts.services import notification_send, profile_set_language

    english = factories.user("en_reader", email="en@example.org")
    vietnamese = factories.user("vi_reader", email="vi@example.org")
    profile_set_language(user=english, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        sent = notification_send(
            users=[english, vietnamese],
            verb="review_requested",
            title=lambda: _("Nội dung chờ thẩm định: %(title)s") % {"title": "Vải thiều"},
        )
    titles = {n.user.username: n.title for n in sent}
    assert titles == {
        "en_reader": "Content awaiting review: Vải thiều",
        "vi_reader": "Nội dung chờ thẩm định: Vải thiều",
    }
    assert sorted(m.subject for m in mailoutbox) == sorted(titles.values())


def test_names_follow_the_language(client):
    from django.utils import translation

    org = factories.organisation(code="vnpost")
    org.name, org.name_en = "Tổng công ty Bưu điện Việt Nam", "Vietnam Post Corporation"
    province = factories.province("24")
    with translation.override("en"):
        assert (str(org), str(province)) == ("Vietnam Post Corporation", "24 Bac Giang (2022)")
    assert (str(org), str(province)) == ("Tổng công ty Bưu điện Việt Nam", "24 Bắc Giang (2022)")
