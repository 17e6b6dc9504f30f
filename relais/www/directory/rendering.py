"""HTML of the search page's hot parts, written in Python.

The search page is the most visited page of Relais and must stay fast on a small server. Django's
template engine costs ~0.2 ms per result (20 results a page) and ~0.3 ms per DSFR form field
group (several nested templates each); these functions write the very same markup directly.
Every string goes through the same gettext messages as the templates did, and every value is
escaped. tests/directory/test_rendering.py compares them with the DSFR templates."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext
from dsfr.templatetags.dsfr_tags import dsfr_mark_optionnal_fields
from dsfr.utils import dsfr_input_class_attr

from relais.core.formats import phone_display, phone_tel

_PLACE_URL_MARK = 987654321


def _place_url_pattern() -> str:
    # One reverse() per page, not one per result: the URL of place N is the pattern with N.
    return reverse("directory:place", args=[_PLACE_URL_MARK]).replace(str(_PLACE_URL_MARK), "{}")


def results_html(hits, *, now=None, extra: dict | None = None) -> SafeString:
    """The `<li>` items of the results list (templates/directory/search.html). `extra`: {service id: safe
    HTML} added to a result (the response rates of referrals, relais/www/directory/referral_hooks.py)."""
    place_url = _place_url_pattern()
    # As in templates: the translated texts themselves are not escaped, the values inside are.
    remote_badge = gettext("À distance")
    free_badge = gettext("Gratuit")
    full_badge = gettext("Complet en ce moment")
    call = gettext("Appeler")
    parts = []
    for hit in hits:
        s = hit.service
        p = s.place
        out = ['\n    <li class="relais-result"']
        if p.latitude and not hit.remote:
            out.append(f' data-lat="{p.latitude:f}" data-lon="{p.longitude:f}" data-name="{escape(p.name)}"')
        out.append(
            f'>\n      <h3 class="fr-h6 fr-mb-1v"><a '
            f'href="{place_url.format(p.pk)}#service-{s.pk}">{escape(s.name)}</a></h3>\n'
            f'      <p class="fr-mb-1v"><strong>{escape(p.name)}</strong>'
        )
        address = p.full_address
        if address:
            out.append(f" — {escape(address)}")
        out.append('</p>\n      <p class="fr-mb-1v relais-result__facts">\n        ')
        if hit.remote:
            out.append(
                f'<span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">{remote_badge}</span>\n        '
            )
        else:
            km = gettext("à %(km)s km") % {"km": conditional_escape(floatformat(hit.distance_km, 1))}
            out.append(f'<span class="fr-badge fr-badge--sm fr-badge--no-icon">{km}</span>')
        status = hit.status
        label = escape(status.label)
        if status.open:
            out.append(f'\n        <span class="fr-badge fr-badge--sm fr-badge--success">{label}</span>\n        ')
        elif status.open is None:
            out.append(f'\n        <span class="fr-badge fr-badge--sm fr-badge--no-icon">{label}</span>\n        ')
        else:
            out.append(f'\n        <span class="fr-badge fr-badge--sm fr-badge--warning">{label}</span>')
        out.append("\n        ")
        if s.frais == "gratuit":
            out.append(f'<span class="fr-badge fr-badge--sm fr-badge--no-icon">{free_badge}</span>')
        out.append("\n        ")
        if p.is_full:
            out.append(f'<span class="fr-badge fr-badge--sm fr-badge--error">{full_badge}</span>')
        out.append("\n      </p>\n      ")
        if status.message:
            out.append(f'<p class="fr-text--sm fr-mb-1v">{escape(status.message)}</p>')
        themes = " · ".join(conditional_escape(label) for label in s.theme_labels()[:3])
        out.append(f'\n      <p class="fr-text--sm fr-mb-0">{themes}</p>\n      ')
        if p.phone:
            phone, tel = escape(phone_display(p.phone)), escape(phone_tel(p.phone))
            out.append(f'<p class="fr-text--sm fr-mb-0"><a href="tel:{tel}">{call} {phone}</a></p>')
        days = p.age_days(now)
        checked = ngettext("Vérifié il y a %(days)s jour", "Vérifié il y a %(days)s jours", days) % {"days": days}
        if extra and s.pk in extra:
            out.append(f"\n      {extra[s.pk]}")
        out.append(f'\n      <p class="fr-text--xs fr-mb-0">{checked}</p>\n    </li>\n    ')
        parts.append("".join(out))
    return mark_safe("".join(parts))


def _attrs_html(attrs: dict) -> str:
    # django/forms/widgets/attrs.html
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{escape(value)}"')
    return "".join(parts)


def _input_html(bf) -> str:
    """BoundField.as_widget() for an <input> widget (django/forms/widgets/input.html)."""
    widget = bf.field.widget
    attrs = bf.build_widget_attrs({}, widget)
    if bf.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bf.auto_id)
    context = widget.get_context(bf.html_name, bf.value(), attrs)["widget"]
    value = "" if context["value"] is None else f' value="{escape(context["value"])}"'
    kind, name = escape(context["type"]), escape(context["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs_html(context["attrs"])}>'


def _label_html(bf, *, hint_id: str) -> str:
    # The <label> of dsfr/form_field_snippets/input_snippet.html and checkbox_snippet.html, with
    # DSFR_MARK_OPTIONAL_FIELDS (" (Optionnel)" after the label of optional fields).
    mark = dsfr_mark_optionnal_fields(bf)
    hint = (
        f'\n      <span class="fr-hint-text" id="{hint_id}_helptext">{bf.help_text}</span>\n    '
        if bf.help_text
        else ""
    )
    return (
        f'<label for="{bf.id_for_label}" class="fr-label">\n    \n    {conditional_escape(bf.label)}{mark}\n'
        f"    {hint}\n    \n  </label>"
    )


def field_group_html(bf) -> SafeString:
    """`bf.as_field_group()` of a DSFR form (django-dsfr's field snippets) for text inputs, selects
    rendered in Python and checkboxes; anything else, or a field with errors, goes through the
    DSFR templates."""
    widget = bf.field.widget
    if bf.errors or bf.field.disabled or bf.field.template_name or widget.is_hidden:
        return bf.as_field_group()
    dsfr_input_class_attr(bf)  # what the DSFR snippet does first: DSFR classes on the widget
    if isinstance(widget, forms.CheckboxInput):
        return mark_safe(
            f'<div class="fr-checkbox-group fr-mb-2w">\n  {_input_html(bf)}\n  '
            f"{_label_html(bf, hint_id=bf.auto_id)}\n  \n</div>"
        )
    if type(widget).render is not forms.Widget.render:  # a widget that renders itself in Python (FastSelect)
        control = str(bf.as_widget())
    elif isinstance(widget, forms.TextInput):
        control = _input_html(bf)
    else:
        return bf.as_field_group()
    group = getattr(widget, "group_class", "") or "fr-input-group"
    return mark_safe(f'<div class="{group}">\n  {_label_html(bf, hint_id=bf.id_for_label)}\n  {control}\n  \n</div>')
