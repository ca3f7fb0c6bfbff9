from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.permissions import system_actor
from calendars.selectors import province_get
from campaigns.services import campaign_plan_year
from core.errors import DomainError
from core.formatting import display_name


class Command(BaseCommand):
    help = "Create one campaign wave per produce season for a year (idempotent; edited waves are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="solar year to plan, 2000-2100")
        parser.add_argument("--province", help="only this province code")
        parser.add_argument("--map", default="2022", choices=["2022", "2025"], help="map of --province")

    def handle(self, *args, year, province=None, map="2022", **options):
        try:
            where = province_get(code=province, map=map) if province else None
            result = campaign_plan_year(
                actor=system_actor("command:plan_campaigns"), year=year, province=where
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"year {result.year}: {len(result.created)} created, {result.unchanged} unchanged")
        if not result.created:
            self.stdout.write("nothing to create: every season already has its wave(s) for this year")
            return
        self.stdout.write(f"  {'id':>5}  {'province':<18} {'harvest':<23} {'prep due':<10}  title")
        for wave in result.created:
            where = display_name(wave.province) if wave.province else _("Toàn quốc")
            self.stdout.write(
                f"  {wave.pk:>5}  {where[:18]:<18} {wave.harvest_start} – {wave.harvest_end} "
                f"{wave.prep_due}  {wave.title}"
            )
        for note in result.notes:
            self.stdout.write(f"  note: {note}")
