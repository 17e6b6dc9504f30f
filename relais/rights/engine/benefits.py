"""What the engine computes: the benefits and their OpenFisca variables, the errors, the result
of one household."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Benefit:
    key: str
    variables: tuple[str, ...]  # OpenFisca variables computed for this benefit
    yearly: bool = False


# Order = order of display. Every variable here is computed by both paths.
BENEFITS: tuple[Benefit, ...] = (
    Benefit("rsa", ("rsa",)),
    Benefit("ppa", ("ppa",)),
    Benefit("aide_logement", ("aide_logement", "apl", "alf", "als")),
    Benefit("af", ("af",)),
    Benefit("asf", ("asf",)),
    Benefit("cf", ("cf",)),
    Benefit("paje", ("paje_base",)),
    Benefit("aeeh", ("aeeh",)),
    Benefit("aah", ("aah",)),
    Benefit("aspa", ("aspa",)),
    Benefit("css", ("cmu_c", "css_participation_forfaitaire")),
    Benefit("ars", ("ars",), yearly=True),
)
BENEFIT_KEYS = tuple(b.key for b in BENEFITS)
INDIVIDUAL_VARIABLES = frozenset({"aah"})  # computed per person, summed over the family
YEARLY_VARIABLES = frozenset({"ars"})
ALL_VARIABLES = tuple(v for b in BENEFITS for v in b.variables)


class EngineNotReady(RuntimeError):
    """The tax-benefit system is still being built."""


class EngineFailure(RuntimeError):
    """OpenFisca failed (build or computation)."""


@dataclass
class HouseholdResult:
    """Raw OpenFisca values (floats, not rounded) of one household for `period`."""

    values: dict[str, float]
    period: str

    def amount(self, key: str) -> float:
        """Monthly amount of a benefit (ARS: the yearly amount; CSS: the monthly contribution)."""
        if key == "aide_logement":
            return self.values["aide_logement"]
        if key == "css":
            return self.values["css_participation_forfaitaire"]
        if key == "paje":
            return self.values["paje_base"]
        return self.values[key]

    def aah_by_adult(self) -> tuple[float, float]:
        """AAH of the first and second adult (the family total when not known per person)."""
        if "aah_adult0" in self.values:
            return self.values["aah_adult0"], self.values.get("aah_adult1", 0.0)
        return self.values["aah"], 0.0

    def granted(self, key: str) -> bool:
        if key == "css":
            return bool(self.values["cmu_c"]) or self.values["css_participation_forfaitaire"] > 0
        return round(self.amount(key)) > 0

    def housing_kind(self) -> str:
        for name in ("apl", "alf", "als"):
            if self.values[name] > 0:
                return name
        return ""
