from django.db import migrations

from calendars.reference import load_provinces, load_seasons


def load(apps, schema_editor):
    Province = apps.get_model("calendars", "Province")
    load_provinces(Province)
    load_seasons(apps.get_model("calendars", "Product"), apps.get_model("calendars", "Season"), Province)


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
