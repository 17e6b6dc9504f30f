"""Public pages: the indicators of one procedure (with fixes before / after and stories), the national table,
the CSV and JSON exports."""

from __future__ import annotations

import csv
import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.feedback import export, selectors
from relais.procedures.models import Procedure
from relais.www.decorators import allowed

COLUMNS = [
    ("title", gettext_lazy("Démarche")),
    ("reviews", gettext_lazy("Avis")),
    ("satisfaction", gettext_lazy("Satisfaction /10")),
    ("clarity", gettext_lazy("Clarté /10")),
    ("help_reachable", gettext_lazy("Aide joignable")),
    ("help_quality", gettext_lazy("Qualité de l'aide /10")),
    ("autonomy", gettext_lazy("Autonomie /10")),
]


@allowed("feedback.indicators")
def table(request):
    sort = request.GET.get("tri", "title")
    sort = sort if sort in selectors.SORTS else "title"
    descending = request.GET.get("ordre") == "desc"
    columns = [
        {"key": key, "label": label, "active": key == sort, "next": "asc" if key == sort and descending else "desc"}
        for key, label in COLUMNS
    ]
    return render(
        request,
        "feedback/table.html",
        {
            "title": _("Indicateurs des démarches"),
            "rows": selectors.national_table(sort=sort, descending=descending),
            "columns": columns,
            "sort": sort,
            "descending": descending,
            "minimum": selectors.indicators.min_reviews(),
        },
    )


@allowed("feedback.indicators")
def procedure(request, slug: str):
    procedure = get_object_or_404(Procedure.objects.published(), slug=slug)
    return render(
        request,
        "feedback/procedure.html",
        {
            "title": _("Indicateurs de « %(title)s »") % {"title": procedure.title},
            "procedure": procedure,
            **selectors.public_page(procedure=procedure),
        },
    )


@allowed("feedback.indicators")
def download(request, fmt: str):
    if fmt == "json":
        return HttpResponse(
            json.dumps({"indicators": export.rows()}, ensure_ascii=False), content_type="application/json"
        )
    if fmt != "csv":
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicateurs-demarches.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(export.HEADER)
    writer.writerows(export.csv_rows())
    return response
