"""The digital-requirements pipeline: every bad file refused in plain French, good ones fitted."""

import io

import pikepdf
import pytest
from PIL import Image

from relais.documents import processing
from relais.documents.processing import (
    Kind,
    UploadRefused,
    fit_image,
    fit_pdf,
    images_to_pdf,
    process_upload,
    sniff,
)
from tests.documents import images


def refused(data, **kwargs) -> UploadRefused:
    kwargs.setdefault("max_bytes", 1_000_000)
    with pytest.raises(UploadRefused) as info:
        process_upload([data], **kwargs)
    return info.value


def test_sniff_by_content():
    assert sniff(images.jpeg(64, 48)) == Kind.JPEG
    assert sniff(images.png(64, 48)) == Kind.PNG
    assert sniff(images.webp(64, 48)) == Kind.WEBP
    assert sniff(images.heic(64, 48)) == Kind.HEIF
    assert sniff(images.text_pdf()) == Kind.PDF
    with pytest.raises(UploadRefused) as info:
        sniff(b"MZ\x90\x00 this is a windows program")
    assert "n'est pas accepté" in info.value.message


def test_zero_byte_file_refused():
    assert refused(b"").message == "Ce fichier est vide."


def test_corrupt_file_refused():
    data = bytearray(images.jpeg(200, 150))
    data[400:2000] = b"\x00" * 1600  # header kept, entropy-coded data destroyed
    data = bytes(data[:600]) + b"garbage" * 10  # and cut
    assert refused(data).code == "corrupt"


def test_truncated_jpeg_refused():
    data = images.jpeg(400, 300)
    refusal = refused(data[: len(data) * 2 // 3])
    assert refusal.message == "Ce fichier est abîmé ou incomplet : essayez de le reprendre en photo."


def test_truncated_pdf_refused():
    data = images.text_pdf()
    assert refused(data[: len(data) // 2]).code == "corrupt"


def test_password_protected_pdf_refused():
    refusal = refused(images.encrypted_pdf())
    assert refusal.message.startswith("Ce PDF est protégé par un mot de passe")


def test_decompression_bomb_refused():
    refusal = refused(images.bomb_png())
    assert refusal.code == "pixels"
    assert "trop grande" in refusal.message


def test_over_50_mb_refused(monkeypatch):
    # A real 50 MB buffer: only the length is checked before anything else, so this stays fast.
    data = b"\xff\xd8\xff" + bytes(processing.MAX_UPLOAD_BYTES)
    assert refused(data).message == "Ce fichier dépasse 50 Mo."


def test_unknown_kind_refused():
    refusal = refused(b"PK\x03\x04 a zip archive")
    assert refusal.message == "Ce type de fichier n'est pas accepté. Envoyez une photo (JPEG, PNG, HEIC) ou un PDF."


def test_kind_not_accepted_by_the_field():
    refusal = refused(images.text_pdf(), accept={"image"})
    assert "Envoyez une photo" in refusal.message


def test_wrong_extension_right_content_accepted():
    # Names are never looked at: a PNG called "photo.pdf" or a JPEG with no name are fine.
    result = process_upload([images.png(300, 200)], accept={"image"}, max_bytes=500_000)
    assert result.content_type == "image/jpeg"
    assert result.original_kinds == ("png",)


def test_exif_orientation_applied_and_gps_removed():
    data = images.jpeg(400, 300, exif=images.gps_exif(orientation=6))
    with Image.open(io.BytesIO(data)) as source:
        assert source.getexif().get_ifd(0x8825)  # the input really has GPS data
    result = fit_image(data, max_bytes=500_000)
    assert (result.width, result.height) == (300, 400)  # rotated a quarter turn
    with Image.open(io.BytesIO(result.data)) as out:
        assert not out.getexif()
        assert "exif" not in out.info and "icc_profile" not in out.info and "xmp" not in out.info
    assert b"PhoneMaker" not in result.data and b"GPS" not in result.data


def test_heic_input_becomes_jpeg():
    data = images.heic(640, 480)
    result = process_upload([data], accept={"image"}, max_bytes=200_000)
    assert result.content_type == "image/jpeg"
    assert (result.width, result.height) == (640, 480)
    assert result.size <= 200_000


def test_webp_input_accepted():
    assert fit_image(images.webp(), max_bytes=300_000).content_type == "image/jpeg"


def test_transparent_png_flattened_on_white():
    img = Image.new("RGBA", (50, 50), (255, 0, 0, 0))
    out = io.BytesIO()
    img.save(out, "PNG")
    result = fit_image(out.getvalue(), max_bytes=100_000)
    with Image.open(io.BytesIO(result.data)) as fitted:
        assert fitted.convert("RGB").getpixel((25, 25))[0] > 240
        assert fitted.convert("RGB").getpixel((25, 25))[1] > 240


def test_fitting_keeps_long_edge_1600_when_possible():
    data = images.jpeg(2400, 1800, quality=95)
    limit = 400_000
    assert len(data) > limit
    result = fit_image(data, max_bytes=limit)
    assert result.size <= limit
    assert max(result.width, result.height) >= 1600


def test_fitting_goes_below_1600_only_when_the_limit_demands_it():
    data = images.jpeg(2400, 1800, quality=95)
    result = fit_image(data, max_bytes=60_000)
    assert result.size <= 60_000
    assert max(result.width, result.height) < 1600


def test_impossible_limit_refused_clearly():
    with pytest.raises(UploadRefused) as info:
        fit_image(images.jpeg(800, 600), max_bytes=2_000)
    assert "trop lourd" in info.value.message


def test_several_images_become_one_pdf_under_the_limit():
    pages = [images.jpeg(1600, 2000, seed=s) for s in range(3)]
    limit = 900_000
    result = process_upload(pages, accept={"image", "pdf"}, max_bytes=limit, one_pdf=True)
    assert result.content_type == "application/pdf"
    assert result.size <= limit
    assert result.pages == 3
    with pikepdf.Pdf.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 3


def test_images_to_pdf_direct():
    result = images_to_pdf([images.jpeg(600, 800), images.heic(640, 480)], max_bytes=500_000)
    assert result.pages == 2 and result.size <= 500_000


def test_field_asking_for_a_pdf_turns_a_photo_into_a_pdf():
    result = process_upload([images.jpeg(600, 800)], accept={"pdf"}, max_bytes=500_000)
    assert result.content_type == "application/pdf"


def test_images_and_pdf_merged():
    result = process_upload(
        [images.text_pdf(), images.jpeg(600, 800)], accept={"image", "pdf"}, max_bytes=500_000, one_pdf=True
    )
    assert result.pages == 2


def test_several_files_without_one_pdf_refused():
    assert process_upload([images.jpeg(100, 100)], max_bytes=100_000).content_type == "image/jpeg"
    with pytest.raises(UploadRefused) as info:
        process_upload([images.jpeg(100, 100), images.jpeg(100, 100)], max_bytes=100_000, one_pdf=False)
    assert info.value.code == "one_file"


def test_big_pdf_compressed():
    data = images.pdf_with_images(2)
    limit = 1_500_000
    assert len(data) > 4 * limit
    result = fit_pdf(data, max_bytes=limit)
    assert result.size <= limit
    assert result.pages == 2
    with pikepdf.Pdf.open(io.BytesIO(result.data)) as pdf:
        image = processing._page_images(pdf.pages[0])[0]
        assert image.Filter == pikepdf.Name.DCTDecode
        assert max(int(image.Width), int(image.Height)) >= 1000


def test_small_pdf_kept_and_metadata_removed():
    source = pikepdf.Pdf.open(io.BytesIO(images.text_pdf()))
    source.docinfo["/Author"] = "Jean Secret"
    out = io.BytesIO()
    source.save(out)
    result = fit_pdf(out.getvalue(), max_bytes=1_000_000)
    assert b"Jean Secret" not in result.data


def test_preview_of_image_and_pdf():
    jpeg = fit_image(images.jpeg(1200, 900), max_bytes=500_000)
    thumb = processing.preview(jpeg.data, jpeg.kind)
    with Image.open(io.BytesIO(thumb)) as img:
        assert max(img.size) <= processing.PREVIEW_EDGE
    scanned = images_to_pdf([images.jpeg(600, 800)], max_bytes=500_000)
    assert processing.preview(scanned.data, "pdf")
    assert processing.preview(images.text_pdf(), "pdf") is None  # honest: no renderer for text pages


def test_virus_refused_by_scanner_hook():
    class Verdict:
        clean = False

    refusal = refused(images.jpeg(100, 100), scanner=lambda data: Verdict())
    assert refusal.code == "virus"
    assert refusal.message.startswith("Ce fichier contient un virus")


def test_format_size():
    assert processing.format_size(900_000) == "879 Ko"
    assert processing.format_size(6_400_000) == "6,1 Mo"
