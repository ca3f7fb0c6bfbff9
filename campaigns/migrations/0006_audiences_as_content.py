from django.db import migrations


def rename(apps, schema_editor, old, new):
    Campaign = apps.get_model("campaigns", "Campaign")
    for wave in Campaign.objects.filter(audiences__icontains=old).only("pk", "audiences"):
        wave.audiences = [new if a == old else a for a in wave.audiences]
        wave.save(update_fields=["audiences"])


def forwards(apps, schema_editor):
    """Waves use content's audience list: 'consumers' is 'domestic_consumers' there."""
    rename(apps, schema_editor, "consumers", "domestic_consumers")


def backwards(apps, schema_editor):
    rename(apps, schema_editor, "domestic_consumers", "consumers")


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_seed_targets")]

    operations = [migrations.RunPython(forwards, backwards)]
