"""Limits, kinds, plain-French messages, the refusal and the result shared by every step."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from relais.core.errors import DomainError
from relais.core.formats import size_display

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 60_000_000
MIN_LONG_EDGE = 1600
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


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


class UploadRefused(DomainError):
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
    """French human size: « 850 Ko », « 1,2 Mo » (see relais.core.formats)."""
    return size_display(size)


def limit_message(max_bytes: int) -> str:
    return (
        f"Ce fichier reste trop lourd même après réduction (limite : {format_size(max_bytes)}). "
        "Envoyez moins de pages, ou des photos prises de plus près."
    )
