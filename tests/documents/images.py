"""Small test files generated on the fly (no binary fixtures in the repository)."""

from __future__ import annotations

import io
import zlib

import pikepdf
from PIL import Image

from relais.documents import samples


def photo(width: int = 800, height: int = 600, seed: int = 1) -> Image.Image:
    return samples.photo(width, height, seed=seed)


def jpeg(width: int = 800, height: int = 600, *, quality: int = 92, exif: bytes | None = None, seed: int = 1) -> bytes:
    return samples.jpeg_bytes(photo(width, height, seed), quality=quality, exif=exif)


def png(width: int = 400, height: int = 300) -> bytes:
    out = io.BytesIO()
    photo(width, height).save(out, "PNG")
    return out.getvalue()


def webp(width: int = 400, height: int = 300) -> bytes:
    out = io.BytesIO()
    photo(width, height).save(out, "WEBP", quality=80)
    return out.getvalue()


def heic(width: int = 640, height: int = 480) -> bytes:
    return samples.heic_bytes(photo(width, height), quality=80)


def gps_exif(orientation: int = 6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "PhoneMaker"  # Make
    gps = {
        1: "N",
        2: (45.0, 45.0, 30.0),
        3: "E",
        4: (4.0, 50.0, 12.0),
    }
    exif[0x8825] = gps  # GPSInfo IFD
    return exif.tobytes()


def pdf_with_images(count: int = 2, *, width: int = 1200, height: int = 1600) -> bytes:
    """A heavy scanned-like PDF: full-resolution images stored losslessly (Flate)."""
    pdf = pikepdf.Pdf.new()
    for i in range(count):
        img = photo(width, height, seed=i + 3)
        raw = img.tobytes()
        image = pikepdf.Stream(pdf, zlib.compress(raw, 1))
        image.Filter = pikepdf.Name.FlateDecode
        image.Type = pikepdf.Name.XObject
        image.Subtype = pikepdf.Name.Image
        image.Width, image.Height = img.size
        image.ColorSpace = pikepdf.Name.DeviceRGB
        image.BitsPerComponent = 8
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def text_pdf() -> bytes:
    pdf = pikepdf.Pdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 24 Tf 72 720 Td (Avis d'imposition) Tj ET")
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    source = pikepdf.Pdf.open(io.BytesIO(text_pdf()))
    out = io.BytesIO()
    source.save(out, encryption=pikepdf.Encryption(owner="proprio", user="secret", R=6))
    return out.getvalue()


def bomb_png(width: int = 10_000, height: int = 7_000) -> bytes:
    """A PNG claiming 70 megapixels (small on disk: one colour compresses to nothing)."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()
