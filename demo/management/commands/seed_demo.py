from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.accounts import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create demo organisations and one demo user per role (idempotent). Refuses when DEBUG is off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="run even when DEBUG is off (never in production)"
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a known password; refused with DEBUG off (use --force)."
            )
        result = demo_seed()
        # campaigns, content and dispatch depend on accounts, not the reverse: imported here.
        from demo.campaigns import demo_campaigns, demo_reports
        from demo.content import content_demo_seed
        from demo.dispatch import demo_contacts_seed
        from demo.plan import plan_demo_seed

        waves = demo_campaigns()
        content_created = content_demo_seed()
        contacts = demo_contacts_seed()
        reports_created = demo_reports()
        plan_created = plan_demo_seed()
        self.stdout.write(
            f"organisations: {result.organisations_created} created; users: {result.users_created} created; "
            f"memberships: {result.memberships_created} created; "
            f"campaign waves: {waves.created} created, {waves.unchanged} unchanged; "
            f"content items: {content_created} created; "
            f"contacts: {contacts} created; weekly reports: {reports_created} created; "
            f"plan (flagships, readings, milestones, firms' waves, proposals, theme weeks, "
            f"a Bắc Giang bulletin, a delegation): {plan_created} created"
        )
        self.stdout.write(
            f"\nDemo logins (password for all: {DEMO_PASSWORD}) at http://127.0.0.1:8000/admin/"
        )
        self.stdout.write(f"  {'username':<20} {'organisation':<14} role")
        for username, org, role in result.logins:
            self.stdout.write(f"  {username:<20} {org:<14} {role}")
