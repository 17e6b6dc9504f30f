from relais.organisations.models import Membership, Organisation


def organisation_members(*, organisation: Organisation):
    return (
        Membership.objects.active().filter(organisation=organisation).select_related("user").order_by("user__last_name")
    )


def organisations_of(*, user):
    return Organisation.objects.filter(memberships__user=user, memberships__is_active=True).distinct()


def organisation_names(*, ids) -> dict[int, str]:
    """{id: name} of the given organisations (journal renderers use it to name who acted)."""
    ids = {i for i in ids if i}
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def organisations_in(*, departements):
    return Organisation.objects.filter(departement__in=departements).order_by("name")


def member_of(*, organisation: Organisation, membership_id: int) -> Membership | None:
    return (
        Membership.objects.active().select_related("user").filter(pk=membership_id, organisation=organisation).first()
    )
