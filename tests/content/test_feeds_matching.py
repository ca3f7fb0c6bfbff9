"""Matching news articles to campaign waves: folding, scoring, and precision/recall on labelled headlines."""

import datetime as dt
from pathlib import Path

import pytest

from content.feeds import matching
from content.feeds.selectors import waves_in_season

HEADLINES = Path(__file__).parent / "feeds" / "headlines.tsv"


def _labelled():
    rows = []
    for line in HEADLINES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, day, title = line.split("\t")
            rows.append((None if key == "-" else key, dt.date.fromisoformat(day), title))
    return rows


def test_the_labelled_set_has_at_least_100_headlines_both_kinds():
    rows = _labelled()
    assert len(rows) >= 100
    assert sum(1 for key, *_ in rows if key) >= 50
    assert sum(1 for key, *_ in rows if not key) >= 40


@pytest.mark.django_db
def test_precision_and_recall_on_labelled_vietnamese_headlines(june_waves, capsys):
    """Automatic matches are almost never wrong; most on-topic articles are matched without a human."""
    by_id = {w.pk: key for key, w in june_waves.items()}
    rows = _labelled()
    waves = waves_in_season([d for _, d, _ in rows])
    true_pos = false_pos = false_neg = reached = 0
    wrong = []
    for expected, day, title in rows:
        verdict = matching.match(title, day, waves)
        got = by_id.get(verdict.campaign_id)
        if got is not None and got == expected:
            true_pos += 1
        elif got is not None:
            false_pos += 1
            wrong.append(("wrong", expected, got, title))
        if expected and got != expected:
            false_neg += 1
            top = by_id.get(verdict.candidates[0]["campaign"]) if verdict.candidates else None
            wrong.append(("missed", expected, top, title))
        if expected and (
            got == expected
            or (
                verdict.needs_confirmation
                and verdict.candidates
                and by_id.get(verdict.candidates[0]["campaign"]) == expected
            )
        ):
            reached += 1
    positives = sum(1 for e, *_ in rows if e)
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    with capsys.disabled():
        print(
            f"\nfeed matching on {len(rows)} labelled headlines ({positives} about a wave): "
            f"precision {precision:.3f}, recall {recall:.3f}, "
            f"reached (automatic or first suggestion to confirm) {reached / positives:.3f}"
        )
        for row in wrong:
            print("   ", *row)
    assert precision >= 0.95
    assert recall >= 0.9
    assert reached / positives >= 0.95


@pytest.mark.django_db
def test_an_unaccented_headline_matches_like_the_accented_one(june_waves):
    waves = waves_in_season([dt.date(2026, 6, 15)])
    accented = matching.match("Vải thiều Lục Ngạn lên sàn Postmart", dt.date(2026, 6, 15), waves)
    plain = matching.match("VAI THIEU LUC NGAN len san postmart", dt.date(2026, 6, 15), waves)
    assert accented.campaign_id == plain.campaign_id == june_waves["vai_luc_ngan"].pk
    assert accented.score == plain.score


@pytest.mark.django_db
def test_a_one_syllable_produce_word_counts_only_with_its_marks(june_waves):
    """'cam kết', 'nhỏ', 'tôi' fold onto cam/nho/toi: without marks they say nothing about produce."""
    waves = waves_in_season([dt.date(2026, 6, 15)])
    assert matching.match("Ninh Thuận: nho xanh vào mùa", dt.date(2026, 6, 15), waves).campaign_id == (
        june_waves["nho_ninh_thuan"].pk
    )
    small = matching.match("Ninh Thuận: nhỏ mà có võ", dt.date(2026, 6, 15), waves)
    assert small.campaign_id is None and small.candidates == []


@pytest.mark.django_db
def test_a_wave_out_of_season_is_not_a_match(june_waves):
    waves = waves_in_season([dt.date(2026, 6, 15), dt.date(2026, 12, 10)])
    june = matching.match("Cam sành Hàm Yên, Tuyên Quang vào vụ", dt.date(2026, 6, 15), waves)
    december = matching.match("Cam sành Hàm Yên, Tuyên Quang vào vụ", dt.date(2026, 12, 10), waves)
    assert june.campaign_id is None
    assert december.campaign_id == june_waves["cam_ham_yen"].pk


@pytest.mark.django_db
def test_two_waves_scoring_the_same_wait_for_an_editor(june_waves):
    """'Vải thiều' with no place fits both lychee waves: no automatic choice, both suggested."""
    waves = waves_in_season([dt.date(2026, 6, 15)])
    verdict = matching.match("Vải thiều lên sàn Postmart", dt.date(2026, 6, 15), waves)
    assert verdict.campaign_id is None and verdict.needs_confirmation
    suggested = {c["campaign"] for c in verdict.candidates}
    assert {june_waves["vai_luc_ngan"].pk, june_waves["vai_thanh_ha"].pk} <= suggested


@pytest.mark.django_db
def test_an_undated_article_is_never_matched_automatically(june_waves):
    waves = waves_in_season([dt.date(2026, 6, 15)])
    verdict = matching.match("Vải thiều Lục Ngạn lên sàn Postmart", None, waves)
    assert verdict.campaign_id is None and verdict.needs_confirmation
    assert verdict.candidates[0]["campaign"] == june_waves["vai_luc_ngan"].pk


@pytest.mark.django_db
def test_a_province_on_the_2025_map_names_the_old_provinces_wave(june_waves):
    """Hải Dương merged into Hải Phòng on 2025-07-01: 'Hải Phòng' finds the Thanh Hà lychee wave."""
    waves = waves_in_season([dt.date(2026, 6, 15)])
    verdict = matching.match("Hải Phòng: vải thiều vào vụ", dt.date(2026, 6, 15), waves)
    assert verdict.campaign_id == june_waves["vai_thanh_ha"].pk
    assert "tỉnh/thành: hai phong" in verdict.reasons


def test_the_produce_rule_reads_the_reason_code_not_its_label():
    """An article without the wave's produce is no candidate however its reasons read (codes, not prose)."""
    from content.feeds.matching import MatchReason, score

    terms = matching.WaveTerms(
        campaign_id=1,
        title="Vải",
        harvest_start=dt.date(2026, 6, 1),
        harvest_end=dt.date(2026, 7, 1),
        window=(dt.date(2026, 5, 1), dt.date(2026, 8, 1)),
        produce=[("vai thieu", "vải thiều")],
        places=["luc ngan"],
    )
    candidate = score(terms, " vai thieu luc ngan ", " vải thiều lục ngạn ")
    assert candidate.found == {MatchReason.PRODUCE, MatchReason.PLACE}
    assert candidate.reasons == ["sản phẩm: vai thieu", "địa danh: luc ngan"]
