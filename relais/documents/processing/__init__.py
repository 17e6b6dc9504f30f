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

Layout: `common` (limits, kinds, messages, `UploadRefused`, `Processed`), `sniffing`, `images`,
`pdf`, `merging` (several files into one PDF), `upload` (`process_upload`), `previews`.
"""

from relais.documents.processing.common import (
    DEFAULT_MAX_BYTES,
    IMAGE_KINDS,
    KIND_LABELS,
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    MIN_LONG_EDGE,
    MSG_CORRUPT,
    MSG_EMPTY,
    MSG_NO_FILE,
    MSG_ONE_FILE,
    MSG_PDF_CORRUPT,
    MSG_PDF_PASSWORD,
    MSG_PIXELS,
    MSG_SCANNER,
    MSG_TOO_BIG,
    MSG_UNKNOWN,
    MSG_VIRUS,
    Kind,
    Processed,
    UploadRefused,
    format_size,
    limit_message,
)
from relais.documents.processing.images import fit_image
from relais.documents.processing.merging import images_to_pdf
from relais.documents.processing.pdf import _page_images, fit_pdf
from relais.documents.processing.previews import PREVIEW_EDGE, preview
from relais.documents.processing.sniffing import sniff
from relais.documents.processing.upload import Scanner, accepted_message, process_upload

__all__ = [
    "DEFAULT_MAX_BYTES",
    "IMAGE_KINDS",
    "KIND_LABELS",
    "MAX_PIXELS",
    "MAX_UPLOAD_BYTES",
    "MIN_LONG_EDGE",
    "MSG_CORRUPT",
    "MSG_EMPTY",
    "MSG_NO_FILE",
    "MSG_ONE_FILE",
    "MSG_PDF_CORRUPT",
    "MSG_PDF_PASSWORD",
    "MSG_PIXELS",
    "MSG_SCANNER",
    "MSG_TOO_BIG",
    "MSG_UNKNOWN",
    "MSG_VIRUS",
    "PREVIEW_EDGE",
    "Kind",
    "Processed",
    "Scanner",
    "UploadRefused",
    "_page_images",
    "accepted_message",
    "fit_image",
    "fit_pdf",
    "format_size",
    "images_to_pdf",
    "limit_message",
    "preview",
    "process_upload",
    "sniff",
]
