"""Factories for tests: small functions that make valid objects with sensible defaults."""

import itertools
import unicodedata

from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import Membership, Organisation, OrganisationKind, Role
from accounts.permissions import system_actor
from accounts.services import apikey_create
from calendars.models import Province

# The trusted caller of tests that set data up the way a command or job would.
SYSTEM = system_actor("test")

_seq = itertools.count(1)


def province(code: str = "24", map: str = "2022") -> Province:
    return Province.objects.get(code=code, map=map)


def organisation(kind: str = OrganisationKind.POSTAL_FIRM, *, code: str | None = None, province_code=None):
    n = next(_seq)
    prov = province(province_code or "24") if kind == OrganisationKind.DIC else None
    return Organisation.objects.create(code=code or f"org-{n}", name=f"Tổ chức {n}", kind=kind, province=prov)


def dic(province_code: str = "24", map: str = "2022") -> Organisation:
    prov = province(province_code, map)
    return Organisation.objects.create(
        code=f"dic-{map}-{province_code}-{next(_seq)}", name=f"Sở TTTT {prov.name}", kind="dic", province=prov
    )


def user(username: str | None = None, *, org: Organisation | None = None, role: str = Role.EDITOR, **extra):
    u = get_user_model().objects.create_user(
        username=username or f"user{next(_seq)}", password="pw-test-123", **extra
    )
    if org is not None:
        Membership.objects.create(user=u, organisation=org, role=role)
    return u


def api_key(org: Organisation, role: str = Role.EDITOR) -> str:
    return apikey_create(actor=SYSTEM, organisation=org, name="test", role=role).plaintext


class ApiClient(Client):
    """Django test client with JSON helpers and an optional X-API-Key."""

    def __init__(self, key: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.key = key

    def _headers(self, headers):
        headers = dict(headers or {})
        if self.key:
            headers.setdefault("X-API-Key", self.key)
        return headers

    def get(self, path, data=None, headers=None, **kw):
        return super().get(path, data, headers=self._headers(headers), **kw)

    def post(self, path, data=None, headers=None, **kw):
        return super().post(path, data, content_type="application/json", headers=self._headers(headers), **kw)

    def upload(self, path, data, headers=None, **kw):
        """A multipart POST (files and form fields)."""
        return super().post(path, data, headers=self._headers(headers), **kw)

    def put(self, path, data=None, headers=None, **kw):
        return super().put(path, data, content_type="application/json", headers=self._headers(headers), **kw)

    def patch(self, path, data=None, headers=None, **kw):
        return super().patch(
            path, data, content_type="application/json", headers=self._headers(headers), **kw
        )


def national(kind: str = OrganisationKind.WORKING_GROUP) -> Organisation:
    """The working group or the Postal Department (a national organisation)."""
    return organisation(kind)


def season(product_name: str = "Vải thiều Lục Ngạn", province_code: str = "24"):
    from calendars.models import Season

    return Season.objects.get(product__name=product_name, province__code=province_code, province__map="2022")


def campaign(
    *,
    province_code: str | None = "24",
    map: str = "2022",
    harvest_start=None,
    harvest_end=None,
    lead_days: int = 30,
    status: str = "planned",
    title: str | None = None,
    **extra,
):
    """A wave saved directly (no permission checks), prep_due derived as the service would."""
    import datetime as dt

    from campaigns.models import Campaign

    harvest_start = harvest_start or dt.date(2026, 6, 1)
    harvest_end = harvest_end or harvest_start + dt.timedelta(days=30)
    wave = Campaign(
        title=title or f"Đợt {next(_seq)}",
        kind=extra.pop("kind", "other"),
        province=province(province_code, map) if province_code else None,
        year=harvest_start.year,
        status=status,
        **extra,
    )
    wave.schedule(
        harvest_start=harvest_start, harvest_end=harvest_end, lead_time=dt.timedelta(days=lead_days)
    )
    wave.save()
    return wave


def actor(user_obj):
    from accounts.permissions import actor_for_user

    return actor_for_user(user_obj)


# --- content -------------------------------------------------------------------------------------


def postal_department() -> Organisation:
    org = Organisation.objects.filter(kind=OrganisationKind.POSTAL_DEPARTMENT).first()
    return org or organisation(OrganisationKind.POSTAL_DEPARTMENT, code=f"vbc-{next(_seq)}")


def approver(username: str | None = None, **extra):
    """An approver of the Postal Department (with an email, so notifications are mailed)."""
    name = username or f"approver{next(_seq)}"
    return user(name, org=postal_department(), role=Role.APPROVER, email=f"{name}@mua.test", **extra)


def content_item(
    *,
    org: Organisation | None = None,
    author=None,
    channel: str = "press_online",
    body: str = "Vải thiều Lục Ngạn vào mùa, mua trên postmart.vn.",
    title: str | None = None,
    planned_at=None,
    **fields,
):
    """A draft item made through the service, so it has revision 1 and an audit entry."""
    from content.services import content_create

    if author is None:
        org = org or organisation()
        n = next(_seq)
        author = user(f"author{n}", org=org, role=Role.EDITOR, email=f"author{n}@mua.test")
    org = org or author.memberships.first().organisation
    return content_create(
        actor=actor(author),
        organisation=org,
        channel=channel,
        audience=fields.pop("audience", "domestic_consumers"),
        title=title or f"Bài viết {next(_seq)}",
        body=body,
        planned_at=planned_at,
        **fields,
    )


def _submit_and_approve(item):
    """Its author submits the item's first revision and an approver of the Postal Department approves it."""
    from content.services import content_submit, review_decide

    content_submit(actor=actor(item.author), item=item)
    review_decide(actor=actor(approver()), item=item, decision="approve", revision_number=1)
    return item


def approved_sms_item(org: Organisation, body: str):
    """An SMS content item of `org`, submitted and approved by the Postal Department."""
    author = user(org=org, role=Role.EDITOR)
    return _submit_and_approve(content_item(author=author, org=org, channel="sms", body=body))


# --- dispatch ------------------------------------------------------------------------------------


def contact(
    phone: str | None = None, *, org: Organisation | None = None, province_code: str | None = "24", **kw
):
    """A contact with consent by default; phone defaults to a fresh valid Viettel number."""
    from django.utils import timezone

    from dispatch.models import Contact

    n = next(_seq)
    defaults = {"consent_source": "web_form", "consent_at": timezone.now(), "kind": "farm_household"}
    defaults.update(kw)
    return Contact.objects.create(
        phone=phone or f"+8498{n:07d}",
        name=defaults.pop("name", f"Hộ {n}"),
        province=province(province_code) if province_code else None,
        organisation=org or organisation("working_group"),
        **defaults,
    )


SMS_BODY = "[QC] Chào {{ name }}, vải thiều Lục Ngạn vào mùa trên postmart.vn. Tu choi: soan TC gui 1234"


def blast(
    *,
    org: Organisation | None = None,
    contacts: int = 3,
    body: str = SMS_BODY,
    category: str = "advertising",
    **kw,
):
    """A draft blast of an approved SMS item to `contacts` consenting contacts of org's province."""
    from dispatch.blasts.services import blast_create
    from dispatch.models import Audience

    org = org or dic("24")
    for _ in range(contacts):
        contact(org=org, province_code="24")
    audience = Audience.objects.create(name=f"Nhóm {next(_seq)}", organisation=org)
    owner = user(org=org, role=Role.EDITOR)
    item = approved_sms_item(org, body)
    return blast_create(
        actor=actor(owner),
        organisation=org,
        name=kw.pop("name", "Vải thiều"),
        content_item=item,
        audience=audience,
        category=category,
        sender=kw.pop("sender", "MUA1034"),
        **kw,
    ), owner


# --- reports -------------------------------------------------------------------------------------


def reporting_org(kind: str = OrganisationKind.POSTAL_FIRM, *, code: str | None = None, province_code="24"):
    """A postal firm (or DIC) with its weekly reporting obligation (defaults: Monday 17:00, 0/14 days)."""
    from reports.services import obligation_ensure

    org = dic(province_code) if kind == OrganisationKind.DIC else organisation(kind, code=code)
    obligation_ensure(organisation=org)
    return org


def approved_item(*, org: Organisation | None = None, channel: str = "press_online", campaign=None):
    """An approved content item (submitted and approved through the services)."""
    item = _submit_and_approve(
        content_item(org=org, channel=channel, campaign=getattr(campaign, "pk", campaign))
    )
    item.refresh_from_db()
    return item


def publication(item, published_at, *, channel: str | None = None):
    """A Publication row saved directly (any time, past or not), its ISO week derived as the service does."""
    from calendars.weeks import week_of
    from content.models import Publication

    return Publication.objects.create(
        item=item,
        revision=item.approved_revision,
        channel=channel or item.channel,
        outlet="Báo Nông nghiệp",
        published_at=published_at,
        iso_week=str(week_of(published_at)),
        campaign_id=item.campaign_id,
    )


# --- news feeds ----------------------------------------------------------------------------------


def feed(url: str, *, outlet: str | None = None, kind: str = "press", owner=None, organisation=None, **extra):
    """A feed saved directly (the service's URL guard is tested on its own)."""
    from content.models import Feed

    return Feed.objects.create(
        url=url,
        outlet=outlet or f"Báo {next(_seq)}",
        kind=kind,
        owner=owner,
        organisation=organisation,
        **extra,
    )


def to_cp1258(text: str) -> bytes:
    """What Windows-1258 editors write: base letters precomposed (â ơ ư đ), tone marks as combining marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = [c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323"]
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append((base + "".join(tones)).encode("cp1258"))
    return b"".join(out)


def signed_in(user):
    """A Django test client signed in as `user` (pages read as that user)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
