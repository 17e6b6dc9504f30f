"""The search lexicon (relais/directory/data/lexicon.toml): valid codes, one comment per entry,
the everyday words of issue #12, plurals and phrases."""

import re

import pytest

from relais.directory import taxonomy

ENTRY = re.compile(r"^\[\[entry\]\]$")


def test_every_code_is_a_known_category_or_theme():
    for key, meaning in taxonomy.LEXICON.items():
        for code in (*meaning.themes, *meaning.also, *meaning.exclude):
            assert taxonomy.is_known_theme(code), (key, code)
        assert meaning.themes, key


def test_every_entry_says_why():
    lines = taxonomy.LEXICON_PATH.read_text(encoding="utf-8").splitlines()
    entries = [i for i, line in enumerate(lines) if ENTRY.match(line)]
    assert len(entries) >= 30
    for i in entries:
        assert lines[i + 1].startswith("# "), f"line {i + 2}: an entry starts with a comment saying why"


def test_no_word_is_swallowed_by_the_small_words():
    raw = taxonomy.LEXICON_PATH.read_text(encoding="utf-8")
    for word in re.findall(r'"([^"]+)"', raw):
        if taxonomy.is_known_theme(word):
            continue  # a category or theme code
        assert taxonomy.lexicon_key(word), f"« {word} » is only small words"


@pytest.mark.parametrize(
    "typed,code",
    [
        ("manger", "equipement-et-alimentation--alimentation"),
        ("colis", "equipement-et-alimentation--alimentation"),
        ("douche", "hygiene--douches"),
        ("laverie", "hygiene--laverie"),
        ("laver mon linge", "hygiene--laverie"),
        ("papiers", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"),
        ("carte grise", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"),
        ("permis", "mobilite--preparer-un-permis"),
        ("internet", "numerique"),
        ("imprimer", "numerique--acceder-a-des-services-en-ligne"),
        ("impression", "numerique--acceder-a-des-services-en-ligne"),
        ("dormir", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"),
        ("115", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"),
        ("logement urgence", "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"),
        ("médecin", "sante--acces-aux-soins"),
        ("CAF", "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"),
        ("retraite", "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"),
        ("impôts", "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"),
    ],
)
def test_everyday_words(typed, code):
    meaning = taxonomy.meaning_of(taxonomy.lexicon_key(typed))
    assert meaning is not None and code in meaning.themes


def test_doctor_is_not_digital_help():
    assert "numerique" in taxonomy.meaning_of("medecin").exclude
    assert "numerique" not in taxonomy.meaning_of("medecin").themes


def test_plurals_and_small_words():
    assert taxonomy.lexicon_key("Laver mes linges") == "laver linge"
    assert taxonomy.meaning_of("vetements") == taxonomy.meaning_of("vetement")
    assert taxonomy.meaning_of("zorglub") is None
    assert taxonomy.lookup("habits") == ["equipement-et-alimentation--habillement"]


def test_entries_sharing_a_word_add_their_themes(tmp_path):
    path = tmp_path / "lexicon.toml"
    path.write_text(
        '[[entry]]\n# a\nwords = ["laver"]\nthemes = ["hygiene--douches"]\n'
        '[[entry]]\n# b\nwords = ["Laver"]\nthemes = ["hygiene--laverie"]\nnot = ["numerique"]\n',
        encoding="utf-8",
    )
    lexicon = taxonomy.load_lexicon(path)
    assert lexicon == {"laver": taxonomy.Meaning(("hygiene--douches", "hygiene--laverie"), ("numerique",))}
