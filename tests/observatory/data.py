"""The real open data for the observatory tests: the shared folder beside the project (../shared/data/territory,
or RELAIS_SHARED_TERRITORY; skipped with the reason when absent, as on a fresh clone, and a failure in CI, which has
it) and a folder holding only the real rows of a few communes."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from tests.conftest import missing_tool

SHARED = Path(
    os.environ.get("RELAIS_SHARED_TERRITORY")
    or Path(__file__).resolve().parents[2].parent / "shared" / "data" / "territory"
)
ALBIGNY, BRON, VENISSIEUX = "69003", "69029", "69259"


def shared_data() -> Path:
    if not (SHARED / "communes_decoupage_administratif.csv").exists():
        missing_tool(f"the real open data is not in {SHARED} (../shared/data/territory; set RELAIS_SHARED_TERRITORY)")
    return SHARED


def _copy_lines(source: Path, target: Path, keep, *, header_lines: int = 1) -> None:
    with open(source, encoding="utf-8-sig", newline="") as handle:
        lines = handle.read().splitlines(keepends=True)
    target.write_text("".join(lines[:header_lines] + [line for line in lines[header_lines:] if keep(line)]), "utf-8")


def few_communes_dir(tmp_path: Path, codes: list[str], *, france_services: list[tuple[float, float]]) -> Path:
    """A data folder with the real rows of `codes` only and France services at the given positions."""
    shared = shared_data()
    directory = tmp_path / "territory"
    directory.mkdir()
    quoted = tuple(f'"{code}"' for code in codes)
    _copy_lines(
        shared / "communes_decoupage_administratif.csv",
        directory / "communes_decoupage_administratif.csv",
        lambda line: any(q in line for q in quoted),
    )
    for name in ("insee_populations_communales_2017.csv", "insee_filosofi_2021_communes.csv"):
        _copy_lines(shared / name, directory / name, lambda line: line[:5] in codes)
    _copy_lines(
        shared / "ifn_rp2017_rates_communes.csv",
        directory / "ifn_rp2017_rates_communes.csv",
        lambda line: line.split(",")[1] in codes,
    )
    _copy_lines(
        shared / "arcep_commune_debit_beta_2019.csv",
        directory / "arcep_commune_debit_beta_2019.csv",
        lambda line: line[:5] in codes,
        header_lines=2,
    )
    with open(directory / "france_services_20221201.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id_fs", "insee_dep", "lib_fs", "latitude", "longitude"])
        for number, (lat, lon) in enumerate(france_services):
            writer.writerow([number, "69", f"France services {number}", lat, lon])
    return directory
