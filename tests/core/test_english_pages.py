"""Switching to English shows English: on the main pages of each demo role, the share of visible words that
are Vietnamese falls from most of the page to (near) nothing. What people typed (wave titles, content, the
names of places and produce that have no English name) is data and stays as written; it is left out."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.language_share import vietnamese_share, vietnamese_words, visible_words

pytestmark = pytest.mark.django_db

MAIN_PAGES = {
    "pheduyet": ["/", "/campaigns/", "/content/", "/content/queue/", "/content/feeds/", "/reports/"],
    "so.bacgiang": [
        "/campaigns/",
        "/content/",
        "/dispatch/audiences/",
        "/dispatch/imports/",
        "/dispatch/blasts/",
    ],
    "vnpost": ["/reports/file/"],
}


@pytest.fixture
def demo(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    capsys.readouterr()


def data_words() -> set[str]:
    """Words of what people typed: titles and bodies, names without an English form."""
    from calendars.models import Product
    from campaigns.models import Campaign
    from content.models import ContentItem, Revision

    texts = list(Campaign.objects.values_list("title", flat=True))
    texts += list(ContentItem.objects.values_list("title", flat=True))
    texts += list(Revision.objects.values_list("body", flat=True))
    # Products someone recorded without an English name (a province's flagship products, issue 17).
    texts += list(Product.objects.filter(name_en="").values_list("name", flat=True))
    return {w.lower() for text in texts for w in visible_words(f"<p>{text}</p>")}


def page(username: str, path: str, language: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies["django_language"] = language
    response = client.get(path, follow=True)
    assert response.status_code == 200, (username, path, response.status_code)
    return response.content.decode()


def test_english_pages_hold_almost_no_vietnamese(demo):
    # Mùa is the product's name; the language switch names each language in itself ("Tiếng Việt").
    ignore = data_words() | {"mùa", "tiếng", "việt", "ngôn", "ngữ"}
    problems = []
    for username, paths in MAIN_PAGES.items():
        for path in paths:
            vietnamese = page(username, path, "vi")
            english = page(username, path, "en")
            assert vietnamese_share(vietnamese, ignore=ignore) > 0.1, (username, path)
            left = vietnamese_words(english, ignore=ignore)
            share = vietnamese_share(english, ignore=ignore)
            if share >= 0.02:
                problems.append(f"{username} {path}: {share:.0%} Vietnamese left: {sorted(set(left))[:30]}")
    assert not problems, "\n".join(problems)
