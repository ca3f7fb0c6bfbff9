from django.core.management.base import BaseCommand

from content.services import content_expire_due


class Command(BaseCommand):
    help = "Expire content still not approved when its planned publication time has passed (run daily)."

    def handle(self, *args, **options):
        count = content_expire_due()
        self.stdout.write(f"expired: {count}")
