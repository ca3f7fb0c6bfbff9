"""The reviewer's word diff: marks exactly the words that changed, escapes everything, knows Vietnamese."""

import unicodedata

from content.diff import MAX_BLOCK_TOKENS, tokens, word_diff


def test_one_changed_syllable_is_marked_alone():
    diff = word_diff("Vải thiều Lục Ngạn giá 40.000đ", "Vải thiều Lục Ngạn giá 45.000đ")
    assert diff.html == "Vải thiều Lục Ngạn giá <del>40</del><ins>45</ins>.000đ"
    assert (diff.inserted, diff.deleted, diff.changed) == (1, 1, True)


def test_a_syllable_with_tone_marks_is_one_token():
    assert tokens("Bắc Giang, mùa vải!") == ["Bắc", " ", "Giang", ",", " ", "mùa", " ", "vải", "!"]


def test_decomposed_tone_marks_equal_precomposed_ones():
    """Text pasted from a source that decomposes accents looks the same and is not shown as changed."""
    decomposed = unicodedata.normalize("NFD", "Nhãn lồng Hưng Yên")
    assert decomposed != "Nhãn lồng Hưng Yên"
    assert tokens(decomposed) == ["Nhãn", " ", "lồng", " ", "Hưng", " ", "Yên"]
    diff = word_diff(decomposed, "Nhãn lồng Hưng Yên")
    assert diff.changed is False and "<ins>" not in diff.html and "<del>" not in diff.html


def test_tone_only_change_is_a_changed_word():
    diff = word_diff("bán hàng", "bàn hàng")
    assert diff.html == "<del>bán</del><ins>bàn</ins> hàng"


def test_insertions_and_deletions_across_lines():
    old = "Dòng một.\nDòng hai cũ.\nDòng ba."
    new = "Dòng một.\nDòng hai mới thêm.\nDòng ba."
    diff = word_diff(old, new)
    assert diff.html == "Dòng một.\nDòng hai <del>cũ</del><ins>mới thêm</ins>.\nDòng ba."
    assert (diff.inserted, diff.deleted) == (2, 1)


def test_html_in_text_is_escaped_inside_and_outside_marks():
    diff = word_diff("<b>cũ</b> & x", "<script>alert(1)</script> & x")
    assert "<script>" not in diff.html and "<b>" not in diff.html
    assert "script&gt;alert(1)" in diff.html and "&amp; x" in diff.html
    assert "<del>" in diff.html and "<ins>" in diff.html


def test_windows_line_ends_are_not_a_change():
    assert word_diff("a\r\nb", "a\nb").changed is False


def test_identical_text_has_no_marks():
    diff = word_diff("Giống nhau", "Giống nhau")
    assert diff.html == "Giống nhau" and not diff.changed


def test_a_huge_changed_block_is_shown_whole_without_quadratic_work():
    old = " ".join(["cũ"] * MAX_BLOCK_TOKENS)
    new = " ".join(["mới"] * MAX_BLOCK_TOKENS)
    diff = word_diff(old, new)
    assert diff.html.startswith("<del>cũ cũ") and "<ins>mới mới" in diff.html
    assert diff.deleted == MAX_BLOCK_TOKENS and diff.inserted == MAX_BLOCK_TOKENS


def test_a_clause_added_before_the_full_stop_is_one_insertion_not_a_moved_stop():
    # The sentence's "." must not be matched with the "." inside "postmart.vn" (deleted and re-inserted).
    diff = word_diff("Giá 45.000đ một cân.", "Giá 45.000đ một cân, bán trên postmart.vn.")
    assert diff.html == "Giá 45.000đ một cân<ins>, bán trên postmart.vn</ins>."
    assert (diff.inserted, diff.deleted) == (4, 0)
