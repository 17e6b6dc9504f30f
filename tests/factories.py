"""factory-boy factories and fixtures for the core models. Domains add theirs in their own test folders."""

import factory
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import Person, User
from relais.organisations.models import MemberRole, Membership, Organisation, OrganisationKind
from relais.territory.models import Commune, Departement, Region

PASSWORD = "Mot-de-passe-test-2026"
TOTP_HEX = "3132333435363738393031323334353637383930"  # RFC 6238 test key


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "84"
    name = "Auvergne-Rhône-Alpes"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "69"
    name = "Rhône"
    region = factory.SubFactory(RegionFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"69{n + 500:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    postcodes = "69000"
    departement = factory.SubFactory(DepartementFactory)
    latitude = 45.76
    longitude = 4.83
    population = 1000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Test{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    email = factory.SelfAttribute("user.email")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = OrganisationKind.FRANCE_SERVICES
    allowed_mandate_categories = [
        "papiers",
        "famille",
        "social",
        "travail",
        "logement",
        "transports",
        "argent",
        "justice",
        "etranger",
        "loisirs",
    ]


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MemberRole.HELPER


def add_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", key=TOTP_HEX, confirmed=True)


def totp_now() -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(TOTP_HEX)).token():06d}"


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


def _member(role):
    membership = MembershipFactory(role=role)
    add_totp(membership.user)
    return membership.user


@pytest.fixture
def helper_user(db):
    return _member(MemberRole.HELPER)


@pytest.fixture
def agent_user(db):
    return _member(MemberRole.AGENT)


@pytest.fixture
def manager_user(db):
    return _member(MemberRole.MANAGER)


@pytest.fixture
def coordinator_user(db):
    user = UserFactory()
    user.coordinated_departements.add(DepartementFactory())
    add_totp(user)
    return user


@pytest.fixture
def staff_user(db):
    user = UserFactory(is_staff=True)
    add_totp(user)
    return user


def verified_login(client, user):
    """Log a user in with the second factor passed (as after the TOTP page)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client
