"""Display (issue #12): plain category labels first and the official term second wherever people read
categories (search results and filters, the place page, the edit forms); phones « 04 72 00 00 21 » with
a `tel:` link; the DSFR icons' rules are loaded and their files served."""

import re
from html import unescape

import pytest
from data_inclusion.schema import v1
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from relais.directory import plain_labels, taxonomy
from relais.organisations.models import MemberRole
from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux
from tests.factories import MembershipFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db
DOUCHES = "Se laver, prendre une douche (Hygiène — douches)"
SENIORS = "Personnes âgées (Séniors)"


def _text(response) -> str:
    return unescape(response.content.decode())


def test_plain_label_first_then_the_official_term():
    assert taxonomy.display_label("hygiene--douches") == DOUCHES
    assert taxonomy.display_label("sante--acces-aux-soins") == "Voir un médecin, se soigner (Santé — accès aux soins)"
    assert taxonomy.display_label("sante") == "Se soigner (Santé)"
    # an official label that is already plain is said once
    assert taxonomy.display_label("logement-hebergement--acheter-un-logement") == "Acheter un logement"
    assert taxonomy.public_label("seniors") == SENIORS and taxonomy.public_label("femmes") == "Femmes"
    assert taxonomy.type_label("aide-financiere") == "Aide en argent (Aide financière)"


def test_every_plain_label_is_for_a_known_code_and_different_from_the_official_one():
    assert set(plain_labels.THEMES) <= set(taxonomy.ALL_THEMES)
    assert set(plain_labels.CATEGORIES) <= set(taxonomy.ALL_CATEGORIES)
    assert set(plain_labels.PUBLICS) <= {p.value for p in v1.Public}
    assert set(plain_labels.TYPES) <= {t.value for t in v1.TypeService}
    assert set(taxonomy.ALL_CATEGORIES) == set(plain_labels.CATEGORIES)  # every category has its plain words
    for code, plain in plain_labels.THEMES.items():
        assert taxonomy.display_label(code) == f"{plain} ({taxonomy.official_label(code)})"
    # no acronym left unexplained in what people read first
    texts = [*plain_labels.THEMES.values(), *plain_labels.PUBLICS.values(), *plain_labels.CATEGORIES.values()]
    for plain in [*texts, *plain_labels.TYPES.values()]:
        assert not re.search(r"\b(?!CV\b)[A-Z]{2,}\b", str(plain)), plain
        assert "(" not in str(plain), plain  # the official term comes in parentheses: no others before it


def test_search_results_and_filters_show_plain_labels_first_and_phones_for_people(client):
    venissieux()
    ServiceFactory(name="Douches du centre", thematiques=["hygiene--douches"], place__phone="+33472000021")
    html = _text(client.get(reverse("directory:search"), {"ou": "Vénissieux", "q": "douche"}))
    assert DOUCHES in html
    assert '<a href="tel:+33472000021">Appeler 04 72 00 00 21</a>' in html
    assert ">Manger (Équipement et alimentation — alimentation)</option>" in html  # the « Vous cherchez » filter
    assert ">Se soigner (Santé)</option>" in html
    assert f">{SENIORS}</option>" in html  # the « Pour qui » filter


def test_place_page_shows_plain_labels_publics_type_and_the_phone(client):
    place = PlaceFactory(phone="+33472000021")
    ServiceFactory(place=place, thematiques=["hygiene--douches"], publics=["seniors"], type="aide-materielle")
    html = _text(client.get(reverse("directory:place", args=[place.pk])))
    assert DOUCHES in html and f"Pour qui : {SENIORS}" in html
    assert "Type d'aide : Aide en nature : repas, vêtements, objets (Aide matérielle)" in html
    assert re.search(r'href="tel:\+33472000021">\s*Appeler 04 72 00 00 21', html)
    assert "+33472000021</" not in html  # the E.164 form is for the link only


def test_edit_form_choices_are_plain_labels_first(client):
    place = PlaceFactory()
    service = ServiceFactory(place=place, thematiques=["hygiene--douches"])
    editor = MembershipFactory(organisation=place.organisation, role=MemberRole.MANAGER).user
    add_totp(editor)
    verified_login(client, editor)
    html = _text(client.get(reverse("directory:service_edit", args=[place.pk, service.pk])))
    assert f">{DOUCHES}</option>" in html
    assert '<optgroup label="Se laver, toilettes, laver son linge (Hygiène)">' in html
    assert SENIORS in html and "Aide en argent (Aide financière)" in html


def test_icon_rules_are_linked_and_their_files_are_served(client):
    html = client.get(reverse("directory:search")).content.decode()
    assert f'<link rel="stylesheet" href="{static("css/icons.css")}">' in html
    sheet = finders.find("css/icons.css")
    assert sheet, "static/css/icons.css must be found by the static files finders (collectstatic serves it)"
    css = open(sheet, encoding="utf-8").read()
    urls = set(re.findall(r"url\(\.\./([^)]+)\)", css))
    assert "dsfr/dist/icons/device/phone-line.svg" in urls
    for url in sorted(urls):
        assert finders.find(url), f"{url} (used by icons.css) is not among the static files"


def test_a_refused_stale_save_shows_the_categories_saved_meanwhile_in_plain_words():
    from tests.directory.test_lost_update import _editor, _form_data

    service = ServiceFactory(thematiques=["hygiene--douches"])
    place = service.place
    first, second = _editor(place.organisation), _editor(place.organisation)
    url = reverse("directory:service_edit", args=[place.pk, service.pk])
    first_data, second_data = _form_data(first, url), _form_data(second, url)
    first_data["thematiques"] = ["hygiene--douches", "hygiene--laverie"]
    assert first.post(url, first_data).status_code == 302
    second_data["description"] = "Douches le matin seulement."
    html = _text(second.post(url, second_data))
    assert f"{DOUCHES}, Laver et sécher son linge (Hygiène — laver son linge)" in html
    assert "hygiene--laverie</" not in html
