import pytest

from accounts.models import Role
from accounts.permissions import (
    actor_for_user,
    can_act_in_province,
    can_approve,
    can_read_org,
    require_province,
)
from core.errors import PermissionDenied
from tests import factories

pytestmark = pytest.mark.django_db


def test_dic_editor_acts_in_its_own_province_only():
    actor = actor_for_user(factories.user(org=factories.dic("24"), role=Role.EDITOR))
    assert can_act_in_province(actor, factories.province("24"))
    assert not can_act_in_province(actor, factories.province("27"))
    with pytest.raises(PermissionDenied, match="27 Bắc Ninh"):
        require_province(actor, factories.province("27"))


def test_dic_viewer_cannot_write():
    actor = actor_for_user(factories.user(org=factories.dic("24"), role=Role.VIEWER))
    assert can_act_in_province(actor, factories.province("24"), Role.VIEWER)
    assert not can_act_in_province(actor, factories.province("24"), Role.EDITOR)


def test_dic_of_a_2025_unit_covers_the_old_provinces_merged_into_it():
    actor = actor_for_user(factories.user(org=factories.dic("24", map="2025")))
    assert can_act_in_province(actor, factories.province("24"))  # old Bắc Giang
    assert can_act_in_province(actor, factories.province("27"))  # old Bắc Ninh
    assert not can_act_in_province(actor, factories.province("26"))  # Vĩnh Phúc went to Phú Thọ


def test_national_members_act_everywhere_and_read_every_org():
    wg = factories.organisation("working_group")
    actor = actor_for_user(factories.user(org=wg, role=Role.EDITOR))
    assert can_act_in_province(actor, factories.province("96"))
    assert can_read_org(actor, factories.organisation())
    firm_actor = actor_for_user(factories.user(org=factories.organisation()))
    assert not can_read_org(firm_actor, factories.organisation())


def test_only_postal_department_approvers_approve():
    vbc = factories.organisation("postal_department")
    assert can_approve(actor_for_user(factories.user(org=vbc, role=Role.APPROVER)))
    assert not can_approve(actor_for_user(factories.user(org=vbc, role=Role.ADMIN)))
    assert not can_approve(actor_for_user(factories.user(org=factories.organisation(), role=Role.APPROVER)))
