"""Identifiers (NIR with its key, CAF number, tax number) and the business-hours clock."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from relais.escalations.calendar import PARIS, add_months, business_hours_between, is_working_day, working_days_between
from relais.escalations.identifiers import clean_caf_number, clean_nir, clean_tax_number, masked, nir_key


@given(
    st.integers(min_value=1, max_value=2),
    st.integers(0, 99),
    st.integers(1, 12),
    st.integers(1, 95),
    st.integers(1, 999),
    st.integers(1, 999),
)
def test_a_nir_with_its_key_is_accepted_and_a_wrong_key_refused(sex, year, month, dep, commune, order):
    body = f"{sex}{year:02d}{month:02d}{dep:02d}{commune:03d}{order:03d}"
    key = nir_key(body)
    assert clean_nir(f"{body[:1]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:]} {key:02d}") == (
        f"{body}{key:02d}"
    )
    with pytest.raises(ValidationError):
        clean_nir(f"{body}{(key % 97) + 1:02d}")


def test_a_corsican_nir_counts_2a_as_19():
    body = "184052A123456"
    key = 97 - int("1840519123456") % 97
    assert clean_nir(f"{body}{key:02d}") == f"{body}{key:02d}"


@pytest.mark.parametrize("value", ["", "12345", "1 84 12", "ABCDEFGHIJKLMNO", "9841276451089 11"])
def test_malformed_nirs_are_refused_with_a_sentence(value):
    with pytest.raises(ValidationError) as error:
        clean_nir(value)
    assert "sécurité sociale" in str(error.value)


def test_caf_and_tax_numbers():
    assert clean_caf_number("123 45 67") == "1234567"
    assert clean_tax_number("1234 5678 90123") == "1234567890123"
    for bad in ("123456", "12345678"):
        with pytest.raises(ValidationError):
            clean_caf_number(bad)
    with pytest.raises(ValidationError):
        clean_tax_number("9234567890123")
    assert masked("1234567") == "•••••67"


def _paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def test_business_hours_skip_nights_weekends_and_holidays():
    assert business_hours_between(_paris(2026, 3, 2, 10), _paris(2026, 3, 2, 12)) == 2  # Monday
    assert business_hours_between(_paris(2026, 3, 6, 16), _paris(2026, 3, 9, 10)) == 2  # Friday 16h → Monday 10h
    assert business_hours_between(_paris(2026, 12, 24, 16), _paris(2026, 12, 28, 9)) == 1  # Christmas skipped
    assert business_hours_between(_paris(2026, 3, 2, 12), _paris(2026, 3, 2, 10)) == 0


def test_working_days_and_easter_monday():
    assert not is_working_day(dt.date(2026, 4, 6))  # Easter Monday 2026
    assert not is_working_day(dt.date(2026, 7, 14))
    assert working_days_between(_paris(2026, 3, 6, 12), _paris(2026, 3, 13, 12)) == 5  # Friday → next Friday


def test_two_months_later():
    assert add_months(dt.date(2026, 3, 15), 2) == dt.date(2026, 5, 15)
    assert add_months(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)
