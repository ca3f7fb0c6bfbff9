import importlib
import io

import pytest
from django.core.management import call_command

from reports.models import Target


@pytest.fixture
def plan_targets():
    """The plan's 2022 targets as the migration seeds them (an earlier transactional test's flush may have
    emptied the table)."""
    plan = importlib.import_module("campaigns.migrations.0005_seed_targets").PLAN
    for row in plan:
        keys = {k: row[k] for k in ("metric", "scope", "period", "active_from", "label")}
        Target.objects.get_or_create(**keys, defaults=row)


@pytest.fixture
def demo(reference_data, plan_targets):
    """The demo data as `seed_demo` leaves it after `migrate`."""
    call_command("seed_demo", force=True, stdout=io.StringIO())
