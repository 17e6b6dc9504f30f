import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from relais.organisations.models import Organisation, luhn_valid, validate_siret
from relais.organisations.services import organisation_create

digits = st.text(alphabet="0123456789", min_size=13, max_size=13)


def _luhn_complete(body: str) -> str:
    """Append the check digit that makes body + digit Luhn-valid (reference implementation)."""
    for check in "0123456789":
        total = 0
        for index, char in enumerate(reversed(body + check)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return body + check
    raise AssertionError("no check digit")


@given(digits)
def test_a_siret_with_its_check_digit_is_valid(body):
    validate_siret(_luhn_complete(body))


@given(digits, st.integers(min_value=0, max_value=13), st.integers(min_value=1, max_value=9))
def test_changing_one_digit_breaks_the_checksum(body, position, delta):
    siret = _luhn_complete(body)
    changed = siret[:position] + str((int(siret[position]) + delta) % 10) + siret[position + 1 :]
    assert not luhn_valid(changed)
    if not changed.startswith("356000000"):
        with pytest.raises(ValidationError) as error:
            validate_siret(changed)
        assert error.value.code == "siret_checksum"


@given(digits, st.integers(min_value=0, max_value=12))
def test_swapping_two_adjacent_different_digits_is_detected(body, position):
    siret = _luhn_complete(body)
    a, b = siret[position], siret[position + 1]
    if {a, b} in ({"0", "9"},) or a == b:
        return  # the only transposition Luhn cannot see (09 ↔ 90), and no-op swaps
    swapped = siret[:position] + b + a + siret[position + 2 :]
    assert not luhn_valid(swapped)


@given(st.text(max_size=20).filter(lambda s: not (s.replace(" ", "").isdigit() and len(s.replace(" ", "")) == 14)))
def test_anything_not_14_digits_is_refused_with_a_length_message(value):
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert error.value.code == "siret_length"


def test_real_sirets_and_la_poste():
    validate_siret("73282932000074")  # a real, published SIRET
    validate_siret("732 829 320 00074")  # spaces are tolerated
    validate_siret("35600000000048")  # La Poste: digit sum multiple of 5
    with pytest.raises(ValidationError, match="la clé de contrôle ne correspond pas"):
        validate_siret("73282932000075")


@pytest.mark.django_db
def test_organisation_create_checks_the_siret():
    with pytest.raises(ValidationError) as error:
        organisation_create(name="CCAS de Test", kind="ccas", siret="12345678901234")
    assert "siret" in error.value.message_dict
    assert not Organisation.objects.exists()
    org = organisation_create(name="CCAS de Test", kind="ccas", siret="73282932000074")
    assert org.pk
