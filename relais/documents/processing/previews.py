"""Previews: a small JPEG to show what was kept."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image, ImageOps

from relais.documents.processing.common import Kind
from relais.documents.processing.images import _encode_jpeg
from relais.documents.processing.pdf import _page_images

# --- Previews ------------------------------------------------------------------------------------------------

PREVIEW_EDGE = 480


def preview(data: bytes, kind: str | Kind, *, edge: int = PREVIEW_EDGE) -> bytes | None:
    """A small JPEG to show what was kept. For a PDF: its first page's largest picture (a scan or
    photo of the page), or None when the first page has no picture (no PDF renderer installed:
    the screen then shows a PDF icon and the page count)."""
    kind = Kind(str(kind))
    try:
        if kind == Kind.PDF:
            with pikepdf.Pdf.open(io.BytesIO(data)) as pdf:
                best = None
                for raw in _page_images(pdf.pages[0]):
                    area = int(raw.get("/Width", 0)) * int(raw.get("/Height", 0))
                    if best is None or area > best[0]:
                        best = (area, raw)
                if best is None:
                    return None
                img = pikepdf.PdfImage(best[1]).as_pil_image()
        else:
            img = Image.open(io.BytesIO(data))
            if kind == Kind.JPEG:
                img.draft("RGB", (edge, edge))
            img = ImageOps.exif_transpose(img)
        img = img.convert("RGB")
        img.thumbnail((edge, edge), Image.Resampling.BILINEAR, reducing_gap=2.0)
        img.info.clear()
        return _encode_jpeg(img, 75)
    except Exception:  # noqa: BLE001 — a preview must never break a page
        return None
