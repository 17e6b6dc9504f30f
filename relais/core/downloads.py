"""Files sent to the browser: the one place where a Content-Disposition header is built.

Titles and file names typed by people (a document of the safe, an uploaded file's name) end up in the
header. `clean_name` removes what must never reach it (line breaks and other control characters,
direction overrides that disguise an extension) and every header goes through Django's
`content_disposition_header` (RFC 6266: quoted when ASCII, `filename*=utf-8''…` otherwise)."""

from __future__ import annotations

import re
import unicodedata

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Bidirectional embeddings, overrides and isolates: "facture\u202efdp.exe" shows as "factureexe.pdf".
_BIDI_CONTROLS = {"\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
_SPACES = re.compile(r"\s+")


def clean_name(text: str) -> str:
    """Free text (a title, a file name) without control characters; runs of whitespace become one space."""
    kept = []
    for char in str(text or ""):
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS:
            kept.append(" ")
        else:
            kept.append(char)
    return _SPACES.sub(" ", "".join(kept)).strip()


def set_download_name(response: HttpResponse, filename: str, *, inline: bool = False) -> HttpResponse:
    """Name the file the response carries; `inline` shows it in the browser instead of saving it."""
    name = clean_name(filename) or "fichier"
    response["Content-Disposition"] = content_disposition_header(not inline, name)
    return response
