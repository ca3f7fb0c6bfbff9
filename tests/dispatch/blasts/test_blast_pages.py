import pytest
from django.core.management import call_command

from accounts.models import Role
from dispatch.models import Blast
from tests import factories

pytestmark = pytest.mark.django_db


def test_compose_start_and_watch_a_blast_through_the_pages(client, sms, django_capture_on_commit_callbacks):
    draft, owner = factories.blast(contacts=3)
    client.force_login(owner)
    page = client.get("/dispatch/blasts/")
    assert page.status_code == 200 and "Soạn đợt gửi mới" in page.content.decode()
    response = client.post(
        "/dispatch/blasts/",
        {
            "name": "Vải thiều đợt 2",
            "organisation": draft.organisation_id,
            "content_item": draft.content_item_id,
            "audience": draft.audience_id,
            "category": "advertising",
            "sender": "MUA1034",
        },
    )
    blast = Blast.objects.get(name="Vải thiều đợt 2")
    assert response.status_code == 302 and response["Location"] == f"/dispatch/blasts/{blast.pk}/"
    detail = client.get(f"/dispatch/blasts/{blast.pk}/").content.decode()
    assert "Người nhận đủ điều kiện" in detail and ": <strong>3</strong> / 3" in detail
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dispatch/blasts/{blast.pk}/start/")
    progress = client.get(f"/dispatch/blasts/{blast.pk}/progress.json").json()
    assert (
        progress["status"] == "completed" and progress["counts"]["sent"] == 3 and progress["percent"] == 100
    )


def test_starting_a_blast_whose_text_breaks_the_rules_is_refused_with_the_reason(client, sms):
    blast, owner = factories.blast(contacts=2, body="Vải thiều vào mùa, mua trên postmart.vn")
    client.force_login(owner)
    response = client.post(f"/dispatch/blasts/{blast.pk}/start/", follow=True)
    assert "[QC]" in response.content.decode()
    blast.refresh_from_db()
    assert blast.status == "draft"


def test_another_dic_cannot_see_or_control_a_blast(client, sms):
    blast, _ = factories.blast(contacts=1)
    other = factories.user(org=factories.dic("01"), role=Role.ADMIN)
    client.force_login(other)
    assert client.get(f"/dispatch/blasts/{blast.pk}/").status_code == 403
    client.post(f"/dispatch/blasts/{blast.pk}/cancel/")
    blast.refresh_from_db()
    assert blast.status == "draft"


def test_blast_status_prints_counts_and_a_progress_bar(sms, capsys, django_capture_on_commit_callbacks):
    from accounts.permissions import actor_for_user
    from dispatch.blasts.services import blast_start

    blast, owner = factories.blast(contacts=2)
    with django_capture_on_commit_callbacks(execute=True):
        blast_start(actor=actor_for_user(owner), blast=blast)
    call_command("blast_status", blast.pk)
    out = capsys.readouterr().out
    assert "Hoàn tất" in out and "100%  2/2" in out and "sent: 2" in out and "█" * 40 in out


def test_the_api_starts_a_blast_and_reports_its_progress(api, sms, django_capture_on_commit_callbacks):
    blast, owner = factories.blast(contacts=2)
    api.key = factories.api_key(blast.organisation, Role.EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(f"/api/v1/dispatch/blasts/{blast.pk}/start")
    assert started.status_code == 200, started.content
    progress = api.get(f"/api/v1/dispatch/blasts/{blast.pk}").json()
    assert progress["status"] == "completed" and progress["counts"]["sent"] == 2
    again = api.post(f"/api/v1/dispatch/blasts/{blast.pk}/pause")
    assert again.status_code == 409 and "Không thể chuyển" in again.json()["detail"]


def test_a_blast_page_that_cannot_be_shown_says_why(client, sms):
    blast, owner = factories.blast(contacts=1)
    client.force_login(owner)
    missing = client.get("/dispatch/blasts/999999/")
    assert missing.status_code == 404 and "Không có đợt gửi #999999." in missing.content.decode()
    client.force_login(factories.user(org=factories.dic("01"), role=Role.ADMIN))
    refused = client.get(f"/dispatch/blasts/{blast.pk}/").content.decode()
    assert '<p class="note note-error" id="error"></p>' not in refused and 'id="error"' in refused
