"""Retention (ADR 0018): a review's free text (and the authors' answer) is erased 2 years after the review; the
answer codes stay, anonymous, for the indicators. A helper report's attachment is erased 1 year after the report,
the report itself 3 years after. When a person erases their account, their linked reviews lose their text and
their link (the codes stay, anonymous). The person's export includes their linked reviews (they point at the
person record)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from relais.accounts.signals import person_erased
from relais.core.retention import register_purge
from relais.feedback.models import Report, Review, StoryState

TEXT_KEEP = dt.timedelta(days=730)
ATTACHMENT_KEEP = dt.timedelta(days=365)
REPORT_KEEP = dt.timedelta(days=3 * 365)

_CLEARED = {"verbatim": "", "answer": "", "verbatim_hash": "", "story_state": StoryState.NONE, "group": None}


@transaction.atomic
def feedback_purge(*, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    texts = Review.objects.filter(created_at__lt=now - TEXT_KEEP).exclude(verbatim="", answer="").update(**_CLEARED)
    files = 0
    for report in Report.objects.filter(created_at__lt=now - ATTACHMENT_KEEP).exclude(attachment=""):
        report.attachment.delete(save=False)
        Report.objects.filter(pk=report.pk).update(attachment="", attachment_type="")
        files += 1
    old = Report.objects.filter(created_at__lt=now - REPORT_KEEP)
    for report in old.exclude(attachment=""):
        report.attachment.delete(save=False)
    reports, _detail = old.delete()
    return {"texts": texts, "files": files, "reports": reports}


@receiver(person_erased, dispatch_uid="feedback_erase_for_person")
def feedback_erase_for_person(sender, person, user_id=None, **kwargs) -> int:
    return Review.objects.filter(person=person).update(person=None, **_CLEARED)


register_purge(
    "feedback",
    order=70,
    run=feedback_purge,
    describe=lambda r: [
        f"textes d'avis effacés (plus de 2 ans) : {r['texts']}",
        f"pièces jointes de signalements effacées (plus d'un an) : {r['files']}",
        f"signalements effacés (plus de 3 ans) : {r['reports']}",
    ],
)
