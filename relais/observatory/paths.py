"""Where the open-data files are: `--data DIR`, else OBSERVATORY_DATA_DIR, else var/territory."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

DEMO_DATA = Path(__file__).resolve().parent / "data" / "demo"


def default_data_dir() -> Path:
    configured = os.environ.get("OBSERVATORY_DATA_DIR") or getattr(settings, "OBSERVATORY_DATA_DIR", "")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "territory"
