"""Demo content: an active mandate between France Services Vénissieux and Camille Martin (social and
housing, 6 months), a person without account created by the helper, and a few accompaniment sessions.
Idempotent."""

import datetime as dt

from django.utils import timezone

from relais.accounts.models import Channel, Person
from relais.mandates import services
from relais.mandates.models import AccompanimentSession, Mandate, MandateDuration, MandateState
from relais.mandates.states import format_fingerprint, mandate_transition

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
