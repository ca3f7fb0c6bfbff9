"""Demo organisations and users for `manage.py seed_demo` (never for production: fixed passwords)."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Membership, Organisation, OrganisationKind, Role
from calendars.models import Province, ProvinceMap

DEMO_PASSWORD = "mua-demo-2022"

NATIONAL_ORGS = [
    ("vbc", "Vụ Bưu chính", "Postal Department", OrganisationKind.POSTAL_DEPARTMENT),
    ("tct1034", "Tổ công tác Đề án 1034", "1034 Working Group", OrganisationKind.WORKING_GROUP),
    (
        "vnpost",
        "Tổng công ty Bưu điện Việt Nam (VNPost)",
        "Vietnam Post (VNPost)",
        OrganisationKind.POSTAL_FIRM,
    ),
    ("viettelpost", "Tổng công ty CP Bưu chính Viettel", "Viettel Post", OrganisationKind.POSTAL_FIRM),
    ("cuc-bao-chi", "Cục Báo chí", "Press Department", OrganisationKind.AGENCY),
    (
        "cuc-ptth",
        "Cục Phát thanh, truyền hình và thông tin điện tử",
        "Broadcasting and Electronic Information Department",
        OrganisationKind.AGENCY,
    ),
    ("cuc-ttcs", "Cục Thông tin cơ sở", "Grassroots Information Department", OrganisationKind.AGENCY),
    ("cuc-ttdn", "Cục Thông tin đối ngoại", "Foreign Information Department", OrganisationKind.AGENCY),
]

# username, organisation code, role, superuser
DEMO_USERS = [
    ("quantri", "vbc", Role.ADMIN, True),
    ("pheduyet", "vbc", Role.APPROVER, False),
    ("pheduyet2", "vbc", Role.APPROVER, False),
    ("tocongtac", "tct1034", Role.EDITOR, False),
    ("xem", "tct1034", Role.VIEWER, False),
    ("so.hanoi", "dic-01", Role.EDITOR, False),
    ("so.bacgiang", "dic-24", Role.EDITOR, False),
    ("so.bacgiang.admin", "dic-24", Role.ADMIN, False),
    ("so.bacgiang.pheduyet", "dic-24", Role.APPROVER, False),  # decides Bắc Giang's loudspeaker bulletins
    ("vnpost", "vnpost", Role.EDITOR, False),
    ("viettelpost", "viettelpost", Role.EDITOR, False),
    ("cucbaochi", "cuc-bao-chi", Role.EDITOR, False),
]


@dataclass
class SeedResult:
    organisations_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, organisation, role


@transaction.atomic
def demo_seed() -> SeedResult:
    """Create what is missing; existing rows (and changed passwords) are left as they are."""
    result = SeedResult()
    for code, name, name_en, kind in NATIONAL_ORGS:
        _, created = Organisation.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "kind": kind}
        )
        result.organisations_created += created
    for province in Province.objects.filter(map=ProvinceMap.MAP_2022):
        _, created = Organisation.objects.get_or_create(
            code=f"dic-{province.code}",
            defaults={
                "name": f"Sở Thông tin và Truyền thông {province.name}",
                "name_en": f"{province.name_en} Department of Information and Communications",
                "kind": OrganisationKind.DIC,
                "province": province,
            },
        )
        result.organisations_created += created
    User = get_user_model()
    for username, org_code, role, superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                # Only the operator is staff: every other role signs in at /login/, never the admin.
                "is_staff": superuser,
                "is_superuser": superuser,
                "email": f"{username}@mua.local",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        result.users_created += created
        _, created = Membership.objects.get_or_create(
            user=user, organisation=Organisation.objects.get(code=org_code), defaults={"role": role}
        )
        result.memberships_created += created
        result.logins.append((username, org_code, role))
    return result
