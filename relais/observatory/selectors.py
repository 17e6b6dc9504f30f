"""Reads of the observatory: the latest build, tables sorted without JavaScript, flags, stale places by
organisation and the organisations' activity (aggregates only: no person is named)."""

from __future__ import annotations

import datetime as dt
import statistics

from django.db.models import Count, F, Min, Q
from django.utils import timezone

from relais.directory.models import Place
from relais.escalations.models import Escalation
from relais.mandates.models import Mandate, MandateState
from relais.observatory.models import Build, CommuneFigures, DepartementFigures
from relais.organisations.models import Organisation
from relais.procedures.models import Dossier
from relais.referrals.models import ANSWERED_STATES, Referral
from relais.territory.models import Departement

COMMUNE_SORTS = {
    "nom": "name",
    "code": "code",
    "population": "population",
    "indice": "score",
    "seniors": "score_seniors",
    "jeunes": "score_young",
    "personnes": "people_at_risk",
}
DEPARTEMENT_SORTS = {**COMMUNE_SORTS, "communes_signalees": "flagged_communes"}
ACTIVITY_DAYS = 365


def latest_build() -> Build | None:
    return Build.objects.exclude(finished_at=None).first()


def _ordered(qs, sorts: dict, sort: str, direction: str):
    field = sorts.get(sort, "score")
    expression = F(field).asc(nulls_last=True) if direction == "asc" else F(field).desc(nulls_last=True)
    return qs.order_by(expression, "code")


def departements_table(*, build: Build, sort: str = "indice", direction: str = "desc") -> list[DepartementFigures]:
    return list(_ordered(build.departements_figures.all(), DEPARTEMENT_SORTS, sort, direction))


def departement_figures(*, build: Build, code: str) -> DepartementFigures | None:
    return build.departements_figures.filter(code=code).first()


def communes_table(*, build: Build, departement_code: str, sort: str = "indice", direction: str = "desc"):
    qs = build.communes_figures.filter(departement_code=departement_code)
    return list(_ordered(qs, COMMUNE_SORTS, sort, direction))


def commune_figures(*, build: Build, code: str) -> CommuneFigures | None:
    return build.communes_figures.filter(code=code).first()


def flagged(*, build: Build, departement_codes: list[str], limit: int = 50) -> list[CommuneFigures]:
    """Flagged communes, most fragile first."""
    qs = build.communes_figures.filter(departement_code__in=departement_codes, flagged=True)
    return list(qs.order_by(F("score").desc(nulls_last=True), "-population", "code")[:limit])


def places_points(*, departement_code: str) -> list[Place]:
    return list(
        Place.objects.published()
        .filter(departement_code=departement_code)
        .exclude(latitude=None)
        .exclude(longitude=None)
        .only("id", "name", "latitude", "longitude", "commune_name")
        .order_by("name")[:2000]
    )


def departements_named(codes: list[str]) -> list[Departement]:
    return list(Departement.objects.filter(code__in=codes).order_by("code"))


def all_departement_codes() -> list[str]:
    return list(Departement.objects.order_by("code").values_list("code", flat=True))


def stale_by_organisation(*, departement_code: str, now: dt.datetime | None = None) -> list[dict]:
    """Places not checked for 6 months (directory's own rule), by organisation: count and oldest check."""
    rows = (
        Place.objects.stale(now=now)
        .filter(departement_code=departement_code)
        .values("organisation_id", "organisation__name")
        .annotate(count=Count("id"), oldest=Min("checked_at"))
        .order_by("-count", "organisation__name")
    )
    return [
        {
            "organisation_id": row["organisation_id"],
            "name": row["organisation__name"],
            "count": row["count"],
            "oldest": row["oldest"],
        }
        for row in rows
    ]


def _median_days(pairs) -> float | None:
    delays = [(end - start).total_seconds() / 86400 for start, end in pairs if start and end]
    return round(statistics.median(delays), 1) if delays else None


def activity(*, departement_code: str, now: dt.datetime | None = None) -> list[dict]:
    """Per organisation of the département, over 12 months: dossiers (processed or helped), active mandates,
    referrals received and answered, escalations opened and the median time to a first answer (days)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=ACTIVITY_DAYS)
    organisations = list(Organisation.objects.filter(departement__code=departement_code).order_by("name"))
    ids = [o.pk for o in organisations]
    dossiers: dict[int, int] = {}
    for field in ("procedure__organisation_id", "created_by_organisation_id"):
        for row in (
            Dossier.objects.filter(created_at__gte=since, **{f"{field}__in": ids}).values(field).annotate(n=Count("id"))
        ):
            dossiers[row[field]] = dossiers.get(row[field], 0) + row["n"]
    mandates = dict(
        Mandate.objects.filter(organisation_id__in=ids, state=MandateState.ACTIVE)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .values_list("organisation_id", "n")
    )
    referrals = {
        row["receiving_organisation_id"]: row
        for row in Referral.objects.filter(receiving_organisation_id__in=ids, sent_at__gte=since)
        .values("receiving_organisation_id")
        .annotate(n=Count("id"), answered=Count("id", filter=Q(state__in=ANSWERED_STATES)))
    }
    escalations: dict[int, list] = {}
    for organisation_id, created, first_answer in Escalation.objects.filter(
        organisation_id__in=ids, created_at__gte=since
    ).values_list("organisation_id", "created_at", "first_answer_at"):
        escalations.setdefault(organisation_id, []).append((created, first_answer))
    return [
        {
            "organisation": o,
            "dossiers": dossiers.get(o.pk, 0),
            "mandates": mandates.get(o.pk, 0),
            "referrals": referrals.get(o.pk, {}).get("n", 0),
            "referrals_answered": referrals.get(o.pk, {}).get("answered", 0),
            "escalations": len(escalations.get(o.pk, [])),
            "escalation_days": _median_days(escalations.get(o.pk, [])),
        }
        for o in organisations
    ]
