"""Entry points to book an appointment, shown on other features' pages: the place page and the procedure
page (« être aidé par une personne »). One query each; nothing shown when nothing can be booked."""

from django import template

from relais.appointments import selectors

register = template.Library()


@register.inclusion_tag("appointments/_place_link.html")
def appointment_place_link(place):
    return {"place": place, "available": selectors.reasons_at_place(place=place).exists()}


@register.inclusion_tag("appointments/_procedure_link.html")
def appointment_procedure_link(procedure):
    return {"procedure": procedure, "available": selectors.reasons_for_procedure(procedure=procedure).exists()}
