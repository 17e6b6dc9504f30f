"""The single entry point `process_upload`: check, scan, fit."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from relais.documents import antivirus
from relais.documents.processing.common import (
    DEFAULT_MAX_BYTES,
    IMAGE_KINDS,
    MSG_NO_FILE,
    MSG_ONE_FILE,
    MSG_SCANNER,
    MSG_UNKNOWN,
    MSG_VIRUS,
    Kind,
    Processed,
    UploadRefused,
)
from relais.documents.processing.images import fit_image
from relais.documents.processing.merging import _merge
from relais.documents.processing.pdf import fit_pdf
from relais.documents.processing.sniffing import _check_common

# --- Single entry point ----------------------------------------------------------------------------------


def _normalise_accept(accept: Iterable[str]) -> set[Kind]:
    kinds: set[Kind] = set()
    for value in accept:
        value = str(value).lower().strip()
        if value in ("image", "images", "photo"):
            kinds |= IMAGE_KINDS
        elif value in ("heic", "heif"):
            kinds.add(Kind.HEIF)
        elif value in ("jpg", "jpeg"):
            kinds.add(Kind.JPEG)
        elif value in {k.value for k in Kind}:
            kinds.add(Kind(value))
    return kinds


def accepted_message(kinds: set[Kind]) -> str:
    if kinds == {Kind.PDF}:
        return "Ce type de fichier n'est pas accepté ici. Envoyez un PDF."
    if kinds and Kind.PDF not in kinds:
        return "Ce type de fichier n'est pas accepté ici. Envoyez une photo (JPEG, PNG, HEIC)."
    return MSG_UNKNOWN


Scanner = Callable[[bytes], object]


def _scan(data: bytes, scanner: Scanner | None) -> None:
    try:
        verdict = (scanner or antivirus.scan)(data)
    except antivirus.ScannerUnavailable as exc:
        raise UploadRefused(MSG_SCANNER, code="scanner") from exc
    if not getattr(verdict, "clean", False):
        raise UploadRefused(MSG_VIRUS, code="virus")


def process_upload(
    files: list[bytes],
    *,
    accept: Iterable[str] = ("image", "pdf"),
    max_bytes: int = DEFAULT_MAX_BYTES,
    one_pdf: bool = False,
    scanner: Scanner | None = None,
) -> Processed:
    """THE entry point: check, scan, fit. See the module docstring."""
    files = [bytes(f) for f in files]
    if not files:
        raise UploadRefused(MSG_NO_FILE, code="empty")
    kinds_allowed = _normalise_accept(accept)
    items: list[tuple[bytes, Kind]] = []
    for data in files:
        kind = _check_common(data)
        _scan(data, scanner)
        items.append((data, kind))
    images_refused_but_pdf = not (kinds_allowed & IMAGE_KINDS) and Kind.PDF in kinds_allowed
    for _data, kind in items:
        if kind not in kinds_allowed and not (kind in IMAGE_KINDS and images_refused_but_pdf):
            raise UploadRefused(accepted_message(kinds_allowed), code="kind")
    if one_pdf or images_refused_but_pdf:
        if len(items) == 1 and items[0][1] == Kind.PDF:
            return fit_pdf(items[0][0], max_bytes=max_bytes)
        return _merge(items, max_bytes=max_bytes)
    if len(items) > 1:
        raise UploadRefused(MSG_ONE_FILE, code="one_file")
    data, kind = items[0]
    if kind == Kind.PDF:
        return fit_pdf(data, max_bytes=max_bytes)
    return fit_image(data, max_bytes=max_bytes)
