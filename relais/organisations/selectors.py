from relais.organisations.models import Membership, Organisation


def organisation_members(*, organisation: Organisation):
    return Membership.objects.active().filter(organisation=organisation).select_related("user").order_by("user__last_name")


def organisations_of(*, user):
    return Organisation.objects.filter(memberships__user=user, memberships__is_active=True).distinct()
