"""The indicators as rows for the CSV and JSON exports and the API (no personal data: counts and scores)."""

from __future__ import annotations

from relais.feedback import selectors

HEADER = [
    "démarche",
    "adresse courte",
    "avis (12 mois)",
    "publié",
    "satisfaction /10",
    "clarté /10",
    "aide joignable %",
    "qualité de l'aide /10",
    "autonomie /10",
]


def rows() -> list[dict]:
    result = []
    for row in selectors.national_table():
        values = row.values
        shown = values.shown
        result.append(
            {
                "title": row.title,
                "slug": row.slug,
                "kind": str(row.kind),
                "reviews": values.reviews,
                "shown": shown,
                "satisfaction": values.satisfaction if shown else None,
                "clarity": values.clarity if shown else None,
                "help_reachable": values.help_reachable if shown else None,
                "help_quality": values.help_quality if shown else None,
                "autonomy": values.autonomy if shown else None,
                "colours": values.colours if shown else None,
            }
        )
    return result


def csv_rows() -> list[list]:
    def cell(value):
        return "" if value is None else value

    return [
        [
            r["title"],
            r["slug"],
            r["reviews"],
            "oui" if r["shown"] else "non",
            *(cell(r[k]) for k in ("satisfaction", "clarity", "help_reachable", "help_quality", "autonomy")),
        ]
        for r in rows()
    ]
