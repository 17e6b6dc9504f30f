"""Demo content: an active mandate between France Services Vénissieux and Camille Martin (social and
housing, 6 months), a person without account created by the helper, homonyms for the person search (two
« Mohamed Benali » with different birth dates and communes), and a few accompaniment sessions.
Idempotent."""

import datetime as dt

from django.utils import timezone

from relais.accounts.models import Channel, Person
from relais.mandates import services
from relais.mandates.models import AccompanimentSession, Mandate, MandateDuration, MandateState
from relais.mandates.states import format_fingerprint, mandate_transition
from relais.territory.models import Commune

HELPER_EMAIL = "sami.aidant@demo.relais.fr"
PERSON_EMAIL = "camille.martin@demo.relais.fr"


def load(ctx: dict, stdout) -> None:
    organisation = ctx["organisations"]["fs_venissieux"]
    helper = ctx["users"][HELPER_EMAIL]
    camille = ctx["users"][PERSON_EMAIL].person
    mandate = Mandate.objects.active().filter(organisation=organisation, person=camille).first()
    if mandate is None:
        mandate = services.mandate_request_create(
            actor=helper,
            organisation=organisation,
            person=camille,
            categories=["social", "logement"],
            duration_days=MandateDuration.HALF_YEAR,
            consent_method="account",
        )
        services.mandate_consent_by_account(mandate=mandate, user=camille.user, accept=True)
        mandate = mandate_transition(
            mandate, to=MandateState.ACTIVE, actor=helper, details={"method": "account", "demo": True}
        )
    stdout.write(
        f"  mandat actif Camille Martin ↔ {organisation.name}, empreinte {format_fingerprint(mandate.fingerprint)}"
    )

    record = Person.objects.filter(first_name="Yvette", last_name="Roux", created_by_organisation=organisation).first()
    if record is None:
        record, code = services.person_record_create(
            actor=helper,
            organisation=organisation,
            first_name="Yvette",
            last_name="Roux",
            birth_date=dt.date(1948, 3, 12),
            phone="",
            preferred_channel=Channel.ORGANISATION,
            consent_given=True,
        )
        stdout.write(f"  fiche sans compte : Yvette Roux (née le 12/03/1948), code pour créer son compte : {code}")
    _homonyms(organisation, helper, stdout)
    if not AccompanimentSession.objects.filter(organisation=organisation).exists():
        today = timezone.localdate()
        for days_ago, themes, outcome, person in (
            (2, ["social"], "done", camille),
            (9, ["logement", "social"], "follow_up", camille),
            (35, ["numerique"], "done", None),
            (40, ["papiers"], "redirected", record),
        ):
            services.accompaniment_record(
                actor=helper,
                organisation=organisation,
                happened_on=today - dt.timedelta(days=days_ago),
                duration_minutes=30,
                themes=themes,
                outcome=outcome,
                person=person,
            )


# Homonyms for the person search: two « Mohamed Benali », told apart by birth date and commune.
HOMONYMS = (
    ("Mohamed", "Benali", "", dt.date(1962, 4, 17), "Vénissieux"),
    ("Mohamed", "Benali", "", dt.date(1987, 9, 2), "Lyon"),
    ("Karim", "Benali", "", dt.date(1990, 1, 25), "Saint-Priest"),
    ("Samia", "Haddad", "Benali", dt.date(1965, 11, 8), "Vénissieux"),
)


def _homonyms(organisation, helper, stdout) -> None:
    for first_name, last_name, birth_name, birth_date, commune_name in HOMONYMS:
        if Person.objects.filter(
            first_name=first_name, last_name=last_name, birth_date=birth_date, created_by_organisation=organisation
        ).exists():
            continue
        services.person_record_create(
            actor=helper,
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            birth_name=birth_name,
            birth_date=birth_date,
            commune=Commune.objects.filter(name=commune_name).order_by("-population").first(),
            preferred_channel=Channel.ORGANISATION,
            consent_given=True,
        )
    stdout.write("  homonymes pour la recherche : deux « Mohamed Benali » (1962 à Vénissieux, 1987 à Lyon)")
