"""PDF: open and check, strip metadata, compress (streams, then embedded images downsampled)."""

from __future__ import annotations

import io

import pikepdf
from PIL import Image

from relais.documents.processing.common import (
    MAX_PIXELS,
    MSG_PDF_CORRUPT,
    MSG_PDF_PASSWORD,
    MSG_PIXELS,
    MSG_UNKNOWN,
    Kind,
    Processed,
    UploadRefused,
    limit_message,
)
from relais.documents.processing.images import _encode_jpeg, _resized
from relais.documents.processing.sniffing import _check_common

# --- PDF ---------------------------------------------------------------------------------------------


def _open_pdf(data: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.Pdf.open(io.BytesIO(data), attempt_recovery=False)
    except pikepdf.PasswordError as exc:
        raise UploadRefused(MSG_PDF_PASSWORD, code="password") from exc
    except Exception as exc:  # noqa: BLE001 — qpdf raises many kinds of errors for broken files
        raise UploadRefused(MSG_PDF_CORRUPT, code="corrupt") from exc
    if pdf.is_encrypted:
        pdf.close()
        raise UploadRefused(MSG_PDF_PASSWORD, code="password")
    try:
        if len(pdf.pages) == 0:
            raise UploadRefused(MSG_PDF_CORRUPT, code="corrupt")
        for page in pdf.pages:
            page.obj.get("/Contents")  # resolve every page object
    except UploadRefused:
        pdf.close()
        raise
    except Exception as exc:  # noqa: BLE001
        pdf.close()
        raise UploadRefused(MSG_PDF_CORRUPT, code="corrupt") from exc
    return pdf


def _save_pdf(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.remove_unreferenced_resources()
    pdf.save(
        out,
        compress_streams=True,
        recompress_flate=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
    )
    return out.getvalue()


def _strip_pdf_metadata(pdf: pikepdf.Pdf) -> None:
    if "/Metadata" in pdf.Root:
        del pdf.Root["/Metadata"]
    pdf.docinfo = pdf.make_indirect(pikepdf.Dictionary())


def _page_images(page) -> list:
    """Image XObjects of a page (also inside form XObjects with pikepdf ≥ 9)."""
    getter = getattr(page, "get_images", None)
    found = getter() if getter else page.images
    return list(found.values())


def _downsample_pdf_images(pdf: pikepdf.Pdf, *, max_edge: int, quality: int, originals: dict) -> bool:
    """Re-encode embedded raster images as JPEG no larger than max_edge, always from the image
    first found (`originals`, filled on the first call) so losses do not add up. True when
    anything changed."""
    changed = False
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for raw in _page_images(page):
            key = raw.objgen
            if key in seen or key == (0, 0):
                continue
            seen.add(key)
            if bool(raw.get("/ImageMask", False)):
                continue
            if key not in originals:
                try:
                    pil = pikepdf.PdfImage(raw).as_pil_image()
                    if pil.width * pil.height > MAX_PIXELS:
                        raise UploadRefused(MSG_PIXELS, code="pixels")
                    if pil.mode not in ("RGB", "L"):
                        pil = pil.convert("RGB")
                except UploadRefused:
                    raise
                except Exception:  # noqa: BLE001 — unusual encodings (JBIG2, CCITT...) are kept as they are
                    pil = None
                originals[key] = (pil, len(raw.read_raw_bytes()))
            pil, original_size = originals[key]
            if pil is None:
                continue
            long_edge = max(pil.size)
            if long_edge > max_edge:
                pil = _resized(pil, max_edge)
            new_bytes = _encode_jpeg(pil, quality) if pil.mode == "RGB" else _encode_gray(pil, quality)
            if len(new_bytes) >= original_size and long_edge <= max_edge:
                continue
            raw.write(new_bytes, filter=pikepdf.Name.DCTDecode)
            raw.Width, raw.Height = pil.size
            raw.ColorSpace = pikepdf.Name.DeviceGray if pil.mode == "L" else pikepdf.Name.DeviceRGB
            raw.BitsPerComponent = 8
            for key_name in ("/DecodeParms", "/Decode", "/Intent"):
                if key_name in raw:
                    del raw[key_name]
            changed = True
    return changed


def _encode_gray(img: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def fit_pdf(data: bytes, *, max_bytes: int) -> Processed:
    """A PDF within `max_bytes`: checked (password, damage), metadata dropped, compressed when needed."""
    kind = _check_common(data)
    if kind != Kind.PDF:
        raise UploadRefused(MSG_UNKNOWN, code="unknown")
    pdf = _open_pdf(data)
    try:
        pages = len(pdf.pages)
        _strip_pdf_metadata(pdf)
        out = _save_pdf(pdf)
        originals: dict = {}
        for max_edge, quality in ((2000, 80), (1600, 70), (1600, 55), (1200, 50), (1000, 40)):
            if len(out) <= max_bytes:
                break
            if not _downsample_pdf_images(pdf, max_edge=max_edge, quality=quality, originals=originals):
                if max_edge <= 1000:
                    break
                continue
            out = _save_pdf(pdf)
    except UploadRefused:
        raise
    except Exception as exc:  # noqa: BLE001
        raise UploadRefused(MSG_PDF_CORRUPT, code="corrupt") from exc
    finally:
        pdf.close()
    if len(out) > max_bytes:
        raise UploadRefused(limit_message(max_bytes), code="limit")
    return Processed(
        data=out,
        content_type="application/pdf",
        width=None,
        height=None,
        size=len(out),
        pages=pages,
        original_size=len(data),
        original_kinds=("pdf",),
    )
