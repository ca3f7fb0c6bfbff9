import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from dispatch.compliance import (
    ADVERTISING,
    DEFER,
    NEVER,
    PUBLIC_SERVICE,
    SEND,
    Recipient,
    Rules,
    decide,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AD = "[QC] Vai thieu Luc Ngan da co tren postmart.vn. Tu choi: soan TC gui 9xxx"
OK = Recipient(has_consent=True, suppressed=False)
RULES = Rules()


def at(hour, minute=0, day=15):
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=HCM)


def check(now, recipient=OK, text=AD, category=ADVERTISING, brandname="MUA1034"):
    return decide(
        text=text, category=category, brandname=brandname, recipient=recipient, now=now, rules=RULES
    )


def test_at_0659_local_an_advert_waits_until_0700():
    decision = check(at(6, 59))
    assert (decision.action, decision.reason) == (DEFER, "outside_hours")
    assert decision.until == at(7, 0)


def test_at_0700_local_an_advert_goes():
    assert check(at(7, 0)).action == SEND


def test_at_2159_local_an_advert_goes():
    assert check(at(21, 59)).action == SEND


def test_at_2200_local_an_advert_waits_until_0700_next_day():
    decision = check(at(22, 0))
    assert decision.action == DEFER
    assert decision.until == at(7, 0, day=16)


def test_after_midnight_an_advert_waits_until_0700_the_same_morning():
    decision = check(at(0, 30, day=16))
    assert decision.until == at(7, 0, day=16)
    assert decision.until.utcoffset() == dt.timedelta(0)  # returned in UTC


def test_quiet_hours_are_local_not_utc():
    # 23:30 UTC is 06:30 in Hà Nội.
    decision = check(dt.datetime(2026, 6, 14, 23, 30, tzinfo=dt.UTC))
    assert decision.until == at(7, 0)


def test_the_fourth_advert_in_24h_waits_until_the_oldest_leaves_the_window():
    sent = [at(8, 0), at(9, 0), at(10, 0)]
    decision = check(at(12, 0), recipient=Recipient(True, False, sent))
    assert (decision.action, decision.reason) == (DEFER, "daily_cap")
    assert decision.until == at(8, 0, day=16)


def test_the_cap_releases_exactly_24h_after_the_oldest():
    sent = [at(8, 0), at(9, 0), at(10, 0)]
    recipient = Recipient(True, False, sent)
    assert check(at(8, 0, day=16) - dt.timedelta(seconds=1), recipient=recipient).action == DEFER
    assert check(at(8, 0, day=16), recipient=recipient).action == SEND


def test_a_cap_release_at_night_waits_for_the_morning():
    # With a 25-hour window, sends at 21:00 release at 22:00 the next day: quiet hours, so 07:00 after.
    rules = Rules(cap_window=dt.timedelta(hours=25))
    sent = [at(21, 0), at(21, 10), at(21, 20)]
    decision = decide(
        text=AD,
        category=ADVERTISING,
        brandname="MUA1034",
        recipient=Recipient(True, False, sent),
        now=at(21, 30),
        rules=rules,
    )
    assert (decision.action, decision.reason) == (DEFER, "daily_cap")
    assert decision.until == at(7, 0, day=17)


def test_two_sends_in_window_leave_room_for_a_third():
    assert check(at(12, 0), recipient=Recipient(True, False, [at(8, 0), at(9, 0)])).action == SEND


def test_a_suppressed_number_never_gets_an_advert_whatever_else_holds():
    decision = check(at(10, 0), recipient=Recipient(has_consent=True, suppressed=True))
    assert (decision.action, decision.reason) == (NEVER, "suppressed")


def test_no_consent_means_never():
    assert check(at(10, 0), recipient=Recipient(has_consent=False, suppressed=False)).reason == "no_consent"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Vai thieu da co. Tu choi: soan TC gui 9xxx", "missing_label"),
        ("[QC] Vai thieu da co tren postmart.vn", "missing_optout"),
    ],
)
def test_advert_text_needs_label_and_refusal_instructions(text, reason):
    assert check(at(10, 0), text=text).reason == reason


def test_ad_label_in_english_is_accepted():
    assert check(at(10, 0), text="[AD] Lychee season. To opt out reply STOP").action == SEND


@pytest.mark.parametrize("brandname", ["", "TOOLONGBRAND1", "MUA 1034", "MÙA"])
def test_brandname_is_one_to_eleven_letters_or_digits(brandname):
    assert check(at(10, 0), brandname=brandname).reason == "bad_brandname"


def test_public_service_ignores_consent_label_and_cap_but_not_suppression():
    recipient = Recipient(has_consent=False, suppressed=False, advertising_sent=[at(8), at(9), at(9, 30)])
    assert (
        check(at(10, 0), recipient=recipient, text="Canh bao mua lu", category=PUBLIC_SERVICE).action == SEND
    )
    suppressed = Recipient(has_consent=False, suppressed=True)
    assert check(at(10, 0), recipient=suppressed, category=PUBLIC_SERVICE).reason == "suppressed"


def test_category_rules_come_from_settings(settings):
    settings.MUA_SMS_CATEGORY_RULES = {ADVERTISING: ("consent",), PUBLIC_SERVICE: ()}
    settings.MUA_SMS_ADVERTISING_CAP = 5
    rules = Rules.from_settings()
    assert rules.cap == 5
    decision = decide(
        text="no label", category=ADVERTISING, brandname="", recipient=OK, now=at(23), rules=rules
    )
    assert decision.action == SEND


def test_unknown_category_is_refused():
    with pytest.raises(ValueError, match="unknown SMS category 'spam'"):
        check(at(10), category="spam")


def test_naive_clock_is_refused():
    with pytest.raises(ValueError, match="aware datetime"):
        check(dt.datetime(2026, 6, 15, 10, 0))
