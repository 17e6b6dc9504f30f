import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relais.territory.models import Commune
from relais.territory.selectors import (
    commune_by_code,
    commune_resolve,
    commune_search,
    commune_suggestions,
    similarity,
    split_postcode,
)
from relais.territory.text import normalize, strip_accents

ACCENTS = {"e": "éèêë", "a": "àâä", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç"}
letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -'", max_size=40)


@given(st.text(max_size=60))
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(letters, st.data())
def test_normalize_ignores_accents_and_case(text, data):
    accented = "".join(data.draw(st.sampled_from(ACCENTS[ch] + ch)) if ch in ACCENTS else ch for ch in text)
    assert normalize(accented) == normalize(text)
    assert normalize(accented.upper()) == normalize(text)


@given(st.text(max_size=60))
def test_normalized_text_is_plain_lowercase_words(text):
    result = normalize(text)
    assert result == result.strip() and "  " not in result
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in result)
    assert result == result.lower()
    assert not any(unicodedata.combining(ch) for ch in strip_accents(text))


def test_saint_and_st_alike():
    assert normalize("Saint-Étienne") == normalize("St Etienne") == normalize("ST-ETIENNE") == "st etienne"
    assert normalize("Sainte-Foy-lès-Lyon") == normalize("Ste Foy les Lyon")
    assert normalize("Saintes") == "saintes"  # a word starting with "saint" is not Saint
    assert normalize("L'Haÿ-les-Roses") == "l hay les roses"
    assert normalize("Œuilly") == "oeuilly"


def test_split_postcode():
    assert split_postcode("Vénissieux (69200)") == ("venissieux", "69200")
    assert split_postcode("69200 Vénissieux") == ("venissieux", "69200")
    assert split_postcode("Lyon") == ("lyon", "")


def test_similarity():
    assert similarity("lyon", "lyon") == 1.0
    assert similarity("marseile", "marseille") > similarity("marseile", "marsanne") > 0
    assert similarity("", "lyon") == 0.0


# --- Against the real reference (34,945 communes) -----------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("real_territory")
@pytest.mark.parametrize(
    "text", ["St Etienne", "saint-étienne", "SAINT ETIENNE", "st-etienne", "42000", "Saint-Étienne (42100)"]
)
def test_saint_etienne_found_however_written(text):
    assert commune_search(text)[0].code == "42218"
    resolution = commune_resolve(text)
    assert resolution.status == "found" and resolution.commune.code == "42218"
    assert Commune.objects.search(text).first().code == "42218"


@pytest.mark.django_db
@pytest.mark.usefixtures("real_territory")
def test_ranking():
    found = commune_search("lyon", limit=10)
    assert found[0].name == "Lyon"
    assert {c.name for c in found[1:]} >= {"Lyons-la-Forêt", "Sainte-Foy-lès-Lyon"}
    # names starting with the text come before names with it inside
    assert [c.search_name.startswith("lyon") for c in found] == sorted(
        (c.search_name.startswith("lyon") for c in found), reverse=True
    )
    assert commune_search("marseille")[0].code == "13055"
    assert commune_search("paris")[0].code == "75056"
    # then a word starting with the text (Saint-Denis), before letters inside a word
    ranks = [
        0 if c.search_name.startswith("denis") else 1 if " denis" in c.search_name else 2
        for c in commune_search("denis", limit=50)
    ]
    assert ranks == sorted(ranks) and 1 in ranks
    assert Commune.objects.search("lyon").first().name == "Lyon"


@pytest.mark.django_db
@pytest.mark.usefixtures("real_territory")
def test_postcodes_and_codes():
    # 69200 is Vénissieux's postcode and Saint-Forgeux's INSEE code: postcodes first
    assert [c.name for c in commune_search("69200")] == ["Vénissieux", "Saint-Forgeux"]
    assert commune_resolve("69200").commune.name == "Vénissieux"
    assert "Vénissieux" in [c.name for c in commune_search("6920", limit=50)]
    assert all(any(p.startswith("6920") for p in c.postcode_list) for c in commune_search("6920", limit=50))
    assert commune_search("75015")[0].code == "75056"
    assert commune_search("2A004")[0].name == "Ajaccio"
    assert commune_by_code("2a004").name == "Ajaccio"
    assert commune_by_code("00000") is None
    # postcode 13001 is Marseille; INSEE code 13001 is Aix-en-Provence: the postcode wins when resolving
    assert commune_resolve("13001").commune.code == "13055"
    assert commune_resolve("69123").commune.code == "69123"  # no postcode 69123: the INSEE code
    assert commune_search("") == [] and commune_search("   ") == []


@pytest.mark.django_db
@pytest.mark.usefixtures("real_territory")
def test_resolve_ambiguous_and_unknown():
    saint_denis = commune_resolve("Saint-Denis")
    assert saint_denis.status == "ambiguous"
    assert {c.code for c in saint_denis.candidates} >= {"93066", "97411"}
    assert all(c.name == "Saint-Denis" for c in saint_denis.candidates)
    assert commune_resolve("Saint-Denis 93200").commune.code == "93066"
    many = commune_resolve("saint")
    assert many.status == "ambiguous" and many.more and len(many.candidates) == 10
    several = commune_resolve("69170")
    assert several.status == "ambiguous" and all("69170" in c.postcode_list for c in several.candidates)
    assert commune_resolve("Venissieu").commune.code == "69259"  # one commune starts so
    unknown = commune_resolve("Marseile")
    assert unknown.status == "unknown" and unknown.suggestions[0].code == "13055"
    assert commune_resolve("Mrseille").suggestions[0].code == "13055"  # mistake in the first letters
    assert commune_resolve("xqzwv").suggestions == []
    assert commune_resolve("").status == "empty"


@pytest.mark.django_db
@pytest.mark.usefixtures("real_territory")
def test_suggestions_for_typos():
    assert commune_suggestions("Lyom")[0].name == "Lyon"
    assert commune_suggestions("St Etiene")[0].code == "42218"
    assert "Vénissieux" in [c.name for c in commune_suggestions("Venisieux")]
    assert commune_suggestions("a") == []
