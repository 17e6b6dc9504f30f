"""Published procedures a person can claim a benefit through, for the screens that show rights.

The rights domain does not know procedures (they are siblings): the screens and the API fetch
these links here and pass them to `relais.rights.services.household_estimate(procedures=...)`."""

from __future__ import annotations

from dataclasses import dataclass

from relais.procedures.models import Procedure


@dataclass(frozen=True)
class ClaimLink:
    slug: str
    title: str
    url: str


def claimable_procedures() -> list[ClaimLink]:
    """Every published procedure, as (slug, title, url)."""
    return [
        ClaimLink(slug=procedure.slug, title=procedure.title, url=procedure.get_absolute_url())
        for procedure in Procedure.objects.published().only("slug", "title")
    ]
