from django.core.management.base import BaseCommand
from django.db import transaction

from plan.models import Indicator, Milestone, PlanEdition
from plan.reference import load_editions


class Command(BaseCommand):
    help = "Load or refresh the plan editions, indicators and milestones from plan/data/*.csv (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        counts = load_editions(PlanEdition, Indicator, Milestone)
        self.stdout.write(
            f"plan: {counts['created']} created, {counts['updated']} updated, {counts['unchanged']} unchanged"
        )
