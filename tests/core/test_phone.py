import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from relais.core.phone import is_mobile, normalize_phone, validate_phone


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+33 06 12 34 56 78", "+33612345678"),
        ("07 00 00 00 01", "+33700000001"),
        ("01 23 45 67 89", "+33123456789"),
        ("0692 12 34 56", "+262692123456"),  # La Réunion
        ("0690 12 34 56", "+590690123456"),  # Guadeloupe
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("0694 12 34 56", "+594694123456"),  # Guyane
        ("0639 12 34 56", "+262639123456"),  # Mayotte
        ("+44 7911 123456", "+447911123456"),
        ("00 32 470 12 34 56", "+32470123456"),
    ],
)
def test_normalises_to_e164(typed, expected):
    assert normalize_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Indiquez un numéro de téléphone."),
        ("06 12 34 56", "Un numéro français a 10 chiffres, par exemple 06 12 34 56 78."),
        ("06 12 34 56 78 9", "Un numéro français a 10 chiffres, par exemple 06 12 34 56 78."),
        ("six douze", "Le numéro de téléphone ne doit contenir que des chiffres (par exemple 06 12 34 56 78)."),
        ("6123456789", "Un numéro français commence par 0 puis un chiffre de 1 à 9, par exemple 06 12 34 56 78."),
        ("+33 12", "Un numéro français a 10 chiffres, par exemple 06 12 34 56 78."),
        ("+0 12345678", "Ce numéro international n'est pas valide : vérifiez l'indicatif du pays et les chiffres."),
    ],
)
def test_plain_french_errors(typed, message):
    with pytest.raises(ValidationError) as caught:
        validate_phone(typed)
    assert caught.value.messages == [message]


def test_mobile_or_landline():
    assert is_mobile("+33612345678")
    assert is_mobile("+33712345678")
    assert not is_mobile("+33123456789")
    assert not is_mobile("+33912345678")
    assert is_mobile("+262692123456")
    assert not is_mobile("+262262123456")  # Réunion landline
    assert is_mobile("+447911123456")  # abroad: the provider decides


@given(
    digits=st.text(alphabet="0123456789", min_size=8, max_size=8),
    prefix=st.sampled_from(["6", "7"]),
    separator=st.sampled_from(["", " ", ".", "-", "\u00a0"]),
    international=st.sampled_from(["0", "+33", "+33 ", "0033", "+33(0)"]),
)
def test_any_way_of_writing_a_mobile_gives_the_same_number(digits, prefix, separator, international):
    if international == "0":  # 0690..., 0692...: overseas mobiles keep their own country code
        assume(prefix + digits[:2] not in {"690", "691", "692", "693", "694", "696", "697", "639"})
    pairs = [prefix + digits[0]] + [digits[i : i + 2] for i in range(1, 8, 2)]
    typed = international + separator.join(pairs)
    assert normalize_phone(typed) == f"+33{prefix}{digits}"
    assert is_mobile(normalize_phone(typed))


@given(st.text(max_size=30))
def test_never_crashes_and_output_is_e164(value):
    try:
        result = normalize_phone(value)
    except ValidationError as exc:
        assert exc.messages and all(message.strip() for message in exc.messages)
    else:
        assert re.fullmatch(r"\+[1-9][0-9]{6,14}", result)
