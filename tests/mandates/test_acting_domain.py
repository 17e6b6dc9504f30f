"""The acting session's domain is enforced at every entry point (one check: `require_acting_domain`):
a procedure of another domain is refused with a « Passer au domaine X » button when the mandate covers
it, refused plainly when it does not; switching is explicit and journaled; a mandate that ends
during the session ends it on the next request."""

import pytest
from django.urls import reverse

from relais.journal.models import Entry
from relais.mandates import services as mandate_services
from relais.procedures import services
from relais.procedures.models import Dossier, Message
from relais.www.mandates.acting import SESSION_KEY
from tests.factories import OrganisationFactory, verified_login
from tests.mandates.factories import expire_now, helper_of, make_active_mandate
from tests.procedures.factories import make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_axes(settings):
    settings.AXES_ENABLED = False


@pytest.fixture
def org():
    return OrganisationFactory(allowed_mandate_categories=["social", "logement", "famille"])


@pytest.fixture
def helper(org):
    from relais.organisations.models import Membership

    user = helper_of(org)
    user.active_membership = Membership.objects.select_related("organisation").get(user=user, organisation=org)
    return user


def _act(client, user, mandate, category):
    verified_login(client, user)
    session = client.session
    session[SESSION_KEY] = {
        "person_id": mandate.person_id,
        "mandate_id": mandate.pk,
        "category": category,
        "organisation_id": mandate.organisation_id,
    }
    session.save()


def _social_dossier(helper, mandate):
    procedure = make_procedure(category="social", slug="aide-sociale", title="Aide sociale")
    return services.dossier_start(actor=helper, procedure=procedure, on_behalf_of=mandate.person, mandate=mandate)


# Every entry point where a helper acting for the person starts, opens or edits a procedure.
ENTRY_POINTS = {
    "dossier": ("get", lambda d: reverse("procedures:dossier", args=[d.pk]), {}),
    "fill (read)": ("get", lambda d: reverse("procedures:dossier_page", args=[d.pk, 0]), {}),
    "fill (save)": ("post", lambda d: reverse("procedures:dossier_page", args=[d.pk, 0]), {"action": "later"}),
    "review": ("get", lambda d: reverse("procedures:dossier_review", args=[d.pk]), {}),
    "attachments": ("post", lambda d: reverse("procedures:attach_document", args=[d.pk]), {"document": "1"}),
    "messaging": ("post", lambda d: reverse("procedures:message_post", args=[d.pk]), {"body": "Bonjour"}),
    "profile update": ("post", lambda d: reverse("procedures:profile_update", args=[d.pk]), {}),
    "catalogue start": ("post", lambda d: reverse("procedures:start", args=[d.procedure.slug]), {}),
    "acting start": ("post", lambda d: reverse("mandates:acting_procedure", args=[d.procedure_id]), {}),
}


def _call(client, name, dossier):
    method, url, data = ENTRY_POINTS[name]
    return getattr(client, method)(url(dossier), data)


@pytest.mark.parametrize("entry_point", sorted(ENTRY_POINTS))
def test_other_domain_covered_by_the_mandate_offers_the_switch(client, org, helper, entry_point):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    dossier = _social_dossier(helper, mandate)
    revision = dossier.revision
    _act(client, helper, mandate, "logement")
    response = _call(client, entry_point, dossier)
    page = response.content.decode()
    assert response.status_code == 403
    assert "dans le domaine « Logement »" in page and "Passer au domaine « Social - Santé »" in page
    assert reverse("mandates:acting_switch") in page
    dossier.refresh_from_db()
    assert dossier.revision == revision and Dossier.objects.count() == 1 and not Message.objects.exists()
    assert client.session[SESSION_KEY]["category"] == "logement"  # nothing switched behind the helper's back


@pytest.mark.parametrize("entry_point", sorted(ENTRY_POINTS))
def test_other_domain_not_covered_is_refused_plainly(client, org, helper, entry_point):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    dossier = _social_dossier(helper, mandate)
    mandate_services.authorisation_revoke(mandate=mandate, category="social", actor=mandate.person.user)
    _act(client, helper, mandate, "logement")
    response = _call(client, entry_point, dossier)
    page = response.content.decode()
    assert response.status_code == 403
    assert "retiré son accord" in page
    assert reverse("mandates:acting_switch") not in page
    assert Dossier.objects.count() == 1 and not Message.objects.exists()


def test_same_domain_is_allowed(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    dossier = _social_dossier(helper, mandate)
    _act(client, helper, mandate, "social")
    assert client.get(reverse("procedures:dossier", args=[dossier.pk])).status_code == 200
    assert client.get(reverse("procedures:dossier_page", args=[dossier.pk, 0])).status_code == 200


def test_switch_domain_explicitly_then_open(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    dossier = _social_dossier(helper, mandate)
    _act(client, helper, mandate, "logement")
    target = reverse("procedures:dossier", args=[dossier.pk])
    response = client.post(reverse("mandates:acting_switch"), {"category": "social", "next": target})
    assert response.status_code == 302 and response["Location"] == target
    assert client.session[SESSION_KEY]["category"] == "social"
    entry = Entry.objects.get(action="mandate.acting_domain_switched")
    assert entry.mandate_id == mandate.pk and entry.details["from"] == "logement"
    assert client.get(target).status_code == 200


def test_switch_to_a_domain_the_mandate_does_not_cover_is_refused(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("logement",))
    _act(client, helper, mandate, "logement")
    response = client.post(reverse("mandates:acting_switch"), {"category": "famille", "next": "https://evil.example/"})
    assert response.status_code == 403 and "ne couvre pas" in response.content.decode()
    assert client.session[SESSION_KEY]["category"] == "logement"
    assert not Entry.objects.filter(action="mandate.acting_domain_switched").exists()


def test_switch_never_redirects_elsewhere(client, org, helper):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social", "logement"))
    _act(client, helper, mandate, "logement")
    response = client.post(reverse("mandates:acting_switch"), {"category": "social", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("mandates:acting_home")


@pytest.mark.parametrize("ending", ["expired", "revoked_by_organisation"])
def test_mandate_ending_mid_session_ends_the_session_with_the_reason(client, org, helper, ending):
    mandate = make_active_mandate(organisation=org, helper=helper, categories=("social",))
    dossier = _social_dossier(helper, mandate)
    _act(client, helper, mandate, "social")
    assert client.get(reverse("procedures:dossier", args=[dossier.pk])).status_code == 200
    if ending == "expired":
        expire_now(mandate)
        words = "pris fin"
    else:
        mandate_services.mandate_revoke_by_organisation(mandate=mandate, actor=helper, reason="person_asked")
        words = "retiré par la structure"
    response = client.get(reverse("procedures:dossier", args=[dossier.pk]))
    assert response.status_code == 403 and words in response.content.decode()
    assert SESSION_KEY not in client.session  # the session ended cleanly
    response = client.get(reverse("mandates:acting_home"))
    assert response.status_code == 302  # nothing left: choose a person again
