"""The national 2022 dashboard on the demo data stays light enough to open on a provincial office's line,
and shows counted and reported side by side."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

LIMIT = 250 * 1024


@pytest.fixture
def demo(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    capsys.readouterr()


def test_the_national_2022_dashboard_is_under_250_kb_and_shows_counted_beside_reported(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="pheduyet"))
    response = client.get("/reports/", {"year": 2022})
    html = response.content
    assert response.status_code == 200
    print(f"national 2022 dashboard: {len(html)} bytes of HTML")
    assert len(html) < LIMIT, f"{len(html) / 1024:.0f} KB"
    page = html.decode()
    assert 'id="counted-reported"' in page and "Đếm được" in page and "Đơn vị báo cáo" in page
    assert "<svg" in page  # the chart stays
