from django.core.management.base import BaseCommand
from django.db import transaction

from calendars.models import Product, Province, Season
from calendars.reference import load_provinces, load_seasons


class Command(BaseCommand):
    help = "Load or refresh provinces (both maps) and produce seasons from calendars/data/*.csv (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        for label, result in (
            ("provinces", load_provinces(Province)),
            ("seasons", load_seasons(Product, Season, Province)),
        ):
            self.stdout.write(
                f"{label}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged"
            )
