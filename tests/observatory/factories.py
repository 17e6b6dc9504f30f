"""A small stored build (no file read): one département and its communes, for screens and authorization."""

from __future__ import annotations

from django.utils import timezone

from relais.observatory import indicators
from relais.observatory.models import Build, CommuneFigures, DepartementFigures


def make_build(code: str = "69", *, communes: int = 2, flagged: bool = True) -> Build:
    now = timezone.now()
    build = Build.objects.create(
        started_at=now,
        finished_at=now,
        weights=indicators.weights(),
        sources={i.key: {**i.source.as_dict(), "unit": i.unit} for i in indicators.INDICATORS},
        communes=communes,
        frames={
            "national": {"west": -5.0, "south": 41.0, "east": 10.0, "north": 51.0, "width": 600.0},
            code: {"west": 4.0, "south": 45.0, "east": 5.0, "north": 46.0, "width": 600.0},
        },
    )
    DepartementFigures.objects.create(
        build=build,
        code=code,
        name=f"Département {code}",
        population=10_000,
        communes=communes,
        score=5.5,
        shape="M300 300 310 300 310 310Z",
    )
    DepartementFigures.objects.create(build=build, code="2A", name="Corse-du-Sud", shape="M500 500 510 500 510 510Z")
    for n in range(communes):
        CommuneFigures.objects.create(
            build=build,
            code=f"{code}{n + 900:03d}"[:5],
            name=f"Commune {n}",
            departement_code=code,
            population=1000 + n,
            latitude=45.5,
            longitude=4.5,
            indicators={"values": {"poverty": "secret", "seniors": 20.0}, "index": {"seniors": 100.0}},
            score=9.0 - n,
            flagged=flagged and n == 0,
            reasons=[{"code": "score", "value": 9.0}, {"code": "fs_far", "km": 24.2}, {"code": "no_saturday"}]
            if flagged and n == 0
            else [],
            coverage={"france_services_km": 24.2, "digital_km": None, "places": 0},
            shape="M0 0 10 0 10 10Z",
        )
    return build
