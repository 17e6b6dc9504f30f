"""Field types of a procedure version, their validators, conditions and pages.

A version's fields are a JSON list of dicts:

    {"key": "enfants", "type": "repetition", "label": "Vos enfants", "required": false,
     "help": "...", "glossary": ["quotient-familial"], "profile_key": "household.children",
     "condition": {"field": "a_enfants", "op": "eq", "value": true},
     "choices": ["..."],                               # choice / multiple_choice
     "accept": ["image", "pdf"], "max_bytes": 1000000, "multiple": false, "one_pdf": false,  # file
     "fields": [...], "item_label": "Enfant"}          # repetition (no files, no sections inside)

Conditions: {"field": key, "op": "eq"|"not_eq"|"in", "value": ...}, {"and": [...]}, {"or": [...]}.
A field hidden by its condition is never required and its value is dropped.
Every parser here raises ValidationError with a plain-French message."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email as _django_validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STRUCTURE_TYPES = {"section", "explanation"}
FIELD_TYPES: dict[str, Any] = {
    "section": gettext_lazy("Titre de partie (nouvelle page)"),
    "explanation": gettext_lazy("Explication"),
    "text": gettext_lazy("Texte court"),
    "textarea": gettext_lazy("Texte long"),
    "integer": gettext_lazy("Nombre entier"),
    "decimal": gettext_lazy("Nombre à virgule"),
    "date": gettext_lazy("Date"),
    "yes_no": gettext_lazy("Oui / non"),
    "choice": gettext_lazy("Choix unique"),
    "multiple_choice": gettext_lazy("Choix multiples"),
    "email": gettext_lazy("Adresse électronique"),
    "phone": gettext_lazy("Téléphone"),
    "address": gettext_lazy("Adresse"),
    "commune": gettext_lazy("Commune"),
    "iban": gettext_lazy("IBAN (coordonnées bancaires)"),
    "nir": gettext_lazy("Numéro de sécurité sociale"),
    "file": gettext_lazy("Pièce jointe"),
    "repetition": gettext_lazy("Bloc répété (par exemple un par enfant)"),
}
FILE_KINDS = {
    "image": gettext_lazy("photo (JPEG, PNG, WebP, HEIC)"),
    "pdf": gettext_lazy("PDF"),
}
KIND_CONTENT_TYPES = {
    "image": {"image/jpeg", "image/png", "image/webp", "image/heic", "image/heif"},
    "pdf": {"application/pdf"},
}
CONDITION_OPS = {"eq", "not_eq", "in"}
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009.']")

# --- Validators -----------------------------------------------------------------------------


def parse_integer(raw: str) -> int:
    """"12 500", "-3", "+7" → int. Spaces (also non-breaking) and dots as thousand separators."""
    text = str(raw).strip()
    cleaned = re.sub(r"[\s\u00a0\u202f\u2009]", "", text)
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"[+-]?\d{1,18}", cleaned):
        raise ValidationError(_("Écrivez un nombre entier, avec des chiffres seulement (par exemple 3 ou 1 250)."), code="integer")
    return int(cleaned)


def parse_decimal(raw: str) -> Decimal:
    """"1 234,56" or "1234.56" → Decimal. Comma is the French decimal mark."""
    text = re.sub(r"[\s\u00a0\u202f\u2009]", "", str(raw).strip()).replace("€", "")
    if "," in text:
        if text.count(",") > 1:
            raise ValidationError(_("Un nombre ne peut avoir qu'une seule virgule (par exemple 1 234,50)."), code="decimal")
        text = text.replace(".", "").replace(",", ".")
    if not re.fullmatch(r"[+-]?\d{1,15}(\.\d{1,6})?", text):
        raise ValidationError(_("Écrivez un nombre avec une virgule si besoin (par exemple 612,50)."), code="decimal")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guarantees it
        raise ValidationError(_("Ce nombre n'est pas valide."), code="decimal") from exc


def format_decimal(value: Decimal | str) -> str:
    return str(Decimal(str(value))).replace(".", ",")


def normalize_phone(raw: str) -> str:
    """French numbers → "+33612345678"; other countries kept in international form."""
    text = re.sub(r"[\s\u00a0.\-()/]", "", str(raw).strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    if re.fullmatch(r"0[1-9]\d{8}", text):
        return "+33" + text[1:]
    if re.fullmatch(r"\+33[1-9]\d{8}", text):
        return text
    if re.fullmatch(r"\+330[1-9]\d{8}", text):
        return "+33" + text[4:]
    if re.fullmatch(r"\+(?!33)[1-9]\d{6,14}", text):
        return text
    raise ValidationError(_("Ce numéro de téléphone n'est pas complet : écrivez les 10 chiffres, par exemple 06 12 34 56 78."), code="phone")


def format_phone(value: str) -> str:
    if re.fullmatch(r"\+33\d{9}", value or ""):
        digits = "0" + value[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return value or ""


IBAN_LENGTHS = {
    "FR": 27, "DE": 22, "BE": 16, "ES": 24, "IT": 27, "PT": 25, "LU": 20, "MC": 27, "NL": 18, "CH": 21, "GB": 22,
    "AT": 20, "IE": 22, "PL": 28, "RO": 24, "MA": 28, "TN": 24, "DZ": 26, "SN": 28,
}


def iban_checksum_ok(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def normalize_iban(raw: str) -> str:
    """"fr76 3000 6000 0112 3456 7890 189" → "FR7630006000011234567890189" when the mod-97 key is right."""
    text = re.sub(r"[\s\u00a0\-]", "", str(raw)).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", text):
        raise ValidationError(_("Un IBAN commence par 2 lettres (FR pour la France) puis des chiffres : recopiez-le depuis votre RIB."), code="iban")
    expected = IBAN_LENGTHS.get(text[:2])
    if expected and len(text) != expected:
        raise ValidationError(
            _("Cet IBAN n'a pas le bon nombre de caractères (%(n)s au lieu de %(expected)s) : vérifiez sur votre RIB.")
            % {"n": len(text), "expected": expected},
            code="iban_length",
        )
    if not iban_checksum_ok(text):
        raise ValidationError(_("Cet IBAN contient une erreur de frappe (la clé de contrôle ne correspond pas) : vérifiez chaque chiffre sur votre RIB."), code="iban_checksum")
    return text


def format_iban(value: str) -> str:
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def nir_key(body13: str) -> int:
    """Key of a NIR's 13 first characters (2A → 19, 2B → 18 for the computation)."""
    number = body13.upper().replace("2A", "19", 1) if body13[5:7].upper() == "2A" else body13
    number = number.upper().replace("2B", "18", 1) if body13[5:7].upper() == "2B" else number
    return 97 - int(number) % 97


def normalize_nir(raw: str) -> str:
    """French social security number: 13 characters + 2-digit key (Corsica: 2A / 2B)."""
    text = re.sub(r"[\s\u00a0.\-]", "", str(raw)).upper()
    if not re.fullmatch(r"[1-478]\d{4}(\d{2}|2A|2B)\d{6}\d{2}", text):
        raise ValidationError(
            _("Le numéro de sécurité sociale a 15 chiffres (13 chiffres puis une clé de 2 chiffres), par exemple 2 84 05 69 123 456 78. Il est sur votre carte Vitale."),
            code="nir",
        )
    month = int(text[3:5])
    if not (1 <= month <= 12 or 20 <= month <= 42 or 50 <= month <= 99):
        raise ValidationError(_("Le mois de naissance dans ce numéro (4e et 5e chiffres) n'est pas valide."), code="nir_month")
    if nir_key(text[:13]) != int(text[13:]):
        raise ValidationError(_("Ce numéro de sécurité sociale contient une erreur de frappe (la clé ne correspond pas) : vérifiez sur votre carte Vitale."), code="nir_key")
    return text


def format_nir(value: str) -> str:
    if len(value or "") != 15:
        return value or ""
    return f"{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:10]} {value[10:13]} {value[13:]}"


def parse_date(raw: str) -> str:
    """"2026-03-01" or "01/03/2026" → ISO date string."""
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            value = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= value.year <= 2100:
            break
        return value.isoformat()
    raise ValidationError(_("Écrivez la date sous la forme jour/mois/année, par exemple 14/07/1990."), code="date")


def normalize_email(raw: str) -> str:
    text = str(raw).strip()
    try:
        _django_validate_email(text)
    except ValidationError as exc:
        raise ValidationError(_("Cette adresse électronique n'est pas complète, par exemple : nom@exemple.fr."), code="email") from exc
    return text.lower()


# --- Definitions ----------------------------------------------------------------------------


def input_fields(fields: list[dict]) -> list[dict]:
    """Fields that hold a value (no section headers or explanations)."""
    return [f for f in fields if f.get("type") not in STRUCTURE_TYPES]


def field_by_key(fields: list[dict]) -> dict[str, dict]:
    return {f["key"]: f for f in fields if f.get("key")}


def pages(fields: list[dict]) -> list[dict]:
    """One page per section: [{"title": ..., "fields": [...]}]. Fields before the first section form page 1."""
    result: list[dict] = []
    for field in fields:
        if field.get("type") == "section":
            result.append({"title": field.get("label", ""), "help": field.get("help", ""), "fields": []})
            continue
        if not result:
            result.append({"title": "", "help": "", "fields": []})
        result[-1]["fields"].append(field)
    return result or [{"title": "", "help": "", "fields": []}]


def validate_definition(fields: list[dict]) -> list[str]:
    """Problems in a list of fields (builder and JSON import). Empty when fine."""
    problems: list[str] = []
    if not isinstance(fields, list):
        return [_("La liste des champs doit être une liste JSON.")]
    seen: set[str] = set()

    def check(field: dict, *, nested: bool) -> None:
        if not isinstance(field, dict):
            problems.append(_("Chaque champ doit être un objet JSON."))
            return
        kind = field.get("type")
        label = field.get("label") or field.get("key") or "?"
        if kind not in FIELD_TYPES:
            problems.append(_("Champ « %(label)s » : type inconnu « %(type)s ».") % {"label": label, "type": kind})
            return
        if not str(field.get("label", "")).strip():
            problems.append(_("Un champ de type « %(type)s » n'a pas de libellé.") % {"type": FIELD_TYPES[kind]})
        if kind in STRUCTURE_TYPES:
            if nested and kind == "section":
                problems.append(_("Un bloc répété ne peut pas contenir de titre de partie."))
            return
        key = field.get("key", "")
        if not KEY_RE.match(str(key)):
            problems.append(_("Champ « %(label)s » : l'identifiant doit être en minuscules, sans accent ni espace.") % {"label": label})
        elif key in seen:
            problems.append(_("Champ « %(label)s » : l'identifiant « %(key)s » est déjà utilisé.") % {"label": label, "key": key})
        seen.add(str(key))
        if kind in {"choice", "multiple_choice"} and not [c for c in field.get("choices", []) if str(c).strip()]:
            problems.append(_("Champ « %(label)s » : indiquez au moins un choix.") % {"label": label})
        if kind == "file":
            if nested:
                problems.append(_("Un bloc répété ne peut pas contenir de pièce jointe."))
            accept = field.get("accept") or []
            if not accept or any(a not in FILE_KINDS for a in accept):
                problems.append(_("Champ « %(label)s » : choisissez les types de fichiers acceptés (photo, PDF).") % {"label": label})
            max_bytes = field.get("max_bytes")
            if not isinstance(max_bytes, int) or not 10_000 <= max_bytes <= 50 * 1024 * 1024:
                problems.append(_("Champ « %(label)s » : la taille maximale doit être entre 10 Ko et 50 Mo.") % {"label": label})
        if kind == "repetition":
            if nested:
                problems.append(_("Un bloc répété ne peut pas contenir un autre bloc répété."))
            children = field.get("fields") or []
            if not children:
                problems.append(_("Bloc « %(label)s » : ajoutez au moins un champ dans le bloc.") % {"label": label})
            for child in children:
                check(child, nested=True)
        if field.get("condition") is not None:
            problems.extend(_check_condition(field["condition"], label))

    for field in fields:
        check(field, nested=False)
    known = seen
    for field in fields:
        for ref in condition_refs(field.get("condition")):
            if ref not in known:
                problems.append(_("Champ « %(label)s » : la condition parle du champ « %(ref)s » qui n'existe pas.") % {"label": field.get("label", "?"), "ref": ref})
    return problems


def _check_condition(condition: Any, label: str) -> list[str]:
    if not isinstance(condition, dict):
        return [_("Champ « %(label)s » : condition mal écrite.") % {"label": label}]
    for joiner in ("and", "or"):
        if joiner in condition:
            parts = condition[joiner]
            if not isinstance(parts, list) or not parts:
                return [_("Champ « %(label)s » : condition mal écrite.") % {"label": label}]
            return [p for part in parts for p in _check_condition(part, label)]
    if condition.get("op") not in CONDITION_OPS or not condition.get("field"):
        return [_("Champ « %(label)s » : condition mal écrite (opérations possibles : eq, not_eq, in, and, or).") % {"label": label}]
    return []


def condition_refs(condition: Any) -> list[str]:
    if not isinstance(condition, dict):
        return []
    for joiner in ("and", "or"):
        if joiner in condition and isinstance(condition[joiner], list):
            return [ref for part in condition[joiner] for ref in condition_refs(part)]
    return [condition["field"]] if condition.get("field") else []


def _compare_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    return str(value)


def evaluate(condition: dict | None, data: dict, item: dict | None = None) -> bool:
    """Server-side truth of a condition on the answers (`item`: current repetition item first)."""
    if not condition:
        return True
    if "and" in condition:
        return all(evaluate(part, data, item) for part in condition["and"])
    if "or" in condition:
        return any(evaluate(part, data, item) for part in condition["or"])
    key = condition.get("field")
    source = item if item is not None and key in item else data
    actual = source.get(key)
    expected = condition.get("value")
    op = condition.get("op")
    if isinstance(actual, list):
        actual_set = {_compare_value(v) for v in actual}
        if op == "eq":
            return _compare_value(expected) in actual_set
        if op == "not_eq":
            return _compare_value(expected) not in actual_set
        if op == "in":
            return bool(actual_set & {_compare_value(v) for v in (expected or [])})
        return False
    if op == "eq":
        return _compare_value(actual) == _compare_value(expected)
    if op == "not_eq":
        return _compare_value(actual) != _compare_value(expected)
    if op == "in":
        return _compare_value(actual) in {_compare_value(v) for v in (expected or [])}
    return False


def describe_condition(condition: dict | None, fields: list[dict]) -> str:
    """Plain French: "À remplir si « Avez-vous des enfants ? » est « Oui »"."""
    if not condition:
        return ""
    labels = {f.get("key"): f for f in fields}
    for child_fields in [f.get("fields", []) for f in fields if f.get("type") == "repetition"]:
        labels.update({f.get("key"): f for f in child_fields})

    def show(value: Any) -> str:
        if value is True:
            return _("Oui")
        if value is False:
            return _("Non")
        return str(value)

    def one(cond: dict) -> str:
        if "and" in cond:
            return _(" et ").join(one(c) for c in cond["and"])
        if "or" in cond:
            return _(" ou ").join(one(c) for c in cond["or"])
        label = labels.get(cond.get("field"), {}).get("label", cond.get("field"))
        if cond.get("op") == "eq":
            return _("vous avez répondu « %(value)s » à « %(label)s »") % {"value": show(cond.get("value")), "label": label}
        if cond.get("op") == "not_eq":
            return _("vous n'avez pas répondu « %(value)s » à « %(label)s »") % {"value": show(cond.get("value")), "label": label}
        values = ", ".join(show(v) for v in cond.get("value") or [])
        return _("votre réponse à « %(label)s » est parmi : %(values)s") % {"label": label, "values": values}

    return _("À remplir seulement si %(cond)s.") % {"cond": one(condition)}


# --- Values ---------------------------------------------------------------------------------


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def clean_value(field: dict, raw: Any) -> Any:
    """A submitted raw value → the JSON value stored in the dossier. Empty → None."""
    kind = field["type"]
    if kind == "multiple_choice":
        values = [str(v) for v in (raw or []) if str(v).strip()]
        allowed = [str(c) for c in field.get("choices", [])]
        bad = [v for v in values if v not in allowed]
        if bad:
            raise ValidationError(_("Choisissez parmi les réponses proposées."), code="choice")
        return values or None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if kind == "commune":
        return clean_commune(raw)
    text = str(raw).strip()
    if kind == "yes_no":
        if text in {"yes", "oui", "true", "1", "True"}:
            return True
        if text in {"no", "non", "false", "0", "False"}:
            return False
        raise ValidationError(_("Répondez par oui ou par non."), code="yes_no")
    if kind == "choice":
        if text not in [str(c) for c in field.get("choices", [])]:
            raise ValidationError(_("Choisissez parmi les réponses proposées."), code="choice")
        return text
    if kind == "integer":
        value = parse_integer(text)
        if field.get("min") is not None and value < int(field["min"]):
            raise ValidationError(_("Le nombre doit être au moins %(min)s.") % {"min": field["min"]}, code="min")
        if field.get("max") is not None and value > int(field["max"]):
            raise ValidationError(_("Le nombre doit être au plus %(max)s.") % {"max": field["max"]}, code="max")
        return value
    if kind == "decimal":
        return str(parse_decimal(text))
    if kind == "date":
        return parse_date(text)
    if kind == "email":
        return normalize_email(text)
    if kind == "phone":
        return normalize_phone(text)
    if kind == "iban":
        return normalize_iban(text)
    if kind == "nir":
        return normalize_nir(text)
    if kind in {"text", "address"}:
        if len(text) > 500:
            raise ValidationError(_("Ce texte est trop long (500 caractères au plus)."), code="length")
        return text
    if kind == "textarea":
        if len(text) > 10_000:
            raise ValidationError(_("Ce texte est trop long (10 000 caractères au plus)."), code="length")
        return str(raw).strip()
    raise ValidationError(_("Type de champ inconnu."), code="type")


def clean_commune(raw: Any) -> dict:
    """A Commune, its INSEE code, a {"code"} dict, a name or a postcode → {"code", "name"}."""
    from relais.territory.models import Commune

    if hasattr(raw, "code") and hasattr(raw, "name"):
        commune = raw
    else:
        text = str(raw.get("code") or raw.get("name") or "") if isinstance(raw, dict) else str(raw).strip()
        commune = Commune.objects.filter(code=text).first() if re.fullmatch(r"\d[\dAB]\d{3}", text) else None
        if commune is None:
            commune = Commune.objects.search(text).first()
    if commune is None:
        raise ValidationError(_("Nous ne trouvons pas cette commune : écrivez son nom ou son code postal."), code="commune")
    postcode = (commune.postcodes or "").split()[:1]
    return {"code": commune.code, "name": f"{commune.name} ({postcode[0]})" if postcode else commune.name}


def display_value(field: dict, value: Any) -> str:
    """A stored value in plain French for summaries, diffs and exports."""
    if is_empty(value):
        return "—"
    kind = field.get("type")
    if kind == "yes_no":
        return _("Oui") if value else _("Non")
    if kind == "multiple_choice":
        return ", ".join(str(v) for v in value)
    if kind == "decimal":
        return format_decimal(value)
    if kind == "date":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)
    if kind == "phone":
        return format_phone(value)
    if kind == "iban":
        return format_iban(value)
    if kind == "nir":
        return format_nir(value)
    if kind == "commune" and isinstance(value, dict):
        return str(value.get("name") or value.get("code"))
    if kind == "file":
        count = len(value) if isinstance(value, list) else 1
        return _("%(n)s fichier(s)") % {"n": count}
    if kind == "repetition":
        parts = []
        for index, item in enumerate(value, start=1):
            inner = "; ".join(f"{f.get('label')} : {display_value(f, item.get(f.get('key')))}" for f in input_fields(field.get("fields", [])))
            parts.append(f"{field.get('item_label') or field.get('label')} {index} ({inner})")
        return " | ".join(parts)
    return str(value)


def visible_input_fields(fields: list[dict], data: dict) -> list[dict]:
    return [f for f in input_fields(fields) if evaluate(f.get("condition"), data)]


def prune_hidden(fields: list[dict], data: dict) -> dict:
    """Answers without those of fields hidden by their condition (and of unknown keys)."""
    result: dict = {}
    for field in input_fields(fields):
        key = field["key"]
        if key not in data or not evaluate(field.get("condition"), data):
            continue
        if field["type"] == "repetition":
            children = input_fields(field.get("fields", []))
            items = []
            for item in data.get(key) or []:
                items.append({c["key"]: item.get(c["key"]) for c in children if evaluate(c.get("condition"), data, item) and c["key"] in item})
            result[key] = items
        else:
            result[key] = data[key]
    return result


def missing_required(fields: list[dict], data: dict) -> dict[str, str]:
    """{field key: plain-French problem} for required visible fields left empty."""
    problems: dict[str, str] = {}
    for field in input_fields(fields):
        if not evaluate(field.get("condition"), data):
            continue
        value = data.get(field["key"])
        if field["type"] == "repetition":
            items = value or []
            minimum = int(field.get("min_items") or (1 if field.get("required") else 0))
            if len(items) < minimum:
                problems[field["key"]] = _("Ajoutez au moins %(n)s « %(label)s ».") % {"n": minimum, "label": field.get("item_label") or field["label"]}
                continue
            for index, item in enumerate(items, start=1):
                for child in input_fields(field.get("fields", [])):
                    if child.get("required") and evaluate(child.get("condition"), data, item) and is_empty(item.get(child["key"])):
                        problems[field["key"]] = _("%(item)s %(n)s : « %(label)s » est à remplir.") % {
                            "item": field.get("item_label") or field["label"], "n": index, "label": child["label"],
                        }
                        break
                if field["key"] in problems:
                    break
            continue
        if field.get("required") and is_empty(value):
            problems[field["key"]] = _("« %(label)s » est à remplir.") % {"label": field["label"]}
    return problems


def diff(fields: list[dict], old: dict, new: dict) -> list[dict]:
    """What changed between two submitted versions: [{"label", "before", "after"}]."""
    changes = []
    for field in input_fields(fields):
        key = field["key"]
        before, after = old.get(key), new.get(key)
        if before == after or (is_empty(before) and is_empty(after)):
            continue
        changes.append({"key": key, "label": field["label"], "before": display_value(field, before), "after": display_value(field, after)})
    return changes
