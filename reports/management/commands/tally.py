from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.permissions import system_actor
from calendars.weeks import InvalidWeek, parse_month, parse_week, weeks_of_month
from reports import rollups
from reports import selectors as sel
from reports.selectors import CELL_LABELS


def _yes_no(value) -> str:
    return "—" if value is None else ("đạt" if value else "chưa đạt")


class Command(BaseCommand):
    help = "Print the tallies of one ISO week (--week 2022-W09) or one month (--month 2022-06)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--week", help="ISO week, e.g. 2022-W09")
        group.add_argument("--month", help="month, e.g. 2022-06")

    def handle(self, *args, week=None, month=None, **options):
        try:
            if week:
                weeks = [parse_week(week)]
                year_month = None
            else:
                year_month = parse_month(month)
                weeks = weeks_of_month(*year_month)
        except InvalidWeek as exc:
            raise CommandError(str(exc)) from None
        now = timezone.now()
        self._news(weeks)
        orgs = sel.reporting_organisations(actor=system_actor("command:tally"))
        self._reports(orgs, weeks, now)
        if year_month:
            self._rollup(orgs, *year_month)

    def _news(self, weeks):
        self.stdout.write("Tin, bài báo chí + truyền hình (đếm từ lần đăng phát)")
        self.stdout.write(f"  {'tuần':<10} {'đếm':>5} {'chỉ tiêu':>9} {'thiếu':>6}  kết quả")
        for t in sel.news_tally(first=weeks[0], last=weeks[-1]):
            target = "—" if t.target is None else t.target
            self.stdout.write(
                f"  {t.week!s:<10} {t.counted:>5} {target!s:>9} {t.shortfall:>6}  {_yes_no(t.met)}"
            )

    def _reports(self, orgs, weeks, now):
        self.stdout.write("\nBáo cáo tuần (tự báo cáo báo chí+TH / đếm được; tình trạng nộp)")
        grid = (
            sel.completeness_grid(organisations=orgs, first=weeks[0], last=weeks[-1], now=now) if orgs else {}
        )
        for row in sel.org_week_tally(organisations=orgs, first=weeks[0], last=weeks[-1]):
            reported = "—" if row.reported is None else row.reported
            flag = "  ⚠ chênh lệch" if row.flagged else ""
            status = CELL_LABELS[grid[(row.organisation.pk, str(row.week))]]
            self.stdout.write(
                f"  {row.organisation.code:<22} {row.week!s:<10} {reported!s:>4} / {row.counted:<4} "
                f"{status}{flag}"
            )
        periods = {"kỳ": weeks}
        self.stdout.write("\nĐầy đủ và đúng hạn")
        for c in sel.completeness_summary(organisations=orgs, periods=periods, now=now) if orgs else []:
            self.stdout.write(
                f"  {c.organisation.code:<22} nhận {c.received}/{c.expected}, "
                f"đúng hạn {c.on_time}/{c.expected}"
            )

    def _rollup(self, orgs, year, month):
        self.stdout.write(f"\nTổng hợp tháng {month:02d}/{year}")
        for r in rollups.rollup_month(year=year, month=month, organisations=orgs):
            deltas = ", ".join(f"{k} {v:+d}" for k, v in r.deltas.items() if v is not None) or "—"
            self.stdout.write(
                f"  {r.organisation.code:<22} {r.weeks_reported}/{r.weeks_expected} tuần; "
                f"báo chí {r.sums['press_articles']}, TH {r.sums['tv_spots']}, "
                f"CT tiếp thị NCC {r.sums['supplier_campaigns']} ({_yes_no(r.supplier_met)}); "
                f"luỹ kế {deltas}; {r.status}"
            )
