"""Issue 20: one way to write phones, sizes and dates for people (relais.core.formats and its filters)."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import translation

from relais.core import formats


@pytest.mark.parametrize(
    ("raw", "shown", "tel"),
    [
        ("+33472000021", "04 72 00 00 21", "+33472000021"),
        ("04 72 00 00 01", "04 72 00 00 01", "+33472000001"),
        ("06.12.34.56.78", "06 12 34 56 78", "+33612345678"),
        ("32 30", "32 30", "3230"),
        ("3230", "32 30", "3230"),
        ("115", "115", "115"),
        ("+262262123456", "02 62 12 34 56", "+262262123456"),  # La Réunion
        ("0696 12 34 56", "06 96 12 34 56", "+596696123456"),  # Martinique, written nationally
        ("+687 12 34 56", "+687 12 34 56", "+687123456"),  # Nouvelle-Calédonie: its own plan, kept
        ("+32 2 555 12 12", "+32 2 555 12 12", "+3225551212"),
        ("", "", ""),
    ],
)
def test_phones_are_shown_as_people_write_them_and_dialled_without_spaces(raw, shown, tel):
    assert formats.phone_display(raw) == shown
    assert formats.phone_tel(raw) == tel
    assert " " not in formats.phone_tel(raw)


@pytest.mark.parametrize(
    ("size", "text"),
    [(1, "1 octet"), (900, "900 octets"), (215_347, "210 Ko"), (5 * 1024 * 1024, "5 Mo"), (6_400_000, "6,1 Mo")],
)
def test_sizes_say_ko_and_mo(size, text):
    with translation.override("fr"):
        assert formats.size_display(size) == text


def test_a_file_is_reduced_only_when_the_person_would_see_it():
    assert formats.size_reduced(6_400_000, 900_000)
    assert not formats.size_reduced(215_347, 215_347)
    assert not formats.size_reduced(215_347, 215_300)  # « 210 Ko » both: nothing to tell
    assert not formats.size_reduced(0, 215_347)
    assert not formats.size_reduced(100_000, 200_000)


def test_the_first_of_the_month_is_1er_everywhere():
    template = engines["django"].from_string("{{ d|date_words }} · {{ d|day_words }} · {{ t|date_time_words }}")
    with translation.override("fr"):
        assert formats.date_words(dt.date(2026, 10, 1)) == "1er octobre 2026"
        assert formats.date_words(dt.date(2026, 10, 2)) == "2 octobre 2026"
        html = template.render({"d": dt.date(2026, 10, 1), "t": dt.datetime(2026, 10, 1, 14, 5)})
        assert html == "1er octobre 2026 · 1er octobre · 1er octobre 2026 à 14 h 05"
    with translation.override("en"):
        assert not formats.date_words(dt.date(2026, 10, 1)).startswith("1er")


def test_phone_filters_in_templates():
    html = engines["django"].from_string('<a href="tel:{{ p|tel }}">{{ p|phone }}</a>').render({"p": "+33472000021"})
    assert html == '<a href="tel:+33472000021">04 72 00 00 21</a>'
