"""Ranking of the directory's search candidates (docs/adr/0012, "Ranking" and "Speed").

`best` gives the same page as scoring every candidate and sorting them all, but scores only the
candidates that can still enter the page: a candidate's score is never below
(distance + 1) × freshness / 1.3 (every word matched, the best name bonus), so once the page is
full, candidates whose bound is above its last score are left unscored. Near Paris a search has
thousands of candidates and a page of 20: most are never scored."""

from __future__ import annotations

import heapq
from functools import lru_cache

from relais.territory.text import normalize

NAME_BONUS = 0.3
_ROUNDING = 0.0001  # scores are rounded to 4 decimals: bounds are lowered by more than that


def rank_score(*, distance_km: float, relevance: float, staleness: int, name_share: float) -> float:
    """Lower is better. Text relevance first (a service matching half the words ranks as if 11
    times farther, so every word 10 km away beats half of them next door), then distance, then
    freshness (a place checked 9 months ago or more as if 30 % farther, 10 % per quarter), and a
    bonus for the query's words at the start of the service's name's words."""
    freshness = 1 + 0.1 * staleness
    return (distance_km + 1) * (1 + 20 * (1 - relevance)) * freshness / (1 + NAME_BONUS * name_share)


@lru_cache(maxsize=50_000)
def _normalized(text: str) -> str:
    return normalize(text)


def best(candidates: list[tuple], plan, *, keep: int, after: tuple[float, int] | None):
    """(total, the first `keep` (score, pk, distance) after the cursor `after`, best first).

    A candidate is (pk, distance — None for a service reachable remotely —, equivalent distance,
    name, …, staleness at 8, themes at 9, the plan's fields from 10). `total` counts the candidates
    with some relevance."""
    words = plan.words
    shares: dict[tuple, float] = {}  # many services share a text and themes (memoised per search)

    def share_of(candidate) -> float:
        key = (candidate[9], *candidate[10:])
        if key not in shares:
            shares[key] = plan.relevance(candidate[9], candidate[10:])
        return shares[key]

    # Local candidates matched a unit's words or categories in SQL: only one carrying a category the
    # lexicon excludes can have no relevance at all. Services reachable remotely are few, and an
    # engine may leave their matching to `relevance` (SQLite): each is checked.
    excluded = [f" {code} " for unit in plan.units for code in unit.exclude]
    total = len(candidates)
    if plan:
        total -= sum(
            1 for c in candidates if (c[1] is None or any(code in c[9] for code in excluded)) and share_of(c) <= 0
        )

    name_shares: dict[str, float] = {}
    worst: list[tuple[float, int, float | None]] = []  # the page so far, as a heap of (-score, -pk, distance)
    order = sorted(((c[2] + 1) * (1 + 0.1 * c[8]) / (1 + NAME_BONUS) - _ROUNDING, i) for i, c in enumerate(candidates))
    for bound, i in order:
        if len(worst) >= keep and bound > -worst[0][0]:
            break  # no candidate left can enter the page
        candidate = candidates[i]
        share = share_of(candidate)
        if share <= 0:
            continue  # reached only through a category the lexicon excludes for these words
        pk, distance, equivalent, name = candidate[:4]
        if name not in name_shares:
            name_words = _normalized(name).split()
            found = sum(1.0 for w in words if any(n.startswith(w) for n in name_words))
            name_shares[name] = found / len(words) if words else 0.0
        score = round(
            rank_score(distance_km=equivalent, relevance=share, staleness=candidate[8], name_share=name_shares[name]),
            4,
        )
        if after and (score, pk) <= after:
            continue
        entry = (-score, -pk, distance)
        if len(worst) < keep:
            heapq.heappush(worst, entry)
        elif (score, pk) < (-worst[0][0], -worst[0][1]):
            heapq.heapreplace(worst, entry)
    return total, sorted((-s, -pk, d) for s, pk, d in worst)
