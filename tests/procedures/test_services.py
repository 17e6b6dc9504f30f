"""Dossier lifecycle, optimistic locking, tell-us-once, partner prefill, journal and notifications."""

import pytest
from django.core.exceptions import ValidationError

from relais import policy
from relais.journal.models import Entry
from relais.notifications.models import Notification
from relais.procedures import services
from relais.procedures.models import DossierState, PersonProfile, Transition
from relais.procedures.states import TRANSITIONS, TransitionRefused, transition
from tests.factories import OrganisationFactory, PersonFactory
from tests.procedures.factories import agent_of

pytestmark = pytest.mark.django_db

PAGE0 = {"prenom": "Camille", "telephone": "+33612345678", "revenus": "845.50"}
PAGE1 = {"a_enfants": True, "enfants": [{"prenom_enfant": "Léa", "age": 4}], "garde": "Crèche"}


def fill(dossier, user, *, with_file=True):
    dossier = services.dossier_save_page(
        dossier=dossier, actor=user, page=0, values=PAGE0, revision=dossier.revision
    ).dossier
    dossier = services.dossier_save_page(
        dossier=dossier, actor=user, page=1, values=PAGE1, revision=dossier.revision
    ).dossier
    uploads = {"piece": [("id.jpg", _jpeg())]} if with_file else {}
    result = services.dossier_save_page(
        dossier=dossier, actor=user, page=2, values={}, revision=dossier.revision, uploads=uploads
    )
    return result.dossier


def _jpeg():
    from tests.documents import images

    return images.jpeg(400, 300)


def submitted(procedure, owner, django_capture_on_commit_callbacks=None):
    dossier = services.dossier_start(actor=owner.user, procedure=procedure)
    dossier = fill(dossier, owner.user)
    return services.dossier_submit(dossier=dossier, actor=owner.user)


def test_transition_table_is_the_documented_lifecycle():
    names = {(frm, to): move.name for (frm, to), move in TRANSITIONS.items()}
    assert names[("draft", "submitted")] == "submit"
    assert names[("in_review", "correction_requested")] == "request_correction"
    assert names[("correction_requested", "submitted")] == "submit_correction"
    assert {names[("in_review", s)] for s in ("accepted", "refused", "closed_without_follow_up")} == {
        "accept",
        "refuse",
        "close",
    }
    assert all(names[(s, "in_review")] == "reopen" for s in ("accepted", "refused", "closed_without_follow_up"))
    assert ("draft", "accepted") not in names and ("submitted", "accepted") not in names


def test_start_prefills_from_profile_and_person(procedure, owner):
    PersonProfile.objects.create(
        person=owner.person if hasattr(owner, "person") else owner, data={"contact.phone": "0611223344"}
    )
    dossier = services.dossier_start(actor=owner.user, procedure=procedure)
    assert dossier.data["prenom"] == owner.first_name  # from the Person record
    assert dossier.data["telephone"] == "+33611223344"  # from the profile, normalised
    assert set(dossier.meta["prefilled"]) == {"prenom", "telephone"}
    # Prefilled values must be confirmed (page saved) before submission.
    assert "prenom" in services.submission_problems(dossier)


def test_stale_revision_never_overwrites(procedure, owner):
    dossier = services.dossier_start(actor=owner.user, procedure=procedure)
    first_revision = dossier.revision
    services.dossier_save_page(
        dossier=dossier, actor=owner.user, page=0, values={"prenom": "Onglet A"}, revision=first_revision
    )
    with pytest.raises(services.StaleDossier):
        services.dossier_save_page(
            dossier=dossier, actor=owner.user, page=0, values={"prenom": "Onglet B"}, revision=first_revision
        )
    dossier.refresh_from_db()
    assert dossier.data["prenom"] == "Onglet A"
    assert dossier.revision == first_revision + 1


def test_full_lifecycle_with_correction_versions_diff_journal_and_notifications(
    procedure, owner, django_capture_on_commit_callbacks
):
    agent = agent_of(procedure.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = submitted(procedure, owner)
    assert dossier.state == DossierState.SUBMITTED
    assert Notification.objects.filter(person=owner, event="dossier_submitted").exists()
    assert "Et maintenant" in Notification.objects.get(person=owner, event="dossier_submitted").body
    # The person corrects before review starts: a second version is kept.
    dossier.refresh_from_db()
    dossier = services.dossier_save_page(
        dossier=dossier, actor=owner.user, page=0, values={**PAGE0, "revenus": "900.00"}, revision=dossier.revision
    ).dossier
    services.dossier_submit(dossier=dossier, actor=owner.user)
    assert dossier.versions.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_decide(dossier=dossier, actor=agent, to="in_review")
        dossier.refresh_from_db()
        assert dossier.assignee == agent
        assert not policy.allows(owner.user, "dossier.edit", dossier)
        with pytest.raises(ValidationError):
            services.dossier_decide(dossier=dossier, actor=agent, to="correction_requested", reason="  ")
        services.dossier_decide(
            dossier=dossier, actor=agent, to="correction_requested", reason="Le prénom est mal écrit."
        )
    note = Notification.objects.get(person=owner, event="dossier_correction_requested")
    assert "Le prénom est mal écrit." in note.body and "corriger" in note.body
    dossier.refresh_from_db()
    dossier = services.dossier_save_page(
        dossier=dossier,
        actor=owner.user,
        page=0,
        values={**PAGE0, "revenus": "900.00", "prenom": "Camilla"},
        revision=dossier.revision,
    ).dossier
    services.dossier_submit(dossier=dossier, actor=owner.user)
    dossier.refresh_from_db()
    services.dossier_decide(dossier=dossier, actor=agent, to="in_review")
    services.dossier_decide(dossier=dossier, actor=agent, to="accepted")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.ACCEPTED and dossier.versions.count() == 3
    from relais.procedures.selectors import version_diff

    changes = version_diff(dossier=dossier, old_number=2, new_number=3)
    assert [c["key"] for c in changes] == ["prenom"]
    assert changes[0]["before"] == "Camille" and changes[0]["after"] == "Camilla"
    transitions = list(Transition.objects.filter(dossier=dossier).values_list("to_state", flat=True))
    assert transitions == [
        "submitted",
        "submitted",
        "in_review",
        "correction_requested",
        "submitted",
        "in_review",
        "accepted",
    ]
    actions = set(Entry.objects.filter(object_id=str(dossier.pk)).values_list("action", flat=True))
    assert {"dossier.submit", "dossier.request_correction", "dossier.accept", "dossier.start_review"} <= actions
    # Reopen a closed dossier.
    services.dossier_decide(dossier=dossier, actor=agent, to="in_review", reason="Nouvel élément")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_REVIEW


def test_refusal_needs_a_reason_and_bad_moves_are_refused(procedure, owner):
    agent = agent_of(procedure.organisation)
    dossier = submitted(procedure, owner)
    with pytest.raises(TransitionRefused):
        transition(dossier, to="accepted", actor=agent)  # review not started
    services.dossier_decide(dossier=dossier, actor=agent, to="in_review")
    with pytest.raises(ValidationError):
        services.dossier_decide(dossier=dossier, actor=agent, to="refused", reason="")
    services.dossier_decide(dossier=dossier, actor=agent, to="refused", reason="Revenus trop élevés.")
    assert Transition.objects.filter(
        dossier=dossier, to_state="refused", reason="Revenus trop élevés.", actor=agent
    ).exists()


def test_nobody_else_can_touch_a_dossier(procedure, owner):
    dossier = services.dossier_start(actor=owner.user, procedure=procedure)
    stranger = PersonFactory()
    with pytest.raises(policy.Refused):
        services.dossier_save_page(
            dossier=dossier, actor=stranger.user, page=0, values={"prenom": "X"}, revision=dossier.revision
        )
    other_agent = agent_of(OrganisationFactory())
    dossier = fill(dossier, owner.user)
    services.dossier_submit(dossier=dossier, actor=owner.user)
    with pytest.raises(policy.Refused):
        services.dossier_decide(dossier=dossier, actor=other_agent, to="in_review")
    # The processing organisation's agent cannot read a draft.
    agent = agent_of(procedure.organisation)
    draft = services.dossier_start(actor=owner.user, procedure=procedure)
    assert not policy.allows(agent, "dossier.view", draft)


def test_helper_acts_only_under_a_mandate(procedure, owner, monkeypatch):
    from tests.factories import MembershipFactory

    helper = MembershipFactory(role="helper").user
    helper.active_membership = helper.memberships.first()
    with pytest.raises(policy.Refused):
        services.dossier_start(actor=helper, procedure=procedure, on_behalf_of=owner)
    import relais.policy as policy_module

    original = policy_module._RULES["mandate.act"]
    monkeypatch.setitem(
        policy_module._RULES,
        "mandate.act",
        lambda user, obj=None, **ctx: user == helper and obj == owner and ctx.get("category") == "logement",
    )
    dossier = services.dossier_start(actor=helper, procedure=procedure, on_behalf_of=owner)
    assert dossier.person == owner and dossier.helper == helper
    assert Entry.objects.filter(action="dossier.create", on_behalf_of_id=owner.pk, actor_id=helper.pk).exists()
    assert original is not None


def test_profile_offer_never_forced(procedure, owner):
    dossier = submitted(procedure, owner)
    suggestions = {s["profile_key"]: s for s in services.profile_suggestions(dossier)}
    assert suggestions["contact.phone"]["new"] == "06 12 34 56 78"
    assert suggestions["identity.first_name"]["old"] == owner.first_name  # the Person record is the fallback
    assert "revenus" not in suggestions
    assert not PersonProfile.objects.filter(person=owner).exists()
    services.profile_update_from_dossier(dossier=dossier, actor=owner.user, keys=["contact.phone"])
    assert PersonProfile.objects.get(person=owner).data == {"contact.phone": "+33612345678"}


def test_partner_prefill_and_claim(procedure, owner):
    partner = OrganisationFactory()
    procedure.prefill_partners.add(partner)
    dossier, token, rejected = services.dossier_create_prefilled(
        procedure=procedure,
        partner_organisation=partner,
        data={"prenom": "Sam", "telephone": "06 00", "enfants": [{"prenom_enfant": "Noé"}], "inconnu": 1},
    )
    assert (
        dossier.person is None
        and dossier.data["prenom"] == "Sam"
        and dossier.data["enfants"] == [{"prenom_enfant": "Noé"}]
    )
    assert set(rejected) == {"telephone", "inconnu"}
    claimed = services.dossier_claim(token=token, actor=owner.user)
    assert claimed.person == owner
    with pytest.raises(ValidationError):
        services.dossier_claim(token=token, actor=owner.user)  # single use


def test_published_versions_are_immutable_and_builder_edits_a_copy(procedure):
    agent = agent_of(procedure.organisation)
    with pytest.raises(ValidationError):
        services.version_set_fields(actor=agent, version=procedure.current_version, fields=[])
    draft = services.version_draft(actor=agent, procedure=procedure)
    assert draft.number == 2 and draft.fields == procedure.current_version.fields
    services.version_field_add(
        actor=agent, version=draft, definition={"key": "nir", "type": "nir", "label": "NIR", "required": False}
    )
    services.version_field_move(actor=agent, version=draft, field_id="nir", delta=-1)
    draft.refresh_from_db()
    assert draft.fields[-2]["key"] == "nir"
    services.version_field_add(
        actor=agent, version=draft, parent="enfants", definition={"key": "ecole", "type": "text", "label": "École"}
    )
    services.version_publish(actor=agent, version=draft)
    procedure.refresh_from_db()
    assert procedure.current_version == draft
    payload = services.procedure_export(version=draft)
    copy = services.procedure_import(actor=agent, organisation=procedure.organisation, payload=payload)
    assert copy.versions.get().fields == draft.fields and copy.current_version is None
