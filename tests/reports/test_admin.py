"""Every reports model has its admin page, now under /admin/reports/ (they lived under campaigns)."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    ["target", "targetchange", "reportingobligation", "weeklyreport", "weeklyreportversion", "monthlyrollup"],
)
def test_every_reports_model_has_an_admin(client, model):
    client.force_login(get_user_model().objects.create_superuser("root", "root@mua.local", "pw-test-123"))
    assert client.get(f"/admin/reports/{model}/").status_code == 200
