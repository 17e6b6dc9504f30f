"""Feedback API: the published indicators of every procedure (public, no token: counts and scores only)."""

from ninja import Router, Schema

from relais.feedback import export

router = Router(tags=["feedback"])


class ColoursOut(Schema):
    satisfaction: str
    clarity: str
    help_reachable: str
    help_quality: str
    autonomy: str


class IndicatorOut(Schema):
    title: str
    slug: str
    kind: str
    reviews: int
    shown: bool
    satisfaction: float | None
    clarity: float | None
    help_reachable: float | None
    help_quality: float | None
    autonomy: float | None
    colours: ColoursOut | None


@router.get("/indicators", response=list[IndicatorOut], summary="Indicateurs des démarches (Observatoire)")
def indicators(request):
    """Satisfaction, clarté, aide joignable, qualité de l'aide, autonomie ; `null` sous le minimum d'avis."""
    return export.rows()
