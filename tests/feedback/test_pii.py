"""The personal-data detector: NIR with its key, IBAN with mod 97, French phones, emails (hypothesis)."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from relais.feedback import pii


def nir_with_key(body: str) -> str:
    number = int(body.replace("2A", "19").replace("2B", "18"))
    return f"{body}{97 - number % 97:02d}"


def iban_with_key(country: str, bban: str) -> str:
    moved = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in moved))
    return f"{country}{98 - number % 97:02d}{bban}"


nir_bodies = st.builds(
    lambda sex, year, month, dept, commune, order: f"{sex}{year:02d}{month:02d}{dept}{commune:03d}{order:03d}",
    st.sampled_from("1278"),
    st.integers(0, 99),
    st.integers(1, 12),
    st.sampled_from(["69", "75", "2A", "2B", "13", "97"]),
    st.integers(1, 999),
    st.integers(1, 999),
)
prose = st.text(alphabet=string.ascii_letters + " ,'éèà", max_size=40)


@given(nir_bodies, prose, prose)
@settings(max_examples=150)
def test_a_valid_nir_is_found_and_removed(body, before, after):
    nir = nir_with_key(body)
    text, kinds = pii.strip(f"{before} {nir} {after}")
    assert nir not in text and pii.REMOVED in text and "nir" in kinds


@given(nir_bodies)
def test_a_nir_with_a_wrong_key_is_not_a_nir(body):
    good = nir_with_key(body)
    wrong = good[:-2] + f"{(int(good[-2:]) % 97) + 1:02d}"
    assert "nir" not in [f.kind for f in pii.find(f"dossier {wrong}")]


@given(nir_bodies)
def test_a_nir_written_with_spaces_is_found(body):
    nir = nir_with_key(body)
    spaced = f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    assert pii.strip(f"mon numéro {spaced} merci")[1] == ["nir"]


@given(
    st.sampled_from(["FR", "DE", "ES", "BE"]), st.text(alphabet=string.digits + "ABCDEFGHJ", min_size=14, max_size=23)
)
@settings(max_examples=150)
def test_a_valid_iban_is_found(country, bban):
    iban = iban_with_key(country, bban)
    assert pii.iban_ok(iban)
    text, kinds = pii.strip(f"virement sur {iban} svp")
    assert iban not in text and kinds == ["iban"]


def test_an_iban_with_a_wrong_key_is_kept():
    assert pii.iban_ok("FR7630006000011234567890189")
    assert not pii.iban_ok("FR7630006000011234567890188")
    text = "code FR7630006000011234567890188"
    assert pii.strip(text)[1] != ["iban"]


@given(
    st.sampled_from(["0", "+33 ", "0033 "]),
    st.integers(1, 9),
    st.lists(st.integers(0, 99), min_size=4, max_size=4),
    st.sampled_from([" ", ".", "", "-"]),
)
def test_french_phones_are_found(prefix, first, pairs, sep):
    phone = prefix + str(first) + "".join(f"{sep}{p:02d}" for p in pairs)
    text, kinds = pii.strip(f"appelez le {phone} le matin")
    assert kinds == ["phone"] and text == f"appelez le {pii.REMOVED} le matin"


@given(st.from_regex(r"[a-z]{1,10}(\.[a-z]{1,5})?@[a-z]{2,10}\.(fr|com|org)", fullmatch=True))
def test_emails_are_found(email):
    assert pii.strip(f"écrivez à {email}.")[0] == f"écrivez à {pii.REMOVED}."


@given(prose)
def test_plain_prose_is_left_alone(text):
    assert pii.strip(text) == (text, [])


def test_ordinary_numbers_are_not_personal():
    text = "J'ai attendu 45 minutes, 3 fois, le formulaire 2024 refuse les scans de 2 Mo."
    assert pii.strip(text) == (text, [])
