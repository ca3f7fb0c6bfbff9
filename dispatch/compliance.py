"""Vietnam's rules for SMS (Decree 91/2020/NĐ-CP, Circular 22/2021/TT-BTTTT) as pure functions.

Given the message, its category, what we know of the recipient and the clock, `decide` answers: send now,
defer until T, or never, each with a reason code. No database, no settings read at import: the numbers
(hours, cap, labels, which rules a category applies) come from `Rules.from_settings()`, whose defaults are
the legal values, so a test or a caller can pass its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy as _

ADVERTISING = "advertising"
PUBLIC_SERVICE = "public_service"

SEND = "send"
DEFER = "defer"
NEVER = "never"

# Rule names a category may apply.
ALL_RULES = ("consent", "suppression", "label", "optout_text", "brandname", "hours", "cap")

# Reason codes and what an officer reads.
REASONS = {
    "ok": _("Được gửi."),
    "no_consent": _("Người nhận chưa đồng ý nhận tin quảng cáo."),
    "suppressed": _("Số đã từ chối nhận tin hoặc thuộc danh sách không làm phiền."),
    "missing_label": _("Tin quảng cáo phải bắt đầu bằng [QC] hoặc [AD]."),
    "missing_optout": _("Tin quảng cáo phải kết thúc bằng hướng dẫn từ chối nhận tin."),
    "bad_brandname": _("Tên định danh (brandname) phải gồm 1–11 chữ cái hoặc chữ số."),
    "outside_hours": _("Ngoài khung giờ được gửi tin quảng cáo (07:00–22:00)."),
    "daily_cap": _("Số đã nhận đủ số tin quảng cáo tối đa trong 24 giờ."),
}

DEFAULT_CATEGORY_RULES = {
    ADVERTISING: ALL_RULES,
    # Public-service messages are not advertising: no [QC] label, consent or daily cap; refusals and
    # the night-time quiet hours are still honoured, and the sender must be a brandname.
    PUBLIC_SERVICE: ("suppression", "brandname", "hours"),
}


@dataclass(frozen=True)
class Rules:
    timezone: str = "Asia/Ho_Chi_Minh"
    send_from: dt.time = dt.time(7, 0)
    send_until: dt.time = dt.time(22, 0)  # exclusive
    cap: int = 3
    cap_window: dt.timedelta = dt.timedelta(hours=24)
    labels: tuple[str, ...] = ("[QC]", "[AD]")
    # The end of the text must tell how to refuse: "Tu choi: soan TC gui 1234", "Từ chối …", "STOP …".
    optout_pattern: str = r"(t[ừu]\s*ch[ốo]i|\bTC\b|h[ủu]y|\bSTOP\b|opt[\s-]?out|unsubscribe)[^\n]{0,120}$"
    brandname_pattern: str = r"^[A-Za-z0-9]{1,11}$"
    category_rules: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_CATEGORY_RULES))

    @classmethod
    def from_settings(cls) -> Rules:
        """Rules with any MUA_SMS_* overrides from settings (read at call time, never at import)."""
        base = cls()
        return cls(
            timezone=getattr(settings, "MUA_SMS_TIMEZONE", base.timezone),
            send_from=getattr(settings, "MUA_SMS_SEND_FROM", base.send_from),
            send_until=getattr(settings, "MUA_SMS_SEND_UNTIL", base.send_until),
            cap=getattr(settings, "MUA_SMS_ADVERTISING_CAP", base.cap),
            cap_window=getattr(settings, "MUA_SMS_ADVERTISING_CAP_WINDOW", base.cap_window),
            labels=tuple(getattr(settings, "MUA_SMS_ADVERTISING_LABELS", base.labels)),
            optout_pattern=getattr(settings, "MUA_SMS_OPTOUT_PATTERN", base.optout_pattern),
            brandname_pattern=getattr(settings, "MUA_SMS_BRANDNAME_PATTERN", base.brandname_pattern),
            category_rules={
                k: tuple(v)
                for k, v in getattr(settings, "MUA_SMS_CATEGORY_RULES", DEFAULT_CATEGORY_RULES).items()
            },
        )

    def applies(self, category: str, rule: str) -> bool:
        if category not in self.category_rules:
            raise ValueError(f"unknown SMS category {category!r}; known: {sorted(self.category_rules)}")
        return rule in self.category_rules[category]


@dataclass(frozen=True)
class Recipient:
    """What the rules need to know about one number."""

    has_consent: bool
    suppressed: bool
    # When advertising SMS from the same advertiser were sent to this number (any order, any age).
    advertising_sent: Sequence[dt.datetime] = ()


@dataclass(frozen=True)
class Decision:
    action: str  # send / defer / never
    reason: str  # a key of REASONS
    until: dt.datetime | None = None  # for defer: the next allowed moment (aware)

    @property
    def message(self) -> str:
        return str(REASONS[self.reason])


def text_problems(*, text: str, category: str, brandname: str, rules: Rules) -> list[str]:
    """Reason codes for what is wrong with the message itself (same for every recipient)."""
    problems = []
    if rules.applies(category, "label") and not text.lstrip().startswith(rules.labels):
        problems.append("missing_label")
    if rules.applies(category, "optout_text") and not re.search(
        rules.optout_pattern, text.rstrip(), re.IGNORECASE
    ):
        problems.append("missing_optout")
    if rules.applies(category, "brandname") and not re.fullmatch(rules.brandname_pattern, brandname or ""):
        problems.append("bad_brandname")
    return problems


def recipient_problems(*, recipient: Recipient, category: str, rules: Rules) -> list[str]:
    """Reason codes for why this number may never get this category of message."""
    problems = []
    if rules.applies(category, "suppression") and recipient.suppressed:
        problems.append("suppressed")
    if rules.applies(category, "consent") and not recipient.has_consent:
        problems.append("no_consent")
    return problems


def next_allowed_hour(now: dt.datetime, rules: Rules) -> dt.datetime:
    """`now` if it is inside the sending hours, else the next opening (07:00 local), as an aware UTC time."""
    tz = ZoneInfo(rules.timezone)
    local = now.astimezone(tz)
    if rules.send_from <= local.time() < rules.send_until:
        return now
    day = local.date() if local.time() < rules.send_from else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, rules.send_from, tzinfo=tz).astimezone(dt.UTC)


def window_end(now: dt.datetime, rules: Rules) -> dt.datetime:
    """The end of the sending hours `now` is in (a send decided now must not go out after it)."""
    tz = ZoneInfo(rules.timezone)
    return dt.datetime.combine(now.astimezone(tz).date(), rules.send_until, tzinfo=tz).astimezone(dt.UTC)


def cap_release(now: dt.datetime, sent: Iterable[dt.datetime], rules: Rules) -> dt.datetime:
    """`now` if fewer than `cap` sends are in the window (now - window, now], else when enough have left it.

    A send exactly one window ago has left: at oldest + 24h the next message may go.
    """
    recent = sorted(t for t in sent if now - rules.cap_window < t <= now)
    if len(recent) < rules.cap:
        return now
    return recent[len(recent) - rules.cap] + rules.cap_window


def decide(
    *,
    text: str,
    category: str,
    brandname: str,
    recipient: Recipient,
    now: dt.datetime,
    rules: Rules | None = None,
) -> Decision:
    """Send now, defer until the next allowed moment, or never — with the reason."""
    if now.tzinfo is None:
        raise ValueError("decide() needs an aware datetime")
    rules = rules or Rules.from_settings()
    never = text_problems(text=text, category=category, brandname=brandname, rules=rules)
    never += recipient_problems(recipient=recipient, category=category, rules=rules)
    if never:
        return Decision(NEVER, never[0])
    when, reason = now, None
    # Each constraint can only push the time later, so iterate until both hold at once
    # (a cap release at 23:10 must still wait for 07:00).
    for _attempt in range(10):
        moved = False
        if rules.applies(category, "hours"):
            t = next_allowed_hour(when, rules)
            if t != when:
                when, moved, reason = t, True, reason or "outside_hours"
        if rules.applies(category, "cap"):
            t = cap_release(when, recipient.advertising_sent, rules)
            if t != when:
                when, moved, reason = t, True, reason or "daily_cap"
        if not moved:
            break
    if reason is None:
        return Decision(SEND, "ok")
    return Decision(DEFER, reason, until=when)
