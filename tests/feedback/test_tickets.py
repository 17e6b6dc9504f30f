"""Reports grouped by procedure and field, groups ranked by weight (people, helper reports for the people they
stand for, escalations naming the procedure), fix tickets shipped with a published version, reporters told."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from relais import policy
from relais.escalations.models import Escalation
from relais.feedback import selectors, states
from relais.feedback.models import Kind, TicketState
from relais.feedback.services.reports import ReportRefused, report_regroup, report_submit
from relais.feedback.services.reviews import review_submit
from relais.notifications.models import Notification
from relais.organisations.models import MemberRole
from relais.procedures.models import ProcedureVersion
from tests.escalations.factories import open_escalation, world
from tests.factories import PersonFactory
from tests.feedback.factories import member, procedure_with_id_field

pytestmark = pytest.mark.django_db


def report(procedure, helper, **kwargs):
    values = {"actor": helper, "procedure": procedure, "what_happened": "Le scan est refusé", "people_count": 4}
    values.update(kwargs)
    return report_submit(**values)[0]


def test_reports_land_in_the_group_of_their_field_and_groups_rank_by_weight():
    procedure = procedure_with_id_field()
    helper = member(role=MemberRole.HELPER)
    report(procedure, helper, field_key="piece_identite", people_count=7)
    report(procedure, helper, field_key="piece_identite", people_count=2)
    report(procedure, helper, field_key="", people_count=1)
    review_submit(
        actor=PersonFactory().user, kind=Kind.PROCEDURE, procedure=procedure, satisfaction="bad", verbatim="Trop long"
    )
    ranked = selectors.ranked_groups(procedure=procedure)
    assert [(r.group.field_key, r.people, r.reports, r.verbatims) for r in ranked] == [
        ("piece_identite", 9, 2, 0),
        ("", 2, 1, 1),
    ]
    assert "Carte d'identité" in ranked[0].group.label


def test_escalations_naming_the_procedure_add_to_the_weight():
    w = world()
    procedure = procedure_with_id_field(title="Demande d'aide au logement")
    open_escalation(w)
    Escalation.objects.update(procedure_label=procedure.title)
    report(procedure, member(role=MemberRole.HELPER), field_key="piece_identite", people_count=3)
    (ranked,) = selectors.ranked_groups(procedure=procedure)
    assert (ranked.escalations, ranked.weight) == (1, 4)


def test_personal_data_is_stripped_from_a_report_and_a_bad_file_refused():
    procedure = procedure_with_id_field()
    helper = member(role=MemberRole.HELPER)
    key = 97 - 2841269123456 % 97
    made = report(procedure, helper, what_happened=f"Mme X, NIR 2 84 12 69 123 456 {key:02d}, refusée", field_key="nom")
    assert "[retiré]" in made.what_happened and "456" not in made.what_happened
    with pytest.raises(ReportRefused, match="image"):
        report(procedure, helper, attachment=SimpleUploadedFile("a.exe", b"MZ\x90\x00binary"))
    png = SimpleUploadedFile("capture.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    assert report(procedure, helper, attachment=png).attachment_type == "image/png"


def test_a_person_cannot_report_and_authors_only_regroup():
    procedure = procedure_with_id_field()
    with pytest.raises(policy.Refused):
        report(procedure, PersonFactory().user)
    made = report(procedure, member(role=MemberRole.HELPER))
    with pytest.raises(policy.Refused):
        report_regroup(actor=member(role=MemberRole.AGENT), report=made, field_key="piece_identite")
    author = member(procedure.organisation, role=MemberRole.AGENT)
    assert report_regroup(actor=author, report=made, field_key="piece_identite").group.field_key == "piece_identite"


def test_shipping_needs_a_published_version_and_tells_every_reporter(django_capture_on_commit_callbacks):
    procedure = procedure_with_id_field()
    helper = member(role=MemberRole.HELPER)
    camille = PersonFactory(first_name="Camille")
    made = report(procedure, helper, field_key="piece_identite")
    review, _ = review_submit(
        actor=camille.user,
        kind=Kind.PROCEDURE,
        procedure=procedure,
        satisfaction="bad",
        verbatim="Ma carte scannée est refusée",
        link_to_person=True,
    )
    review.group = made.group
    review.save()
    author = member(procedure.organisation, role=MemberRole.MANAGER)
    ticket = states.ticket_open(actor=author, group=made.group)
    ticket = states.ticket_transition(
        actor=author, ticket=ticket, to=TicketState.ACKNOWLEDGED, answer="Merci, on regarde."
    )
    draft = ProcedureVersion.objects.create(procedure=procedure, number=2, fields=procedure.current_version.fields)
    with pytest.raises(states.TicketError, match="version publiée"):
        states.ticket_transition(actor=author, ticket=ticket, to=TicketState.SHIPPED, version=draft)
    draft.published_at = timezone.now()
    draft.save()
    with pytest.raises(states.TicketError):
        states.ticket_transition(actor=author, ticket=ticket, to=TicketState.VERIFIED)
    with pytest.raises(policy.Refused):
        states.ticket_transition(actor=member(role=MemberRole.AGENT), ticket=ticket, to=TicketState.PLANNED)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = states.ticket_transition(actor=author, ticket=ticket, to=TicketState.SHIPPED, version=draft)
    assert ticket.shipped_version == draft and ticket.shipped_at == draft.published_at
    notified = Notification.objects.filter(event="feedback_fix_shipped")
    assert {n.user_id for n in notified} == {helper.pk, camille.user_id}
    assert all("version 2" in n.body and "Merci, on regarde." in n.body for n in notified)
    assert len(mail.outbox) >= 1
    assert [c.to_state for c in ticket.changes.all()] == ["acknowledged", "shipped"]
