"""Template filters for what people read (built in: no `{% load %}` needed; see relais.core.formats).

`{{ place.phone|phone }}` « 04 72 00 00 21 », `href="tel:{{ place.phone|tel }}"`, `{{ size|size }}`
« 210 Ko », `{{ dossier.created_at|date_words }}` « 1er octobre 2026 » (`|date_time_words` with the hour)."""

from django import template

from relais.core import formats

register = template.Library()

register.filter("phone", formats.phone_display)
register.filter("tel", formats.phone_tel)
register.filter("size", formats.size_display)
register.filter("date_words", formats.date_words)


@register.filter
def date_time_words(value):
    return formats.date_words(value, with_time=True)


@register.filter
def day_words(value):
    """« 1er octobre » (without the year)."""
    return formats.date_words(value, with_year=False)


@register.simple_tag
def size_reduced(original, size) -> bool:
    return formats.size_reduced(original, size)
