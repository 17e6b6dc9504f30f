"""Field validators (hypothesis) and conditions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from relais.core.phone import _OVERSEAS as OVERSEAS
from relais.procedures import fields as F_

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def make_iban(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    number = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


@given(st.text(alphabet="0123456789", min_size=23, max_size=23))
def test_valid_french_iban_accepted_with_spaces_and_lowercase(bban):
    iban = make_iban("FR", bban)
    spaced = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)).lower()
    assert F_.normalize_iban(spaced) == iban


@given(
    st.text(alphabet="0123456789", min_size=23, max_size=23),
    st.integers(min_value=4, max_value=26),
    st.integers(min_value=1, max_value=9),
)
def test_iban_single_digit_typo_refused(bban, position, delta):
    iban = make_iban("FR", bban)
    typo = iban[:position] + str((int(iban[position]) + delta) % 10) + iban[position + 1 :]
    with pytest.raises(ValidationError):
        F_.normalize_iban(typo)


@given(st.text(max_size=40))
def test_iban_never_crashes(text):
    try:
        result = F_.normalize_iban(text)
    except ValidationError:
        return
    assert F_.iban_checksum_ok(result)


def make_nir(sex: int, year: int, month: int, dept: str, commune: int, order: int) -> str:
    body = f"{sex}{year:02d}{month:02d}{dept}{commune:03d}{order:03d}"
    return body + f"{F_.nir_key(body):02d}"


nir_parts = st.tuples(
    st.sampled_from([1, 2]),
    st.integers(0, 99),
    st.integers(1, 12),
    st.sampled_from(["69", "75", "13", "2A", "2B", "97"]),
    st.integers(1, 999),
    st.integers(1, 999),
)


@given(nir_parts)
def test_valid_nir_accepted_including_corsica(parts):
    nir = make_nir(*parts)
    spaced = f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    assert F_.normalize_nir(spaced.lower()) == nir


@given(nir_parts, st.integers(1, 96))
def test_nir_wrong_key_refused(parts, shift):
    nir = make_nir(*parts)
    wrong = nir[:13] + f"{(int(nir[13:]) + shift - 1) % 97 + 1:02d}"
    if wrong == nir:
        return
    with pytest.raises(ValidationError):
        F_.normalize_nir(wrong)


def test_nir_known_examples():
    assert F_.normalize_nir("2 84 05 69 123 456 40") == "284056912345640"
    assert F_.nir_key("185052A123456") == 33  # Corsica: 2A counts as 19
    with pytest.raises(ValidationError):
        F_.normalize_nir("184052A12345633")  # 2A with the key of a mainland number


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integer_round_trip_with_french_spaces(value):
    french = f"{value:,}".replace(",", "\u202f")
    assert F_.parse_integer(french) == value
    assert F_.parse_integer(f"{value:,}".replace(",", " ")) == value


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False)
)
def test_decimal_french_comma_round_trip(value):
    french = F_.format_decimal(value)
    assert F_.parse_decimal(french) == value
    assert F_.parse_decimal(str(value)) == value


@pytest.mark.parametrize("raw", ["12,3,4", "abc", "1.2.3,4,5", ""])
def test_decimal_refused(raw):
    with pytest.raises(ValidationError):
        F_.parse_decimal(raw)


@given(st.integers(min_value=1, max_value=9), st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_french_phone_all_forms(first, rest):
    assume(f"{first}{rest}"[:3] not in OVERSEAS)  # overseas numbers keep their own code: tests/core/test_phone.py
    national = f"0{first}{rest}"
    expected = f"+33{first}{rest}"
    spaced = " ".join(national[i : i + 2] for i in range(0, 10, 2))
    assert F_.normalize_phone(national) == expected
    assert F_.normalize_phone(spaced) == expected
    assert F_.normalize_phone(spaced.replace(" ", ".")) == expected
    assert F_.normalize_phone(f"+33 {first} {rest}") == expected
    assert F_.normalize_phone(f"0033{first}{rest}") == expected
    assert F_.format_phone(expected) == spaced


@given(st.text(max_size=20))
def test_phone_never_crashes_and_is_normalised(text):
    try:
        result = F_.normalize_phone(text)
    except ValidationError:
        return
    assert result.startswith("+") and result[1:].isdigit()


@pytest.mark.parametrize("raw", ["06 12 34 56", "12 34 56 78 90", "phone", "+33 0 12"])
def test_phone_refused(raw):
    with pytest.raises(ValidationError):
        F_.normalize_phone(raw)


def test_dates():
    assert F_.parse_date("14/07/1990") == "1990-07-14"
    assert F_.parse_date("1990-07-14") == "1990-07-14"
    with pytest.raises(ValidationError):
        F_.parse_date("31/02/2020")


def test_conditions_eq_not_eq_in_and_or():
    data = {"a": True, "b": "x", "c": ["u", "v"]}
    assert F_.evaluate({"field": "a", "op": "eq", "value": True}, data)
    assert not F_.evaluate({"field": "a", "op": "eq", "value": False}, data)
    assert F_.evaluate({"field": "b", "op": "not_eq", "value": "y"}, data)
    assert F_.evaluate({"field": "b", "op": "in", "value": ["x", "z"]}, data)
    assert F_.evaluate({"field": "c", "op": "eq", "value": "v"}, data)
    assert F_.evaluate(
        {"and": [{"field": "a", "op": "eq", "value": True}, {"field": "b", "op": "eq", "value": "x"}]}, data
    )
    assert not F_.evaluate(
        {"and": [{"field": "a", "op": "eq", "value": True}, {"field": "b", "op": "eq", "value": "y"}]}, data
    )
    assert F_.evaluate(
        {"or": [{"field": "a", "op": "eq", "value": False}, {"field": "b", "op": "eq", "value": "x"}]}, data
    )
    assert not F_.evaluate({"field": "missing", "op": "eq", "value": True}, data)


def test_hidden_fields_not_required_and_pruned():
    from tests.procedures.factories import FIELDS

    data = {
        "prenom": "A",
        "telephone": "+33612345678",
        "a_enfants": False,
        "enfants": [{"prenom_enfant": "Léa"}],
        "piece": [1],
    }
    assert F_.missing_required(FIELDS, data) == {}
    assert "enfants" not in F_.prune_hidden(FIELDS, data)
    data["a_enfants"] = True
    problems = F_.missing_required(FIELDS, data)
    assert set(problems) == {"garde"}
    data["enfants"] = [{"prenom_enfant": ""}]
    assert "enfants" in F_.missing_required(FIELDS, data)


def test_definition_validation():
    from tests.procedures.factories import FIELDS

    assert F_.validate_definition(FIELDS) == []
    bad = [
        {"key": "x", "type": "nope", "label": "X"},
        {"key": "Bad Key", "type": "text", "label": "Y"},
        {"key": "f", "type": "file", "label": "F", "accept": [], "max_bytes": 5},
        {"key": "c", "type": "text", "label": "C", "condition": {"field": "ghost", "op": "eq", "value": 1}},
    ]
    problems = " ".join(F_.validate_definition(bad))
    assert "type inconnu" in problems and "identifiant" in problems and "taille" in problems and "ghost" in problems


def test_diff_lists_changed_answers_in_plain_french():
    from tests.procedures.factories import FIELDS

    changes = F_.diff(FIELDS, {"revenus": "800.00", "a_enfants": False}, {"revenus": "845.50", "a_enfants": True})
    assert {"key": "revenus", "label": "Revenus par mois", "before": "800,00", "after": "845,50"} in changes
    assert any(c["key"] == "a_enfants" and c["after"] == "Oui" for c in changes)
