import pytest

from dispatch.blasts import smstext
from dispatch.blasts.smstext import GSM7, UCS2


def test_160_gsm_characters_are_one_part_161_are_two():
    assert smstext.encoding("a" * 160) == GSM7
    assert smstext.parts("a" * 160) == 1
    assert smstext.parts("a" * 161) == 2
    assert smstext.parts("a" * 306) == 2
    assert smstext.parts("a" * 307) == 3


def test_70_ucs2_characters_are_one_part_71_are_two():
    assert smstext.encoding("ă" * 70) == UCS2
    assert smstext.parts("ă" * 70) == 1
    assert smstext.parts("ă" * 71) == 2
    assert smstext.parts("ă" * 134) == 2
    assert smstext.parts("ă" * 135) == 3


@pytest.mark.parametrize("ch", list("^{}[]~\\|€"))
def test_extension_characters_count_two(ch):
    assert smstext.encoding(ch) == GSM7
    assert smstext.length("a" * 158 + ch) == 160
    assert smstext.parts("a" * 158 + ch) == 1
    assert smstext.parts("a" * 159 + ch) == 2


def test_an_extension_character_never_straddles_a_part_boundary():
    # 152 + 2 would overflow the first 153-septet part, so the escape pair starts part two.
    text = "a" * 152 + "€" + "a" * 152
    assert smstext.length(text) == 306
    assert smstext.parts(text) == 3


def test_one_vietnamese_letter_switches_the_whole_text_to_ucs2():
    assert smstext.encoding("Gia vai thieu hom nay") == GSM7
    assert smstext.encoding("Giá vải thiều hôm nay") == UCS2


def test_gsm_basic_accents_stay_gsm():
    assert smstext.encoding("café à là") == GSM7


def test_emoji_counts_two_utf16_units():
    assert smstext.length("🍈") == 2
    assert smstext.parts("🍈" * 35) == 1
    assert smstext.parts("🍈" * 36) == 2


def test_unaccent_strips_marks_and_maps_d_with_stroke():
    assert smstext.unaccent("Vải thiều Lục Ngạn đã về") == "Vai thieu Luc Ngan da ve"
    assert smstext.unaccent("Đắk Lắk, ĐỒNG THÁP") == "Dak Lak, DONG THAP"
    assert smstext.unaccent("đ") == "d" and smstext.unaccent("Đ") == "D"


def test_unaccent_of_nfd_input_is_the_same():
    import unicodedata

    assert smstext.unaccent(unicodedata.normalize("NFD", "Hưng Yên")) == "Hung Yen"


def test_unaccented_text_is_gsm_and_cheaper(settings):
    settings.MUA_SMS_PRICE_PER_PART_VND = 800
    text = "[QC] Vải thiều Lục Ngạn chính vụ đã có trên postmart.vn, giao tận nhà. Từ chối: soạn TC gửi 9xxx"
    variants = smstext.compare(text, recipients=1000)
    assert variants.accented.encoding == UCS2 and variants.accented.parts == 2
    assert variants.unaccented.encoding == GSM7 and variants.unaccented.parts == 1
    assert variants.accented_blast_vnd == 1_600_000
    assert variants.unaccented_blast_vnd == 800_000


def test_empty_text_is_zero_parts():
    assert smstext.parts("") == 0


def _packed_parts(text: str) -> int:
    """The definition, one character at a time: what the fast paths must agree with."""
    enc = smstext.encoding(text)
    single, per_part = smstext.LIMITS[enc]
    units = [smstext.units(ch, enc) for ch in text]
    if sum(units) <= single:
        return 1 if text else 0
    count, used = 1, 0
    for u in units:
        if used + u > per_part:
            count, used = count + 1, 0
        used += u
    return count


def test_the_fast_counts_agree_with_packing_one_character_at_a_time():
    import random

    rng = random.Random(1034)
    alphabets = ["abc xyz", "abc{}[]€", "Nông sản Việt", "Tết 🍊 ", "a€🍊ấ"]
    for _ in range(3000):
        pool = rng.choice(alphabets)
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 420)))
        enc = smstext.encoding(text)
        assert smstext.length(text) == sum(smstext.units(ch, enc) for ch in text), text
        assert smstext.parts(text) == _packed_parts(text), text
        info = smstext.describe(text)
        assert (info.encoding, info.length, info.parts) == (enc, smstext.length(text), smstext.parts(text))
