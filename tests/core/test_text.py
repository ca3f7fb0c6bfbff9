"""Vietnamese folding: one function for every app that compares Vietnamese text."""

import unicodedata

from core.text import fold, fold_words, unaccent


def test_d_with_stroke_is_mapped_explicitly_because_unicode_does_not_decompose_it():
    assert unicodedata.normalize("NFD", "đ") == "đ"
    assert unaccent("Đắk Lắk đẹp") == "Dak Lak dep"


def test_fold_gives_unaccented_lowercase_whatever_the_composition():
    composed = unicodedata.normalize("NFC", "Hòa Bình Thừa Thiên Huế")
    decomposed = unicodedata.normalize("NFD", composed)
    assert fold(composed) == fold(decomposed) == "hoa binh thua thien hue"
    assert fold("Hoà") == fold("Hòa") == "hoa"  # old and new tone placement


def test_fold_keeps_digits_and_squeezes_spaces():
    assert fold("  Gạo   ST25 ") == "gao st25"


def test_fold_words_turns_punctuation_into_word_boundaries():
    assert fold_words("TP.HCM: vải—thiều, postmart.vn!") == " tp hcm vai thieu postmart vn "
