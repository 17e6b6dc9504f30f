"""Published statistics of escalations, without personal data: per administration and team, in business hours,
the median time to the first answer and to processing, the share found useful; counts per blocking cause and
per procedure (`counts_by_cause`, `counts_by_procedure`: also for the feedback loop). They read only the
columns kept after the personal data is wiped, so they survive retention."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import median

from django.db.models import Count

from relais.escalations.models import BlockingCause, Escalation, Usefulness


@dataclass
class Line:
    administration: str
    team: str
    count: int
    answered: int
    median_first_answer_hours: float | None
    median_processing_hours: float | None
    closed_with_opinion: int
    useful_share: float | None  # 0..1, over the closed escalations with an opinion (yes / no / don't know)


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def lines(*, administration_id: int | None = None) -> list[Line]:
    """One line per team, then one line per administration (team = "")."""
    rows = Escalation.objects.all()
    if administration_id:
        rows = rows.filter(administration_id=administration_id)
    rows = rows.values_list(
        "administration__name", "team__name", "first_answer_hours", "processing_hours", "useful"
    ).order_by()
    groups: dict[tuple[str, str], list] = defaultdict(lambda: [0, [], [], [0, 0]])
    for admin, team, first, processing, useful in rows.iterator(chunk_size=5000):
        for key in ((admin, team), (admin, "")):
            group = groups[key]
            group[0] += 1
            if first is not None:
                group[1].append(first)
            if processing is not None:
                group[2].append(processing)
            if useful:
                group[3][0] += 1
                group[3][1] += useful == Usefulness.YES
    result = [
        Line(
            administration=admin,
            team=team,
            count=count,
            answered=len(firsts),
            median_first_answer_hours=_median(firsts),
            median_processing_hours=_median(processings),
            closed_with_opinion=opinions,
            useful_share=(useful / opinions) if opinions else None,
        )
        for (admin, team), (count, firsts, processings, (opinions, useful)) in groups.items()
    ]
    result.sort(key=lambda line: (line.administration, line.team != "", line.team))
    return result


def counts_by_cause(*, administration_id: int | None = None) -> dict[str, int]:
    """{cause code: count}, every cause present (0 when none)."""
    rows = Escalation.objects.all()
    if administration_id:
        rows = rows.filter(administration_id=administration_id)
    found = dict(rows.values_list("cause").annotate(n=Count("pk")).order_by())
    return {cause: found.get(cause, 0) for cause in BlockingCause.values}


def counts_by_procedure(*, administration_id: int | None = None, limit: int = 50) -> list[tuple[str, int]]:
    """[(procedure label, count)], most escalated first; escalations without a dossier are left out."""
    rows = Escalation.objects.exclude(procedure_label="")
    if administration_id:
        rows = rows.filter(administration_id=administration_id)
    return list(rows.values_list("procedure_label").annotate(n=Count("pk")).order_by("-n", "procedure_label")[:limit])


CSV_HEADER = [
    "administration",
    "équipe",
    "saisines",
    "avec réponse",
    "médiane heures ouvrées jusqu'à la première réponse",
    "médiane heures ouvrées jusqu'au traitement",
    "clôturées avec avis",
    "part jugée utile",
]


def csv_rows() -> list[list]:
    return [
        [
            line.administration,
            line.team or "(toutes les équipes)",
            line.count,
            line.answered,
            "" if line.median_first_answer_hours is None else line.median_first_answer_hours,
            "" if line.median_processing_hours is None else line.median_processing_hours,
            line.closed_with_opinion,
            "" if line.useful_share is None else round(line.useful_share, 3),
        ]
        for line in lines()
    ]
