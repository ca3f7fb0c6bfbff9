"""Records only the application writes are shown in the admin and never added, changed or deleted there."""

import pytest
from django.contrib import admin

from content.models import AuditEntry
from dispatch.models import PersonalDataAccess, SuppressionRemoval


@pytest.mark.parametrize("model", [AuditEntry, SuppressionRemoval, PersonalDataAccess])
def test_an_application_record_is_read_only_in_the_admin(model, rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    model_admin = admin.site.get_model_admin(model)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)
