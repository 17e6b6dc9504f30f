"""An estimate saved to the person file, and its summary sent by SMS or email.

A person saves their own estimate; a helper saves it for a person their organisation follows
(mandate or follow-up: `rights.act_for`). The benefits not already received become rows of the
organisation's « probablement non réclamés » list (UnclaimedRight, state « à traiter »), as a
batch detection would have made them. The person file shows the saved estimate
(relais/rights/casefile_entries.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.journal.services import journal_record
from relais.notifications.services import notify_on_commit
from relais.rights.household import household_from_answers
from relais.rights.models import RightsProfile, UnclaimedRight


def result_rows(lines) -> list[dict]:
    return [
        {
            "benefit": line.key,
            "label": line.label,
            "amount": line.amount,
            "yearly": line.yearly,
            "free": line.free,
            "received": line.already_received,
        }
        for line in lines
    ]


@transaction.atomic
def rights_result_save(*, person, answers: dict, estimate, actor, organisation=None, consent_to_batch=None):
    """Keep the answers AND the estimate in the person file; a helper's unclaimed rows are created."""
    household_from_answers(answers)
    if organisation is not None:
        policy.require(actor, "rights.act_for", person)
    profile, _created = RightsProfile.objects.get_or_create(person=person)
    profile.answers = answers
    profile.result = result_rows(estimate.lines)
    profile.result_period = estimate.period
    profile.result_at = timezone.now()
    if organisation is not None:
        profile.organisation = organisation
    if consent_to_batch is not None and consent_to_batch != profile.consent_to_batch:
        profile.consent_to_batch = consent_to_batch
        profile.consent_at = timezone.now() if consent_to_batch else None
    profile.save()
    new_rows = 0
    if organisation is not None:
        for row in profile.result:
            if row["received"]:
                continue
            _right, created = UnclaimedRight.objects.get_or_create(
                organisation=organisation,
                person=person,
                benefit=row["benefit"][:80],
                defaults={"label": row["label"][:200], "last_seen_at": timezone.now()},
            )
            new_rows += int(created)
    if actor is not None and getattr(actor, "person", None) != person:
        journal_record(
            action="rights.result_saved",
            actor=actor,
            organisation=organisation,
            person=person,
            obj=profile,
            details={"benefits": len(profile.result), "new_rows": new_rows},
        )
    return profile


def summary_text(estimate) -> tuple[str, str]:
    """(email body, SMS) of an estimate, in plain words."""
    lines = []
    for line in estimate.lines:
        if line.free:
            amount = _("sans cotisation")
        elif line.yearly:
            amount = _("environ %(amount)s € par an") % {"amount": line.amount}
        else:
            amount = _("environ %(amount)s € par mois") % {"amount": line.amount}
        lines.append(f"- {line.label} : {amount}")
    if not lines:
        lines.append(_("Aucune nouvelle aide trouvée d'après les réponses."))
    body = "\n".join(
        [
            _("Voici l'estimation de vos droits faite sur Relais :"),
            "",
            *lines,
            "",
            _("Ce sont des estimations : seul l'organisme qui verse l'aide peut dire le montant exact."),
        ]
    )
    names = ", ".join(f"{line.label.split(' (')[0]} {line.amount} €" for line in estimate.lines if not line.free)
    sms = _("Relais : estimation de vos droits : %(list)s.") % {"list": names or _("aucune nouvelle aide")}
    return body, sms


def rights_summary_send(*, person, estimate, actor, organisation=None) -> None:
    """Send the summary to the person (their own channel: SMS or email, see relais.notifications)."""
    if organisation is not None:
        policy.require(actor, "rights.act_for", person)
    body, sms = summary_text(estimate)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    notify_on_commit(
        event="rights.summary",
        key=f"rights.summary:{person.pk}:{stamp}",
        person=person,
        subject=_("Votre estimation de droits"),
        body=body,
        sms=sms,
        link=settings.SITE_URL + reverse("rights:start"),
    )
    if actor is not None and getattr(actor, "person", None) != person:
        journal_record(
            action="rights.summary_sent",
            actor=actor,
            organisation=organisation,
            person=person,
            details={"benefits": len(estimate.lines)},
        )
