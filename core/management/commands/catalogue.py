"""`manage.py catalogue update|check|compile`: the English catalogue, no GNU gettext (core/catalogue.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import catalogue


class Command(BaseCommand):
    help = (
        "update: add new msgids from .py files and templates to locale/en (--prune drops gone ones); "
        "check: fail when a string is missing, untranslated, fuzzy or has other placeholders; "
        "compile: write the .mo Django reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "check", "compile"])
        parser.add_argument(
            "--prune", action="store_true", help="update: drop entries no longer in the source"
        )

    def handle(self, *args, action, **options):
        base = settings.BASE_DIR
        if action == "update":
            added, dropped = catalogue.update(base, prune=options["prune"])
            self.stdout.write(f"{catalogue.catalogue_path(base)}: {added} new, {dropped} dropped")
        elif action == "compile":
            self.stdout.write(f"compiled {catalogue.compile_catalogue(base)}")
        else:
            report = catalogue.check(base)
            for line in report.lines():
                self.stderr.write(line)
            if not report.ok:
                raise CommandError(
                    "The English catalogue is incomplete: run `manage.py catalogue update`, translate the "
                    "new entries in locale/en/LC_MESSAGES/django.po, then `manage.py catalogue compile`."
                )
            self.stdout.write(f"catalogue complete ({len(report.obsolete)} unused entries)")
