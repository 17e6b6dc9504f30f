import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import strategies as st

from relais.accounts.services import phone_normalise
from relais.core.phone import _OVERSEAS as OVERSEAS
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("04-72-00-00-01", "+33472000001"),
        ("+32 470 12 34 56", "+32470123456"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised_to_e164(raw, expected):
    assert phone_normalise(raw) == expected


@pytest.mark.parametrize("raw", ["06 12 34 56", "+33 6 12 34 56 78 9", "bonjour", "00 00", "+0612345678", "123"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        phone_normalise(raw)


@given(st.from_regex(r"0[1-9]( ?[0-9]{2}){4}", fullmatch=True))
def test_any_french_number_becomes_e164(raw):
    assume(raw.replace(" ", "")[1:4] not in OVERSEAS)  # overseas numbers keep their own code (below)
    result = phone_normalise(raw)
    assert result.startswith("+33") and len(result) == 12 and result[3:] == raw.replace(" ", "")[1:]


@pytest.mark.parametrize("raw, expected", [("0692 12 34 56", "+262692123456"), ("0590 12 34 56", "+590590123456")])
def test_an_overseas_number_keeps_its_own_country_code(raw, expected):
    assert phone_normalise(raw) == expected


def _profile_data(**overrides):
    data = {
        "first_name": "Awa",
        "last_name": "Diallo",
        "phone": "06 12 34 56 78",
        "language": "fr",
        "preferred_channel": "sms",
    }
    data.update(overrides)
    return data


def test_profile_update_changes_user_and_person(client):
    person = PersonFactory()
    client.force_login(person.user)
    response = client.post(reverse("accounts:profile"), _profile_data(language="en"))
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert (person.user.first_name, person.user.phone, person.user.language, person.user.preferred_channel) == (
        "Awa",
        "+33612345678",
        "en",
        "sms",
    )
    assert (person.first_name, person.last_name, person.phone, person.language, person.preferred_channel) == (
        "Awa",
        "Diallo",
        "+33612345678",
        "en",
        "sms",
    )


def test_profile_errors_are_plain_french_and_nothing_is_saved(client):
    person = PersonFactory(user__phone="+33600000000")
    client.force_login(person.user)
    response = client.post(reverse("accounts:profile"), _profile_data(phone="06 12"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Un numéro français a 10 chiffres" in html
    assert 'value="Awa"' in html  # what was typed is kept
    person.user.refresh_from_db()
    assert person.user.phone == "+33600000000" and person.user.first_name == "Alex"


def test_sms_channel_needs_a_phone(client):
    person = PersonFactory()
    client.force_login(person.user)
    response = client.post(reverse("accounts:profile"), _profile_data(phone=""))
    assert "Pour être prévenu par SMS, indiquez votre numéro" in response.content.decode()
    response = client.post(reverse("accounts:profile"), _profile_data(phone="", preferred_channel="organisation"))
    assert response.status_code == 302


def test_unknown_language_is_refused(client):
    person = PersonFactory()
    client.force_login(person.user)
    response = client.post(reverse("accounts:profile"), _profile_data(language="de"))
    assert response.status_code == 200
    person.user.refresh_from_db()
    assert person.user.language == "fr"
