"""Issue 13, findings 2 and 3: who holds contacts, and so who may list, count, preview and import them.

The working group and the Postal Department hold every contact; a DIC its province's; a postal firm or an
agency none unless an operator assigned contacts to it. Audiences, counts and previews follow exactly the
contact list's rule; an import writes only within the importer's scope and never grants consent to
another holder's contact.
"""

import pytest
from django.core.files.base import ContentFile

from accounts.models import OrganisationKind, Role
from dispatch.blasts.preview import preview_build
from dispatch.contacts import selectors, services
from dispatch.models import Contact, ImportRejection
from tests import factories

pytestmark = pytest.mark.django_db

PROBE = "{{ name }} {{ phone }} {{ province }}"


@pytest.fixture
def contacts():
    """Contacts of three provinces held by three DICs (Bắc Giang 24, Hà Nội 01, Bắc Ninh 27)."""
    held = {}
    for code, name in (("24", "Hộ Bắc Giang"), ("01", "Hộ Hà Nội"), ("27", "Hộ Bắc Ninh")):
        held[code] = factories.contact(org=factories.dic(code), province_code=code, name=name)
    return held


def key_client(org, role=Role.EDITOR):
    return factories.ApiClient(key=factories.api_key(org, role))


def test_a_postal_firm_reaches_no_contact_through_audiences_counts_or_previews(contacts):
    """The audit's probe: a vnpost key, `consent_required: false`, a preview printing name and phone."""
    vnpost = factories.organisation(OrganisationKind.POSTAL_FIRM, code="vnpost")
    client = key_client(vnpost)
    assert client.get("/api/v1/dispatch/contacts").json()["count"] == 0
    audience = client.post(
        "/api/v1/dispatch/audiences", {"organisation": "vnpost", "name": "Tất cả", "consent_required": False}
    ).json()
    count = client.get(f"/api/v1/dispatch/audiences/{audience['id']}/count").json()
    assert count["total"] == 0
    unsaved = client.post(
        "/api/v1/dispatch/audiences/count", {"organisation": "vnpost", "consent_required": False}
    )
    assert unsaved.json()["total"] == 0
    preview = client.post("/api/v1/dispatch/preview", {"audience_id": audience["id"], "text": PROBE}).json()
    assert preview["samples"] == [] and preview["recipients"]["total"] == 0
    for contact in contacts.values():
        assert contact.name not in str(preview) and contact.phone[3:] not in str(preview)


def test_a_dic_counts_and_previews_only_its_province(contacts):
    hanoi = contacts["01"].organisation
    client = key_client(hanoi)
    code = hanoi.code
    audience = client.post(
        "/api/v1/dispatch/audiences", {"organisation": code, "name": "Cả tỉnh", "consent_required": False}
    ).json()
    assert client.get(f"/api/v1/dispatch/audiences/{audience['id']}/count").json()["total"] == 1
    preview = client.post(
        "/api/v1/dispatch/preview", {"audience_id": audience["id"], "text": PROBE, "sample_size": 10}
    ).json()
    assert [s["name"] for s in preview["samples"]] == ["Hộ Hà Nội"]
    # The viewer may see this contact in the contact list, so the rendered number is whole.
    assert preview["samples"][0]["text"] == f"Hộ Hà Nội {contacts['01'].phone} Hà Nội"
    listed = client.get("/api/v1/dispatch/contacts").json()
    assert [c["name"] for c in listed["items"]] == ["Hộ Hà Nội"]


def test_national_bodies_hold_every_contact(contacts):
    wg = factories.national()
    assert (
        selectors.audience_contacts(organisation=wg, audience_filter=selectors.AudienceFilter()).count() == 3
    )
    assert key_client(wg).get("/api/v1/dispatch/contacts").json()["count"] == 3


def test_a_postal_firm_holds_the_contacts_an_operator_assigned_to_it(contacts):
    vnpost = factories.organisation(OrganisationKind.POSTAL_FIRM)
    granted = factories.contact(org=vnpost, province_code="24", name="Khách VNPost")
    reach = selectors.audience_contacts(organisation=vnpost, audience_filter=selectors.AudienceFilter())
    assert list(reach) == [granted]


def test_a_preview_masks_numbers_the_viewer_may_not_see_in_the_contact_list(contacts):
    bac_giang = contacts["24"].organisation
    outsider = factories.actor(factories.user(org=factories.dic("01"), role=Role.VIEWER))
    preview = preview_build(
        viewer=outsider,
        organisation=bac_giang,
        audience_filter=selectors.AudienceFilter(consent_required=False),
        text=PROBE,
        category="public_service",
        brandname="MUA1034",
    )
    phone = contacts["24"].phone
    assert preview.samples[0].text == f"Hộ Bắc Giang {phone[:5]}****{phone[-3:]} Bắc Giang"


# --- imports ---------------------------------------------------------------------------------------------


def run_import(org, data: str, **kw):
    created = services.contact_import_create(
        actor=factories.SYSTEM,
        organisation=org,
        file=ContentFile(data.encode(), name="ds.csv"),
        filename="ds.csv",
        enqueue=False,
        **kw,
    )
    return services.contact_import_run(contact_import_id=created.pk)


def test_a_dic_import_cannot_rewrite_another_provinces_contact(contacts):
    """The audit's case: Hà Nội's file names a Bắc Giang number with a new name, a tag and consent."""
    bac_giang = contacts["24"]
    Contact.objects.filter(pk=bac_giang.pk).update(consent_source="", consent_at=None)
    hanoi = contacts["01"].organisation
    phone = "0" + bac_giang.phone[3:]
    done = run_import(
        hanoi, f"sđt,tên,tỉnh,nhãn,đồng ý\n{phone},Tên mới,Hà Nội,vip,có\n0912000111,Hộ mới,Hà Nội,,có\n"
    )
    assert (done.accepted, done.merged, done.rejected) == (1, 0, 1)
    rejection = ImportRejection.objects.get(contact_import=done)
    assert rejection.reason == "not_importable"
    assert "Bắc Giang" not in rejection.message and "tồn tại" not in rejection.message
    bac_giang.refresh_from_db()
    assert (bac_giang.name, bac_giang.tags, bac_giang.consent_source) == ("Hộ Bắc Giang", "", "")


def test_an_out_of_scope_number_and_an_out_of_scope_province_read_alike(contacts):
    """Whether the number is known elsewhere or not, a DIC learns only that it cannot import it."""
    hanoi = contacts["01"].organisation
    known = "0" + contacts["24"].phone[3:]
    done = run_import(hanoi, f"sđt,tên,tỉnh\n{known},A,Hà Nội\n{known},B,Hà Nội\n")
    assert (done.accepted, done.merged, done.rejected) == (0, 0, 2)
    assert set(ImportRejection.objects.values_list("reason", flat=True)) == {"not_importable"}


def test_a_merge_never_grants_consent_to_another_holders_contact(contacts):
    """A national import may update a DIC's contact, but consent is its holder's to record."""
    bac_giang = contacts["24"]
    Contact.objects.filter(pk=bac_giang.pk).update(consent_source="", consent_at=None)
    phone = "0" + bac_giang.phone[3:]
    done = run_import(factories.national(), f"sđt,tên,tỉnh,đồng ý\n{phone},Tên đúng,Bắc Giang,có\n")
    assert (done.accepted, done.merged, done.rejected) == (0, 1, 0)
    bac_giang.refresh_from_db()
    assert (bac_giang.name, bac_giang.consent_source) == ("Tên đúng", "")


def test_a_dic_still_merges_into_its_own_contacts(contacts):
    own = contacts["01"]
    Contact.objects.filter(pk=own.pk).update(consent_source="", consent_at=None)
    done = run_import(own.organisation, f"sđt,tên,tỉnh,đồng ý\n0{own.phone[3:]},Tên đúng,Hà Nội,có\n")
    assert (done.accepted, done.merged, done.rejected) == (0, 1, 0)
    own.refresh_from_db()
    assert (own.name, own.consent_source) == ("Tên đúng", "import")
