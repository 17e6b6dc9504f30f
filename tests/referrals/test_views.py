"""Referral screens: creating one (bad input keeps what was typed), the signed link's refusals show no data,
the answer by link, the person's cancellation, the directory's response rate for professionals only."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from relais.journal.models import Entry
from relais.referrals import links, services
from relais.referrals.models import Referral, ReferralState
from tests.factories import verified_login
from tests.referrals.factories import safe_document, send, service_taking_referrals, world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


def test_the_helper_chooses_the_person_then_sends_with_the_document(client):
    w = world()
    card = safe_document(w.person)
    verified_login(client, w.helper)
    url = reverse("referrals:new", args=[w.service.pk])
    page = html.unescape(client.get(url).content.decode())
    assert "Camille Martin" in page and "Pièce d'identité" in page
    page = html.unescape(client.get(url, {"personne": w.person.pk}).content.decode())
    assert "Carte d'identité" in page
    bad = client.post(url, {"personne": w.person.pk, "request": "Colis", "documents": [card.pk]})
    assert bad.status_code == 400
    text = html.unescape(bad.content.decode())
    assert "aucun document n'est transmis" in text and "Choisissez comment joindre la personne" in text
    assert "Colis" in text  # nothing typed is lost
    assert not Referral.objects.exists()
    response = client.post(
        url,
        {
            "personne": w.person.pk,
            "request": "Colis alimentaire",
            "documents": [card.pk],
            "documents_consent": "on",
            "contact_preference": "phone",
            "available_on": "15/01/2027",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("referrals:sent_detail", args=[referral.pk])
    assert referral.attachments.count() == 1 and referral.available_on == dt.date(2027, 1, 15)


def test_a_service_without_relais_referrals_shows_its_own_ways(client):
    w = world()
    conf = w.service.referral_settings
    conf.accepts_referrals = False
    conf.save()
    w.service.modes_mobilisation = ["utiliser-lien-mobilisation", "telephoner"]
    w.service.lien_mobilisation = "https://exemple.org/inscription"
    w.service.phone = "+33472000099"
    w.service.save()
    verified_login(client, w.helper)
    page = client.get(reverse("referrals:new", args=[w.service.pk])).content.decode()
    assert "ne prend pas les orientations par Relais" in page
    assert "https://exemple.org/inscription" in page and "+33472000099" in page


@pytest.mark.parametrize("how", ["altered", "wrong_service", "revoked", "expired"])
def test_a_bad_link_shows_a_clear_page_and_no_data(client, how):
    w = world()
    referral = send(w, request="Demande très personnelle")
    token, service_id = links.make_token(referral), w.service.pk
    if how == "altered":
        token = token[:-3] + "abc"
    elif how == "wrong_service":
        service_id = service_taking_referrals().pk
    elif how == "revoked":
        services.referral_cancel(referral=referral, actor=w.helper, by_person=False)
    else:
        Referral.objects.filter(pk=referral.pk).update(link_issued_at=timezone.now() - dt.timedelta(days=9))
    before = Entry.objects.filter(action__in=["referral.viewed_by_service", "referral.opened"]).count()
    response = client.get(reverse("referrals:link", args=[service_id, token]))
    text = response.content.decode()
    assert response.status_code in (404, 410)
    assert "Demande très personnelle" not in text and "Camille" not in text
    assert Entry.objects.filter(action__in=["referral.viewed_by_service", "referral.opened"]).count() == before
    if how == "expired":
        assert "Recevoir un nouveau lien" in text
        renewed = client.post(reverse("referrals:link_renew", args=[service_id, token]))
        assert "Un nouveau lien" in renewed.content.decode()


def test_the_service_answers_through_the_link_without_an_account(client):
    w = world()
    referral = send(w)
    url = reverse("referrals:link", args=[w.service.pk, links.make_token(referral)])
    page = client.get(url).content.decode()
    assert "Camille Martin" in page and "Aide alimentaire" in page
    bad = client.post(url, {"action": "refuse", "refuser-reason": "other"})
    assert bad.status_code == 400 and "Autre raison" in bad.content.decode()
    client.post(
        url, {"action": "accept", "accepter-next_step": "appointment", "accepter-message": "venez mardi à 10 h"}
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED and referral.answer_message == "venez mardi à 10 h"


def test_the_person_sees_and_cancels_their_referral(client):
    w = world()
    referral = send(w)
    verified_login(client, w.person.user)
    assert "Épicerie solidaire" in client.get(reverse("referrals:mine")).content.decode()
    client.post(reverse("referrals:mine_cancel", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.state == ReferralState.CANCELLED and referral.cancelled_by_person


def _five_answered(w):
    for _ in range(5):
        referral = send(w)
        services.referral_accept(referral=referral, next_step="call", via=services.LINK)


def test_the_response_rate_is_shown_to_professionals_only(client):
    w = world()
    _five_answered(w)
    place_url = reverse("directory:place", args=[w.service.place_id])
    assert "Taux de réponse" not in client.get(place_url).content.decode()
    verified_login(client, w.person.user)
    assert "Taux de réponse" not in client.get(place_url).content.decode()
    verified_login(client, w.helper)
    page = client.get(place_url).content.decode()
    assert "Taux de réponse aux orientations : 100 %" in page and "Orienter une personne" in page


def test_search_ranks_by_response_rate_for_professionals_only(client):
    from tests.directory.factories import venissieux

    venissieux()
    w = world()
    rarely = service_taking_referrals()
    rarely.name = "Aide alimentaire qui répond peu"
    rarely.save()
    for n in range(5):
        services.referral_accept(referral=send(w), next_step="call", via=services.LINK)
        referral = send(w, service=rarely)
        if n == 0:
            services.referral_accept(referral=referral, next_step="call", via=services.LINK)
    url = reverse("directory:search") + "?commune=69259&categorie=alimentation&tri=reponse"
    public = client.get(url).content.decode()
    assert "des orientations" not in public and 'name="tri"' not in public
    verified_login(client, w.helper)
    page = html.unescape(client.get(url).content.decode())
    assert "Répond à 100 % des orientations" in page and "Répond à 20 % des orientations" in page
    assert page.index("Répond à 100 %") < page.index("Répond à 20 %")
    assert 'name="tri"' in page


def test_the_inbox_member_reads_answers_and_moderates(client):
    from relais.referrals.models import Delivery
    from tests.mandates.factories import helper_of

    w = world(delivery=Delivery.INBOX, moderation=True)
    member = helper_of(w.service.place.organisation)
    referral = send(w)
    verified_login(client, member)
    assert "Camille Martin" in client.get(reverse("referrals:inbox")).content.decode()
    page = html.unescape(client.get(reverse("referrals:inbox_detail", args=[referral.pk])).content.decode())
    assert "Valider cette orientation" in page and "Accepter l'orientation" not in page
    client.post(reverse("referrals:inbox_moderate", args=[referral.pk]), {"decision": "valider"})
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    detail = reverse("referrals:inbox_detail", args=[referral.pk])
    client.post(detail, {"action": "question", "question-text": "Combien d'enfants ?"})
    client.post(detail, {"action": "refuse", "refuser-reason": "full"})
    referral.refresh_from_db()
    assert referral.state == ReferralState.REFUSED and referral.messages.count() == 1
    assert Entry.objects.filter(action="referral.viewed_by_service", actor_id=member.pk).exists()


def test_the_root_of_referrals_sends_each_user_to_their_own_list(client):
    w = world()
    assert client.get("/orientations/")["Location"].startswith(reverse("accounts:login"))
    verified_login(client, w.helper)
    assert client.get("/orientations/")["Location"] == reverse("referrals:sent")
    client.logout()
    client.force_login(w.person.user)
    assert client.get("/orientations/")["Location"] == reverse("referrals:mine")
