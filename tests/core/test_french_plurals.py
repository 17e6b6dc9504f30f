"""Issue 20, item 4: « 0 résultat » (French: 0 and 1 are singular), through ngettext and {% plural %}.

Without a French catalogue gettext falls back to the English rule and writes « 0 résultats »:
locale/fr holds the French forms of every plural message (locale/french_plurals.py writes it)."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation
from django.utils.translation import ngettext

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize(("n", "text"), [(0, "0 résultat"), (1, "1 résultat"), (2, "2 résultats")])
def test_zero_and_one_are_singular_in_french(n, text):
    template = engines["django"].from_string(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} résultat{% plural %}"
        "{{ counter }} résultats{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render({"n": n}) == text
        assert ngettext("%(n)s fichier", "%(n)s fichiers", n) % {"n": n} == text.replace("résultat", "fichier")
    with translation.override("en"):
        assert ngettext("%(n)s fichier", "%(n)s fichiers", 0) % {"n": 0} == "0 files"


def test_every_plural_message_has_its_french_forms():
    def plurals(path):
        """The msgid of every plural entry, its wrapped lines joined (catalogues may wrap them or not)."""
        text = path.read_text(encoding="utf-8")
        blocks = re.findall(r'^msgid ((?:".*"\n)+)msgid_plural', text, re.M)
        return {"".join(re.findall(r'"(.*)"', block)) for block in blocks}

    english = plurals(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    french = plurals(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    assert english and english <= french, f"run `python locale/french_plurals.py`: missing {english - french}"
    assert (LOCALE / "fr" / "LC_MESSAGES" / "django.mo").exists()
