"""The public statistics of escalations (no personal data) and their CSV export."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from relais.core.csv import SafeWriter
from relais.core.downloads import set_download_name
from relais.escalations import stats
from relais.escalations.models import BlockingCause
from relais.www.decorators import allowed


@allowed("escalation.stats")
def statistics(request):
    return render(
        request,
        "escalations/stats.html",
        {
            "title": _("Saisines : délais de réponse des administrations"),
            "lines": stats.lines(),
            "causes": [(BlockingCause(code).label, count) for code, count in stats.counts_by_cause().items()],
            "procedures": stats.counts_by_procedure(),
        },
    )


@allowed("escalation.stats")
def statistics_csv(request):
    handle = io.StringIO()
    writer = SafeWriter(handle, delimiter=";")
    writer.writerow(stats.CSV_HEADER)
    for row in stats.csv_rows():
        writer.writerow(row)
    response = HttpResponse(handle.getvalue(), content_type="text/csv; charset=utf-8")
    return set_download_name(response, "saisines-statistiques.csv")
