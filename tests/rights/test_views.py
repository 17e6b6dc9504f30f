import pytest
from django.urls import reverse

from relais.rights import engine
from relais.www.rights.steps import active_steps
from tests.rights.factories import SINGLE_PARENT_ANSWERS

pytestmark = pytest.mark.django_db

ANSWERS_BY_STEP = [
    ("foyer", {"situation": "seul"}),
    ("age", {"age_0": "34"}),
    ("enfants", {"count": "1"}),
    ("ages-enfants", {"child_0": "5"}),
    ("garde-alternee", {}),
    ("handicap-enfants", {"child_0": "none"}),
    # no « grands-enfants » for a 5-year-old
    ("grossesse", {"pregnant": "no"}),
    ("handicap", {"disability_0": "none"}),
    ("logement", {"housing": "tenant"}),
    ("loyer", {"rent": "500"}),
    ("commune", {"commune": "Lyon", "commune_code": "69123"}),
    ("salaires", {"salary_0": "800"}),
    ("auto-entrepreneur", {"self_employed_0": "0", "self_employed_kind_0": "service"}),
    ("chomage", {"unemployment_0": "0"}),
    # no « retraites » at 34 (issue 20): tests/rights/test_plain_texts.py
    ("changement", {"change_0": "0"}),
    (
        "autres-revenus",
        {"other_0": "0", "sick_pay_0": "0", "invalidity_0": "0", "grant_0": "0", "rental_0": "0"},
    ),
    ("pension-versee", {"alimony_paid_0": "0"}),
    ("epargne", {"savings_0": "0"}),
    ("aides-recues", {}),
]


def _answer_all(client):
    response = client.post(reverse("rights:start"))
    assert response.status_code == 302
    for number, (name, data) in enumerate(ANSWERS_BY_STEP, start=1):
        url = reverse("rights:step", kwargs={"name": name})
        page = client.get(url)
        assert page.status_code == 200
        # The total shrinks as answers make screens useless (couple, children, rent, retirement).
        total = len(active_steps(client.session.get("rights_answers") or {}))
        assert f"Question {number} sur {total}" in page.content.decode()
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])
    assert total == len(ANSWERS_BY_STEP)  # the last screen: every question asked was needed
    return response


def test_start_page_is_served_without_the_engine(client, monkeypatch):
    monkeypatch.setattr(engine, "_build_tbs", lambda: pytest.fail("built in a request"))
    monkeypatch.setattr(engine, "start", lambda: None)
    response = client.get(reverse("rights:start"))
    assert response.status_code == 200
    assert "À quelles aides ai-je droit" in response.content.decode()


def test_questionnaire_to_results(client, commune_lyon, rights_engine):
    response = _answer_all(client)
    assert response.url == reverse("rights:results")
    assert client.session["rights_answers"]["commune"] == "69123"
    page = client.get(reverse("rights:results")).content.decode()
    assert "Prime d&#x27;activité" in page or "Prime d'activité" in page
    assert 'data-benefit="ppa" data-amount="392"' in page
    assert 'data-benefit="asf" data-amount="201"' in page
    assert 'data-benefit="aide_logement"' in page
    assert "service-public.fr" in page
    assert "commune=69123" in page  # help places near the commune
    assert "estimations" in page


def test_step_without_children_skips_their_ages(client, commune_lyon):
    client.post(reverse("rights:start"))
    client.post(reverse("rights:step", kwargs={"name": "foyer"}), {"situation": "seul"})
    client.post(reverse("rights:step", kwargs={"name": "age"}), {"age_0": "50"})
    response = client.post(reverse("rights:step", kwargs={"name": "enfants"}), {"count": "0"})
    assert response.url == reverse("rights:step", kwargs={"name": "grossesse"})


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("age", {"age_0": "140"}, "120 ans au plus"),
        ("age", {"age_0": "deux"}, "en chiffres"),
        ("salaires", {"salary_0": "-100"}, "ne peut pas être négatif"),
        ("loyer", {"rent": "-1"}, "ne peut pas être négatif"),
        ("commune", {"commune": "Zzzyyx"}, "Nous ne trouvons pas"),
        ("foyer", {}, "Choisissez une réponse"),
    ],
)
def test_absurd_answers_are_form_errors(client, commune_lyon, name, data, message):
    client.post(reverse("rights:start"))
    session = client.session
    session["rights_answers"] = {"couple": False, "adults": [{"age": 30}], "housing": "tenant", "children": []}
    session.save()
    response = client.post(reverse("rights:step", kwargs={"name": name}), data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_results_without_answers_go_back_to_the_questions(client):
    response = client.get(reverse("rights:results"))
    assert response.status_code == 302 and "/question/" in response.url


def _with_answers(client):
    session = client.session
    session["rights_answers"] = dict(SINGLE_PARENT_ANSWERS)
    session.save()


def test_results_while_the_engine_starts(client, commune_lyon, monkeypatch):
    def not_ready(*args, **kwargs):
        raise engine.EngineNotReady("en préparation")

    monkeypatch.setattr(engine, "simulate_one", not_ready)
    _with_answers(client)
    response = client.get(reverse("rights:results"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Calcul en préparation" in page and 'http-equiv="refresh"' in page
    assert reverse("rights:results") in page


def test_engine_failure_is_a_clear_message_not_a_crash(client, commune_lyon, monkeypatch):
    def broken(*args, **kwargs):
        raise engine.EngineFailure("boom")

    monkeypatch.setattr(engine, "simulate_one", broken)
    _with_answers(client)
    response = client.get(reverse("rights:results"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "Le calcul n&#x27;a pas pu être fait" in page or "Le calcul n'a pas pu être fait" in page
    assert "Être aidé par une personne" in page


def test_logged_in_person_is_prefilled_and_can_keep_answers(client, person, commune_lyon, rights_engine):
    from relais.rights.models import RightsProfile

    client.force_login(person.user)
    _with_answers(client)
    page = client.get(reverse("rights:results")).content.decode()
    assert "Enregistrer l'estimation dans mon dossier" in page
    response = client.post(reverse("rights:save"), {"consent": "1"})
    assert response.status_code == 302
    profile = RightsProfile.objects.get(person=person)
    assert profile.consent_to_batch and profile.answers["rent"] == 500
    # The estimate itself is in the person file, as paid.
    assert {row["benefit"]: row["amount"] for row in profile.result}["ppa"] == 392 and profile.result_at
    # Next time, the questionnaire starts from these answers.
    client.session.pop("rights_answers", None)
    session = client.session
    session.pop("rights_answers", None)
    session.save()
    client.post(reverse("rights:start"))
    assert client.session["rights_answers"]["rent"] == 500


def test_a_request_never_builds_the_engine(client, commune_lyon, monkeypatch):
    """Results asked while the engine is not built: the build starts in its own thread, the
    page says "en préparation"; if the build fails, the page says so (503), never a crash."""
    import threading

    state = engine._EngineState()
    monkeypatch.setattr(engine, "_state", state)
    release = threading.Event()
    built_in: list[str] = []

    def slow_failing_build():
        built_in.append(threading.current_thread().name)
        release.wait(10)
        raise RuntimeError("OpenFisca import failed")

    monkeypatch.setattr(engine, "_build_tbs", slow_failing_build)
    _with_answers(client)
    page = client.get(reverse("rights:results")).content.decode()
    assert "Calcul en préparation" in page
    release.set()
    assert state.ready.wait(10)
    assert built_in == ["openfisca-build"]
    assert engine.failed() and not engine.is_ready()
    response = client.get(reverse("rights:results"))
    assert response.status_code == 503
    assert "pas pu être fait" in response.content.decode().replace("&#x27;", "'")


def test_results_offer_the_relais_procedure_when_one_is_published(client, commune_lyon, rights_engine):
    from relais.procedures.models import Procedure, ProcedureVersion
    from tests.factories import OrganisationFactory

    procedure = Procedure.objects.create(
        organisation=OrganisationFactory(),
        slug="complementaire-sante-solidaire-rhone",
        title="Demande de complémentaire santé solidaire",
        description="…",
        category="social",
    )
    procedure.current_version = ProcedureVersion.objects.create(procedure=procedure, number=1)
    procedure.save()
    _with_answers(client)
    page = client.get(reverse("rights:results")).content.decode()
    assert procedure.get_absolute_url() in page
    assert "Faire la démarche sur Relais" in page
