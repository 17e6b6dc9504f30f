"""Escalations (« saisines »): a helper asks an administration's answering team (« groupe ») to unblock
a person's situation, in a traced thread.

The status (`Escalation.status`) is derived from the thread by `states.escalation_refresh`, the only
code that writes it: stored only so that inboxes can be filtered and sorted on an index."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SOCIAL_FAMILLE = "social_famille", _("Social - Famille")
    SANTE_HANDICAP = "sante_handicap", _("Santé - Handicap")
    EMPLOI_FORMATION = "emploi_formation", _("Emploi - Formation")
    LOGEMENT = "logement", _("Logement")
    RETRAITE = "retraite", _("Retraite")
    IMPOTS_ARGENT = "impots_argent", _("Impôts - Argent")
    PAPIERS_TITRES = "papiers_titres", _("Papiers - Titres")
    AUTRE = "autre", _("Autre")


class BlockingCause(models.TextChoices):
    MISSING_DOCUMENT = "missing_document", _("Un document manque")
    INCONSISTENT_DATA = "inconsistent_data", _("Des informations ne concordent pas")
    NO_ANSWER = "no_answer", _("Pas de réponse de l'administration")
    WRONG_OFFICE = "wrong_office", _("Le dossier est au mauvais service")
    PAYMENT_SUSPENDED = "payment_suspended", _("Un paiement est suspendu")
    OVERPAYMENT_CLAIMED = "overpayment_claimed", _("Un trop-perçu est réclamé")
    OTHER = "other", _("Autre raison")


class Status(models.TextChoices):
    NEW = "new", _("Nouvelle")
    IN_PROGRESS = "in_progress", _("En cours")
    PROCESSED = "processed", _("Traitée")
    CLOSED = "closed", _("Clôturée")


class Usefulness(models.TextChoices):
    YES = "yes", _("Oui")
    UNKNOWN = "unknown", _("Je ne sais pas")
    NO = "no", _("Non")


class Team(models.Model):
    """Groupe: a named team of an organisation answering escalations for some places and categories."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="escalation_teams"
    )
    name = models.CharField(_("nom de l'équipe"), max_length=200)
    email = models.EmailField(_("adresse partagée de l'équipe"), blank=True)
    public_note = models.TextField(_("note publique"), blank=True, max_length=1000)
    categories = models.JSONField(_("catégories traitées"), default=list)
    communes = models.ManyToManyField("territory.Commune", blank=True, related_name="+", verbose_name=_("communes"))
    departements = models.ManyToManyField(
        "territory.Departement", blank=True, related_name="+", verbose_name=_("départements")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} — {self.organisation.name}"

    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories if c in Category.values]


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="escalation_teams")
    is_manager = models.BooleanField(_("responsable de l'équipe"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="escalation_team_member_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.team_id}"


class DeadlineRule(models.Model):
    """Months of silence after which the administration's silence is an implicit decision (default: 2).

    The most specific rule wins: administration + category, administration, category, none."""

    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(max_length=32, choices=Category.choices, blank=True)
    months = models.PositiveSmallIntegerField(_("mois de silence valant décision"), default=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "category"], name="escalation_deadline_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id or '*'} / {self.category or '*'} : {self.months}"


class Preference(models.Model):
    """How a professional wants to hear of escalations: at once, or one daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="escalation_preference"
    )
    digest = models.BooleanField(_("un résumé par jour plutôt qu'un message à chaque réponse"), default=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {'digest' if self.digest else 'each'}"


class EscalationQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Status.CLOSED)


class Escalation(models.Model):
    person = models.ForeignKey(
        "accounts.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="escalations_sent"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="escalations")
    administration = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="escalations_received"
    )
    commune = models.ForeignKey("territory.Commune", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.CharField(_("catégorie"), max_length=32, choices=Category.choices)
    cause = models.CharField(_("ce qui bloque"), max_length=32, choices=BlockingCause.choices)
    subject = models.CharField(_("objet"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    identifiers = models.JSONField(_("identifiants"), default=dict, blank=True)
    # the grant that allows it (a mandate in force or an accepted follow-up), as it was when it was opened
    grant_source = models.CharField(max_length=32)
    grant_label = models.CharField(max_length=300)
    grant_until = models.DateTimeField(null=True, blank=True)
    # the dossier concerned, resolved by the screens (no domain imports another)
    dossier_id = models.PositiveIntegerField(null=True, blank=True)
    dossier_reference = models.CharField(max_length=64, blank=True)
    procedure_label = models.CharField(_("démarche"), max_length=200, blank=True)
    original_request_on = models.DateField(_("date de la demande à l'administration"), null=True, blank=True)
    decision_due_on = models.DateField(_("date de la décision implicite"), null=True, blank=True)
    decision_warned_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW, editable=False)
    created_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    first_answer_at = models.DateTimeField(null=True, blank=True)
    last_admin_answer_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # business hours, computed when they happen, so that statistics survive the wiping of personal data
    first_answer_hours = models.FloatField(null=True, blank=True)
    processing_hours = models.FloatField(null=True, blank=True)
    useful = models.CharField(_("réponse utile"), max_length=8, choices=Usefulness.choices, blank=True)
    outcome = models.TextField(_("ce qui s'est passé"), blank=True, max_length=2000)
    wiped_at = models.DateTimeField(null=True, blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        verbose_name = _("saisine")
        verbose_name_plural = _("saisines")
        indexes = [
            models.Index(fields=["status", "-last_activity_at"], name="escalation_status_activity"),
            models.Index(fields=["organisation", "status", "-last_activity_at"], name="escalation_org_activity"),
            models.Index(fields=["closed_at"], name="escalation_closed"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"S-{self.pk:06d}" if self.pk else "S-?"


class Invitation(models.Model):
    """A team (or one expert) invited to the thread: their members see it while `active`."""

    class Reason(models.TextChoices):
        ROUTED = "routed", _("équipe choisie à l'ouverture")
        INVITED = "invited", _("invitée")
        HANDOVER = "handover", _("transmise par une autre équipe")
        AUTOMATIC = "automatic", _("invitée automatiquement")

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="invitations")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    active = models.BooleanField(default=True)
    invited_at = models.DateTimeField()
    # copies of the escalation's sort and filter keys, written by `states.escalation_post` only, so that an
    # agent's inbox is read from this index (team, status, latest activity) without scanning every escalation
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW, editable=False)
    last_activity_at = models.DateTimeField(null=True, editable=False)
    escalation_created_at = models.DateTimeField(null=True, editable=False)
    decision_due_on = models.DateField(null=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["team", "status", "-last_activity_at"], name="escalation_inv_team"),
            models.Index(
                fields=["user", "status", "-last_activity_at"],
                name="escalation_inv_user",
                condition=models.Q(user__isnull=False),  # experts are few: the databases then know it
            ),
            models.Index(fields=["escalation"], name="escalation_inv_escalation"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=False) | models.Q(user__isnull=False), name="escalation_inv_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.escalation_id} → {self.team_id or self.user_id}"


class Kind(models.TextChoices):
    OPENED = "opened", _("ouverture")
    ANSWER = "answer", _("réponse")
    NOTE = "note", _("note interne")
    INVITATION = "invitation", _("invitation")
    WRONG_TEAM = "wrong_team", _("mauvaise équipe")
    PROCESSED = "processed", _("traitée")
    AUTO_INVITATION = "auto_invitation", _("invitation automatique")
    CLOSED = "closed", _("clôture")


class Side(models.TextChoices):
    HELPER = "helper", _("aidant")
    ADMINISTRATION = "administration", _("administration")
    SYSTEM = "system", _("Relais")


class Message(models.Model):
    """One step of the thread. Messages are only ever inserted: two answers at once are two rows."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    side = models.CharField(max_length=16, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invited_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invited_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True, max_length=5000)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["escalation", "created_at"], name="escalation_msg_thread")]

    def __str__(self) -> str:
        return f"{self.escalation_id} {self.kind}"

    @property
    def internal(self) -> bool:
        return self.kind == Kind.NOTE


class SeenMark(models.Model):
    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="seen_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["escalation", "user"], name="escalation_seen_unique")]

    def __str__(self) -> str:
        return f"{self.escalation_id} seen by {self.user_id}"
