"""The search page's Python-written HTML (relais/www/directory/rendering.py) is byte for byte the
markup the templates produced: the results list item and the DSFR form field groups."""

import datetime as dt

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from relais.directory import hours, selectors
from relais.www.directory.forms import SearchForm
from relais.www.directory.rendering import field_group_html, results_html
from relais.www.directory.views import SEARCH_FIELD_GROUPS
from tests.directory.factories import PlaceFactory, ServiceFactory, venissieux

pytestmark = pytest.mark.django_db

# The results loop as it was written in templates/directory/search.html.
REFERENCE = """{% load i18n %}<ol class="relais-results">
    {% for hit in page.hits %}{% with s=hit.service p=hit.service.place %}
    <li class="relais-result"{% if p.latitude and not hit.remote %} data-lat="{{ p.latitude|stringformat:'f' }}" data-lon="{{ p.longitude|stringformat:'f' }}" data-name="{{ p.name }}"{% endif %}>
      <h3 class="fr-h6 fr-mb-1v"><a href="{% url 'directory:place' p.pk %}#service-{{ s.pk }}">{{ s.name }}</a></h3>
      <p class="fr-mb-1v"><strong>{{ p.name }}</strong>{% if p.full_address %} — {{ p.full_address }}{% endif %}</p>
      <p class="fr-mb-1v relais-result__facts">
        {% if hit.remote %}<span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">{% translate "À distance" %}</span>
        {% else %}<span class="fr-badge fr-badge--sm fr-badge--no-icon">{% blocktranslate with km=hit.distance_km|floatformat:1 %}à {{ km }} km{% endblocktranslate %}</span>{% endif %}
        {% if hit.status.open %}<span class="fr-badge fr-badge--sm fr-badge--success">{{ hit.status.label }}</span>
        {% elif hit.status.open is None %}<span class="fr-badge fr-badge--sm fr-badge--no-icon">{{ hit.status.label }}</span>
        {% else %}<span class="fr-badge fr-badge--sm fr-badge--warning">{{ hit.status.label }}</span>{% endif %}
        {% if s.frais == "gratuit" %}<span class="fr-badge fr-badge--sm fr-badge--no-icon">{% translate "Gratuit" %}</span>{% endif %}
        {% if p.is_full %}<span class="fr-badge fr-badge--sm fr-badge--error">{% translate "Complet en ce moment" %}</span>{% endif %}
      </p>
      {% if hit.status.message %}<p class="fr-text--sm fr-mb-1v">{{ hit.status.message }}</p>{% endif %}
      <p class="fr-text--sm fr-mb-0">{{ s.theme_labels|slice:":3"|join:" · " }}</p>
      {% if p.phone %}<p class="fr-text--sm fr-mb-0"><a href="tel:{{ p.phone|tel }}">{% translate "Appeler" %} {{ p.phone|phone }}</a></p>{% endif %}
      <p class="fr-text--xs fr-mb-0">{% blocktranslate count days=p.age_days %}Vérifié il y a {{ days }} jour{% plural %}Vérifié il y a {{ days }} jours{% endblocktranslate %}</p>
    </li>
    {% endwith %}{% endfor %}
  </ol>"""


def _reference(page) -> str:
    return engines["django"].from_string(REFERENCE).render({"page": page})


def _ours(page) -> str:
    return (
        engines["django"]
        .from_string('<ol class="relais-results">\n    {{ results_html }}\n  </ol>')
        .render({"results_html": results_html(page.hits)})
    )


def test_results_are_the_template_markup_in_every_case():
    commune = venissieux()
    today = timezone.localdate()
    ServiceFactory(
        name='Douches <b>& "bains"',
        place=PlaceFactory(name="L'Abri <script>", is_full=True, phone=""),
        thematiques=["hygiene--douches", "hygiene--toilettes", "hygiene--laverie", "sante"],
    )
    ServiceFactory(
        name="Repas",
        frais="payant",
        place=PlaceFactory(
            address="",
            address_extra="",
            postcode="",
            commune_name="",
            hours="Mo-Su 10:00-11:00",
            closed_from=today - dt.timedelta(days=1),
            closure_message="Travaux < 1 semaine",
        ),
    )
    ServiceFactory(
        name="Ligne téléphonique",
        modes_accueil=["a-distance"],
        zone_eligibilite=["69"],
        place=PlaceFactory(hours="", checked_at=timezone.now() - dt.timedelta(days=1)),
    )
    ServiceFactory(
        name="Temporaire",
        hours="Mo-Fr 09:00-10:00",
        place=PlaceFactory(temp_hours="Mo-Su 00:00-24:00", temp_hours_from=today, temp_hours_message="Horaires d'été"),
    )
    ServiceFactory(name="Ailleurs", place=PlaceFactory(latitude=45.75, longitude=4.85, hours="Mo 03:00-03:01"))
    query = selectors.Query(
        latitude=commune.latitude,
        longitude=commune.longitude,
        radius_km=20,
        commune_code="69259",
        departement_code="69",
    )
    for load_fields in (None, selectors.RESULT_FIELDS):
        page = selectors.search_services(query, load_fields=load_fields)
        assert len(page.hits) == 5
        assert {hit.remote for hit in page.hits} == {True, False}
        assert {hit.status.open for hit in page.hits} >= {True, False, None}
        html = _ours(page)
        assert html == _reference(page)
        for needle in (
            "Complet en ce moment",
            "Travaux &lt; 1 semaine",
            "Horaires d&#x27;été",
            "À distance",
            "Douches &lt;b&gt;&amp; &quot;bains&quot;",
            "L&#x27;Abri &lt;script&gt;",
            "Vérifié il y a 1 jour<",
        ):
            assert needle in html


def test_results_show_hours_status_labels():
    venissieux()
    ServiceFactory(name="Toujours", place=PlaceFactory(hours="Mo-Su 00:00-24:00"))
    query = selectors.Query(latitude=45.7012, longitude=4.8805, radius_km=5)
    page = selectors.search_services(query, load_fields=selectors.RESULT_FIELDS)
    assert page.hits[0].status.open is True
    assert hours.Status(True).label in _ours(page)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"ou": "Vénissieux"},
        {
            "ou": "Vénissieux",
            "q": "douche <&>",
            "rayon": "20",
            "ouvert": "on",
            "gratuit": "on",
            "fauteuil": "on",
            "langue": "en",
            "public": "familles",
            "accueil": "a-distance",
            "quoi": "hygiene",
        },
        {"ou": "Vénissieux", "rayon": "999", "langue": "xx", "q": "x" * 101},  # errors: the DSFR templates
    ],
)
def test_field_groups_are_the_dsfr_markup(data):
    venissieux()
    ours, theirs = SearchForm(data), SearchForm(data)
    if data:
        ours.is_valid()
        theirs.is_valid()
    for name in SEARCH_FIELD_GROUPS:
        assert str(field_group_html(ours[name])) == str(theirs[name].as_field_group()), name


def test_search_page_queries_do_not_grow_with_results(client, django_assert_max_num_queries):
    venissieux()
    for n in range(25):
        ServiceFactory(name=f"Douches {n}", place=PlaceFactory(name=f"Accueil {n}"))
    url = reverse("directory:search")
    with django_assert_max_num_queries(
        6
    ):  # commune, local services, remote services, the page of 20 (+ session/savepoints)
        html = client.get(url, {"ou": "Vénissieux", "ou_code": "69259", "q": "douche"}).content.decode()
    assert html.count('class="relais-result"') == 20
