"""Demo content of the person file: Camille Martin is followed by France Services Vénissieux (all
domains, 12 months, accepted from her account) and has a private note, so the demo helper can open a
rich file at /personnes/<id>/ (her dossier awaiting correction, her identity card expiring soon, her
benefits). Idempotent."""

from relais.casefile import services
from relais.casefile.models import FollowUp, FollowUpDuration, PrivateNote

HELPER_EMAIL = "sami.aidant@demo.relais.fr"
PERSON_EMAIL = "camille.martin@demo.relais.fr"


def load(ctx: dict, stdout) -> None:
    organisation = ctx.get("organisations", {}).get("fs_venissieux")
    helper = ctx.get("users", {}).get(HELPER_EMAIL)
    camille_user = ctx.get("users", {}).get(PERSON_EMAIL)
    camille = getattr(camille_user, "person", None)
    if organisation is None or helper is None or camille is None:
        return
    if not FollowUp.objects.active().filter(organisation=organisation, person=camille).exists():
        follow_up = services.follow_up_request_create(
            actor=helper,
            organisation=organisation,
            person=camille,
            categories=["*"],
            duration_days=FollowUpDuration.YEAR,
            consent_method="account",
        )
        services.follow_up_consent_by_account(follow_up=follow_up, user=camille_user, accept=True)
    if not PrivateNote.objects.filter(organisation=organisation, person=camille).exists():
        services.note_add(
            actor=helper,
            organisation=organisation,
            person=camille,
            text="Rendez-vous pris avec la CAF le mois prochain. Apporter la nouvelle attestation de loyer.",
        )
    stdout.write(f"  suivi de Camille Martin par {organisation.name} : dossier complet /personnes/{camille.pk}/")
