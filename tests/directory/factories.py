import factory

from relais.directory.models import Place, Service
from tests.factories import CommuneFactory, OrganisationFactory


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    source = "relais"
    source_id = factory.Sequence(lambda n: f"p{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Lieu {n}")
    address = "1 rue de la Paix"
    postcode = "69200"
    commune_code = "69259"
    commune_name = "Vénissieux"
    departement_code = "69"
    latitude = 45.6975
    longitude = 4.8867
    phone = "+33472000001"
    hours = "Mo-Su 00:00-24:00"
    languages = factory.LazyFunction(lambda: ["fr"])


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    place = factory.SubFactory(PlaceFactory)
    source = "relais"
    source_id = factory.Sequence(lambda n: f"s{n}")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Un service utile pour tout le monde."
    type = "accompagnement"
    thematiques = factory.LazyFunction(lambda: ["hygiene--douches"])
    frais = "gratuit"
    publics = factory.LazyFunction(lambda: ["tous-publics"])
    modes_accueil = factory.LazyFunction(lambda: ["en-presentiel"])

    @factory.post_generation
    def _search(obj, create, extracted, **kwargs):
        obj.refresh_search_fields()
        if create:
            obj.save()


def venissieux():
    return CommuneFactory(code="69259", name="Vénissieux", postcodes="69200", latitude=45.7012, longitude=4.8805)
