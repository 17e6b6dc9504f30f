"""Demo territory: the real communes of the Rhône and Bouches-du-Rhône (shipped extract)."""

from pathlib import Path

from django.core.management import call_command

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"


def load(ctx: dict, stdout) -> None:
    call_command(
        "import_territory",
        regions=str(DEMO_DIR / "regions.csv"),
        departements=str(DEMO_DIR / "departements.csv"),
        communes=str(DEMO_DIR / "communes.csv"),
        populations=str(DEMO_DIR / "populations.csv"),
        no_progress=True,
        stdout=stdout,
    )
