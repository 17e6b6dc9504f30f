"""How Relais writes numbers, sizes and dates for people: one place, used by templates (filters in
`relais.www.templatetags.relais_formats`), emails, SMS and the PDF/HTML exports.

- phones: « 04 72 00 00 21 » on screen, `tel:+33472000021` in links (E.164 when it is a French
  number, mainland or overseas); short numbers (« 32 30 », « 115 ») stay short;
- sizes: « Ko » and « Mo » (1 Ko = 1 000 octets, as French users read them), never Kio/Mio;
- dates in words: « 1er octobre 2026 », « 2 octobre 2026 »."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

# Overseas départements share the French numbering plan under their own country code:
# the national number (0 + 9 digits) starts with these prefixes.
OVERSEAS_PREFIXES = {
    "+262": ("0262", "0263", "0269", "0639", "0692", "0693"),
    "+590": ("0590", "0690", "0691"),
    "+594": ("0594", "0694"),
    "+596": ("0596", "0696", "0697"),
}
_NOISE = re.compile(r"[\s\u00a0.\-()/]")


def _national(value: str) -> str | None:
    """« 0472000021 » for a French number (mainland or overseas) written in any form, else None."""
    text = _NOISE.sub("", value or "")
    if text.startswith("00"):
        text = "+" + text[2:]
    if re.fullmatch(r"0[1-9]\d{8}", text):
        return text
    if re.fullmatch(r"\+330?[1-9]\d{8}", text):
        return "0" + text[-9:]
    for code, prefixes in OVERSEAS_PREFIXES.items():
        if re.fullmatch(re.escape(code) + r"\d{9}", text) and ("0" + text[-9:]).startswith(prefixes):
            return "0" + text[-9:]
    return None


def phone_display(value: str | None) -> str:
    """A phone number as people write it: « 04 72 00 00 21 », « 32 30 », « +32 2 555 12 12 » (kept)."""
    value = (value or "").strip()
    national = _national(value)
    if national:
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    digits = _NOISE.sub("", value)
    if re.fullmatch(r"\d{4}", digits):  # short numbers: « 32 30 », « 39 39 »
        return f"{digits[:2]} {digits[2:]}"
    return value


def phone_tel(value: str | None) -> str:
    """The `tel:` target: E.164 for French numbers (« +33472000021 », « +262262123456 »), else digits only."""
    value = (value or "").strip()
    national = _national(value)
    if national:
        for code, prefixes in OVERSEAS_PREFIXES.items():
            if national.startswith(prefixes):
                return code + national[1:]
        return "+33" + national[1:]
    digits = _NOISE.sub("", value)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    return digits if re.fullmatch(r"\+?\d{2,15}", digits) else ""


def size_display(size: int | float | None) -> str:
    """« 840 octets », « 210 Ko », « 4,2 Mo »: the units people read (never Kio or Mio; 1 Ko = 1 024 octets,
    as the limits « 5 Mo », « 50 Mo » are counted)."""
    size = int(size or 0)
    if size < 1024:
        return ngettext("%(n)s octet", "%(n)s octets", size) % {"n": size}
    if size < 1024 * 1024:
        return _("%(n)s Ko") % {"n": max(1, round(size / 1024))}
    megabytes = round(size / (1024 * 1024), 1)
    text = formats.number_format(megabytes, decimal_pos=0 if megabytes == int(megabytes) else 1)
    return _("%(n)s Mo") % {"n": text}


def size_reduced(original: int | None, size: int | None) -> bool:
    """Whether a file was really made lighter (what the person would see differs)."""
    return bool(original) and bool(size) and original > size and size_display(original) != size_display(size)


def date_words(value: dt.date | dt.datetime | None, *, with_year: bool = True, with_time: bool = False) -> str:
    """« 1er octobre 2026 », « 2 octobre 2026 » (« à 14 h 05 » with the time): the French ordinal for the 1st."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = formats.date_format(value, "j F Y" if with_year else "j F")
    if value.day == 1 and (get_language() or "fr").startswith("fr"):
        text = "1er" + text[1:]
    if with_time and isinstance(value, dt.datetime):
        text = _("%(date)s à %(time)s") % {"date": text, "time": formats.date_format(value, "H:i").replace(":", " h ")}
    return text
