"""Issue 20, item 9: the demo content says true things in correct French."""

from relais.accounts import demo as accounts_demo
from relais.directory import demo as directory_demo
from relais.procedures import demo as procedures_demo


def test_showers_come_with_soap():
    texts = [s[2] for place in directory_demo.PLACES for s in place.get("services", [])]
    assert any("savon fournis" in text for text in texts)
    assert not any("savoir fourni" in text for text in texts)


def test_the_complementaire_sante_solidaire_is_handled_by_the_assurance_maladie():
    organisations = {key: name for key, name, *_ in accounts_demo.ORGANISATIONS}
    [css] = [p for p in procedures_demo.PROCEDURES if p[0] == "css"]
    assert "assurance maladie" in organisations[css[1]].lower()
    assert "CAF" not in css[5] and "Assurance maladie" in css[5]
