"""Public pages of the observatory: the national map of départements, a département's communes, one commune.
No personal data: figures per area only. « Pas encore calculé » when no build was run."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from relais.observatory import indicators, selectors
from relais.observatory.coverage import KINDS
from relais.observatory.flags import sentences
from relais.observatory.geometry import commune_files
from relais.www.decorators import allowed
from relais.www.observatory.views import common


def _not_built(request, title: str):
    return render(request, "observatory/not_built.html", {"title": title})


@allowed("observatory.view")
def national(request):
    build = selectors.latest_build()
    title = _("Observatoire territorial : fragilité et offre d'aide")
    if build is None:
        return _not_built(request, title)
    sort, direction = common.sort_params(request, selectors.DEPARTEMENT_SORTS)
    rows = selectors.departements_table(build=build, sort=sort, direction=direction)
    context = {
        "title": title,
        "build": build,
        "rows": rows,
        "headers": common.header_links(common.DEPARTEMENT_COLUMNS, sort, direction),
        "map": common.map_context(build, figures=rows, frame_key="national", link=common.departement_link),
        "map_title": _("Carte des départements de France métropolitaine selon l'indice de fragilité"),
        **common.weights_context(build),
    }
    return render(request, "observatory/national.html", context)


def departement_context(request, build, code: str, *, public_only: bool) -> dict:
    figure = selectors.departement_figures(build=build, code=code)
    if figure is None:
        raise Http404
    sort, direction = common.sort_params(request, selectors.COMMUNE_SORTS)
    rows = selectors.communes_table(build=build, departement_code=code, sort=sort, direction=direction)
    flagged = selectors.flagged(build=build, departement_codes=[code])
    return {
        "build": build,
        "departement": figure,
        "rows": rows,
        "headers": common.header_links(common.COMMUNE_COLUMNS, sort, direction),
        "has_boundaries": code in build.frames,
        "boundaries_known": sorted(k for k in build.frames if k != "national") or sorted(commune_files(None)),
        "map": common.map_context(
            build,
            figures=rows,
            frame_key=code,
            link=common.commune_link,
            places=selectors.places_points(departement_code=code),
        ),
        "map_title": _("Carte des communes du département %(name)s selon l'indice de fragilité")
        % {"name": figure.name},
        "flagged": [(f, sentences(f.reasons)) for f in flagged],
        "kinds": KINDS,
        "layers": common.layers(public_only),
        **common.weights_context(build),
    }


@allowed("observatory.view")
def departement(request, code: str):
    build = selectors.latest_build()
    if build is None:
        return _not_built(request, _("Observatoire territorial"))
    context = departement_context(request, build, code, public_only=True)
    context["title"] = _("Observatoire : %(name)s") % {"name": context["departement"].name}
    return render(request, "observatory/departement.html", context)


@allowed("observatory.view")
def commune(request, code: str):
    build = selectors.latest_build()
    if build is None:
        return _not_built(request, _("Observatoire territorial"))
    figure = selectors.commune_figures(build=build, code=code)
    if figure is None:
        raise Http404
    values, index = figure.indicators.get("values", {}), figure.indicators.get("index", {})
    rows = [
        {
            "indicator": indicator,
            "axis": indicators.AXES[indicator.axis],
            "value": values.get(indicator.key, "absent"),
            "index": index.get(indicator.key),
            "source": build.sources.get(indicator.key, {}),
        }
        for indicator in indicators.INDICATORS
    ]
    context = {
        "title": _("Observatoire : %(name)s") % {"name": figure.name},
        "build": build,
        "commune": figure,
        "rows": rows,
        "axes": [(indicators.AXES[key], value) for key, value in figure.axes.items()],
        "headcounts": [
            (indicators.HEADCOUNTS[k], v) for k, v in figure.headcounts.items() if k in indicators.HEADCOUNTS
        ],
        "kinds": KINDS,
        "layers": common.layers(True),
        "reasons": sentences(figure.reasons),
    }
    return render(request, "observatory/commune.html", context)
