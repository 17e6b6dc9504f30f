"""Demo observatory: built on the shipped Rhône extract of the open data (relais/observatory/data/demo,
reference area = the Rhône only) and the demo directory; idempotent (a build replaces the previous one)."""

from relais.observatory.paths import DEMO_DATA
from relais.observatory.services import observatory_build


def load(ctx: dict, stdout) -> None:
    build = observatory_build(data_dir=DEMO_DATA)
    stdout.write(f"  observatoire : {build.communes} communes, {build.places} lieux ({build.seconds} s)")
