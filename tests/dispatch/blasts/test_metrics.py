"""/metrics: closed unless a token or an allowed network is configured; what the engine records shows."""

import pytest

from dispatch.blasts import engine
from tests import factories

pytestmark = pytest.mark.django_db


def test_metrics_are_not_exposed_without_a_token_or_network(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "", []
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_token(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "s3cret-token", []
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    response = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert response.status_code == 200
    assert "mua_rq_queue_depth" in response.content.decode()


def test_metrics_from_an_allowed_network(client, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_IPS = "", ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 404  # the test client is 127.0.0.1
    settings.METRICS_ALLOWED_IPS = ["127.0.0.0/8"]
    assert client.get("/metrics").status_code == 200


def _messages_sent() -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value("mua_sms_messages_total", {"status": "sent", "reason": ""}) or 0.0


def test_a_blast_shows_in_the_message_and_latency_metrics(
    client, settings, fake_twilio, django_capture_on_commit_callbacks
):
    from accounts.permissions import actor_for_user
    from dispatch.blasts.services import blast_start

    settings.METRICS_TOKEN = "t"
    sent = _messages_sent()
    blast, owner = factories.blast(contacts=3)
    with django_capture_on_commit_callbacks(execute=True):
        blast_start(actor=actor_for_user(owner), blast=blast)
    assert _messages_sent() == sent + 3
    text = client.get("/metrics", headers={"Authorization": "Bearer t"}).content.decode()
    assert 'mua_sms_provider_seconds_count{operation="send",outcome="ok"}' in text
    assert "mua_sms_in_flight 0.0" in text


def test_the_tick_cleans_rq_of_dead_workers(redis_url):
    from rq.worker import Worker

    from core.queues import get_connection, get_queue

    conn = get_connection()
    alive = Worker([get_queue("dispatch")], connection=conn, name="alive")
    dead = Worker([get_queue("dispatch")], connection=conn, name="dead")
    alive.register_birth()
    dead.register_birth()
    conn.delete(dead.key)  # its registration lapsed: killed, no more heartbeats
    assert engine.tick()["dead_workers"] == 1
    assert [w.name for w in Worker.all(connection=conn)] == ["alive"]
