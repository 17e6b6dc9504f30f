"""Demo content of escalations: the CAF du Rhône's partner team (Rhône, housing and family) with Léa Garnier,
agent, and Nora Petit, its manager; the CPAM du Rhône's team (health) with Inès Moreau; an escalation from
Sami (France Services Vénissieux) for Camille Martin about her suspended housing aid, answered by the CAF.
Runs after the person file's demo (Camille's follow-up is what allows it). Idempotent."""

import datetime as dt

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.demo import DEMO_PASSWORD, demo_totp_hex
from relais.accounts.models import User
from relais.escalations import services
from relais.escalations.models import BlockingCause, Category, Escalation, Team, TeamMember
from relais.organisations.models import MemberRole
from relais.organisations.services import membership_add
from relais.territory.models import Departement

HELPER_EMAIL = "sami.aidant@demo.relais.fr"
PERSON_EMAIL = "camille.martin@demo.relais.fr"
CAF_USERS = [
    ("lea.caf@demo.relais.fr", "Léa", "Garnier", False),
    ("nora.responsable-caf@demo.relais.fr", "Nora", "Petit", True),
]


def _agent(email, first, last, organisation):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, first_name=first, last_name=last)
        user.email_verified_at = timezone.now()
        user.save()
    membership_add(user=user, organisation=organisation, role=MemberRole.AGENT)
    TOTPDevice.objects.update_or_create(user=user, name="demo", defaults={"key": demo_totp_hex(), "confirmed": True})
    return user


def _team(organisation, name, categories, note):
    team, _created = Team.objects.update_or_create(
        organisation=organisation,
        name=name,
        defaults={"categories": categories, "public_note": note, "email": "partenaires@demo.relais.fr"},
    )
    team.departements.set(Departement.objects.filter(code="69"))
    return team


def load(ctx: dict, stdout) -> None:
    orgs, users = ctx.get("organisations", {}), ctx.get("users", {})
    caf, cpam, fs = orgs.get("caf_rhone"), orgs.get("cpam_rhone"), orgs.get("fs_venissieux")
    if caf is None or cpam is None or fs is None:
        return
    caf_team = _team(
        caf,
        "CAF du Rhône — équipe partenaires",
        [Category.LOGEMENT, Category.SOCIAL_FAMILLE],
        "Aides au logement, RSA et prestations familiales, pour les habitants du Rhône. Réponse sous 5 jours ouvrés.",
    )
    for email, first, last, manager in CAF_USERS:
        user = _agent(email, first, last, caf)
        TeamMember.objects.update_or_create(team=caf_team, user=user, defaults={"is_manager": manager})
    cpam_team = _team(
        cpam, "CPAM du Rhône — partenaires", [Category.SANTE_HANDICAP], "Complémentaire santé solidaire, carte Vitale."
    )
    ines = users.get("ines.instructrice@demo.relais.fr")
    if ines is not None:
        TeamMember.objects.get_or_create(team=cpam_team, user=ines)
    helper, camille = users.get(HELPER_EMAIL), getattr(users.get(PERSON_EMAIL), "person", None)
    if helper is None or camille is None or Escalation.objects.filter(person=camille).exists():
        stdout.write(f"  équipes de saisine : {caf_team.name}, {cpam_team.name}")
        return
    helper.active_membership = helper.memberships.get(organisation=fs)
    escalation = services.escalation_open(
        actor=helper,
        organisation=fs,
        person=camille,
        team=caf_team,
        category=Category.LOGEMENT,
        cause=BlockingCause.PAYMENT_SUSPENDED,
        subject="Aide au logement suspendue depuis mars",
        description="L'aide au logement de Camille est suspendue : la CAF attendrait une attestation de loyer, "
        "envoyée deux fois par courrier.",
        identifiers={"caf_number": "1234567"},
        original_request_on=timezone.localdate() - dt.timedelta(days=40),
    )
    lea = User.objects.get(email=CAF_USERS[0][0])
    lea.active_membership = lea.memberships.get(organisation=caf)
    services.escalation_answer(
        escalation=escalation, actor=lea, text="Bonjour, nous avons retrouvé l'attestation. Le dossier est relancé."
    )
    stdout.write(f"  saisine de démonstration {escalation.reference} : /saisines/{escalation.pk}/ (lea.caf@…)")
