"""Rights API: the simulator as JSON (public, no token needed).

The body is read and validated here (not by django-ninja) so that every error is a plain-French
message: 400 for unreadable JSON, 422 for impossible answers, 503 while the engine starts."""

from __future__ import annotations

import copy
import datetime
import json
from typing import Annotated, Literal

from annotated_types import Ge, Le
from django.http import JsonResponse
from ninja import Router, Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from relais import policy
from relais.api.errors import ErrorOut
from relais.policy.throttle import request_clients
from relais.procedures.claim_links import claimable_procedures
from relais.rights import engine, services
from relais.rights.household import (
    CHILD_DISABILITIES,
    COUPLE_STATUSES,
    DISABILITY_RATES,
    HOUSING_STATUSES,
    MAX_ADULTS,
    MAX_AGE,
    MAX_CHILDREN,
    MAX_MONTHLY_AMOUNT,
    MAX_SAVINGS,
    SELF_EMPLOYED_KINDS,
    HouseholdError,
)

router = Router(tags=["rights"])


MONEY = {"ge": 0, "le": MAX_MONTHLY_AMOUNT, "allow_inf_nan": False}


def _json_integer(value):
    """A JSON integer (58 or 58.0, as JSON Schema counts them), never `true` or "58"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


JsonInt = Annotated[int, BeforeValidator(_json_integer)]


class AdultIn(BaseModel):
    # Strict: JSON numbers only (no `false` or "800" for an amount), as the schema says.
    model_config = ConfigDict(extra="forbid", strict=True)
    age: JsonInt = Field(ge=16, le=MAX_AGE, description="âge en années (16 à 120)")
    disability: Literal[tuple(DISABILITY_RATES)] = Field(
        "none", description="handicap reconnu : none, 50 (taux de 50 à 79 %) ou 80 (80 % ou plus)"
    )
    salary: float = Field(0, description="salaire net par mois (euros), moyenne des 3 derniers mois", **MONEY)
    unemployment: float = Field(0, description="allocations chômage nettes par mois", **MONEY)
    pension: float = Field(0, description="retraites versées par mois", **MONEY)
    other: float = Field(0, description="pension alimentaire reçue par mois", **MONEY)
    self_employed: float = Field(0, description="chiffre d'affaires de micro-entrepreneur par mois", **MONEY)
    self_employed_kind: Literal[tuple(SELF_EMPLOYED_KINDS)] = Field(
        "service", description="sale (vente), service (services BIC) ou liberal (profession libérale, BNC)"
    )
    sick_pay: float = Field(0, description="indemnités journalières par mois", **MONEY)
    invalidity: float = Field(0, description="pension d'invalidité par mois", **MONEY)
    grant: float = Field(0, description="bourse d'études par mois", **MONEY)
    rental: float = Field(0, description="loyers reçus par mois", **MONEY)
    alimony_paid: float = Field(0, description="pension alimentaire payée par mois", **MONEY)
    savings: float = Field(0, ge=0, le=MAX_SAVINGS, allow_inf_nan=False, description="épargne (montant total)")
    change_months_ago: JsonInt = Field(
        0, ge=0, le=12, description="revenus changés il y a N mois (0 : pas de changement)"
    )
    previous_salary: float = Field(0, description="salaire net par mois avant le changement", **MONEY)
    previous_unemployment: float = Field(0, description="allocations chômage par mois avant le changement", **MONEY)
    previous_self_employed: float = Field(0, description="chiffre d'affaires par mois avant le changement", **MONEY)


class ChildInfoIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    disability: Literal[CHILD_DISABILITIES] = Field("none", description="none, aeeh, ou complément 1 à 6")
    shared_custody: bool = Field(False, description="garde alternée")
    student: bool = Field(False, description="études supérieures")
    salary: float = Field(0, description="salaire net par mois", **MONEY)


class SimulateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    adults: list[AdultIn] = Field(
        min_length=1, max_length=MAX_ADULTS, description="une ou deux personnes adultes (la première est le demandeur)"
    )
    children: list[Annotated[int, Ge(0), Le(25), BeforeValidator(_json_integer)]] = Field(
        default_factory=list, max_length=MAX_CHILDREN, description="âge de chaque enfant à charge (0 à 25 ans)"
    )
    children_info: list[ChildInfoIn] = Field(
        default_factory=list, max_length=MAX_CHILDREN, description="précisions sur chaque enfant, dans l'ordre"
    )
    couple_status: Literal[COUPLE_STATUSES] = Field("married", description="married, pacs ou cohabiting")
    pregnant: bool = Field(False, description="une grossesse en cours")
    housing: Literal[tuple(HOUSING_STATUSES)] = Field(
        description="tenant (locataire), owner (propriétaire), hosted (hébergé gratuitement), homeless (sans logement)"
    )
    rent: float = Field(0, description="loyer par mois hors charges (locataires)", **MONEY)
    commune: str = Field(
        pattern=r"^[0-9A-Za-z]{2}[0-9]{3}$",
        description="code INSEE de la commune (5 caractères), par exemple 69123 pour Lyon ; "
        "une commune inconnue est une erreur 404",
    )
    received: list[Literal[engine.BENEFIT_KEYS]] = Field(
        default_factory=list, max_length=len(engine.BENEFIT_KEYS), description="aides déjà touchées (clés des aides)"
    )
    period: str | None = Field(
        None,
        pattern=r"^(201[89]|20[2-9][0-9]|2100)-(0[1-9]|1[0-2])$",
        description="mois calculé AAAA-MM, de 2018-01 à 2100-12 (par défaut : le mois en cours)",
    )


class BenefitOut(Schema):
    key: str = Field(description="rsa, ppa, aide_logement, af, asf, cf, paje, aeeh, aah, aspa, css, ars")
    label: str
    explanation: str
    monthly_amount: int | None = Field(
        description="montant estimé par mois, arrondi à l'euro (CSS : participation à payer)"
    )
    yearly_amount: int | None = Field(description="montant par an pour les aides annuelles (ARS)")
    free: bool = Field(description="CSS sans participation")
    already_received: bool
    detail: str = Field(description="type d'aide au logement (APL, ALF, ALS)")
    claim_label: str
    claim_url: str


class SimulateOut(Schema):
    period: str
    rules_date: datetime.date | None = Field(
        description="date des règles OpenFisca utilisées (dernier changement de paramètre)"
    )
    rules_outdated: bool = Field(description="le mois calculé est après la date des règles connues")
    notice: str
    benefits: list[BenefitOut]


class StatusOut(Schema):
    ready: bool
    rules_date: datetime.date | None


EXAMPLE = {
    "adults": [{"age": 34, "disability": "none", "salary": 800, "unemployment": 0, "pension": 0, "other": 0}],
    "children": [5],
    "housing": "tenant",
    "rent": 500,
    "commune": "69123",
    "received": [],
    "period": "2026-11",
}
EXAMPLE_OUT = {
    "period": "2026-11",
    "rules_date": "2026-10-01",
    "rules_outdated": True,
    "notice": "Estimation : seul l'organisme qui verse l'aide peut dire le montant exact.",
    "benefits": [
        {
            "key": "ppa",
            "label": "Prime d'activité",
            "explanation": "Un complément de revenu pour les personnes qui travaillent et gagnent peu.",
            "monthly_amount": 392,
            "yearly_amount": None,
            "free": False,
            "already_received": False,
            "detail": "",
            "claim_label": "Demander la prime d'activité à la CAF (ou à la MSA)",
            "claim_url": "https://www.service-public.fr/particuliers/vosdroits/F2882",
        },
        {
            "key": "aide_logement",
            "label": "Aide au logement (APL, ALF ou ALS)",
            "explanation": "Une aide pour payer une partie du loyer.",
            "monthly_amount": 430,
            "yearly_amount": None,
            "free": False,
            "already_received": False,
            "detail": "ALF",
            "claim_label": "Demander l'aide au logement à la CAF (ou à la MSA)",
            "claim_url": "https://www.service-public.fr/particuliers/vosdroits/F12006",
        },
    ],
}


def _inline_schema(model: type[BaseModel]) -> dict:
    """The JSON schema of `model` with its nested definitions inlined (for openapi_extra)."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})

    def resolve(node):
        if isinstance(node, dict):
            if "$ref" in node:
                return resolve(copy.deepcopy(definitions[node["$ref"].rsplit("/", 1)[1]]))
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


FIELD_NAMES = {
    "adults": "adultes",
    "children": "enfants",
    "housing": "logement",
    "rent": "loyer",
    "commune": "commune",
    "received": "aides déjà touchées",
    "period": "mois",
    "age": "âge",
    "salary": "salaire",
    "unemployment": "chômage",
    "pension": "retraite",
    "other": "autres revenus",
    "disability": "handicap",
}


_TOO_HIGH = "Ce montant mensuel paraît trop élevé : vérifiez-le."
_NEGATIVE = "Un montant ne peut pas être négatif : indiquez 0 si vous n'avez rien touché."
_ADULT_AGE = f"L'âge d'un adulte doit être compris entre 16 et {MAX_AGE} ans."
_CHILD_AGE = "L'âge d'un enfant doit être compris entre 0 et 25 ans."
_SPECIFIC = {
    **{(name, "greater_than_equal"): _NEGATIVE for name in ("salary", "unemployment", "pension", "other", "rent")},
    **{(name, "less_than_equal"): _TOO_HIGH for name in ("salary", "unemployment", "pension", "other", "rent")},
    ("age", "greater_than_equal"): _ADULT_AGE,
    ("age", "less_than_equal"): _ADULT_AGE,
    ("children", "greater_than_equal"): _CHILD_AGE,
    ("children", "less_than_equal"): _CHILD_AGE,
    ("children", "too_long"): f"Indiquez au plus {MAX_CHILDREN} enfants.",
    ("adults", "too_short"): "Indiquez une ou deux personnes adultes dans le foyer.",
    ("adults", "too_long"): "Indiquez une ou deux personnes adultes dans le foyer.",
    ("period", "string_pattern_mismatch"): "Le mois doit s'écrire AAAA-MM, par exemple 2026-11 (à partir de 2018).",
    ("commune", "string_pattern_mismatch"): "Indiquez le code INSEE de la commune (5 caractères, par exemple 69123).",
}


def _french(error: ValidationError) -> str:
    first = error.errors()[0]
    where = " › ".join(
        FIELD_NAMES.get(str(part), str(int(part) + 1) if isinstance(part, int) else str(part)) for part in first["loc"]
    )
    if first["type"] == "missing":
        return f"Il manque une réponse : « {where} »."
    if first["type"] == "extra_forbidden":
        return f"Champ inconnu : « {where} »."
    loc = [part for part in first["loc"] if not isinstance(part, int)]
    last = loc[-1] if loc else ""
    specific = _SPECIFIC.get((last, first["type"]))
    if specific:
        return specific
    return f"Réponse invalide pour « {where} » : vérifiez la valeur (un nombre, ou l'un des choix permis)."


@router.post(
    "/simulate",
    response={200: SimulateOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut, 503: ErrorOut},
    summary="Estimer les aides d'un foyer",
    description="Prend les réponses du questionnaire et renvoie chaque aide possible avec son montant estimé "
    "par mois (arrondi à l'euro) et la date des règles utilisées. Calcul fait avec OpenFisca-France.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline_schema(SimulateIn), "example": EXAMPLE}},
        },
        "responses": {200: {"description": "OK", "content": {"application/json": {"example": EXAMPLE_OUT}}}},
    },
)
def simulate(request):
    if not policy.allows(request.user, "rights.simulate"):
        return _error(403, "Accès refusé.")
    clients = request_clients(request)
    services.simulation_refused_early(clients)  # a client already over the limit costs nothing more
    try:
        payload = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return _error(400, "Le corps de la requête n'est pas du JSON lisible.")
    if not isinstance(payload, dict):
        return _error(400, "Le corps de la requête doit être un objet JSON (voir l'exemple de la documentation).")
    try:
        data = SimulateIn.model_validate(payload)
    except ValidationError as exc:
        return _error(422, _french(exc))
    period = data.period or services.current_period()
    try:
        year, month = (int(part) for part in period.split("-"))
        if not (1 <= month <= 12 and 2018 <= year <= 2100) or len(period) != 7:
            raise ValueError
    except ValueError:
        return _error(422, "Le mois doit s'écrire AAAA-MM, par exemple 2026-11 (à partir de 2018).")
    answers = data.model_dump(exclude={"period"})
    try:
        household = services.answers_household(answers)
    except HouseholdError as exc:
        return _error(404 if exc.field == "commune" else 422, exc.message)
    try:
        estimate = services.household_estimate(
            household=household, period=period, procedures=claimable_procedures(), clients=clients
        )
    except engine.EngineNotReady:
        response = _error(503, "Le calcul est en préparation : réessayez dans quelques secondes.")
        response["Retry-After"] = "5"
        return response
    except engine.EngineFailure:
        return _error(503, "Le calcul n'a pas pu être fait. Réessayez plus tard.")
    return 200, SimulateOut(
        period=estimate.period,
        rules_date=estimate.rules_date,
        rules_outdated=estimate.rules_outdated,
        notice="Estimation : seul l'organisme qui verse l'aide peut dire le montant exact.",
        benefits=[
            BenefitOut(
                key=line.key,
                label=line.label,
                explanation=line.explanation,
                monthly_amount=None if line.yearly or line.free else line.amount,
                yearly_amount=line.amount if line.yearly else None,
                free=line.free,
                already_received=line.already_received,
                detail=line.detail,
                claim_label=line.claim_label,
                claim_url=line.claim_url,
            )
            for line in estimate.lines
        ],
    )


@router.get("/status", response=StatusOut, summary="Le calculateur est-il prêt ?")
def status(request):
    engine.start()
    return StatusOut(ready=engine.is_ready(), rules_date=engine.rules_date())
