"""The plan's reference data (plan/data/*.csv), loaded idempotently by the data migration and `load_plan`.

The loaders take model classes so the migration can pass its historical models. A later year's plan is
entered in the admin or through the API, not here.
"""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def _upsert(model, lookup: dict, values: dict) -> tuple[object, str]:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, values[k])
    if changed:
        obj.save(update_fields=changed)
    return obj, "updated" if changed else "unchanged"


MILESTONE_FIELDS = ("title", "annex", "note", "owner_kind", "owner_label", "start_week", "due_week")


def load_editions(
    PlanEdition, Indicator, Milestone, *, milestone_fields: tuple[str, ...] = MILESTONE_FIELDS
) -> dict[str, int]:
    """Editions, their indicators and milestones; a milestone's status and evidence are never overwritten.
    A migration written before a milestone field existed passes the fields its historical model has."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in _read("editions.csv"):
        values = {k: row[k] for k in ("title", "decision")}
        values.update(starts_on=_date(row["starts_on"]), ends_on=_date(row["ends_on"]))
        edition, outcome = _upsert(PlanEdition, {"code": row["code"]}, values)
        counts[outcome] += 1
        for ind in _read(f"indicators_{edition.code}.csv"):
            values = {
                "name": ind["name_vi"],
                "name_en": ind["name_en"],
                "target_value": _decimal(ind["target_value"]),
                "target_max": _decimal(ind["target_max"]),
                "active_from": _date(ind["active_from"]),
                "active_until": _date(ind["active_until"]),
                "order": int(ind["order"]),
            }
            for key in ("annex", "line", "unit", "direction", "period", "scope", "source", "figure"):
                values[key] = ind[key]
            for key in ("denominator", "theme", "wave_kind", "responsible"):
                values[key] = ind[key]
            _, outcome = _upsert(Indicator, {"edition": edition, "code": ind["code"]}, values)
            counts[outcome] += 1
        for ms in _read(f"milestones_{edition.code}.csv"):
            values = {k: ms[k] for k in milestone_fields}
            _, outcome = _upsert(Milestone, {"edition": edition, "code": ms["code"]}, values)
            counts[outcome] += 1
    return counts
