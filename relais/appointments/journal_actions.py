"""Journal actions of appointments (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import APPOINTMENT, declare

declare("appointment.booked", category=APPOINTMENT, sentence=_("%(actor)s a pris un rendez-vous avec %(organisation)s"))
declare("appointment.cancelled", category=APPOINTMENT, sentence=_("Un rendez-vous avec %(organisation)s est annulé"))
declare(
    "appointment.revoked",
    category=APPOINTMENT,
    sentence=_("%(organisation)s a annulé un rendez-vous (annulé par le service)"),
)
declare("appointment.marked", category=APPOINTMENT, sentence=_("%(organisation)s a noté la suite d'un rendez-vous"))
declare(
    "appointment.opening_removed",
    category=APPOINTMENT,
    details=("count",),
    sentence=_("%(actor)s a supprimé une plage d'ouverture (%(count)s rendez-vous annulés)"),
)
declare(
    "appointment.listed",
    category=APPOINTMENT,
    person_data_access=True,
    details=("count",),
    sentence=_("%(organisation)s a vu votre rendez-vous dans la liste du jour (%(count)s rendez-vous)"),
)
declare(
    "appointment.viewed",
    category=APPOINTMENT,
    person_data_access=True,
    sentence=_("%(organisation)s a consulté vos rendez-vous"),
)
declare("appointment.reason_created", category=APPOINTMENT, sentence=_("%(actor)s a ajouté un motif de rendez-vous"))
