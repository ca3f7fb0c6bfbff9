import pytest
from django.core.management import call_command

from dispatch.contacts.selectors import audience_breakdown, audience_filter_of
from dispatch.models import Audience, Contact, Suppression
from tests import factories

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_contacts_an_audience_and_a_suppression_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Contact.objects.count() == 6
    assert Suppression.objects.count() == 1
    audience = Audience.objects.get()
    breakdown = audience_breakdown(
        organisation=audience.organisation,
        audience_filter=audience_filter_of(audience),
        category="advertising",
    )
    assert (breakdown.total, breakdown.eligible, breakdown.suppressed, breakdown.no_consent) == (4, 2, 1, 1)


def test_suppression_add_is_idempotent_and_keeps_the_first_reason():
    from dispatch.contacts.suppression import suppression_add

    first = suppression_add(phone="0912345678", reason="provider_opt_out", actor=factories.SYSTEM)
    again = suppression_add(phone="+84 912 345 678", reason="refused", actor=factories.SYSTEM)
    assert first.pk == again.pk and again.reason == "provider_opt_out"


def test_suppression_add_refuses_an_unknown_reason_and_a_landline():
    from core.errors import DomainError
    from dispatch.contacts.phones import InvalidPhone
    from dispatch.contacts.suppression import suppression_add

    with pytest.raises(DomainError, match="Giá trị 'spam' không hợp lệ"):
        suppression_add(phone="0912345678", reason="spam", actor=factories.SYSTEM)
    with pytest.raises(InvalidPhone, match="Số cố định"):
        suppression_add(phone="02438251234", reason="refused", actor=factories.SYSTEM)


def test_a_dic_admin_may_not_lift_a_suppression():
    from accounts.models import Role
    from accounts.permissions import actor_for_user
    from core.errors import PermissionDenied
    from dispatch.contacts.suppression import suppression_remove
    from tests import factories

    Suppression.objects.create(phone="+84912345678", reason="refused")
    actor = actor_for_user(factories.user(org=factories.dic("24"), role=Role.ADMIN))
    with pytest.raises(PermissionDenied, match="Chỉ quản trị viên"):
        suppression_remove(actor=actor, phone="0912345678", reason="khách gọi lại")
    assert Suppression.objects.exists()


def test_an_audience_on_a_2025_unit_covers_the_old_provinces_merged_into_it():
    from dispatch.contacts.selectors import AudienceFilter
    from tests import factories

    org = factories.organisation("working_group")
    factories.contact(province_code="24", org=org)  # Bắc Giang -> Bắc Ninh (2025)
    factories.contact(province_code="27", org=org)  # Bắc Ninh -> Bắc Ninh (2025)
    factories.contact(province_code="01", org=org)
    unit = factories.province("24", "2025")
    old = factories.province("24", "2022")
    assert (
        audience_breakdown(
            organisation=org, audience_filter=AudienceFilter(provinces=(unit,)), category="advertising"
        ).total
        == 2
    )
    assert (
        audience_breakdown(
            organisation=org, audience_filter=AudienceFilter(provinces=(old,)), category="advertising"
        ).total
        == 1
    )


def test_audience_tags_match_any_listed_tag():
    from dispatch.contacts.selectors import AudienceFilter
    from tests import factories

    org = factories.organisation("working_group")
    factories.contact(org=org, tags=",ocop,")
    factories.contact(org=org, tags=",vai-thieu,")
    factories.contact(org=org, tags=",ca-phe,")
    factories.contact(org=org, tags=",ocop-xyz,")  # a tag that only starts the same is not a match
    breakdown = audience_breakdown(
        organisation=org, audience_filter=AudienceFilter(tags=("ocop", "vai-thieu")), category="advertising"
    )
    assert breakdown.total == 2


def test_a_refusal_counts_for_the_very_next_send_decision():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from dispatch.compliance import decide
    from dispatch.contacts.selectors import recipient_state
    from dispatch.contacts.suppression import suppression_add

    now = dt.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    text = "[QC] Vai thieu da ve. Tu choi: soan TC gui 9xxx"

    def decision():
        recipient = recipient_state(phone="+84912345678", has_consent=True)
        return decide(text=text, category="advertising", brandname="MUA", recipient=recipient, now=now)

    assert decision().action == "send"
    suppression_add(phone="0912345678", reason="refused", actor=factories.SYSTEM)
    assert (decision().action, decision().reason) == ("never", "suppressed")


def test_an_audience_count_is_one_database_query_whatever_the_number_of_contacts(django_assert_num_queries):
    from dispatch.contacts.selectors import AudienceFilter
    from tests import factories

    org = factories.organisation("working_group")
    for _ in range(30):
        factories.contact(org=org)
    unit = factories.province("24", "2025")
    with django_assert_num_queries(1):
        breakdown = audience_breakdown(
            organisation=org,
            audience_filter=AudienceFilter(provinces=(unit,), kinds=("farm_household",), tags=("x",)),
            category="advertising",
        )
    assert breakdown.total == 0
