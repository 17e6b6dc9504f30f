"""Personal data in free text: NIR (French social-security number, with its key), IBAN (mod 97), French phone
numbers and email addresses. `find` lists what looks personal; `strip` replaces each with « [retiré] ».

Used before saving any free text of a review or a helper report: nothing personal is kept nor published."""

from __future__ import annotations

import re
from dataclasses import dataclass

REMOVED = "[retiré]"

_SEP = r"[ .\-]?"
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}\b")
NIR = re.compile(
    rf"\b([12378]){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}|2[AB]){_SEP}(\d{{3}}){_SEP}(\d{{3}}){_SEP}(\d{{2}})\b",
    re.IGNORECASE,
)
PHONE = re.compile(rf"(?<![\dA-Za-z])(?:\+33{_SEP}(?:\(0\))?|0033{_SEP}|0)[1-9](?:{_SEP}\d{{2}}){{4}}(?!\d)")


@dataclass(frozen=True)
class Finding:
    kind: str  # "email", "iban", "nir", "phone"
    start: int
    end: int


def nir_key_ok(groups: tuple[str, ...]) -> bool:
    """The NIR's 2-digit key is 97 - (the 13 digits mod 97); Corsica's 2A / 2B count as 19 / 18."""
    digits = "".join(groups[:6]).upper()
    body = digits.replace("2A", "19").replace("2B", "18")
    if len(body) != 13 or not body.isdigit():
        return False
    return 97 - int(body) % 97 == int(groups[6])


def iban_ok(text: str) -> bool:
    """ISO 13616: move the first 4 characters to the end, letters to numbers (A = 10), the number mod 97 is 1."""
    compact = re.sub(r"\s", "", text).upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    moved = compact[4:] + compact[:4]
    if not moved.isalnum():
        return False
    number = "".join(str(int(char, 36)) for char in moved)
    return int(number) % 97 == 1


def find(text: str) -> list[Finding]:
    """What looks like personal data in `text`, without overlaps, in order."""
    found: list[Finding] = []

    def free(start: int, end: int) -> bool:
        return all(end <= f.start or start >= f.end for f in found)

    for match in EMAIL.finditer(text):
        found.append(Finding("email", match.start(), match.end()))
    for match in IBAN.finditer(text):
        candidate = match.group()
        while candidate and not iban_ok(candidate):  # the pattern may take a following word: drop it
            candidate = candidate.rsplit(" ", 1)[0] if " " in candidate else ""
        if candidate and free(match.start(), match.start() + len(candidate)):
            found.append(Finding("iban", match.start(), match.start() + len(candidate)))
    for match in NIR.finditer(text):
        if nir_key_ok(match.groups()) and free(match.start(), match.end()):
            found.append(Finding("nir", match.start(), match.end()))
    for match in PHONE.finditer(text):
        if free(match.start(), match.end()):
            found.append(Finding("phone", match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def strip(text: str) -> tuple[str, list[str]]:
    """(the text with each finding replaced by « [retiré] », the kinds removed)."""
    findings = find(text or "")
    if not findings:
        return text or "", []
    parts, last = [], 0
    for finding in findings:
        parts.append(text[last : finding.start])
        parts.append(REMOVED)
        last = finding.end
    parts.append(text[last:])
    return "".join(parts), [f.kind for f in findings]
