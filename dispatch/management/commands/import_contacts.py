import sys
from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from accounts.permissions import system_actor
from core.errors import DomainError
from dispatch.contacts.services import contact_import_create, contact_import_run
from dispatch.models import ContactImport, ImportKind


class Command(BaseCommand):
    help = (
        "Import contacts (or, with --do-not-call, the national Do-Not-Call list) from a CSV/XLSX file, "
        "with a progress bar. --resume ID continues an interrupted import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV or XLSX file")
        parser.add_argument("--org", help="code of the organisation that owns the contacts")
        parser.add_argument("--do-not-call", action="store_true", help="the file is the Do-Not-Call list")
        parser.add_argument("--consent-evidence", default="", help="every row consented; this is the proof")
        parser.add_argument("--resume", type=int, help="id of an interrupted import to finish")

    def handle(self, *args, file=None, org=None, do_not_call=False, consent_evidence="", resume=None, **o):
        if resume:
            contact_import = ContactImport.objects.filter(pk=resume).first()
            if contact_import is None:
                raise CommandError(f"no import #{resume}")
        else:
            if not file or not org:
                raise CommandError("give FILE and --org ORG (or --resume ID)")
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"no such file: {file}")
            organisation = Organisation.objects.filter(code=org).first()
            if organisation is None:
                raise CommandError(f"no organisation with code {org!r}")
            with path.open("rb") as stream:
                try:
                    contact_import = contact_import_create(
                        actor=system_actor("command:import_contacts"),
                        organisation=organisation,
                        file=File(stream, name=path.name),
                        filename=path.name,
                        kind=ImportKind.DO_NOT_CALL if do_not_call else ImportKind.CONTACTS,
                        consent_evidence=consent_evidence,
                        enqueue=False,
                    )
                except DomainError as exc:
                    raise CommandError(exc.message) from None
        self.stdout.write(f"import #{contact_import.pk}: {contact_import.filename}")
        try:
            done = contact_import_run(contact_import_id=contact_import.pk, progress=self._bar)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        finally:
            self.stdout.write("")
        self.stdout.write(
            f"rows: {done.rows_done}; accepted {done.accepted}, merged {done.merged}, "
            f"rejected {done.rejected}"
        )
        if done.rejected:
            self.stdout.write(f"rejected rows: /api/v1/dispatch/imports/{done.pk}/rejections.csv")

    def _bar(self, contact_import):
        width = 30
        filled = width * contact_import.progress // 100
        bar = "#" * filled + "-" * (width - filled)
        line = (
            f"\r[{bar}] {contact_import.progress:3d}%  {contact_import.rows_done} rows "
            f"(+{contact_import.accepted} ~{contact_import.merged} x{contact_import.rejected})"
        )
        self.stdout.write(line, ending="")
        if hasattr(sys.stdout, "flush"):
            self.stdout.flush()
