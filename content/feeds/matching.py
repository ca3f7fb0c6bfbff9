"""Which campaign wave a news article is about: a score from product names, province names on both maps
and the programme's key phrases, compared in folded Vietnamese (unaccented lowercase, core.text).

A product name such as "Vải thiều Lục Ngạn" is split into its produce ("vải thiều") and its place
("Lục Ngạn"); an article naming the produce and the wave's province or place is about the wave. Short
produce words that fold onto everyday words ("cam" — cam kết, "nho" — nhỏ, "tỏi" — tôi) count only when
spelt with their marks, so folding never turns an ordinary sentence into a lychee story. The produce words,
their aliases and which need their marks are reference data: calendars/data/produce_terms.csv.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import models

from calendars.reference import produce_vocabulary
from core.text import fold_words


class MatchReason(models.TextChoices):
    """Why an article scored for a wave; the label (with the word found) is what people read."""

    PRODUCE = "produce", "sản phẩm"
    PLACE = "place", "địa danh"
    PROVINCE = "province", "tỉnh/thành"
    KEY_PHRASE = "key_phrase", "cụm từ"


# Score at or above which an article becomes a publication of the wave without a human look.
AUTO_THRESHOLD = 4.0
# Score at or above which (with produce or a key phrase in it) an article waits for an editor.
CONFIRM_THRESHOLD = 2.0
# Waves an article can belong to: from `prep_due` (communication starts) to this long after the harvest.
AFTER_HARVEST = dt.timedelta(days=30)

PRODUCE = 2.0
PLACE = 2.0
PROVINCE = 2.0
KEY_PHRASE = 1.0
MAX_KEY_PHRASES = 2

KEY_PHRASES = ("1034", "postmart", "voso", "nang tam gia tri nong san viet")

# Compounds in which a produce syllable is no produce ("nhãn mác" label, "bơ vơ" forlorn, "vải lụa" silk).
NOT_PRODUCE = (
    "nhãn mác",
    "nhãn hiệu",
    "nhãn dán",
    "bơ vơ",
    "vải lụa",
    "vải vóc",
    "cam kết",
    "na ná",
    "chè chén",
)
_PREFIXES = re.compile(r"^(tinh|thanh pho|tp\.?)\s+", re.IGNORECASE)
_PAREN = re.compile(r"\([^)]*\)")


def _lower_words(text: str) -> str:
    """Lowercase NFC with punctuation as spaces, marks kept: for the ambiguous one-syllable words."""
    text = unicodedata.normalize("NFC", text or "").lower()
    marked = " " + " ".join(re.findall(r"[\w]+", text)) + " "
    for compound in NOT_PRODUCE:
        marked = marked.replace(f" {compound} ", " ")
    return marked


def _has(haystack: str, phrase: str) -> bool:
    return bool(phrase.strip()) and f" {phrase.strip()} " in haystack


@dataclass
class WaveTerms:
    """What an article must say to be about one wave."""

    campaign_id: int
    title: str
    harvest_start: dt.date
    harvest_end: dt.date
    window: tuple[dt.date, dt.date]
    produce: list[tuple[str, str]] = field(
        default_factory=list
    )  # (folded, with marks): "vai thieu", "vải thiều"
    places: list[str] = field(default_factory=list)  # folded places from the product name
    provinces: list[str] = field(default_factory=list)  # folded province names, both maps


def _province_names(province) -> list[str]:
    if province is None:
        return []
    related = [province]
    if province.successor_id:
        related.append(province.successor)
    related.extend(province.predecessors.all())
    names = {fold_words(_PREFIXES.sub("", p.name)).strip() for p in related}
    # "Hồ Chí Minh" is written "TP.HCM" in nearly every headline.
    if "ho chi minh" in names:
        names |= {"tp hcm", "tphcm", "sai gon"}
    return sorted(n for n in names if n)


def _split_product(name: str) -> tuple[list[tuple[str, str]], list[str]]:
    """'Vải thiều Lục Ngạn' → ([('vai thieu', 'vải thiều'), ('vai', 'vải')], ['luc ngan']).

    Every produce word the name begins with counts ("nhãn lồng" and "nhãn"); the rest is the place,
    and so are the places in brackets ("Vải thiều sớm (Tân Yên; Lục Ngạn)").
    """
    plain = _PAREN.sub(" ", name or "")
    folded = fold_words(plain).strip()
    produce = []
    vocabulary = produce_vocabulary()
    for term in vocabulary.terms:
        f = fold_words(term).strip()
        if folded == f or folded.startswith(f + " "):
            produce.append((f, term))
            produce.extend((fold_words(x).strip(), x) for x in vocabulary.aliases.get(term, ()))
    if not produce:
        return [(folded, plain.strip().lower())], []
    place = folded[len(produce[0][0]) :].strip()
    inside = ";".join(re.findall(r"\(([^)]*)\)", name or ""))
    extra = [fold_words(p).strip() for p in re.split(r"[;,]", inside)]
    return produce, [p for p in [place, *extra] if p]


def wave_terms(wave) -> WaveTerms:
    product = wave.product or (wave.season.product if wave.season_id else None)
    produce, places = _split_product(product.name) if product else ([], [])
    return WaveTerms(
        campaign_id=wave.pk,
        title=wave.title,
        harvest_start=wave.harvest_start,
        harvest_end=wave.harvest_end,
        window=(wave.prep_due, wave.harvest_end + AFTER_HARVEST),
        produce=produce,
        places=places,
        provinces=_province_names(wave.province),
    )


@dataclass
class Candidate:
    campaign_id: int
    score: float
    reasons: list[str]  # for people: "sản phẩm: vai thieu"
    found: set[MatchReason] = field(default_factory=set)  # for code: which kinds of evidence matched

    def add(self, reason: MatchReason, word: str, points: float) -> None:
        self.score += points
        self.reasons.append(f"{reason.label}: {word}")
        self.found.add(reason)


def _produce_found(terms: WaveTerms, folded: str, marked: str) -> str | None:
    """The produce word the article uses (a one-syllable word that folds onto another, only with marks)."""
    for plain, with_marks in terms.produce:
        if _has(marked, with_marks) if plain in produce_vocabulary().marks_required else _has(folded, plain):
            return plain
    return None


def score(terms: WaveTerms, folded: str, marked: str) -> Candidate:
    """Points for what the article says about the wave, with the reasons."""
    candidate = Candidate(terms.campaign_id, 0.0, [])
    produce = _produce_found(terms, folded, marked)
    if produce:
        candidate.add(MatchReason.PRODUCE, produce, PRODUCE)
    place = next((p for p in terms.places if _has(folded, p)), None)
    if place:
        candidate.add(MatchReason.PLACE, place, PLACE)
    province = next((p for p in terms.provinces if _has(folded, p)), None)
    if province and province != place:
        candidate.add(MatchReason.PROVINCE, province, PROVINCE)
    for phrase in [k for k in KEY_PHRASES if _has(folded, k)][:MAX_KEY_PHRASES]:
        candidate.add(MatchReason.KEY_PHRASE, phrase, KEY_PHRASE)
    return candidate


@dataclass
class Match:
    """The verdict on one article: `campaign_id` when it counts for a wave without a human look."""

    campaign_id: int | None
    score: float
    reasons: list[str]
    candidates: list[dict]
    needs_confirmation: bool


def match(text: str, day: dt.date | None, waves: list[WaveTerms]) -> Match:
    """Score an article (title + summary) against the waves running around its day (all, undated)."""
    marked = _lower_words(text)
    folded = fold_words(marked)
    has_phrase = any(_has(folded, k) for k in KEY_PHRASES)
    running = [w for w in waves if day is None or w.window[0] <= day <= w.window[1]]
    scored = []
    for terms in running:
        candidate = score(terms, folded, marked)
        produce = MatchReason.PRODUCE in candidate.found
        # Without its produce an article is not about a product's wave (a province's other news).
        if candidate.score >= CONFIRM_THRESHOLD and (produce or has_phrase or not terms.produce):
            in_harvest = day is not None and terms.harvest_start <= day <= terms.harvest_end
            scored.append((candidate.score + (0.1 if in_harvest else 0), produce, candidate))
    scored.sort(key=lambda s: (-s[0], s[2].campaign_id))
    listed = [{"campaign": c.campaign_id, "score": c.score, "reasons": c.reasons} for _, _, c in scored[:5]]
    if not scored:
        return Match(None, 0.0, [], [], False)
    best_total, best_produce, best = scored[0]
    tie = len(scored) > 1 and abs(scored[1][0] - best_total) < 0.05
    auto = best.score >= AUTO_THRESHOLD and best_produce and not tie and day is not None
    return Match(best.campaign_id if auto else None, best.score, best.reasons, listed, not auto)
