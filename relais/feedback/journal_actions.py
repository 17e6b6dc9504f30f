"""Journal actions of feedback (see relais/journal/actions.py)."""

from django.utils.translation import gettext_lazy as _

from relais.journal.actions import PROCEDURE, declare

declare("feedback.review_linked", category=PROCEDURE, sentence=_("Vous avez donné un avis relié à votre compte"))
declare("feedback.report_made", category=PROCEDURE, sentence=_("%(actor)s a signalé un problème sur une démarche"))
declare("feedback.report_regrouped", category=PROCEDURE, sentence=_("%(actor)s a regroupé un signalement"))
declare("feedback.ticket_opened", category=PROCEDURE, sentence=_("%(actor)s a ouvert un ticket de correction"))
declare(
    "feedback.ticket_changed",
    category=PROCEDURE,
    details=("to",),
    sentence=_("%(actor)s a changé l'état d'un ticket de correction (%(to)s)"),
)
declare("feedback.story_moderated", category=PROCEDURE, sentence=_("%(actor)s a modéré un avis"))
declare("feedback.story_answered", category=PROCEDURE, sentence=_("%(organisation)s a répondu à un avis"))
