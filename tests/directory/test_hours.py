import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relais.directory import hours
from relais.directory.hours import PARIS


def at(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def test_open_now_and_next_change():
    status = hours.status_of("Mo-Fr 09:00-12:00,14:00-17:00; PH off", at=at(2026, 4, 7, 10, 0))
    assert status.open is True and status.until == at(2026, 4, 7, 12, 0)
    status = hours.status_of("Mo-Fr 09:00-12:00,14:00-17:00; PH off", at=at(2026, 4, 7, 12, 30))
    assert status.open is False and status.until == at(2026, 4, 7, 14, 0)


@pytest.mark.parametrize(
    "holiday", [dt.date(2026, 4, 6), dt.date(2026, 5, 14), dt.date(2026, 5, 25), dt.date(2026, 7, 14)]
)
def test_french_public_holidays_closed(holiday):
    """Easter Monday, Ascension, Whit Monday, 14 July 2026."""
    assert (
        hours.status_of("Mo-Fr 09:00-17:00; PH off", at=dt.datetime.combine(holiday, dt.time(10), tzinfo=PARIS)).open
        is False
    )


def test_invalid_hours_refused_with_position():
    with pytest.raises(hours.InvalidHours) as exc:
        hours.check("Mo-Fr 09:00-25:99 foo")
    assert exc.value.position == 16
    assert "caractère 16" in exc.value.message


def test_week_in_plain_french():
    week = hours.week("Mo-Fr 09:00-12:00,14:00-17:30; Sa 09:00-12:00; PH off", start=dt.date(2026, 4, 6))
    assert week[0]["day"] == "Lundi" and week[0]["closed"]  # Easter Monday
    assert week[1]["spans"] == ["9 h – 12 h", "14 h – 17 h 30"]
    assert week[5]["spans"] == ["9 h – 12 h"] and week[6]["closed"]


def test_france_services_columns_to_osm():
    osm = hours.day_spans_to_osm(["09:00 - 12:00 / 13:30 - 17:00"] * 4 + ["09:00-12:00", "", ""][:2])
    # no « PH off »: the France Services list never says what happens on public holidays
    assert osm == "Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00"
    assert hours.is_valid(osm)
    assert hours.day_spans_to_osm(["00:00 - 00:00 / 08:30 - 16:00", "-", "", "", "", ""]) == "Mo 08:30-16:00"
    assert hours.day_spans_to_osm(["9h00-12h00 et 14h00-17h00"] + [""] * 5) == "Mo 09:00-12:00,14:00-17:00"
    for unreadable in ("07:30:12:30", "09:00-13:00-/3:00-16:00", "09:00-12:00 sur rendez-vous 14:00"):
        with pytest.raises(ValueError):
            hours.day_spans_to_osm([unreadable, "", "", "", "", ""])


def test_hours_that_say_nothing_of_public_holidays_do_not_claim_open_on_christmas():
    christmas = at(2026, 12, 25, 10)  # a Friday
    status = hours.status_of("Mo-Fr 09:00-17:00", at=christmas)
    assert status.open is None and "Jour férié" in status.message
    assert hours.status_of("Mo-Fr 09:00-17:00; PH off", at=christmas).open is False
    assert hours.status_of("Mo-Fr 09:00-17:00", at=at(2026, 12, 24, 10)).open is True


def test_temporary_closure_and_hours(db):
    from tests.directory.factories import PlaceFactory

    place = PlaceFactory(
        hours="Mo-Su 09:00-17:00",
        closed_from=dt.date(2026, 4, 1),
        closed_until=dt.date(2026, 4, 10),
        closure_message="Travaux",
    )
    status = hours.place_status(place, at=at(2026, 4, 7, 10))
    assert status.open is False and status.message == "Travaux"
    place.closed_from = place.closed_until = None
    place.temp_hours, place.temp_hours_from, place.temp_hours_until = (
        "Mo-Su 14:00-15:00",
        dt.date(2026, 4, 1),
        dt.date(2026, 4, 30),
    )
    assert hours.place_status(place, at=at(2026, 4, 7, 10)).open is False
    assert hours.place_status(place, at=at(2026, 4, 7, 14, 30)).open is True


day = st.sampled_from(["", "-", "09:00 - 12:00", "08:30 - 12:00 / 13:30 - 17:00", "14:00-18:00", "00:00 - 00:00"])


@given(st.lists(day, min_size=6, max_size=6))
@settings(max_examples=60, deadline=None)
def test_converted_france_services_hours_always_valid(days):
    osm = hours.day_spans_to_osm(days)
    assert osm == "" or hours.is_valid(osm)


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x17F), max_size=60))
@settings(max_examples=200, deadline=None)
def test_fast_normalize_matches_territory_normalize_on_latin_text(text):
    from relais.directory.models import fast_normalize
    from relais.territory.text import normalize

    assert fast_normalize(text) == normalize(text)
