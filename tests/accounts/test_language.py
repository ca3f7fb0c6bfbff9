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
    from config.errors import DomainError

    person = factories.user("hoa")
    with pytest.raises(DomainError, match="Ngôn ngữ"):
        profile_set_language(user=person, language="fr")
    assert not Profile.objects.exists()
