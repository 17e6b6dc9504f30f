"""Referrals: creation with consent, the state machine, signed links, reminders and expiry on a frozen clock,
notifications, response rates, retention, the person file."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from relais.casefile import registry
from relais.core.errors import DomainError
from relais.journal.models import Entry
from relais.notifications.models import Notification
from relais.referrals import links, selectors, services
from relais.referrals.models import Delivery, Referral, ReferralAttachment, ReferralState
from relais.referrals.retention import attachments_purge, referrals_anonymise
from relais.referrals.states import TransitionError, referral_transition
from tests.factories import OrganisationFactory, PersonFactory
from tests.referrals.factories import safe_document, send, service_taking_referrals, world

pytestmark = pytest.mark.django_db(transaction=True)
S = ReferralState


def service_mails():
    return [m for m in mail.outbox if m.to == ["epicerie@example.org"]]


def frozen(at):
    return mock.patch("django.utils.timezone.now", return_value=at)


def test_a_referral_with_consent_shares_a_copy_of_the_document_and_emails_a_signed_link():
    w = world()
    card = safe_document(w.person)
    referral = send(w, documents=[card], consent=True)
    assert referral.state == S.SENT and referral.sent_at is not None
    attachment = referral.attachments.get()
    assert attachment.title == "Carte d'identité" and attachment.file.read().startswith(b"%PDF")
    assert referral.documents_consent_at is not None
    assert len(service_mails()) == 1
    body = service_mails()[0].body
    assert links.link_path(referral) in body
    assert "Camille" not in body  # no personal data in the email itself
    assert Entry.objects.filter(action="referral.created", person_id=w.person.pk).exists()


def test_without_consent_no_document_is_shared():
    w = world()
    referral = send(w, documents=[safe_document(w.person)], consent=False)
    assert not referral.attachments.exists() and referral.documents_consent_at is None


def test_documents_outside_the_grants_are_not_shared():
    w = world(categories=("logement",))
    card = safe_document(w.person)  # identity → « papiers », not covered
    assert services.shareable_documents(organisation=w.organisation, person=w.person) == []
    referral = send(w, documents=[card], consent=True)
    assert not referral.attachments.exists()


def test_only_a_person_followed_can_be_referred():
    w = world()
    stranger = PersonFactory()
    with pytest.raises(Exception, match="suit"):
        services.referral_create(
            actor=w.helper,
            organisation=w.organisation,
            person=stranger,
            service=w.service,
            situations=[],
            request="x",
            contact_preference="phone",
        )
    assert not Referral.objects.exists()


def test_a_service_not_taking_referrals_refuses_them():
    w = world()
    w.service.referral_settings.accepts_referrals = False
    w.service.referral_settings.save()
    with pytest.raises(DomainError, match="ne prend pas"):
        send(w)


def test_states_follow_the_table_and_notify_the_person_and_the_referrer():
    w = world()
    referral = send(w)
    referral = services.referral_view_by_service(referral=referral, via=services.LINK)
    assert referral.state == S.OPENED
    referral = services.referral_accept(
        referral=referral, next_step="appointment", message="venez mardi à 10 h", via=services.LINK
    )
    assert referral.state == S.ACCEPTED and referral.answered_at is not None and referral.closed_at is not None
    person_note = Notification.objects.get(key=f"referral-{referral.pk}-accepted-person")
    assert "venez mardi à 10 h" in person_note.body and "accepte" in person_note.body
    assert Notification.objects.filter(key=f"referral-{referral.pk}-accepted-referrer", user=w.helper).exists()
    with pytest.raises(TransitionError):
        referral_transition(referral, to=S.CANCELLED)
    with pytest.raises(DomainError):
        services.referral_refuse(referral=referral, reason="full", via=services.LINK)


def test_refusal_needs_a_reason_of_the_list_and_words_for_other():
    w = world()
    referral = send(w)
    with pytest.raises(DomainError):
        services.referral_refuse(referral=referral, reason="because", via=services.LINK)
    with pytest.raises(DomainError):
        services.referral_refuse(referral=referral, reason="other", message=" ", via=services.LINK)
    referral = services.referral_refuse(referral=referral, reason="full", via=services.LINK)
    assert referral.state == S.REFUSED and referral.refusal_reason == "full"


def test_a_question_keeps_the_referral_open_and_the_reply_sends_a_fresh_link():
    w = world()
    referral = send(w)
    services.referral_ask(referral=referral, text="A-t-elle des enfants ?", via=services.LINK)
    referral.refresh_from_db()
    assert referral.state == S.SENT
    assert Notification.objects.filter(event="referral_question", user=w.helper).exists()
    old = links.make_token(referral)
    services.referral_reply(referral=referral, text="Oui, deux.", actor=w.helper)
    referral.refresh_from_db()
    assert links.check_token(service_id=w.service.pk, token=old).status == links.REVOKED
    assert links.check_token(service_id=w.service.pk, token=links.make_token(referral)).ok


def test_signed_links_altered_wrong_service_revoked_expired_and_renewed():
    w = world()
    referral = send(w)
    token = links.make_token(referral)
    assert links.check_token(service_id=w.service.pk, token=token).ok
    assert links.check_token(service_id=w.service.pk, token=token[:-2] + "xx").status == links.ALTERED
    other = service_taking_referrals()
    assert links.check_token(service_id=other.pk, token=token).status == links.WRONG_SERVICE
    later = timezone.now() + dt.timedelta(days=9)
    expired = links.check_token(service_id=w.service.pk, token=token, now=later)
    assert expired.status == links.EXPIRED
    with frozen(later):
        assert services.link_renew(referral=expired.referral) is True
    referral.refresh_from_db()
    assert links.check_token(service_id=w.service.pk, token=token, now=later).status == links.REVOKED
    assert links.check_token(service_id=w.service.pk, token=links.make_token(referral), now=later).ok
    services.referral_cancel(referral=referral, actor=w.person.user, by_person=True)
    referral.refresh_from_db()
    assert links.check_token(service_id=w.service.pk, token=links.make_token(referral)).status == links.REVOKED


def test_reminded_at_day_10_and_expired_at_day_30_on_a_frozen_clock():
    w = world()
    start = timezone.now()
    with frozen(start):
        referral = send(w)
    mail.outbox.clear()
    with frozen(start + dt.timedelta(days=9, hours=23)):
        assert services.referrals_daily() == {"expired": 0, "reminded": 0}
    with frozen(start + dt.timedelta(days=10, minutes=1)):
        assert services.referrals_daily() == {"expired": 0, "reminded": 1}
        assert services.referrals_daily() == {"expired": 0, "reminded": 0}  # once
    assert len(service_mails()) == 1 and "Rappel" in service_mails()[0].subject
    referral.refresh_from_db()
    assert links.check_token(
        service_id=w.service.pk, token=links.make_token(referral), now=start + dt.timedelta(days=11)
    ).ok  # the reminder carries a fresh link
    with frozen(start + dt.timedelta(days=30, minutes=1)):
        assert services.referrals_daily() == {"expired": 1, "reminded": 0}
    referral.refresh_from_db()
    assert referral.state == S.EXPIRED
    assert Notification.objects.filter(key=f"referral-{referral.pk}-expired-person").exists()


def test_inbox_delivery_tells_the_members_and_sends_no_link():
    w = world(delivery=Delivery.INBOX)
    member_org = w.service.place.organisation
    from tests.mandates.factories import helper_of

    member = helper_of(member_org)
    referral = send(w)
    assert not service_mails()
    assert Notification.objects.filter(event="referral_received", user=member).exists()
    assert selectors.inbox_for(organisation=member_org) == [referral]


def test_moderation_holds_the_referral_until_validated():
    w = world(delivery=Delivery.INBOX, moderation=True)
    referral = send(w)
    assert referral.state == S.MODERATION and referral.sent_at is None
    assert not Notification.objects.filter(key__startswith=f"referral-{referral.pk}-sent").exists()
    referral = services.referral_moderate(referral=referral, approve=True, actor=None)
    assert referral.state == S.SENT


def _answered(w, count, *, days=2, answered=True):
    for _ in range(count):
        referral = send(w)
        start = referral.sent_at
        if answered:
            with frozen(start + dt.timedelta(days=days)):
                services.referral_accept(referral=referral, next_step="call", via=services.LINK)


def test_response_rate_from_five_referrals_with_the_median_answer_time():
    w = world()
    _answered(w, 3, days=2)
    assert selectors.response_rates([w.service.pk]) == {}
    _answered(w, 1, days=4)
    _answered(w, 1, answered=False)
    rate = selectors.response_rates([w.service.pk])[w.service.pk]
    assert (rate.count, rate.answered, rate.percent) == (5, 4, 80)
    assert rate.median_label_days == 2


def test_retention_deletes_attachments_after_6_months_and_anonymises_after_2_years_keeping_stats():
    w = world()
    referral = send(w, documents=[safe_document(w.person)], consent=True)
    services.referral_accept(referral=referral, next_step="call", via=services.LINK)
    _answered(w, 4)
    now = timezone.now()
    assert attachments_purge(now=now + dt.timedelta(days=170)) == 0
    assert attachments_purge(now=now + dt.timedelta(days=190)) == 1
    attachment = ReferralAttachment.objects.get()
    assert attachment.deleted_at is not None and not attachment.file
    assert referrals_anonymise(now=now + dt.timedelta(days=700)) == 0
    assert referrals_anonymise(now=now + dt.timedelta(days=740)) == 5
    referral.refresh_from_db()
    assert referral.person_id is None and referral.request == "" and referral.contact_details == ""
    assert referral.state == S.ACCEPTED and referral.answered_at is not None
    services.stats_refresh()
    rates = selectors.response_rates([w.service.pk])
    assert rates[w.service.pk].count == 5


def test_referrals_in_the_person_file_and_for_the_person():
    w = world()
    referral = send(w)
    scope = registry.scope_for(organisation=w.organisation, person=w.person)
    events = [e for e in registry.timeline(scope) if e.kind == "referrals.referral"]
    assert len(events) == 1 and "Épicerie solidaire" in events[0].text
    assert any(p.kind == "referral" for p in registry.pending(scope))
    other = registry.scope_for(organisation=OrganisationFactory(), person=w.person)
    assert registry.timeline(other) == []
    mine = registry.timeline(registry.Scope.for_self(w.person))
    assert any(e.kind == "referrals.referral" for e in mine)
    assert selectors.referrals_of_person(person=w.person) == [referral]


def test_every_access_of_the_service_is_journaled():
    w = world()
    referral = send(w, documents=[safe_document(w.person)], consent=True)
    for _ in range(3):
        services.referral_view_by_service(referral=referral, via=services.LINK)
    services.attachment_open(attachment=referral.attachments.get(), via=services.LINK)
    assert Entry.objects.filter(action="referral.opened", person_id=w.person.pk).count() == 1
    assert Entry.objects.filter(action="referral.viewed_by_service", person_id=w.person.pk).count() == 2
    assert Entry.objects.filter(action="referral.attachment_opened", person_id=w.person.pk).count() == 1


def test_an_imported_data_inclusion_service_takes_referrals_by_link():
    w = world()
    imported = service_taking_referrals()
    type(imported).objects.filter(pk=imported.pk).update(source="dora", source_id="dora-123")
    imported.refresh_from_db()
    referral = send(w, service=imported)
    assert referral.delivery == Delivery.EMAIL and referral.receiving_organisation_id is None
    assert links.check_token(service_id=imported.pk, token=links.make_token(referral)).ok


def test_erasing_the_account_cancels_and_anonymises_the_persons_referrals():
    from relais.accounts.signals import person_erased

    w = world()
    referral = send(w, documents=[safe_document(w.person)], consent=True)
    person_erased.send(sender=None, person=w.person, user_id=w.person.user_id)
    referral.refresh_from_db()
    assert referral.state == S.CANCELLED and referral.person_id is None and referral.request == ""
    assert ReferralAttachment.objects.get().deleted_at is not None


def test_the_persons_export_holds_the_messages_about_her_referrals():
    from relais.accounts.services import person_export_data

    w = world()
    referral = send(w)
    services.referral_ask(referral=referral, text="A-t-elle des enfants ?", via=services.LINK)
    services.referral_reply(referral=referral, text="Oui, deux.", actor=w.helper)
    rows = person_export_data(user=w.person.user)["threads"]["referral_messages"]
    assert [(row["referral_id"], row["text"]) for row in rows] == [
        (referral.pk, "A-t-elle des enfants ?"),
        (referral.pk, "Oui, deux."),
    ]
    other = PersonFactory()
    assert "referral_messages" not in person_export_data(user=other.user)["threads"]
