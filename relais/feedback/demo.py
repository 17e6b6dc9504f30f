"""Demo feedback on the urgent-housing procedure of the CCAS de Lyon: a few reviews (one story published with
the authors' answer), a report by Sami (helper) on the identity field, and an open fix ticket. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from relais.feedback.aggregates import aggregates_rebuild
from relais.feedback.models import Group, Kind, Report, Review, StoryState, Ticket, target_key
from relais.feedback.services.reports import group_for
from relais.feedback.services.reviews import general_group
from relais.procedures.models import Procedure

SLUG = "aide-logement-urgence-lyon"
REVIEWS = [
    # days ago, satisfaction, clarity, who helped, reached, quality, text
    (20, "good", 5, "none", "", "", ""),
    (15, "medium", 3, "association", "yes", "good", "Le formulaire était long mais l'association m'a aidé."),
    (9, "bad", 2, "close", "no", "", ""),
    (4, "good", 4, "none", "", "", ""),
]


def load(ctx: dict, stdout) -> None:
    procedure = Procedure.objects.filter(slug=SLUG).first()
    sami = ctx["users"].get("sami.aidant@demo.relais.fr")
    if procedure is None or Review.objects.filter(procedure=procedure, client_hash="demo").exists():
        return
    now = timezone.now()
    for days, satisfaction, clarity, tried, reached, quality, text in REVIEWS:
        at = now - dt.timedelta(days=days)
        Review.objects.create(
            kind=Kind.PROCEDURE,
            target=target_key(Kind.PROCEDURE, procedure.pk),
            procedure=procedure,
            procedure_version_id=procedure.current_version_id,
            created_at=at,
            day=timezone.localtime(at).date(),
            satisfaction=satisfaction,
            comprehension=clarity,
            contact_tried=tried,
            contact_reached=reached,
            contact_satisfaction=quality,
            verbatim=text,
            story_state=StoryState.PUBLISHED if text else StoryState.NONE,
            answer="Merci : nous allons raccourcir le formulaire." if text else "",
            answered_at=now if text else None,
            group=general_group(procedure) if text else None,
            client_hash="demo",
        )
    aggregates_rebuild()
    fields = procedure.current_version.fields if procedure.current_version else []
    file_key = next((f["key"] for f in fields if f.get("type") == "file" and f.get("key")), "")
    group = group_for(procedure=procedure, field_key=file_key)
    Report.objects.create(
        procedure=procedure,
        field_key=group.field_key,
        page="Justificatifs",
        what_happened="La photo de la carte d'identité est refusée quand elle vient d'un scanner.",
        people_count=6,
        group=group,
        reporter=sami,
        organisation=ctx["organisations"].get("ccas_lyon"),
    )
    Ticket.objects.get_or_create(group=group, defaults={"opened_by": None, "first_report_at": now})
    stdout.write(
        f"  avis : {len(REVIEWS)} avis, 1 signalement, {Group.objects.filter(procedure=procedure).count()} groupe(s)"
    )
