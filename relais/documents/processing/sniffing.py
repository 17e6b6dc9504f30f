"""Kind sniffing: what a file is, from its first bytes (never its name)."""

from __future__ import annotations

from relais.documents.processing.common import (
    MAX_UPLOAD_BYTES,
    MSG_EMPTY,
    MSG_TOO_BIG,
    MSG_UNKNOWN,
    Kind,
    UploadRefused,
)

# --- Kind sniffing -------------------------------------------------------------------------------

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


def sniff(data: bytes) -> Kind:
    """The file kind from its first bytes. Raises UploadRefused for empty or unknown content."""
    if not data:
        raise UploadRefused(MSG_EMPTY, code="empty")
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Kind.WEBP
    if head[4:8] == b"ftyp":
        brands = {head[8:12]}
        box_size = int.from_bytes(head[:4], "big")
        compatible = data[16 : min(box_size, 64)]
        brands.update(compatible[i : i + 4] for i in range(0, len(compatible) - 3, 4))
        if brands & _HEIF_BRANDS and b"avif" not in brands - {b"mif1", b"msf1"}:
            return Kind.HEIF
    # PDF: "%PDF-" must appear in the first 1024 bytes (what readers accept).
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    raise UploadRefused(MSG_UNKNOWN, code="unknown")


def _check_common(data: bytes) -> Kind:
    if not data:
        raise UploadRefused(MSG_EMPTY, code="empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRefused(MSG_TOO_BIG, code="too_big")
    return sniff(data)
