"""Issue #20, item 1: every DSFR icon used has its rule (the icon sheet is not loaded whole)."""

import re
from pathlib import Path

import dsfr

ROOT = Path(__file__).resolve().parents[2]
DSFR_STATIC = Path(dsfr.__file__).parent / "static"
ICON = re.compile(r"\bfr-icon-[a-z0-9-]+(?<!-)")


def used_icons() -> set[str]:
    found = set()
    for folder in ("templates", "relais"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".py", ".txt"} and "migrations" not in path.parts:
                found |= set(ICON.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_icon_used_has_a_rule_and_its_svg_exists():
    css = (ROOT / "static" / "css" / "icons.css").read_text()
    used = used_icons()
    assert used, "the scan must find the icons the templates use"
    for icon in sorted(used):
        match = re.search(rf"\.{icon}:before\{{[^}}]*mask-image:url\(([^)]+)\)", css)
        assert match, f"{icon} is used but has no rule in static/css/icons.css"
        svg = (ROOT / "static" / "css" / match.group(1)).resolve()
        relative = svg.relative_to((ROOT / "static").resolve())
        assert (DSFR_STATIC / relative).is_file(), f"{icon}: {relative} does not exist in django-dsfr"


def test_the_base_template_loads_the_icon_rules():
    assert "css/icons.css" in (ROOT / "templates" / "base.html").read_text()
