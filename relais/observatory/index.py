"""The vulnerability index, vectorised with numpy (docs/adr/0019).

`compute(values, population, weights)`: `values` is an (n communes × k indicators) array with NaN for a
missing value. Reference value of an indicator = the population-weighted mean over the communes where both
are known (the reference area's own rate). Index = value / reference × 100. Axis = weighted mean of its
known indicators' indices; total = mean of the known axes; score = 1 + 9 × (share of communes with a lower
total), one decimal: 1 = the least fragile commune of the area, 10 = the most fragile."""

from __future__ import annotations

import numpy as np

from relais.observatory.indicators import AXES, INDICATORS


def reference_values(values: np.ndarray, population: np.ndarray) -> np.ndarray:
    known = ~np.isnan(values) & ~np.isnan(population)[:, None] & (population[:, None] > 0)
    weights = np.where(known, population[:, None], 0.0)
    totals = weights.sum(axis=0)
    weighted = np.where(known, values, 0.0) * weights
    with np.errstate(invalid="ignore", divide="ignore"):
        reference = weighted.sum(axis=0) / totals
    present = ~np.isnan(values)
    counts = present.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        fallback = np.where(present, values, 0.0).sum(axis=0) / counts  # plain mean where no population is known
    return np.where(totals > 0, reference, np.where(counts > 0, fallback, np.nan))


def indices(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        out = values / reference[None, :] * 100.0
    return np.where(np.isfinite(out), out, np.nan)


def axes_and_total(index: np.ndarray, weights: dict[str, float]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    axis_values = {}
    for axis in AXES:
        w = np.array([weights.get(ind.key, 0.0) if ind.axis == axis else 0.0 for ind in INDICATORS])
        if not w.any():
            continue
        known = ~np.isnan(index) & (w[None, :] > 0)
        denominator = np.where(known, w[None, :], 0.0).sum(axis=1)
        numerator = np.where(known, index, 0.0) @ w
        with np.errstate(invalid="ignore", divide="ignore"):
            axis_values[axis] = np.where(denominator > 0, numerator / denominator, np.nan)
    if not axis_values:
        return {}, np.full(index.shape[0], np.nan)
    stacked = np.vstack(list(axis_values.values()))
    known = ~np.isnan(stacked)
    count = known.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.where(count > 0, np.where(known, stacked, 0.0).sum(axis=0) / count, np.nan)
    return axis_values, total


def scores(total: np.ndarray) -> np.ndarray:
    """1 + 9 × (number of communes with a strictly lower total) / (number of known totals − 1)."""
    out = np.full(total.shape, np.nan)
    known = ~np.isnan(total)
    values = total[known]
    if values.size == 0:
        return out
    ordered = np.sort(values)
    lower = np.searchsorted(ordered, values, side="left")
    spread = max(values.size - 1, 1)
    out[known] = np.round(1 + 9 * lower / spread, 1) if values.size > 1 else 5.5
    return out


def compute(values: np.ndarray, population: np.ndarray, weights: dict[str, dict[str, float]]) -> dict:
    reference = reference_values(values, population)
    index = indices(values, reference)
    result = {"reference": reference, "index": index, "variants": {}}
    for variant, variant_weights in weights.items():
        axis_values, total = axes_and_total(index, variant_weights)
        result["variants"][variant] = {"axes": axis_values, "total": total, "score": scores(total)}
    return result
