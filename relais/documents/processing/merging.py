"""Several photos and PDFs, in order, into one A4 PDF within a byte budget."""

from __future__ import annotations

import io
import math

import img2pdf
import pikepdf
from PIL import Image

from relais.documents.processing.common import (
    IMAGE_KINDS,
    MAX_PIXELS,
    MIN_LONG_EDGE,
    MSG_NO_FILE,
    MSG_PIXELS,
    Kind,
    Processed,
    UploadRefused,
    limit_message,
)
from relais.documents.processing.images import (
    _fit_rgb,
    _image_size,
    _open_image,
    _planned_long_edge,
    _resized,
)
from relais.documents.processing.pdf import _open_pdf, _save_pdf, _strip_pdf_metadata, fit_pdf
from relais.documents.processing.sniffing import _check_common

_A4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
_PDF_OVERHEAD = 4096


def _jpegs_to_pdf(jpegs: list[bytes]) -> bytes:
    layout = img2pdf.get_layout_fun(_A4, fit=img2pdf.FitMode.into, auto_orient=True)
    return img2pdf.convert(jpegs, layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)


def images_to_pdf(images: list[bytes], *, max_bytes: int) -> Processed:
    """Several photos of pages → one A4 PDF within `max_bytes` (each page fitted first)."""
    if not images:
        raise UploadRefused(MSG_NO_FILE, code="empty")
    return _merge([(data, _check_common(data)) for data in images], max_bytes=max_bytes)


def _merge(items: list[tuple[bytes, Kind]], *, max_bytes: int) -> Processed:
    """Images and PDFs, in order, → one PDF within max_bytes."""
    image_parts = [(i, data, kind) for i, (data, kind) in enumerate(items) if kind in IMAGE_KINDS]
    # Decode each page straight at the size its share of the budget allows (JPEG DCT scaling):
    # twenty 12-MP photos never sit fully decoded in memory together.
    page_share = max(1, max_bytes // max(1, len(items)))
    opened = {}
    for i, data, kind in image_parts:
        size = _image_size(data)
        if size[0] * size[1] > MAX_PIXELS:
            raise UploadRefused(MSG_PIXELS, code="pixels")
        edge = _planned_long_edge(data, size, max_bytes=page_share, min_long_edge=MIN_LONG_EDGE, kind=kind)
        opened[i] = _resized(_open_image(data, kind, target_long_edge=edge), edge)
    pdf_bytes_total = 0
    checked_pdfs: dict[int, bytes] = {}
    for i, (data, kind) in enumerate(items):
        if kind == Kind.PDF:
            fitted = fit_pdf(data, max_bytes=max(max_bytes, 1)) if len(data) > max_bytes else None
            checked_pdfs[i] = fitted.data if fitted else _normalised_pdf(data)
            pdf_bytes_total += len(checked_pdfs[i])
    original_size = sum(len(data) for data, _ in items)
    kinds = tuple(str(kind) for _, kind in items)
    image_budget = max_bytes - pdf_bytes_total - _PDF_OVERHEAD * (len(items) + 1)
    for attempt in range(4):
        pages: dict[int, bytes] = {}
        if opened:
            share = int(image_budget / len(opened) * (0.97**attempt))
            if share < 20_000:
                raise UploadRefused(limit_message(max_bytes), code="limit")
            for i, img in opened.items():
                pages[i] = _fit_rgb(
                    _resized(img, _planned_edge_for_budget(img, share)),
                    max_bytes=share,
                    min_long_edge=MIN_LONG_EDGE,
                )
        out = _assemble(items, pages, checked_pdfs)
        if len(out) <= max_bytes:
            break
        if not opened:
            out = fit_pdf(out, max_bytes=max_bytes).data
            break
    else:
        raise UploadRefused(limit_message(max_bytes), code="limit")
    if len(out) > max_bytes:
        raise UploadRefused(limit_message(max_bytes), code="limit")
    with pikepdf.Pdf.open(io.BytesIO(out)) as final:
        page_count = len(final.pages)
    return Processed(
        data=out,
        content_type="application/pdf",
        width=None,
        height=None,
        size=len(out),
        pages=page_count,
        original_size=original_size,
        original_kinds=kinds,
    )


def _planned_edge_for_budget(img: Image.Image, budget: int) -> int:
    width, height = img.size
    pixels = budget / 0.22
    scale = min(1.0, math.sqrt(pixels / (width * height)))
    return max(min(max(width, height), MIN_LONG_EDGE), int(max(width, height) * scale))


def _normalised_pdf(data: bytes) -> bytes:
    pdf = _open_pdf(data)
    try:
        _strip_pdf_metadata(pdf)
        return _save_pdf(pdf)
    finally:
        pdf.close()


def _assemble(items: list[tuple[bytes, Kind]], pages: dict[int, bytes], pdfs: dict[int, bytes]) -> bytes:
    if not pdfs:
        return _jpegs_to_pdf([pages[i] for i in sorted(pages)])
    merged = pikepdf.Pdf.new()
    opened: list[pikepdf.Pdf] = []
    try:
        for i in range(len(items)):
            part = pikepdf.Pdf.open(io.BytesIO(pdfs[i] if i in pdfs else _jpegs_to_pdf([pages[i]])))
            opened.append(part)
            merged.pages.extend(part.pages)
        return _save_pdf(merged)
    finally:
        for part in opened:
            part.close()
        merged.close()
