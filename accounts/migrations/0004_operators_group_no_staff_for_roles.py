"""Ordinary roles are never staff: create the "operators" group and take the staff flag from everyone else.

Before this, sign-in went through /admin/login/, which admits only staff, so every user was made staff and
the rq dashboard (staff only) was open to all of them. Operators are superusers or members of "operators".
"""

from django.db import migrations
from django.db.models import Q

OPERATORS_GROUP = "operators"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("auth", "User")
    Group.objects.get_or_create(name=OPERATORS_GROUP)
    User.objects.filter(is_staff=True).exclude(Q(is_superuser=True) | Q(groups__name=OPERATORS_GROUP)).update(
        is_staff=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_notification_key"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
