from django.db import migrations


def copy_to_accounts(apps, schema_editor):
    """Keep every wave notice: it moves into accounts.Notification with its idempotency key."""
    Old = apps.get_model("campaigns", "Notification")
    New = apps.get_model("accounts", "Notification")
    for old in Old.objects.all().iterator():
        New.objects.get_or_create(
            user_id=old.user_id,
            key=f"campaign:{old.campaign_id}:{old.kind}",
            defaults={
                "verb": f"campaign_{old.kind}",
                "title": old.subject,
                "body": old.body,
                "link": f"/campaigns/{old.campaign_id}/",
                "created_at": old.created_at,
                "emailed_at": old.emailed_at,
                "read_at": old.read_at,
            },
        )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_notification_key"),
        ("campaigns", "0002_notification_at_risk"),
    ]

    operations = [
        migrations.RunPython(copy_to_accounts, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="Notification",
        ),
    ]
