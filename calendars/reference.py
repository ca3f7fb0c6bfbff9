"""Reference data shipped with Mùa (calendars/data/*.csv), loaded idempotently.

The loaders take model classes so the data migration can pass its historical models and the
`load_reference` command the current ones.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.text import fold_words

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCES_CSV = DATA_DIR / "provinces.csv"
SEASONS_CSV = DATA_DIR / "produce_seasons.csv"
# The words a product's name begins with ("vải thiều" in "Vải thiều Lục Ngạn") and their aliases ("trà" for
# "chè"), as news headlines write them; `marks_required` for one syllable that folds onto everyday words.
PRODUCE_TERMS_CSV = DATA_DIR / "produce_terms.csv"


@dataclass(frozen=True)
class ProduceVocabulary:
    terms: tuple[str, ...]  # produce words, longest first (a product's name begins with one)
    aliases: dict[str, tuple[str, ...]]  # produce word -> other words for it
    marks_required: frozenset[str]  # folded words that count only when written with their marks


@lru_cache(maxsize=1)
def produce_vocabulary() -> ProduceVocabulary:
    """The produce words of calendars/data/produce_terms.csv (read once per process)."""
    rows = _read(PRODUCE_TERMS_CSV)
    aliases: dict[str, list[str]] = {}
    for row in rows:
        if row["word"] != row["names"]:
            aliases.setdefault(row["names"], []).append(row["word"])
    return ProduceVocabulary(
        terms=tuple(sorted((r["word"] for r in rows if r["word"] == r["names"]), key=len, reverse=True)),
        aliases={term: tuple(words) for term, words in aliases.items()},
        marks_required=frozenset(fold_words(r["word"]).strip() for r in rows if r["marks_required"] == "yes"),
    )


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _upsert(model, lookup: dict, values: dict) -> tuple[object, str]:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if not changed:
        return obj, "unchanged"
    for k in changed:
        setattr(obj, k, values[k])
    obj.save(update_fields=changed)
    return obj, "updated"


def load_provinces(Province) -> LoadResult:
    """The 34 units from 2025-07-01, then the 63 provinces each linked to its successor unit."""
    from .models import MAP_2022_FROM, MAP_2022_UNTIL, MAP_2025_FROM

    rows = _read(PROVINCES_CSV)
    region_by_code = {r["code"]: r["region"] for r in rows}
    result = LoadResult()
    units = {}
    for row in rows:
        code = row["unit_2025_code"]
        if code in units:
            continue
        values = {"name": row["unit_2025_name"], "region": region_by_code.get(code, row["region"])}
        values.update(valid_from=MAP_2025_FROM, valid_until=None, successor=None)
        units[code], outcome = _upsert(Province, {"map": "2025", "code": code}, values)
        result.add(outcome)
    for row in rows:
        values = {"name": row["name"], "region": row["region"], "valid_from": MAP_2022_FROM}
        values.update(valid_until=MAP_2022_UNTIL, successor=units[row["unit_2025_code"]])
        _, outcome = _upsert(Province, {"map": "2022", "code": row["code"]}, values)
        result.add(outcome)
    return result


def calendar_kind(note: str) -> str:
    """'lunar 7-8' -> lunar, 'year-round' -> year_round, anything else (e.g. 'solar main; …') -> solar."""
    note = note.lower()
    if note.startswith("lunar"):
        return "lunar"
    if note.startswith("year-round"):
        return "year_round"
    return "solar"


def load_seasons(Product, Season, Province) -> LoadResult:
    """Products and their seasons; provinces are on the 2022 map, as the source data is."""
    result = LoadResult()
    provinces = {p.code: p for p in Province.objects.filter(map="2022")}
    for row in _read(SEASONS_CSV):
        product, _ = _upsert(
            Product, {"name": row["product_vi"]}, {"name_en": row["product_en"], "category": row["category"]}
        )
        values = {
            "start_month": int(row["start_month"]),
            "end_month": int(row["end_month"]),
            "calendar": calendar_kind(row["calendar"]),
            "calendar_note": row["calendar"],
            "peak": row["peak"],
            "verified": row["verified"].lower() == "yes",
            "source": row["source"],
        }
        _, outcome = _upsert(
            Season, {"product": product, "province": provinces[row["province_code"]]}, values
        )
        result.add(outcome)
    return result
