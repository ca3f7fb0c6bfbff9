"""Benchmark: import a generated contact CSV (~5% bad rows) into the database at DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mua_wt5 \
        python bench/import_contacts.py --rows 1000000 [--count-only]

Each run is its own process so peak RSS (ru_maxrss) belongs to that size alone. The contact, import and
suppression tables are emptied first. After the import it times the audience count over every contact.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.files import File  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Organisation  # noqa: E402
from accounts.permissions import system_actor  # noqa: E402
from calendars.models import Province  # noqa: E402
from dispatch.contacts import selectors, services  # noqa: E402
from dispatch.models import Contact, ContactImport, ImportRejection, Suppression  # noqa: E402

PREFIXES = ["090", "091", "096", "097", "098", "086", "038", "0168", "081", "070", "056", "055", "089"]
BAD = ["024 3825 1234", "8.49123E+10", "12345", "+1 202 555 0143", "0111234567", "abc"]
KINDS = ["hộ SXNN", "người tiêu dùng", "HTX", "thương lái", ""]


def generate(path: Path, rows: int, seed: int = 1034) -> None:
    rnd = random.Random(seed)
    provinces = list(Province.objects.filter(map="2022").values_list("name", flat=True))
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write("Số điện thoại;Họ tên;Tỉnh;Đối tượng;Nhãn;Đồng ý\n")
        for i in range(rows):
            if rnd.random() < 0.05:
                phone = rnd.choice(BAD)
            else:
                prefix = rnd.choice(PREFIXES)
                phone = f"{prefix}{rnd.randrange(10**7):07d}"  # old 4-digit prefixes give 11 digits
            out.write(
                f"{phone};Nguyễn Văn {i};{rnd.choice(provinces)};{rnd.choice(KINDS)};"
                f"{rnd.choice(['vai-thieu', 'ocop', 'ca-phe', ''])};{rnd.choice(['có', 'không'])}\n"
            )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--count-only", action="store_true", help="skip the import, time the count")
    args = parser.parse_args()
    org, _ = Organisation.objects.get_or_create(
        code="bench-tct", defaults={"name": "Bench", "kind": "working_group"}
    )
    if not args.count_only:
        with connection.cursor() as cursor:  # TRUNCATE: a DELETE leaves dead index entries behind
            for model in (Contact, ImportRejection, ContactImport, Suppression):
                cursor.execute(
                    f"DELETE FROM {model._meta.db_table}"
                    if connection.vendor == "sqlite"
                    else f"TRUNCATE {model._meta.db_table} CASCADE"
                )
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"contacts-{args.rows}.csv"
            generate(path, args.rows)
            size = path.stat().st_size
            with path.open("rb") as stream:
                created = services.contact_import_create(
                    actor=system_actor("bench:import_contacts"),
                    organisation=org,
                    file=File(stream, name=path.name),
                    filename=path.name,
                    enqueue=False,
                )
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            marks = []  # (rows done, seconds) every 100k rows: does the rate hold as the table grows?

            def progress(imp):
                if not marks or imp.rows_done - marks[-1][0] >= 100_000:
                    marks.append((imp.rows_done, time.perf_counter() - start))

            done = services.contact_import_run(contact_import_id=created.pk, progress=progress)
            seconds = time.perf_counter() - start
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            os.unlink(created.file.path)
        print(
            f"db={connection.vendor} rows={done.rows_done} file={size / 1e6:.0f} MB seconds={seconds:.1f} "
            f"rows/s={done.rows_done / seconds:,.0f} accepted={done.accepted} merged={done.merged} "
            f"rejected={done.rejected} peak_rss_mb={rss / 1024:.0f} (before import {rss_before / 1024:.0f})"
        )
        segments = [
            f"{b[0] // 1000}k:{(b[0] - a[0]) / (b[1] - a[1]):,.0f}"
            for a, b in zip(marks, marks[1:], strict=False)
        ]
        print("rows/s per segment (ending at):", " ".join(segments))
    # Suppress 1% of the numbers so the count's anti-join does real work.
    if not Suppression.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO dispatch_suppression (phone, reason, note, created_at) "
                "SELECT phone, 'do_not_call', 'bench', now() FROM dispatch_contact WHERE id % 100 = 0"
            )
    audience_filter = selectors.AudienceFilter(consent_required=True)
    for category in ("advertising", "public_service"):
        start = time.perf_counter()
        breakdown = selectors.audience_breakdown(
            organisation=org, audience_filter=audience_filter, category=category
        )
        print(
            f"audience count ({category}) over {breakdown.total:,} contacts: "
            f"{time.perf_counter() - start:.2f} s -> {breakdown}"
        )
    bac_giang = Province.objects.get(map="2025", code="24")
    one = selectors.AudienceFilter(provinces=(bac_giang,), kinds=("farm_household",), tags=("vai-thieu",))
    start = time.perf_counter()
    breakdown = selectors.audience_breakdown(organisation=org, audience_filter=one, category="advertising")
    print(f"audience count (2025 unit + kind + tag): {time.perf_counter() - start:.2f} s -> {breakdown}")


if __name__ == "__main__":
    main()
