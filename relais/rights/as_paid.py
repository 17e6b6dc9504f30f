"""From OpenFisca's amounts to the amounts actually paid: every rule applied after the engine.

OpenFisca gives legal amounts before some deductions and does not apply some rules of
non-cumulation between benefits of different bodies. Each rule below is applied after the
engine, on one household's result, and has its legal reference and a test
(tests/rights/test_as_paid.py). Nothing here changes what the engine computes: the identity
with plain OpenFisca (tests/rights/test_identity_property.py) is checked before these rules.

1. CRDS (contribution au remboursement de la dette sociale, 0.5 %) deducted from the benefits
   paid net of it: family benefits (allocations familiales, complément familial, ASF, ARS,
   PAJE) and the prime d'activité. Ordonnance n° 96-50 du 24 janvier 1996, art. 14 and 15;
   the rate is OpenFisca's own parameter `prelevements_sociaux.contributions_sociales.crds`.
   Housing aid is already net of CRDS in OpenFisca (`crds_logement`); RSA, AAH, ASPA and AEEH
   are exempt (art. 15, II).
2. AAH and ASPA do not add up for the same person: the AAH is subsidiary to old-age benefits
   (code de la sécurité sociale, art. L821-1: the AAH is open only to a person who cannot claim
   an old-age benefit at least equal to it, and is then a differential amount) — a person old
   enough for the ASPA (art. L815-1: 65, or the legal retirement age with a disability of at
   least 50 %) gets the larger of the two, not both. OpenFisca computes both in full.
3. Yearly benefits (ARS) are paid once, in their month (ARS: end of August, code de la
   sécurité sociale art. L543-1, paid « à la rentrée scolaire »): they are shown with
   the month of the next payment and left out of the monthly total.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from relais.rights import engine

# Rule 1 — CRDS
CRDS_DEFAULT_RATE = 0.005
NET_OF_CRDS = frozenset({"af", "asf", "cf", "paje", "ars", "ppa"})
# Rule 2 — AAH / ASPA
ASPA_AGE = 65
ASPA_AGE_DISABLED = 62  # legal retirement age, born from 1968 on (art. L161-17-2)
# Rule 3 — yearly benefits: month of payment
PAYMENT_MONTH = {"ars": 8}

REFERENCES = {
    "crds": "Ordonnance n° 96-50 du 24 janvier 1996, art. 14 et 15 (CRDS de 0,5 %)",
    "aah_aspa": "Code de la sécurité sociale, art. L821-1 (l'AAH est subsidiaire aux avantages de vieillesse) "
    "et art. L815-1 (ASPA)",
    "yearly": "Code de la sécurité sociale, art. L543-1 (ARS versée à la rentrée scolaire)",
}


def _cents(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def crds_rate(period: str) -> float:
    """OpenFisca's CRDS rate at `period` (0.5 % if the engine is not built, e.g. in unit tests)."""
    try:
        tbs = engine.tax_benefit_system()
    except Exception:  # noqa: BLE001 — not ready: the legal rate, unchanged since 1996
        return CRDS_DEFAULT_RATE
    return float(tbs.parameters(f"{period}-01").prelevements_sociaux.contributions_sociales.crds)


def net_of_crds(amount: float, rate: float) -> float:
    """The amount paid: the CRDS, rounded to the cent, deducted (ASF 201.78 → 200.77)."""
    gross = _cents(amount)
    return float(gross - _cents(float(gross) * rate))


def aspa_age(adult) -> int:
    return ASPA_AGE_DISABLED if getattr(adult, "disability", "none") != "none" else ASPA_AGE


@dataclass
class Paid:
    """Amounts as paid for one household, with a plain note for each amount changed."""

    amounts: dict[str, float]
    notes: dict[str, str] = field(default_factory=dict)
    next_payment: dict[str, datetime.date] = field(default_factory=dict)


def next_payment_date(key: str, period: str) -> datetime.date:
    """First day of the month of the next payment of a yearly benefit on or after `period`."""
    year, month = (int(part) for part in period.split("-"))
    paid_in = PAYMENT_MONTH[key]
    return datetime.date(year if month <= paid_in else year + 1, paid_in, 1)


def as_paid(household, amounts: dict[str, float], aah_by_adult: tuple[float, ...], period: str) -> Paid:
    """Apply the rules above to `amounts` (benefit key → OpenFisca amount, monthly; ARS yearly)."""
    paid = Paid(amounts=dict(amounts))
    # Rule 2: AAH / ASPA, per person old enough for the ASPA.
    aspa = paid.amounts.get("aspa", 0.0)
    if aspa > 0 and paid.amounts.get("aah", 0.0) > 0:
        for index, adult in enumerate(household.adults):
            aah = aah_by_adult[index] if index < len(aah_by_adult) else 0.0
            if aah <= 0 or adult.age < aspa_age(adult):
                continue
            if aah >= aspa:
                paid.amounts["aspa"] = 0.0
                paid.notes["aah"] = _(
                    "L'AAH et l'ASPA ne s'ajoutent pas : l'AAH est plus élevée, c'est elle qui est comptée."
                )
            else:
                paid.amounts["aah"] = max(0.0, paid.amounts["aah"] - aah)
                paid.notes["aspa"] = _(
                    "L'AAH et l'ASPA ne s'ajoutent pas : l'ASPA est plus élevée, c'est elle qui est comptée."
                )
            break
    # Rule 1: CRDS.
    rate = crds_rate(period)
    for key in NET_OF_CRDS:
        if paid.amounts.get(key, 0.0) > 0:
            paid.amounts[key] = net_of_crds(paid.amounts[key], rate)
    # Rule 3: month of payment of yearly benefits.
    for key in PAYMENT_MONTH:
        if paid.amounts.get(key, 0.0) > 0:
            paid.next_payment[key] = next_payment_date(key, period)
    return paid
