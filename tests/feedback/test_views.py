"""Screens of feedback through the test client: the review page without JavaScript, clear messages for spam
and archived procedures, the helper's report, the authors' screens, the public pages and exports, the API."""

import json

import pytest
from django.urls import reverse

from relais.feedback.models import Report, Review, StoryState
from relais.organisations.models import MemberRole
from tests.factories import MembershipFactory, PersonFactory, UserFactory, add_totp
from tests.factories import verified_login as _verified_login
from tests.feedback.factories import procedure_with_id_field, review
from tests.procedures.factories import make_procedure

pytestmark = pytest.mark.django_db


def url(procedure):
    return reverse("feedback:review", args=["demarche"]) + f"?demarche={procedure.slug}"


def test_the_review_page_saves_a_review_and_says_thanks(client):
    procedure = make_procedure()
    page = client.get(url(procedure))
    assert page.status_code == 200 and "JDMA" in page.content.decode() and "link_to_person" not in page.content.decode()
    response = client.post(
        url(procedure), {"satisfaction": "medium", "comprehension": "2", "verbatim": "Écrivez-moi à a.b@example.fr"}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("feedback:review_thanks"))
    saved = Review.objects.get()
    assert (saved.satisfaction, saved.comprehension, saved.verbatim) == ("medium", 2, "Écrivez-moi à [retiré]")
    follow = client.get(response["Location"])
    assert "adresse électronique" in follow.content.decode()


def test_a_missing_answer_and_spam_get_clear_messages(client, settings):
    settings.FEEDBACK_MAX_REVIEWS_PER_DAY = 1
    procedure = make_procedure()
    assert "choisissez une réponse" in client.post(url(procedure), {}).content.decode()
    client.post(url(procedure), {"satisfaction": "good"})
    again = client.post(url(procedure), {"satisfaction": "good", "verbatim": "mon texte"})
    assert again.status_code == 200 and "Revenez demain" in again.content.decode()
    assert "mon texte" in again.content.decode()  # nothing typed is lost
    assert Review.objects.count() == 1


def test_an_archived_procedure_says_so(client):
    procedure = make_procedure()
    procedure.is_archived = True
    procedure.save()
    page = client.get(url(procedure))
    assert page.status_code == 200 and "archivée" in page.content.decode()
    client.post(url(procedure), {"satisfaction": "good"})
    assert not Review.objects.exists()


def test_the_simulator_and_directory_reviews(client):
    for kind in ("simulateur", "annuaire"):
        assert client.post(reverse("feedback:review", args=[kind]), {"satisfaction": "good"}).status_code == 302
    assert sorted(Review.objects.values_list("target", flat=True)) == ["directory", "simulator"]
    assert client.get(reverse("feedback:review", args=["autre"])).status_code == 404


def test_a_person_may_link_the_review(client):
    person = PersonFactory()
    client.force_login(person.user)
    procedure = make_procedure()
    assert "link_to_person" in client.get(url(procedure)).content.decode()
    client.post(url(procedure), {"satisfaction": "good", "link_to_person": "on"})
    assert Review.objects.get().person == person


def test_the_helper_reports_from_the_form(client):
    procedure = procedure_with_id_field()
    helper = MembershipFactory(role=MemberRole.HELPER).user
    verified_login(client, helper)
    target = reverse("feedback:report") + f"?demarche={procedure.slug}"
    assert "Carte d&#x27;identité" in client.get(target).content.decode()
    response = client.post(target, {"field_key": "piece_identite", "what_happened": "Scan refusé", "people_count": "5"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.group.field_key, report.people_count, report.reporter) == ("piece_identite", 5, helper)
    bad = client.post(target, {"field_key": "piece_identite", "what_happened": "x", "people_count": "zéro"})
    assert "Écrivez un nombre" in bad.content.decode()


def test_the_public_page_publishes_nothing_personal(client, settings):
    settings.FEEDBACK_MIN_REVIEWS = 3
    procedure = make_procedure()
    person = PersonFactory(first_name="Zoéline")
    for _ in range(3):
        review(procedure, satisfaction="good")
    review(procedure, verbatim="Texte non relu", story_state=StoryState.PENDING, person=person)
    review(procedure, verbatim="Texte relu", story_state=StoryState.PUBLISHED, answer="Merci", person=person)
    page = client.get(reverse("feedback:procedure_indicators", args=[procedure.slug])).content.decode()
    assert "Texte relu" in page and "Merci" in page
    assert "Texte non relu" not in page and "Zoéline" not in page
    assert "fr-badge--success" in page  # satisfaction 10/10: green


def test_the_table_sorts_and_exports(client, settings):
    settings.FEEDBACK_MIN_REVIEWS = 1
    low = make_procedure(slug="basse", title="Aide basse")
    high = make_procedure(slug="haute", title="Aide haute")
    review(low, satisfaction="bad")
    review(high, satisfaction="good")
    page = client.get(reverse("feedback:indicators") + "?tri=satisfaction&ordre=desc").content.decode()
    assert page.index("Aide haute") < page.index("Aide basse")
    page = client.get(reverse("feedback:indicators") + "?tri=satisfaction&ordre=asc").content.decode()
    assert page.index("Aide basse") < page.index("Aide haute")
    data = json.loads(client.get(reverse("feedback:export", args=["json"])).content)
    assert {r["slug"]: r["satisfaction"] for r in data["indicators"] if r["slug"]} == {"basse": 0.0, "haute": 10.0}
    csv_text = client.get(reverse("feedback:export", args=["csv"])).content.decode()
    assert csv_text.splitlines()[0].startswith("démarche;") and "Aide haute;haute;1;oui;10.0" in csv_text
    api = client.get("/api/v1/feedback/indicators").json()
    assert {r["slug"] for r in api} >= {"basse", "haute"}


def test_the_authors_see_ranked_groups_and_others_do_not(client):
    procedure = procedure_with_id_field()
    author = MembershipFactory(role=MemberRole.AGENT, organisation=procedure.organisation).user
    other = MembershipFactory(role=MemberRole.AGENT).user
    target = reverse("feedback:author_procedure", args=[procedure.pk])
    verified_login(client, other)
    assert client.get(target).status_code == 403
    verified_login(client, author)
    assert client.get(target).status_code == 200


def test_moderation_publishes(client):
    staff = UserFactory(is_staff=True)
    procedure = make_procedure()
    pending = review(procedure, verbatim="À relire", story_state=StoryState.PENDING)
    verified_login(client, staff)
    assert "À relire" in client.get(reverse("feedback:moderation")).content.decode()
    client.post(reverse("feedback:moderation"), {"review": pending.pk, "decision": "publish"})
    pending.refresh_from_db()
    assert pending.story_state == StoryState.PUBLISHED


def verified_login(client, user):
    add_totp(user)
    _verified_login(client, user)
