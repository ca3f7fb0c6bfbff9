"""`manage.py blast_status ID [--watch]`: state, counts per status, send rate and a progress bar."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dispatch.blasts.selectors import blast_progress
from dispatch.models import Blast

WIDTH = 40


def render(blast: Blast) -> str:
    p = blast_progress(blast=blast)
    filled = WIDTH * p.percent // 100
    bar = "█" * filled + "░" * (WIDTH - filled)
    lines = [
        f"Đợt gửi #{blast.pk} {blast.name} – {p.state_text}"
        + (f" ({p.status_reason})" if p.status_reason else ""),
        # Skipped recipients are never progress: the bar and the count are of the messages to send.
        f"[{bar}] {p.percent}%  {p.processed}/{p.to_send}"
        + (f"  (bỏ qua {p.counts['skipped']})" if p.counts.get("skipped") else ""),
        "  ".join(f"{k}: {v}" for k, v in p.counts.items() if v),
        f"Tốc độ: {p.rate_per_minute} tin/phút",
    ]
    if p.next_deferred_at:
        lines.append(f"Tin hoãn gửi tiếp lúc {timezone.localtime(p.next_deferred_at):%H:%M %d/%m/%Y}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Tiến độ một đợt gửi SMS: trạng thái, số tin theo trạng thái, tốc độ gửi."

    def add_arguments(self, parser):
        parser.add_argument("blast_id", type=int)
        parser.add_argument(
            "--watch", action="store_true", help="Cập nhật mỗi 2 giây đến khi đợt gửi kết thúc."
        )

    def handle(self, *args, blast_id, watch, **options):
        blast = Blast.objects.filter(pk=blast_id).first()
        if blast is None:
            raise CommandError(f"Không có đợt gửi #{blast_id}.")
        while True:
            self.stdout.write(render(blast))
            blast.refresh_from_db()
            if not watch or blast.is_final:
                return
            time.sleep(2)
            self.stdout.write("")
