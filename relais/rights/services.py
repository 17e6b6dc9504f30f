"""Rights: simulate a household, keep a person's answers, detect unclaimed rights for a group."""

from __future__ import annotations

import datetime
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais import policy
from relais.core import csv as safe_csv
from relais.core.formats import date_words
from relais.journal.services import journal_record
from relais.policy.throttle import throttle_check, throttle_hit
from relais.rights import engine, freshness
from relais.rights.as_paid import NET_OF_CRDS, as_paid
from relais.rights.catalogue import ACRONYMS, CATALOGUE, PROCEDURE_SLUG_PREFIXES
from relais.rights.household import Household, HouseholdError, household_from_answers
from relais.rights.models import BatchRun, BatchStatus, RightsProfile
from relais.rights.simulation import simulate_guarded
from relais.rights.take_up import unclaimed_sync
from relais.territory.models import Commune

logger = logging.getLogger(__name__)

BATCH_CHUNK_SIZE = 1_000


def current_period(today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{today.year:04d}-{today.month:02d}"


def answers_household(answers: dict) -> Household:
    """Validate answers (including that the commune exists) into a Household."""
    household = household_from_answers(answers)
    if not Commune.objects.filter(code=household.depcom).exists():
        raise HouseholdError("Nous ne trouvons pas cette commune : choisissez-la dans la liste.", field="commune")
    return household


@dataclass(frozen=True)
class BenefitLine:
    key: str
    label: str
    explanation: str
    claim_label: str
    claim_url: str
    amount: int  # euros per month (ARS: per year), rounded
    exact_amount: float  # as paid (relais/rights/as_paid.py), before rounding
    yearly: bool
    free: bool  # CSS without contribution
    already_received: bool
    detail: str = ""
    procedure_title: str = ""  # a Relais procedure for this benefit, when one is published
    procedure_url: str = ""
    note: str = ""  # a rule applied after the engine (relais/rights/as_paid.py)
    next_payment: datetime.date | None = None  # yearly benefits: month of the next payment
    stale: tuple[str, ...] = ()  # plain descriptions of outdated parameters, with their date
    crds: bool = False  # shown net of CRDS
    engine_amount: float = 0.0  # OpenFisca's amount, before the rules applied after the engine
    abbr: str = ""  # the acronym in the label, explained in place
    abbr_title: str = ""

    @property
    def label_plain(self) -> str:
        """The label without its acronym in brackets (the template adds it with <abbr>)."""
        return self.label.replace(f" ({self.abbr})", "") if self.abbr else self.label


@dataclass(frozen=True)
class Estimate:
    period: str
    lines: list[BenefitLine]
    rules_date: datetime.date | None
    rules_outdated: bool

    @property
    def monthly_total(self) -> int:
        return sum(line.amount for line in self.lines if not line.yearly and line.key != "css")

    @property
    def stale_lines(self) -> list[BenefitLine]:
        return [line for line in self.lines if line.stale]


class ProcedureLink(Protocol):
    """A published procedure to claim a benefit (given by the caller: rights does not know procedures)."""

    slug: str
    title: str
    url: str


def procedures_by_benefit(procedures: Iterable[ProcedureLink]) -> dict[str, tuple[str, str]]:
    """Benefit key → (title, url) of the first given procedure whose slug matches the benefit."""
    found: dict[str, tuple[str, str]] = {}
    for procedure in procedures:
        for key, prefixes in PROCEDURE_SLUG_PREFIXES.items():
            if key not in found and procedure.slug.startswith(prefixes):
                found[key] = (procedure.title, procedure.url)
    return found


def _stale(key: str, period: str) -> tuple[str, ...]:
    try:
        tbs = engine.tax_benefit_system()
    except (engine.EngineNotReady, engine.EngineFailure):
        return ()
    return tuple(
        _("%(parameter)s (valeur du %(date)s)") % {"parameter": item.description, "date": date_words(item.latest)}
        for item in freshness.stale_parameters(tbs, key, period)[:3]
    )


def estimate_lines(
    household: Household,
    result: engine.HouseholdResult,
    procedures: dict[str, tuple[str, str]] | None = None,
    *,
    with_freshness: bool = False,
) -> list[BenefitLine]:
    """The benefits the household could get (amount as paid > 0, or CSS granted), in display order."""
    raw = {benefit.key: result.amount(benefit.key) for benefit in engine.BENEFITS}
    paid = as_paid(household, raw, result.aah_by_adult(), result.period)
    lines = []
    for benefit in engine.BENEFITS:
        if not result.granted(benefit.key):
            continue
        exact = paid.amounts[benefit.key]
        if benefit.key != "css" and round(exact) <= 0:
            continue  # nothing left once the rules of non-cumulation are applied
        info = CATALOGUE[benefit.key]
        detail = ""
        if benefit.key == "aide_logement":
            detail = result.housing_kind().upper()
        free = benefit.key == "css" and bool(result.values["cmu_c"])
        procedure_title, procedure_url = (procedures or {}).get(benefit.key, ("", ""))
        short = str(info.short)
        abbr = short if short.isupper() and short in ACRONYMS else ""
        lines.append(
            BenefitLine(
                procedure_title=procedure_title,
                procedure_url=procedure_url,
                key=benefit.key,
                label=str(info.label),
                explanation=str(info.explanation),
                claim_label=str(info.claim_label),
                claim_url=info.claim_url,
                amount=round(exact),
                exact_amount=exact,
                yearly=benefit.yearly,
                free=free,
                already_received=benefit.key in household.received,
                detail=detail,
                note=paid.notes.get(benefit.key, ""),
                next_payment=paid.next_payment.get(benefit.key),
                stale=_stale(benefit.key, result.period) if with_freshness else (),
                crds=benefit.key in NET_OF_CRDS,
                engine_amount=raw[benefit.key],
                abbr=abbr,
                abbr_title=str(ACRONYMS[abbr]) if abbr else "",
            )
        )
    return lines


def rules_outdated(period: str, rules_date: datetime.date | None) -> bool:
    if rules_date is None:
        return False
    year, month = (int(part) for part in period.split("-"))
    return datetime.date(year, month, 1) > rules_date


def simulation_refused_early(clients: list[str]) -> None:
    """Raise RateLimited (429) at once, before any parsing or database work, for a client this process
    already knows is over RIGHTS_SIMULATE_RATE in the current window (see relais/policy/throttle.py)."""
    throttle_check("rights.simulate", clients, rate=settings.RIGHTS_SIMULATE_RATE)


def questionnaire_answer_counted(clients: list[str]) -> None:
    """Count one answer sent to a step of the questionnaire; raise RateLimited (429) over
    RIGHTS_QUESTIONNAIRE_RATE, as the simulation itself is limited (anyone may send them)."""
    throttle_hit("rights.questionnaire", clients, rate=settings.RIGHTS_QUESTIONNAIRE_RATE)


def household_estimate(
    *,
    household: Household,
    period: str | None = None,
    procedures: Iterable[ProcedureLink] = (),
    clients: list[str] | None = None,
) -> Estimate:
    """Every benefit for one household. Raises engine.EngineNotReady / engine.EngineFailure.

    `procedures`: the published procedures a benefit can be claimed through (from
    `relais.procedures.claim_links.claimable_procedures()`), linked from the matching lines.
    `clients` (from `relais.policy.throttle.request_clients`): who asks, for the rate limit
    RIGHTS_SIMULATE_RATE (raises RateLimited, 429). Identical answers come from a cache; too many
    simulations at once in this process raise SimulatorBusy (503), see relais/rights/simulation.py."""
    period = period or current_period()
    if clients is not None:
        throttle_hit("rights.simulate", clients, rate=settings.RIGHTS_SIMULATE_RATE)
    result = simulate_guarded(household, period)
    date = engine.rules_date()
    lines = estimate_lines(household, result, procedures_by_benefit(procedures), with_freshness=True)
    return Estimate(period=period, lines=lines, rules_date=date, rules_outdated=rules_outdated(period, date))


# --- A person's answers ---------------------------------------------------------------------------
@transaction.atomic
def rights_profile_save(
    *, person, answers: dict, actor, consent_to_batch: bool | None = None, organisation=None
) -> RightsProfile:
    """Keep the person's answers (validated) — by the person, or by a professional for them."""
    household_from_answers(answers)
    profile, _ = RightsProfile.objects.get_or_create(person=person)
    profile.answers = answers
    if organisation is not None:
        profile.organisation = organisation
    if consent_to_batch is not None and consent_to_batch != profile.consent_to_batch:
        profile.consent_to_batch = consent_to_batch
        profile.consent_at = timezone.now() if consent_to_batch else None
    profile.save()
    if actor is not None and getattr(actor, "person", None) != person:
        journal_record(
            action="rights.profile_saved",
            actor=actor,
            organisation=organisation,
            person=person,
            obj=profile,
            details={"consent_to_batch": profile.consent_to_batch},
        )
    return profile


def rights_profile_opened(*, person, actor, organisation) -> None:
    """A professional opens a person's answers to run the simulator with them (journaled)."""
    policy.require(actor, "rights.act_for", person)
    journal_record(action="rights.profile_opened", actor=actor, organisation=organisation, person=person, details={})


def rights_person_viewed(*, person, actor, organisation) -> None:
    """A professional opens the page to run the simulator for a person they follow (journaled)."""
    journal_record(action="rights.person_viewed", actor=actor, organisation=organisation, person=person, details={})


def batch_viewed(*, batch: BatchRun, actor, rows: list[dict]) -> None:
    """A professional sees the rows of a batch (names of persons): one entry, the persons in its details."""
    persons = sorted({row["person_id"] for row in rows if row.get("person_id")})
    if not persons:
        return
    journal_record(
        action="rights.batch_viewed",
        actor=actor,
        organisation=batch.organisation,
        obj=batch,
        details={"count": len(persons), "persons": persons},
    )


# --- Unclaimed rights for a followed group --------------------------------------------------------
@transaction.atomic
def batch_run_start(*, organisation, actor, period: str | None = None) -> BatchRun:
    policy.require(actor, "rights.batch_run", organisation)
    run = BatchRun.objects.create(organisation=organisation, started_by=actor, period=period or current_period())
    journal_record(
        action="rights.batch_started", actor=actor, organisation=organisation, obj=run, details={"period": run.period}
    )
    # cycle: rights.tasks imports rights.services
    from relais.rights.tasks import run_batch

    transaction.on_commit(lambda: run_batch.enqueue(batch_id=run.pk))
    return run


def batch_run_execute(*, batch: BatchRun, chunk_size: int = BATCH_CHUNK_SIZE) -> BatchRun:
    """Run in the task worker: one vectorised simulation per chunk of followed persons."""
    profiles = list(
        RightsProfile.objects.filter(organisation=batch.organisation, consent_to_batch=True)
        .select_related("person")
        .order_by("pk")
    )
    households, persons = [], []
    skipped = 0
    for profile in profiles:
        try:
            households.append(household_from_answers(profile.answers))
        except HouseholdError:
            skipped += 1
            continue
        persons.append(profile.person)
    BatchRun.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING,
        started_at=timezone.now(),
        total=len(households),
        skipped=skipped,
        done=0,
    )

    def progress(done: int, total: int) -> None:
        BatchRun.objects.filter(pk=batch.pk).update(done=done)

    try:
        if not engine.wait_ready(timeout=300):
            raise engine.EngineNotReady("Le moteur de calcul ne démarre pas.")
        results = engine.simulate(households, batch.period, chunk_size=chunk_size, progress=progress)
    except (engine.EngineNotReady, engine.EngineFailure) as exc:
        logger.exception("Batch %s failed", batch.pk)
        BatchRun.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=str(exc), finished_at=timezone.now()
        )
        batch.refresh_from_db()
        return batch
    rows = []
    for person, household, result in zip(persons, households, results, strict=True):
        for line in estimate_lines(household, result):
            if line.already_received:
                continue
            rows.append(
                {
                    "person_id": person.pk,
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "phone": person.phone,
                    "benefit": line.key,
                    "label": line.label,
                    "amount": line.amount,
                    "yearly": line.yearly,
                    "free": line.free,
                }
            )
    BatchRun.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE,
        rows=rows,
        done=len(households),
        rules_date=engine.rules_date(),
        finished_at=timezone.now(),
    )
    batch.refresh_from_db()
    unclaimed_sync(batch=batch)  # a later batch keeps the state of the rows already worked
    return batch


CSV_HEADER = ["personne", "prénom", "nom", "téléphone", "droit", "montant estimé (€)", "période"]


def batch_csv(*, batch: BatchRun, actor) -> str:
    """The CSV of rights probably not claimed (journaled: it lists persons' data)."""
    policy.require(actor, "rights.batch_view", batch)
    journal_record(
        action="rights.batch_exported",
        actor=actor,
        organisation=batch.organisation,
        obj=batch,
        details={"rows": len(batch.rows)},
    )
    buffer = io.StringIO()
    writer = safe_csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    for row in batch.rows:
        if row.get("free"):
            amount = "gratuite"
        else:
            amount = f"{row['amount']} par an" if row.get("yearly") else str(row["amount"])
        writer.writerow(
            [row["person_id"], row["first_name"], row["last_name"], row["phone"], row["label"], amount, batch.period]
        )
    return buffer.getvalue()
