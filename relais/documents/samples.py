"""Synthetic but realistic "phone photos of a paper document", for tests, benchmarks and demo data.

A flat gradient compresses to almost nothing, which would make size fitting trivially easy; these
pictures have sensor-like noise, lighting gradients, a sheet of paper and lines of text-like
detail, so that a 4000×3000 JPEG at phone quality weighs a few megabytes like a real one."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont


def photo(width: int = 4000, height: int = 3000, *, seed: int = 1, noise: float = 18.0) -> Image.Image:
    rng = random.Random(seed)
    # Lighting: a smooth two-tone gradient.
    grad = Image.linear_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    radial = Image.radial_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    r = Image.blend(grad, radial, 0.4).point(lambda v: 90 + v // 3)
    g = Image.blend(grad.transpose(Image.Transpose.ROTATE_180), radial, 0.5).point(lambda v: 80 + v // 3)
    b = radial.point(lambda v: 70 + v // 4)
    img = Image.merge("RGB", (r, g, b))
    draw = ImageDraw.Draw(img)
    # A sheet of paper, slightly off-white, with printed lines and a table.
    margin_x, margin_y = width // 8, height // 10
    draw.rectangle((margin_x, margin_y, width - margin_x, height - margin_y), fill=(232, 228, 218))
    font = ImageFont.load_default(size=max(12, height // 60))
    words = [
        "Avis",
        "d'imposition",
        "2026",
        "revenus",
        "quotient",
        "familial",
        "CAF",
        "montant",
        "euros",
        "reference",
        "Madame",
        "Monsieur",
        "adresse",
        "allocation",
        "logement",
        "numero",
        "fiscal",
    ]
    y = margin_y + height // 30
    line_height = max(14, height // 45)
    while y < height - margin_y - line_height:
        x = margin_x + width // 40
        line = " ".join(rng.choice(words) for _ in range(rng.randint(4, 14)))
        shade = rng.randint(10, 70)
        draw.text((x, y), line, fill=(shade, shade, shade + 10), font=font)
        if rng.random() < 0.08:
            draw.rectangle((x, y, x + width // 3, y + line_height // 2), outline=(40, 40, 60), width=2)
        y += line_height
    # Some objects around the sheet (a table's wood texture is approximated by random strokes).
    for _ in range(400):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        if margin_x < x0 < width - margin_x and margin_y < y0 < height - margin_y:
            continue
        color = (rng.randint(60, 160), rng.randint(40, 120), rng.randint(20, 90))
        draw.line(
            (x0, y0, x0 + rng.randint(-300, 300), y0 + rng.randint(-40, 40)),
            fill=color,
            width=rng.randint(2, 9),
        )
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    # Sensor noise, stronger in the shadows like a real phone picture.
    noise_layer = Image.merge("RGB", [Image.effect_noise((width, height), noise) for _ in range(3)])
    return Image.blend(img, noise_layer, 0.3)


def jpeg_bytes(img: Image.Image, *, quality: int = 92, exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    kwargs = {"quality": quality}
    if exif is not None:
        kwargs["exif"] = exif
    img.save(out, "JPEG", **kwargs)
    return out.getvalue()


def heic_bytes(img: Image.Image, *, quality: int = 90) -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    img.save(out, "HEIF", quality=quality)
    return out.getvalue()
