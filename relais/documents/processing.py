"""Digital requirements handled by Relais: turning whatever a phone sends into an acceptable file.

Pure Python (no Django models). API for the procedures domain and the document safe:

    from relais.documents.processing import (
        process_upload, UploadRefused, Processed, Kind, IMAGE_KINDS, preview, format_size,
    )

    try:
        result = process_upload(
            [uploaded_file.read(), ...],   # raw bytes, one entry per uploaded file
            accept={"image", "pdf"},       # kinds the field accepts: "image" (= jpeg, png, webp,
                                           # heif) and/or "pdf", or precise kinds ("jpeg", "heif"...)
            max_bytes=1_000_000,           # the field's size limit for the final file
            one_pdf=False,                 # True: all files (photos of pages, PDFs) become one PDF
        )
    except UploadRefused as refusal:
        form.add_error("file", refusal.message)   # plain French, shown as is
    else:
        result.data          # bytes to store (JPEG or PDF)
        result.content_type  # "image/jpeg" | "application/pdf"
        result.extension     # "jpg" | "pdf"
        result.size, result.width, result.height, result.pages
        result.original_size, result.original_kinds   # what the person sent (to say "6,1 Mo → 0,9 Mo")
        preview(result.data, result.kind)   # small JPEG bytes for a thumbnail, or None (PDF with
                                            # no picture: show a PDF icon and the page count)

Rules applied to every file, decided by CONTENT (never by the file name):
- refused: empty, over 50 Mo (MAX_UPLOAD_BYTES), unknown kind, corrupt or truncated image
  (fully decoded to check), more than MAX_PIXELS pixels (decompression bombs), encrypted or
  damaged PDF, virus (clamd, when settings.CLAMAV_SOCKET is set; scan before anything else);
- images (JPEG, PNG, WebP, HEIC/HEIF): EXIF orientation applied, ALL metadata dropped (EXIF with
  GPS, XMP, ICC, comments), re-encoded as JPEG with a quality search and downscaled only when
  needed, keeping the long edge ≥ 1600 px whenever the limit allows it;
- when one_pdf is True, or when the field accepts PDF but not images, images become pages of one
  PDF (each page fitted first, img2pdf, A4);
- PDFs over the limit are compressed with pikepdf (streams, then embedded images downsampled).
When one_pdf is False, pass exactly one file per call (call once per file for multi-file fields).
"""

from __future__ import annotations

import enum
import io
import math
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import img2pdf
import pikepdf
from PIL import Image, ImageFile, ImageOps
from pillow_heif import register_heif_opener

register_heif_opener()
ImageFile.LOAD_TRUNCATED_IMAGES = False

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 60_000_000
MIN_LONG_EDGE = 1600
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Pillow's own guard (warning above, error at twice the value); we check explicitly too.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class Kind(enum.StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    HEIF = "heif"
    PDF = "pdf"


IMAGE_KINDS = frozenset({Kind.JPEG, Kind.PNG, Kind.WEBP, Kind.HEIF})
KIND_LABELS = {
    Kind.JPEG: "photo JPEG",
    Kind.PNG: "image PNG",
    Kind.WEBP: "image WebP",
    Kind.HEIF: "photo HEIC",
    Kind.PDF: "PDF",
}

MSG_EMPTY = "Ce fichier est vide."
MSG_CORRUPT = "Ce fichier est abîmé ou incomplet : essayez de le reprendre en photo."
MSG_PDF_CORRUPT = "Ce PDF est abîmé ou incomplet : enregistrez-le à nouveau ou prenez les pages en photo."
MSG_PDF_PASSWORD = (
    "Ce PDF est protégé par un mot de passe : enregistrez-le sans mot de passe ou prenez les pages en photo."
)
MSG_TOO_BIG = "Ce fichier dépasse 50 Mo."
MSG_UNKNOWN = "Ce type de fichier n'est pas accepté. Envoyez une photo (JPEG, PNG, HEIC) ou un PDF."
MSG_PIXELS = (
    "Cette image est beaucoup trop grande (plus de 60 millions de points). "
    "Reprenez la photo avec l'appareil photo du téléphone, sans réglage spécial."
)
MSG_VIRUS = "Ce fichier contient un virus. Il n'a pas été enregistré. Faites vérifier votre appareil."
MSG_SCANNER = "Nous ne pouvons pas vérifier ce fichier pour le moment. Réessayez dans quelques minutes."
MSG_NO_FILE = "Choisissez au moins un fichier."
MSG_ONE_FILE = "Envoyez un seul fichier ici, ou un PDF qui regroupe toutes les pages."


class UploadRefused(Exception):
    """A file cannot be accepted. `message` is plain French, ready to show to the person."""

    def __init__(self, message: str, *, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Processed:
    data: bytes
    content_type: str
    width: int | None
    height: int | None
    size: int
    pages: int = 1
    original_size: int = 0
    original_kinds: tuple[str, ...] = ()

    @property
    def kind(self) -> Kind:
        return Kind.PDF if self.content_type == "application/pdf" else Kind.JPEG

    @property
    def extension(self) -> str:
        return "pdf" if self.kind == Kind.PDF else "jpg"


def format_size(size: int) -> str:
    """French human size: « 850 Ko », « 1,2 Mo »."""
    if size < 1024:
        return f"{size} octets"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def limit_message(max_bytes: int) -> str:
    return (
        f"Ce fichier reste trop lourd même après réduction (limite : {format_size(max_bytes)}). "
        "Envoyez moins de pages, ou des photos prises de plus près."
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


# --- Images ---------------------------------------------------------------------------------------


def _open_image(data: bytes, kind: Kind, *, target_long_edge: int | None = None) -> Image.Image:
    """Open, guard against bombs, decode fully (truncation check), orient, drop metadata → RGB."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            width, height = img.size
            if width * height > MAX_PIXELS or width <= 0 or height <= 0:
                raise UploadRefused(MSG_PIXELS, code="pixels")
            orientation = 1
            try:
                orientation = img.getexif().get(0x0112, 1) or 1
            except Exception:  # noqa: BLE001 — broken EXIF must not refuse a good picture
                orientation = 1
            if kind == Kind.JPEG and target_long_edge:
                # DCT scaling: decode at 1/2, 1/4 or 1/8 directly when the target allows it.
                scale = target_long_edge / max(width, height)
                if scale < 1:
                    img.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            img.load()
            if getattr(img, "n_frames", 1) > 1 and kind != Kind.HEIF:
                img.seek(0)
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(MSG_PIXELS, code="pixels") from exc
    except Exception as exc:  # noqa: BLE001 — any decoder failure means a broken file
        raise UploadRefused(MSG_CORRUPT, code="corrupt") from exc
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        img = flat
    elif img.mode != "RGB":
        img = img.convert("RGB")
    img = _apply_orientation(img, orientation)
    img.info.clear()  # no EXIF, GPS, XMP, ICC, comments in what we write
    return img


_TRANSPOSE = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}


def _apply_orientation(img: Image.Image, orientation: int) -> Image.Image:
    """What ImageOps.exif_transpose does, with the orientation read before decoding/conversion."""
    for op in _TRANSPOSE.get(int(orientation), ()):
        img = img.transpose(op)
    return img


def _encode_jpeg(img: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=False, progressive=False, subsampling="4:2:0")
    return out.getvalue()


def _resized(img: Image.Image, long_edge: int) -> Image.Image:
    width, height = img.size
    current = max(width, height)
    if long_edge >= current:
        return img
    ratio = long_edge / current
    size = (max(1, round(width * ratio)), max(1, round(height * ratio)))
    return img.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _fit_rgb(img: Image.Image, *, max_bytes: int, min_long_edge: int, max_quality: int = 88) -> bytes:
    """Quality search then downscale. Returns JPEG bytes ≤ max_bytes or raises UploadRefused."""
    budget = max_bytes
    floor_quality = 45
    current = img
    for _round in range(8):
        data = _encode_jpeg(current, max_quality)
        if len(data) <= budget:
            return data
        # Estimate the quality from the size ratio, then a short binary search around it.
        best = None
        lo, hi = floor_quality, max_quality - 1
        ratio = budget / len(data)
        guess = max(lo, min(hi, int(max_quality - (1 - ratio) * 60)))
        for _ in range(4):
            candidate = _encode_jpeg(current, guess)
            if len(candidate) <= budget:
                best = candidate
                lo = guess + 1
            else:
                hi = guess - 1
            if lo > hi:
                break
            guess = (lo + hi) // 2
        if best is not None:
            return best
        # Too big even at the lowest acceptable quality: downscale (area ∝ bytes).
        width, height = current.size
        long_edge = max(width, height)
        lowest = _encode_jpeg(current, floor_quality)
        shrink = math.sqrt(budget / len(lowest)) * 0.92
        new_edge = int(long_edge * min(shrink, 0.9))
        if long_edge > min_long_edge and new_edge < min_long_edge:
            new_edge = min_long_edge  # try once at the legibility floor before going lower
        if new_edge < 320:
            break
        current = _resized(current, new_edge)
    raise UploadRefused(limit_message(max_bytes), code="limit")


def _planned_long_edge(
    data: bytes, img_size: tuple[int, int], *, max_bytes: int, min_long_edge: int, kind: Kind = Kind.JPEG
) -> int:
    """A first guess of the output size so that the quality search needs few passes.

    Phone photos weigh ~0.25–0.5 byte per pixel as JPEG at quality 85–90 (HEIC about half of
    that for the same picture); we aim at the size where our JPEG should fit, never below the
    legibility floor. For a JPEG needing a reduction anyway, we snap to half size when that
    stays above the floor: the decoder then scales in the DCT domain (several times faster)."""
    width, height = img_size
    long_edge = max(width, height)
    source_bpp = len(data) / (width * height)
    if kind == Kind.HEIF:
        source_bpp *= 2
    expected_bpp = max(0.08, min(0.45, source_bpp * 0.8))
    pixels = max_bytes / expected_bpp
    scale = min(1.0, math.sqrt(pixels / (width * height)))
    target = max(min(long_edge, min_long_edge), int(long_edge * scale))
    if kind == Kind.JPEG and long_edge // 2 < target < long_edge and long_edge // 2 >= min_long_edge:
        target = long_edge // 2
    return target


def _image_size(data: bytes) -> tuple[int, int]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                return probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(MSG_PIXELS, code="pixels") from exc
    except Exception as exc:  # noqa: BLE001
        raise UploadRefused(MSG_CORRUPT, code="corrupt") from exc


def fit_image(data: bytes, *, max_bytes: int, min_long_edge: int = MIN_LONG_EDGE) -> Processed:
    """Any accepted image → oriented, metadata-free JPEG of at most `max_bytes`."""
    kind = _check_common(data)
    if kind not in IMAGE_KINDS:
        raise UploadRefused(MSG_UNKNOWN, code="unknown")
    width, height = _image_size(data)
    if width * height > MAX_PIXELS:
        raise UploadRefused(MSG_PIXELS, code="pixels")
    target = _planned_long_edge(
        data, (width, height), max_bytes=max_bytes, min_long_edge=min_long_edge, kind=kind
    )
    img = _open_image(data, kind, target_long_edge=target)
    img = _resized(img, target)
    out = _fit_rgb(img, max_bytes=max_bytes, min_long_edge=min_long_edge)
    with Image.open(io.BytesIO(out)) as check:
        out_w, out_h = check.size
    return Processed(
        data=out,
        content_type="image/jpeg",
        width=out_w,
        height=out_h,
        size=len(out),
        pages=1,
        original_size=len(data),
        original_kinds=(str(kind),),
    )


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
    from relais.documents import antivirus

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
