"""Walking the rights questionnaire in a browser, one screen at a time (shared by the rights
browser tests): `walk(page, url, answers, javascript=…)` fills each screen the server shows,
checks it with axe-core, and sends it."""

from __future__ import annotations

from tests.browser.fixtures import assert_accessible, submit


def _continue(page) -> None:
    submit(page, page.locator("main form button[type=submit]").first)


def _commune(page, javascript: bool) -> None:
    field = page.locator("input[name=commune]")
    if javascript:
        field.press_sequentially("Lyon", delay=30)
        page.locator("[role=option]").first.click()
        assert page.locator("input[name=commune_code]").input_value() == "69123"
    else:
        field.fill("Lyon")


def fill(page, values: dict, *, javascript: bool) -> None:
    """Fill one screen: text fields by name, radios by (name, value), checkboxes as lists."""
    for name, value in values.items():
        if name == "commune":
            _commune(page, javascript)
        elif isinstance(value, list):
            for item in value:
                page.locator(f"input[name={name}][value='{item}']").check(force=True)
        elif page.locator(f"input[type=radio][name={name}]").count():
            page.locator(f"input[name={name}][value='{value}']").check(force=True)
        elif page.locator(f"select[name={name}]").count():
            page.select_option(f"select[name={name}]", str(value))
        else:
            page.fill(f"input[name={name}]", str(value))


def walk(page, base_url: str, screens: list[tuple[str, dict]], *, javascript: bool) -> list[str]:
    """Start the questionnaire and answer `screens` ([(slug, values)]) in the order the server asks;
    returns the slugs seen. A screen the server shows that is not in `screens` fails the walk."""
    answers = dict(screens)
    page.goto(f"{base_url}/droits/")
    assert_accessible(page, context="start")
    submit(page, page.get_by_role("button", name="Commencer"))
    seen = []
    while "/droits/question/" in page.url:
        slug = page.url.rstrip("/").rsplit("/", 1)[-1]
        assert slug in answers, f"unexpected screen {slug}"
        seen.append(slug)
        assert_accessible(page, context=slug)
        fill(page, answers[slug], javascript=javascript)
        _continue(page)
    assert page.url.endswith("/droits/resultats/"), page.url
    return seen
