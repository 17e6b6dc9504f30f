"""Procedures screens while a helper acts for a person under a mandate (issue 5).

In scope, the helper fills page by page, attaches files (upload and from the person's safe),
reviews, submits, corrects and writes to agents; every action is journaled with the mandate and
transitions notify the person and the helper. Out of scope, expired, revoked or from another
organisation, every procedures route used while acting is refused with the policy's plain-French
reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relais.documents.models import DocType
from relais.journal.models import Entry
from relais.notifications.models import Notification
from relais.procedures import services
from relais.procedures.models import Attachment, Dossier, DossierState, Message
from relais.www.mandates.acting import SESSION_KEY
from tests.documents import images
from tests.documents.factories import add_document
from tests.factories import OrganisationFactory, verified_login
from tests.mandates.factories import expire_now, helper_of, make_active_mandate
from tests.procedures.factories import agent_of, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def org():
    return OrganisationFactory(
        name="France Services Acting", allowed_mandate_categories=["social", "logement", "famille"]
    )


@pytest.fixture
def helper(org):
    """A helper of `org`, with `active_membership` set as the middleware would (for direct service calls)."""
    from relais.organisations.models import Membership

    user = helper_of(org)
    user.active_membership = Membership.objects.select_related("organisation").get(user=user, organisation=org)
    return user


@pytest.fixture
def mandate(org, helper):
    return make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))


def _act(client, user, mandate, category, organisation_id=None):
    """Log the helper in (2FA passed) and put the acting context in their session."""
    verified_login(client, user)
    session = client.session
    session[SESSION_KEY] = {
        "person_id": mandate.person_id,
        "mandate_id": mandate.pk,
        "category": category,
        "organisation_id": organisation_id or user.memberships.first().organisation_id,
    }
    session.save()


def _post_page(client, dossier, page, data, files=None, action="next"):
    dossier.refresh_from_db()
    return client.post(
        reverse("procedures:dossier_page", args=[dossier.pk, page]),
        {"revision": dossier.revision, "action": action, **data, **(files or {})},
    )


def _journaled(mandate, action):
    return Entry.objects.filter(action=action, mandate_id=mandate.pk, person_id=mandate.person_id).exists()


def test_helper_fills_attaches_submits_corrects_and_writes_for_the_person(
    client, org, helper, mandate, django_capture_on_commit_callbacks
):
    person = mandate.person
    procedure = make_procedure(category="logement")
    safe_doc = add_document(person, title="Justificatif de domicile", doc_type=DocType.ADDRESS)
    out_of_scope_doc = add_document(person, title="Avis d'imposition", doc_type=DocType.TAX_NOTICE)
    _act(client, helper, mandate, "logement")

    response = client.post(reverse("procedures:start", args=[procedure.slug]))
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("procedures:dossier_page", args=[dossier.pk, 0])
    assert dossier.person == person and dossier.helper == helper and dossier.helper_mandate_id == mandate.pk
    assert _journaled(mandate, "dossier.create")

    html = client.get(reverse("procedures:dossier_page", args=[dossier.pk, 0])).content.decode()
    assert "Vous agissez pour" in html and "Étape 1 sur 3" in html
    response = _post_page(client, dossier, 0, {"prenom": "Camille", "telephone": "06 12 34 56 78"})
    assert response["Location"] == reverse("procedures:dossier_page", args=[dossier.pk, 1])
    response = _post_page(client, dossier, 1, {"a_enfants": "no", "enfants__count": "0"}, action="later")
    assert response["Location"] == reverse("mandates:acting_home")
    _post_page(client, dossier, 1, {"a_enfants": "no", "enfants__count": "0"})
    assert _journaled(mandate, "dossier.save_page")

    # Files: the safe shows only the documents the mandate covers; upload and attach from the safe.
    html = client.get(reverse("procedures:dossier_page", args=[dossier.pk, 2])).content.decode()
    assert (
        "Justificatif de domicile" in html and "Avis d&#x27;imposition" not in html and "Avis d'imposition" not in html
    )
    photo = SimpleUploadedFile("photo.jpg", images.jpeg(400, 300), content_type="image/jpeg")
    response = _post_page(client, dossier, 2, {}, files={"piece": photo}, action="upload")
    assert response.status_code == 302
    uploaded = Attachment.objects.get(dossier=dossier)
    assert client.get(reverse("procedures:attachment", args=[uploaded.pk])).status_code == 200
    assert _journaled(mandate, "dossier.read.attachment")
    dossier.refresh_from_db()
    response = client.post(reverse("procedures:attachment_remove", args=[uploaded.pk]), {"revision": dossier.revision})
    assert response.status_code == 302 and _journaled(mandate, "dossier.attachment_remove")
    dossier.refresh_from_db()
    response = client.post(
        reverse("procedures:attach_document", args=[dossier.pk]),
        {"field": "piece", "document_piece": safe_doc.pk, "revision": dossier.revision},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(dossier=dossier)
    assert attachment.source_document_id == safe_doc.pk and _journaled(mandate, "dossier.attach_document")
    assert Entry.objects.filter(action="document.attached", mandate_id=mandate.pk).exists()
    dossier.refresh_from_db()
    response = client.post(
        reverse("procedures:attach_document", args=[dossier.pk]),
        {"field": "piece", "document_piece": out_of_scope_doc.pk, "revision": dossier.revision},
    )
    assert response.status_code == 403

    # Review and submit: notifications to the person and to the helper.
    review = client.get(reverse("procedures:dossier_review", args=[dossier.pk]))
    assert review.status_code == 200 and "Camille" in review.content.decode()
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("procedures:dossier_review", args=[dossier.pk]), {"revision": dossier.revision})
    assert response["Location"] == reverse("procedures:dossier", args=[dossier.pk])
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    submit = Entry.objects.get(action="dossier.submit")
    assert submit.mandate_id == mandate.pk and submit.organisation_id == org.pk and submit.actor_id == helper.pk
    notified = Notification.objects.filter(key__startswith=f"dossier-{dossier.pk}-submitted")
    assert {n.person_id for n in notified if n.person_id} == {person.pk}
    assert {n.user_id for n in notified if not n.person_id} == {helper.pk}

    # The dossier page for the helper (not the back office); reading it is journaled with the mandate.
    page = client.get(reverse("procedures:dossier", args=[dossier.pk]))
    assert page.status_code == 200 and "Et maintenant ?" in page.content.decode()
    assert _journaled(mandate, "dossier.read.dossier")

    # Message to the agents, for the person.
    response = client.post(
        reverse("procedures:message_post", args=[dossier.pk]), {"body": "Bonjour, je joins le justificatif."}
    )
    assert response["Location"] == reverse("procedures:dossier", args=[dossier.pk]) + "#messages"
    message = Message.objects.get(dossier=dossier)
    assert message.author == helper and not message.from_agent and _journaled(mandate, "dossier.message")

    # Correction asked by the agent, made and sent again by the helper.
    agent = agent_of(procedure.organisation)
    services.dossier_decide(dossier=dossier, actor=agent, to=DossierState.IN_REVIEW)
    services.dossier_decide(
        dossier=Dossier.objects.get(pk=dossier.pk),
        actor=agent,
        to=DossierState.CORRECTION_REQUESTED,
        reason="Le téléphone est faux.",
    )
    response = _post_page(client, dossier, 0, {"prenom": "Camille", "telephone": "06 98 76 54 32"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("procedures:dossier_review", args=[dossier.pk]), {"revision": dossier.revision})
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED and dossier.versions.count() == 2
    assert _journaled(mandate, "dossier.submit_correction")
    from relais.journal.selectors import journal_verify

    assert journal_verify().ok


SCENARIOS = ["expired", "revoked", "out_of_scope", "other_organisation"]


def _setup(scenario, org, helper, mandate):
    """A draft and a submitted dossier of the person, then the scenario.

    Returns (user, category, words, acting org id)."""
    person = mandate.person
    category = "famille" if scenario == "out_of_scope" else "logement"
    procedure = make_procedure(category=category, slug=f"demarche-{category}")
    if scenario == "out_of_scope":  # the person started them themself: the mandate does not cover "famille"
        draft = services.dossier_start(actor=person.user, procedure=procedure)
        sent = services.dossier_start(actor=person.user, procedure=procedure)
    else:
        draft = services.dossier_start(actor=helper, procedure=procedure, on_behalf_of=person, mandate=mandate)
        sent = services.dossier_start(actor=helper, procedure=procedure, on_behalf_of=person, mandate=mandate)
    Dossier.objects.filter(pk=sent.pk).update(state=DossierState.SUBMITTED)
    photo = services.dossier_save_page(
        dossier=draft,
        actor=person.user,
        page=2,
        values={},
        revision=draft.revision,
        uploads={"piece": [("p.jpg", images.jpeg(300, 200))]},
        page_complete=False,
    )
    attachment = photo.added[0]
    user, words, org_id = helper, "", None
    if scenario == "expired":
        expire_now(mandate)
        words = "pris fin"
    elif scenario == "revoked":
        from relais.mandates import services as mandate_services

        mandate_services.authorisation_revoke(mandate=mandate, category="logement", actor=person.user)
        words = "retiré son accord"
    elif scenario == "out_of_scope":
        words = "ne couvre pas"
    else:
        other = OrganisationFactory(allowed_mandate_categories=["social", "logement"])
        user = helper_of(other)
        org_id = other.pk
        words = "autre structure"
    document = add_document(person, title="Domicile", doc_type=DocType.ADDRESS)
    return (
        user,
        words,
        org_id,
        procedure,
        Dossier.objects.get(pk=draft.pk),
        Dossier.objects.get(pk=sent.pk),
        attachment,
        document,
    )


def _routes(procedure, draft, sent, attachment, document):
    return [
        ("post", reverse("procedures:start", args=[procedure.slug]), {}),
        ("get", reverse("procedures:dossier", args=[draft.pk]), None),
        ("get", reverse("procedures:dossier_page", args=[draft.pk, 0]), None),
        (
            "post",
            reverse("procedures:dossier_page", args=[draft.pk, 0]),
            {"revision": draft.revision, "action": "next", "prenom": "Pirate", "telephone": "0612345678"},
        ),
        ("get", reverse("procedures:dossier_review", args=[draft.pk]), None),
        ("post", reverse("procedures:dossier_review", args=[draft.pk]), {"revision": draft.revision}),
        (
            "post",
            reverse("procedures:attach_document", args=[draft.pk]),
            {"field": "piece", "document_piece": document.pk, "revision": draft.revision},
        ),
        ("get", reverse("procedures:attachment", args=[attachment.pk]), None),
        ("post", reverse("procedures:attachment_remove", args=[attachment.pk]), {"revision": draft.revision}),
        ("post", reverse("procedures:message_post", args=[sent.pk]), {"body": "Message non autorisé"}),
        ("post", reverse("procedures:profile_update", args=[sent.pk]), {"keys": ["prenom"]}),
        ("get", reverse("procedures:dossier", args=[sent.pk]), None),
    ]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_route_refused_with_the_reason(client, org, helper, mandate, scenario):
    user, words, org_id, procedure, draft, sent, attachment, document = _setup(scenario, org, helper, mandate)
    before = (Dossier.objects.count(), Message.objects.count(), Attachment.objects.count(), draft.revision)
    entries = Entry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for method, url, data in _routes(procedure, draft, sent, attachment, document):
        # The helper chose to act in "social" (the scenario's category for the refused ones).
        _act(client, user, mandate, "logement" if scenario == "revoked" else "social", org_id)
        response = getattr(client, method)(url, data) if data is not None else client.get(url)
        assert response.status_code == 403, (scenario, method, url, response.status_code)
        assert words in response.content.decode(), (scenario, url)
        client.logout()
    draft.refresh_from_db()
    assert (Dossier.objects.count(), Message.objects.count(), Attachment.objects.count(), draft.revision) == before
    assert draft.data.get("prenom") != "Pirate"
    # Nothing was done, so nothing about the dossiers was journaled.
    assert not Entry.objects.filter(pk__gt=entries, action__startswith="dossier.").exists()


def test_revoking_one_category_leaves_the_other_usable(client, org, helper, mandate):
    from relais.mandates import services as mandate_services

    social = make_procedure(category="social", slug="aide-sociale")
    housing = make_procedure(category="logement", slug="aide-logement")
    mandate_services.authorisation_revoke(mandate=mandate, category="logement", actor=mandate.person.user)
    _act(client, helper, mandate, "social")
    response = client.post(reverse("procedures:start", args=[housing.slug]))
    assert response.status_code == 403 and "retiré son accord pour le domaine « Logement »" in response.content.decode()
    response = client.post(reverse("procedures:start", args=[social.slug]))
    assert response.status_code == 302 and Dossier.objects.get().procedure == social


def test_professional_not_acting_cannot_start_or_fill(client, org, helper, mandate):
    procedure = make_procedure(category="logement")
    draft = services.dossier_start(actor=helper, procedure=procedure, on_behalf_of=mandate.person, mandate=mandate)
    verified_login(client, helper)  # no acting context in the session
    response = client.post(reverse("procedures:start", args=[procedure.slug]))
    assert response.status_code == 403 and "la personne pour qui vous agissez" in response.content.decode()
    assert client.get(reverse("procedures:dossier_page", args=[draft.pk, 0])).status_code == 403
    assert Dossier.objects.count() == 1
