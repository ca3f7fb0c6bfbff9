"""The first routes: a province's grassroots (loudspeaker, bulletins) and local-portal items go to its DIC's
approvers; national press, TV and SMS stay with the Postal Department (the default for any unrouted item)."""

from django.db import migrations

ROUTES = [
    ("grassroots", "province", "dic"),
    ("local_portal", "province", "dic"),
    *((channel, "national", "postal_department") for channel in ("press_print", "press_online", "tv_central", "sms")),
]


def seed(apps, schema_editor):
    Route = apps.get_model("content", "ApprovalRoute")
    Change = apps.get_model("content", "RouteChange")
    for channel, scope, first in ROUTES:
        route, created = Route.objects.get_or_create(
            channel=channel, scope=scope, province=None, is_active=True, defaults={"first_step": first}
        )
        if created:
            after = {"channel": channel, "scope": scope, "first_step": first, "second_step": "", "is_active": True}
            Change.objects.create(route=route, changed_by_label="migration", before=None, after=after)


class Migration(migrations.Migration):
    dependencies = [("content", "0005_approval_routes")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
