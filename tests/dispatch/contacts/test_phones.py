import pytest

from dispatch.contacts.phones import MOBILE_PREFIXES, OLD_PREFIXES, InvalidPhone, phone_mask, phone_normalize


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "+84 912-345-678",
        "84912345678",
        "912345678",
        "(091) 2345678",
        "0912.345.678",
        "０９１２３４５６７８",  # full-width digits
        "'0912345678",  # Excel's text marker
        "’0912345678",
        "+84 (0) 912 345 678",
        "0084912345678",
        "84 0912 345 678",  # country code with the trunk 0 kept
        "8.4912345678E+10",  # scientific notation that kept every digit
        84912345678,  # numeric XLSX cell
        912345678.0,
    ],
)
def test_every_form_people_type_becomes_the_same_e164(raw):
    phone = phone_normalize(raw)
    assert phone.e164 == "+84912345678"
    assert phone.carrier == "VinaPhone"
    assert phone.national == "0912345678"


@pytest.mark.parametrize(("old", "new"), sorted(OLD_PREFIXES.items()))
def test_every_old_eleven_digit_prefix_converts_to_its_new_prefix(old, new):
    phone = phone_normalize(f"{old}1234567")
    assert phone.e164 == f"+84{new[1:]}1234567"
    assert phone.converted_from == f"{old}1234567"
    assert phone.carrier == MOBILE_PREFIXES[new]


def test_the_conversion_table_is_the_official_one():
    assert OLD_PREFIXES == {
        "0162": "032",
        "0163": "033",
        "0164": "034",
        "0165": "035",
        "0166": "036",
        "0167": "037",
        "0168": "038",
        "0169": "039",
        "0120": "070",
        "0121": "079",
        "0122": "077",
        "0126": "076",
        "0128": "078",
        "0123": "083",
        "0124": "084",
        "0125": "085",
        "0127": "081",
        "0129": "082",
        "0186": "056",
        "0188": "058",
        "0199": "059",
    }


def test_old_prefix_in_international_form_converts_too():
    assert phone_normalize("+84 168 123 4567").e164 == "+84381234567"
    assert phone_normalize("841681234567").e164 == "+84381234567"


@pytest.mark.parametrize(
    ("raw", "carrier"),
    [
        ("0551234567", "Wintel"),
        ("0891234567", "MobiFone"),
        ("0521234567", "Vietnamobile"),
        ("0871234567", "Itelecom"),
        ("0381234567", "Viettel"),
        ("0991234567", "Gmobile"),
    ],
)
def test_live_ranges_phonenumbers_does_not_know_are_accepted_by_the_allow_list(raw, carrier):
    assert phone_normalize(raw).carrier == carrier


def test_number_is_not_converted_when_already_current():
    assert phone_normalize("0381234567").converted_from is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        (None, "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("0912 ABC 678", "not_a_number"),
        ("8.49123E+10", "excel_truncated"),
        ("091234567", "too_short"),
        ("09123", "too_short"),
        ("091234567890", "too_long"),
        ("024 3825 1234", "landline"),
        ("+84 28 3829 1234", "landline"),
        ("1800 1234", "not_mobile"),
        ("0111234567", "unknown_prefix"),
        ("0301234567", "unknown_prefix"),
        ("01301234567", "unknown_prefix"),  # 013x was never a mobile prefix
        ("+1 202 555 0143", "not_vietnamese"),
        ("+33 6 12 34 56 78", "not_vietnamese"),
        ("0033612345678", "not_vietnamese"),
        ("0912345678 / 0987654321", "several_numbers"),
        ("0912345678; 0987654321", "several_numbers"),
    ],
)
def test_refusals_say_precisely_why(raw, code):
    with pytest.raises(InvalidPhone) as info:
        phone_normalize(raw)
    assert info.value.code == code
    assert info.value.field == "phone"


def test_landline_refusal_message_is_readable():
    with pytest.raises(InvalidPhone, match="Số cố định"):
        phone_normalize("02438251234")


def test_excel_truncation_tells_the_officer_how_to_fix_the_file():
    with pytest.raises(InvalidPhone, match="định dạng cột là Văn bản"):
        phone_normalize("8.49123E+10")


def test_mask_hides_the_middle_digits():
    assert phone_mask("+84912345678") == "0912 *** 678"
