import pytest
from twilio.request_validator import RequestValidator

from dispatch.blasts.webhooks import is_refusal
from dispatch.models import Message, Suppression
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN = "hook-token"


@pytest.fixture
def signed(settings, client):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_STATUS_CALLBACK_BASE = "https://mua.example.vn"

    def post(path: str, params: dict, *, signature: str | None = None):
        url = "https://mua.example.vn" + path
        sig = RequestValidator(TOKEN).compute_signature(url, params) if signature is None else signature
        headers = {"HTTP_X_TWILIO_SIGNATURE": sig} if sig else {}
        return client.post(path, params, **headers)

    return post


def _message(status="sent"):
    blast, _ = factories.blast(contacts=1)
    contact = blast.audience.organisation.contacts.get()
    return Message.objects.create(
        blast=blast, contact=contact, phone=contact.phone, status=status, provider_id="SMx1"
    )


def test_a_signed_callback_moves_a_message_forward(signed):
    message = _message()
    response = signed(
        f"/hooks/twilio/status?m={message.pk}", {"MessageSid": "SMx1", "MessageStatus": "delivered"}
    )
    assert response.status_code == 204
    message.refresh_from_db()
    assert message.status == "delivered"


def test_a_late_sent_never_overwrites_delivered(signed):
    message = _message(status="delivered")
    signed(f"/hooks/twilio/status?m={message.pk}", {"MessageSid": "SMx1", "MessageStatus": "sent"})
    message.refresh_from_db()
    assert message.status == "delivered"


def test_a_failed_callback_records_its_error_code(signed):
    message = _message()
    params = {"MessageSid": "SMx1", "MessageStatus": "undelivered", "ErrorCode": "30003"}
    signed(f"/hooks/twilio/status?m={message.pk}", params)
    message.refresh_from_db()
    assert (message.status, message.error_code) == ("undelivered", "30003")


@pytest.mark.parametrize("signature", ["", "forged-signature"])
def test_a_forged_or_unsigned_callback_is_403_and_changes_nothing(signed, signature):
    message = _message()
    params = {"MessageSid": "SMx1", "MessageStatus": "delivered"}
    response = signed(f"/hooks/twilio/status?m={message.pk}", params, signature=signature)
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == "sent"


def test_a_signature_for_other_parameters_is_refused(signed):
    message = _message()
    good = RequestValidator(TOKEN).compute_signature(
        f"https://mua.example.vn/hooks/twilio/status?m={message.pk}",
        {"MessageSid": "SMx1", "MessageStatus": "sent"},
    )
    params = {"MessageSid": "SMx1", "MessageStatus": "delivered"}
    assert signed(f"/hooks/twilio/status?m={message.pk}", params, signature=good).status_code == 403


@pytest.mark.parametrize("body", ["STOP", " stop! ", "TU CHOI", "Từ chối", "HUY", "Hủy", "dừng", "TC"])
def test_refusal_keywords_in_english_and_vietnamese(body):
    assert is_refusal(body)


@pytest.mark.parametrize("body", ["Cảm ơn", "Đúng giờ không?", "stopwatch", "stop please call me"])
def test_other_replies_are_not_refusals(body):
    assert not is_refusal(body)


def test_an_inbound_refusal_suppresses_the_number(signed):
    response = signed("/hooks/twilio/inbound", {"From": "+84912345678", "Body": "Tu choi"})
    assert response.status_code == 200
    assert Suppression.objects.get(phone="+84912345678").reason == "refused"


def test_a_forged_inbound_refusal_suppresses_nothing(signed):
    response = signed("/hooks/twilio/inbound", {"From": "+84912345678", "Body": "STOP"}, signature="x")
    assert response.status_code == 403
    assert not Suppression.objects.exists()
