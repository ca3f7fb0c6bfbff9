"""Demo contacts, a suppression and an audience for `manage.py seed_demo` (idempotent, fictitious numbers)."""

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from calendars.models import Province
from dispatch.models import Audience, Contact, Suppression

# phone, name, province code (2022 map), kind, tags, consented
DEMO_CONTACTS = [
    ("+84912000101", "Nguyễn Văn Vải", "24", "farm_household", ",vai-thieu,", True),
    ("+84381000102", "Trần Thị Hồng", "24", "farm_household", ",ocop,vai-thieu,", True),
    ("+84868000103", "HTX Nông sản Lục Ngạn", "24", "cooperative", ",vai-thieu,", True),
    ("+84703000104", "Lê Văn Thương", "24", "trader", ",vai-thieu,", False),
    ("+84562000105", "Phạm Thị Lan", "01", "consumer", ",ocop,", True),
    ("+84833000106", "Hoàng Văn Cam", "27", "farm_household", "", True),
]
DEMO_SUPPRESSED = "+84868000103"


@transaction.atomic
def demo_contacts_seed() -> int:
    """Create the demo contacts that are missing; returns how many were created."""
    owner = (
        Organisation.objects.filter(code="dic-24").first()
        or Organisation.objects.filter(code="tct1034").first()
    )
    if owner is None:
        return 0
    created = 0
    for phone, name, province_code, kind, tags, consented in DEMO_CONTACTS:
        _, was_created = Contact.objects.get_or_create(
            phone=phone,
            defaults={
                "name": name,
                "province": Province.objects.get(map="2022", code=province_code),
                "kind": kind,
                "tags": tags,
                "organisation": owner,
                "consent_source": "paper" if consented else "",
                "consent_at": timezone.now() if consented else None,
                "consent_evidence": "Phiếu đăng ký (dữ liệu mẫu)" if consented else "",
            },
        )
        created += was_created
    Suppression.objects.get_or_create(
        phone=DEMO_SUPPRESSED, defaults={"reason": "refused", "note": "Dữ liệu mẫu"}
    )
    audience, was_created = Audience.objects.get_or_create(
        organisation=owner, name="Vải thiều Lục Ngạn – hộ SXNN, HTX", defaults={"tags": ["vai-thieu"]}
    )
    if was_created:
        audience.provinces.set(Province.objects.filter(map="2022", code="24"))
    return created
