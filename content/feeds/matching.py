"""Which campaign wave a news article is about: a score from product names, province names on both maps
and the programme's key phrases, compared in folded Vietnamese (unaccented lowercase, calendars.text).

A product name such as "Vải thiều Lục Ngạn" is split into its produce ("vải thiều") and its place
("Lục Ngạn"); an article naming the produce and the wave's province or place is about the wave. Short
produce words that fold onto everyday words ("cam" — cam kết, "nho" — nhỏ, "tỏi" — tôi) count only when
spelt with their marks, so folding never turns an ordinary sentence into a lychee story.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from calendars.text import fold_words

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

# Produce words, longest first when one is the start of another; a product's name begins with one.
PRODUCE_TERMS = sorted(
    [
        "vải thiều",
        "vải",
        "nhãn lồng",
        "nhãn",
        "xoài cát",
        "xoài",
        "mận hậu",
        "mận",
        "na",
        "quế",
        "thanh long",
        "sầu riêng",
        "cà phê",
        "điều",
        "hạt điều",
        "hồ tiêu",
        "bơ",
        "chôm chôm",
        "vú sữa",
        "hồng xiêm",
        "bưởi da xanh",
        "bưởi năm roi",
        "bưởi",
        "dừa",
        "cam sành",
        "cam bù",
        "cam",
        "chuối ngự",
        "chuối",
        "nho",
        "tỏi",
        "chè",
        "trà",
        "cua",
        "gạo st25",
        "gạo",
        "vải chín sớm",
    ],
    key=len,
    reverse=True,
)
# One syllable that folds onto common words: matched with its diacritics (or inside the full name).
_AMBIGUOUS = {"vai", "na", "que", "dieu", "bo", "cam", "nho", "toi", "che", "tra", "cua", "gao", "man", "dua"}
_PREFIXES = re.compile(r"^(tinh|thanh pho|tp\.?)\s+", re.IGNORECASE)
_PAREN = re.compile(r"\([^)]*\)")


def _lower_words(text: str) -> str:
    """Lowercase NFC with punctuation as spaces, marks kept: for the ambiguous one-syllable words."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return " " + " ".join(re.findall(r"[\w]+", text)) + " "


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
    produce: str = ""  # folded produce term ("vai thieu")
    produce_marked: str = ""  # the same with marks, for ambiguous one-syllable words
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


def _split_product(name: str) -> tuple[str, str, list[str]]:
    """'Vải thiều Lục Ngạn' → ('vai thieu', 'vải thiều', ['luc ngan'])."""
    plain = _PAREN.sub(" ", name or "")
    folded = fold_words(plain).strip()
    for term in PRODUCE_TERMS:
        f = fold_words(term).strip()
        if folded == f or folded.startswith(f + " "):
            place = folded[len(f) :].strip()
            inside = ";".join(re.findall(r"\(([^)]*)\)", name or ""))
            extra = [fold_words(p).strip() for p in re.split(r"[;,]", inside)]
            return f, term, [p for p in [place, *extra] if p]
    return folded, plain.strip().lower(), []


def wave_terms(wave) -> WaveTerms:
    product = wave.product or (wave.season.product if wave.season_id else None)
    produce, marked, places = _split_product(product.name) if product else ("", "", [])
    return WaveTerms(
        campaign_id=wave.pk,
        title=wave.title,
        harvest_start=wave.harvest_start,
        harvest_end=wave.harvest_end,
        window=(wave.prep_due, wave.harvest_end + AFTER_HARVEST),
        produce=produce,
        produce_marked=marked,
        places=places,
        provinces=_province_names(wave.province),
    )


@dataclass
class Candidate:
    campaign_id: int
    score: float
    reasons: list[str]


def _produce_found(terms: WaveTerms, folded: str, marked: str) -> bool:
    if not terms.produce:
        return False
    if terms.produce in _AMBIGUOUS:
        return _has(marked, terms.produce_marked)
    return _has(folded, terms.produce)


def score(terms: WaveTerms, folded: str, marked: str) -> Candidate:
    """Points for what the article says about the wave, with the reasons."""
    points, reasons = 0.0, []
    if _produce_found(terms, folded, marked):
        points += PRODUCE
        reasons.append(f"sản phẩm: {terms.produce}")
    place = next((p for p in terms.places if _has(folded, p)), None)
    if place:
        points += PLACE
        reasons.append(f"địa danh: {place}")
    province = next((p for p in terms.provinces if _has(folded, p)), None)
    if province and province != place:
        points += PROVINCE
        reasons.append(f"tỉnh/thành: {province}")
    phrases = [k for k in KEY_PHRASES if _has(folded, k)][:MAX_KEY_PHRASES]
    points += KEY_PHRASE * len(phrases)
    reasons.extend(f"cụm từ: {k}" for k in phrases)
    return Candidate(terms.campaign_id, points, reasons)


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
    folded, marked = fold_words(text), _lower_words(text)
    has_phrase = any(_has(folded, k) for k in KEY_PHRASES)
    running = [w for w in waves if day is None or w.window[0] <= day <= w.window[1]]
    scored = []
    for terms in running:
        candidate = score(terms, folded, marked)
        produce = any(r.startswith("sản phẩm") for r in candidate.reasons)
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
