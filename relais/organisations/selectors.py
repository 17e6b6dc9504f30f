from relais.organisations.models import ApiToken, Membership, Organisation


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


def api_tokens_of(*, organisation: Organisation | None = None):
    """The API tokens of an organisation (all organisations when None), newest first."""
    tokens = ApiToken.objects.select_related("organisation").order_by("-created_at", "-pk")
    return tokens.filter(organisation=organisation) if organisation is not None else tokens


def api_token_of(*, token_id: int, organisation: Organisation | None = None) -> ApiToken | None:
    return api_tokens_of(organisation=organisation).filter(pk=token_id).first()


def organisation_by_reference(*, reference: str) -> Organisation | None:
    """An organisation by id, SIRET or exact name (for management commands)."""
    reference = str(reference).strip()
    if reference.isdigit() and len(reference) < 14:
        return Organisation.objects.filter(pk=int(reference)).first()
    return Organisation.objects.filter(siret=reference).first() or Organisation.objects.filter(name=reference).first()


def organisation_choices(*, exclude: Organisation | None = None) -> list[tuple[int, str]]:
    """(id, name) of every organisation, by name (the builder's list of prefill partners)."""
    organisations = Organisation.objects.order_by("name")
    if exclude is not None:
        organisations = organisations.exclude(pk=exclude.pk)
    return list(organisations.values_list("pk", "name"))


def memberships_of(*, user) -> list[Membership]:
    """The user's active memberships with their organisations, by organisation name."""
    return list(user.memberships.active().select_related("organisation").order_by("organisation__name", "role"))
