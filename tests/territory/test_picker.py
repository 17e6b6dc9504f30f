"""The commune picker without JavaScript (server-side resolution) and its screens."""

import pytest
from django.urls import reverse
from dsfr.forms import DsfrBaseForm

from relais.territory.models import Commune
from relais.territory.widgets import CommuneField

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_territory")]


class AddressForm(DsfrBaseForm):
    commune = CommuneField(label="Votre commune")


class OptionalForm(DsfrBaseForm):
    commune = CommuneField(label="Commune", required=False)


def submit(form_class=AddressForm, **data):
    form = form_class(data=data)
    form.is_valid()
    return form, str(form)


def test_exact_name_or_postcode_gives_the_commune():
    for text in ["Lyon", "lyon", "Saint-Etienne", "st étienne", "42000", "Vénissieux (69200)"]:
        form, _ = submit(commune=text)
        assert form.is_valid(), (text, form.errors)
        assert isinstance(form.cleaned_data["commune"], Commune)
    form, html = submit(commune="st etienne")
    assert form.cleaned_data["commune"].code == "42218"
    # re-rendered with the commune's label and its code
    assert 'value="Saint-Étienne (42000)"' in html and 'name="commune_code" value="42218"' in html


def test_ambiguous_name_lists_the_communes_to_choose_from():
    form, html = submit(commune="Saint-Denis")
    assert not form.is_valid()
    assert "Plusieurs communes correspondent à « Saint-Denis »" in form.errors["commune"][0]
    assert html.count('name="commune_choice"') == 4
    assert 'value="93066"' in html and "Seine-Saint-Denis (93)" in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_commune-hint id_commune-desc-error"' in html
    assert 'id="id_commune-desc-error"' in html
    # the person picks one and submits again, without JavaScript
    form, _ = submit(commune="Saint-Denis", commune_choice="93066")
    assert form.is_valid() and form.cleaned_data["commune"].code == "93066"
    # a choice that was not offered for this text is ignored
    form, _ = submit(commune="Saint-Denis", commune_choice="69123")
    assert not form.is_valid()
    # ambiguous postcode
    form, html = submit(commune="69170")
    assert not form.is_valid() and html.count('name="commune_choice"') > 1


def test_too_many_matches_asks_for_more():
    form, html = submit(commune="saint")
    assert "Beaucoup de communes correspondent" in form.errors["commune"][0]
    assert html.count('name="commune_choice"') == 10


def test_unknown_name_gives_close_suggestions_to_pick():
    form, html = submit(commune="Lyom")
    assert not form.is_valid()
    message = form.errors["commune"][0]
    assert "Nous ne trouvons pas de commune « Lyom »" in message and "Lyon (69001)" in message
    assert "Vouliez-vous dire :" in html and 'name="commune_choice" value="69123"' in html
    form, _ = submit(commune="Lyom", commune_choice="69123")
    assert form.is_valid() and form.cleaned_data["commune"].name == "Lyon"
    form, _ = submit(commune="xqzwv")
    assert form.errors["commune"] == [
        "Nous ne trouvons pas de commune « xqzwv ». Vérifiez l'orthographe ou écrivez le code postal (5 chiffres)."
    ]


def test_code_from_the_script_is_used_while_the_text_still_names_it():
    form, _ = submit(commune="Saint-Denis (93200)", commune_code="93066")
    assert form.cleaned_data["commune"].code == "93066"
    form, _ = submit(commune="Saint-Denis", commune_code="93066")
    assert form.cleaned_data["commune"].code == "93066"
    # the person changed the text after choosing: the text wins
    form, html = submit(commune="Lyon", commune_code="93066")
    assert form.cleaned_data["commune"].code == "69123"
    form, html = submit(commune="Saint-Denis (11310)", commune_code="93066")
    assert form.cleaned_data["commune"].code == "11339"
    # a stale code is not sent back with an unresolved text
    form, html = submit(commune="Lyom", commune_code="69123")
    assert not form.is_valid() and 'name="commune_code" value=""' in html


def test_required_and_optional():
    form, _ = submit(commune="  ")
    assert form.errors["commune"] == ["Écrivez le nom de votre commune ou son code postal."]
    form, _ = submit(OptionalForm, commune="")
    assert form.is_valid() and form.cleaned_data["commune"] is None
    form = OptionalForm(data={})
    assert form.is_valid() and form.cleaned_data["commune"] is None


def test_initial_commune_and_code():
    lyon = Commune.objects.get(code="69123")
    html = str(AddressForm(initial={"commune": lyon}))
    assert 'value="Lyon (69001)"' in html and 'name="commune_code" value="69123"' in html
    html = str(AddressForm(initial={"commune": "42218"}))
    assert 'value="Saint-Étienne (42000)"' in html
    form = AddressForm(initial={"commune": lyon}, data={"commune": "Lyon (69001)", "commune_code": "69123"})
    assert form.is_valid() and not form.has_changed()


def test_widget_markup_is_progressive():
    html = str(AddressForm())
    assert 'hx-get="/communes/suggestions/?field=commune&amp;id=id_commune"' in html
    assert 'autocomplete="address-level2"' in html
    assert 'role="combobox"' not in html  # added by the script only: without it, a plain text input
    assert "<script src=" in html and "<script>" not in html and "style=" not in html


def test_lookup_page(client):
    url = reverse("territory:lookup")
    response = client.get(url)
    assert response.status_code == 200 and "Chercher une commune" in response.content.decode()
    html = client.get(url, {"commune": "st etienne"}).content.decode()
    assert "Loire (42)" in html and "42000, 42100, 42230" in html and "Code INSEE" in html and "42218" in html
    html = client.get(url, {"commune": "Saint-Denis"}).content.decode()
    assert "Choisissez votre commune" in html and "Code INSEE" not in html
    html = client.get(url, {"commune": "Saint-Denis", "commune_choice": "97411"}).content.decode()
    assert "La Réunion (974)" in html and "97411" in html


def test_suggestions_fragment(client):
    url = reverse("territory:suggest")
    html = client.get(url, {"field": "commune", "id": "id_commune", "commune": "venis"}).content.decode()
    assert 'role="listbox" id="id_commune-listbox"' in html
    assert (
        'id="id_commune-option-1"' in html and 'data-code="69259"' in html and 'data-label="Vénissieux (69200)"' in html
    )
    assert "communes proposées" in html
    html = client.get(url, {"field": "commune", "commune": "Lyom"}).content.decode()
    assert "Vouliez-vous dire" in html and 'data-code="69123"' in html
    html = client.get(url, {"field": "commune", "commune": "99999"}).content.decode()
    assert "Aucune commune trouvée" in html and "listbox" not in html
    html = client.get(url, {"field": "commune", "commune": "l"}).content.decode()
    assert html.strip() == ""
    html = client.get(url, {"field": "q", "q": "lyon", "id": '"><script>'}).content.decode()
    assert "<script>" not in html and 'id="id_commune-listbox"' in html


def test_query_counts(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        client.get(reverse("territory:suggest"), {"field": "q", "q": "saint"})
    with django_assert_max_num_queries(3):  # search, then close names and their communes
        client.get(reverse("territory:suggest"), {"field": "q", "q": "Lyom"})
    with django_assert_max_num_queries(3):
        client.get(reverse("territory:lookup"), {"commune": "Saint-Denis"})
