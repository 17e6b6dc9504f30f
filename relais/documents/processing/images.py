"""Images: open safely (bombs, truncation), orient, drop metadata, fit in a byte budget as JPEG."""

from __future__ import annotations

import io
import math
import warnings

from PIL import Image, ImageFile
from pillow_heif import register_heif_opener

from relais.documents.processing.common import (
    IMAGE_KINDS,
    MAX_PIXELS,
    MIN_LONG_EDGE,
    MSG_CORRUPT,
    MSG_PIXELS,
    MSG_UNKNOWN,
    Kind,
    Processed,
    UploadRefused,
    limit_message,
)
from relais.documents.processing.sniffing import _check_common

register_heif_opener()
ImageFile.LOAD_TRUNCATED_IMAGES = False
# Pillow's own guard (warning above, error at twice the value); we check explicitly too.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


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
    target = _planned_long_edge(data, (width, height), max_bytes=max_bytes, min_long_edge=min_long_edge, kind=kind)
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
