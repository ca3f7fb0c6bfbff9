"""The 2022 plan (Decision 350/QĐ-BTTTT): its indicators and milestones from plan/data/*.csv."""

from django.db import migrations

from plan.reference import load_editions


def load(apps, schema_editor):
    load_editions(
        apps.get_model("plan", "PlanEdition"),
        apps.get_model("plan", "Indicator"),
        apps.get_model("plan", "Milestone"),
        # The milestone fields of this migration's time (0005 added `note` and loads it).
        milestone_fields=("title", "annex", "owner_kind", "owner_label", "start_week", "due_week"),
    )


class Migration(migrations.Migration):
    dependencies = [("plan", "0001_plan_indicators_milestones")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
