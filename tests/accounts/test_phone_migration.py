"""Migration accounts 0005: overseas numbers saved as +33… before the one normaliser get their own code."""

import importlib

import pytest
from django.apps import apps

from relais.accounts.models import PersonSearchKey
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("relais.accounts.migrations.0005_overseas_phone_numbers")


def test_overseas_numbers_saved_as_metropolitan_are_corrected_and_others_left_alone():
    reunion = PersonFactory(phone="+33692123456", user__phone="+33692123456")
    paris = PersonFactory(phone="+33612345678", user__phone="")
    PersonSearchKey.objects.get_or_create(person=reunion, key="t:+33692123456")  # as the old keys said
    PersonSearchKey.objects.get_or_create(person=paris, key="t:+33612345678")

    migration.forwards(apps, None)

    reunion.refresh_from_db()
    reunion.user.refresh_from_db()
    paris.refresh_from_db()
    assert (reunion.phone, reunion.user.phone, paris.phone) == ("+262692123456", "+262692123456", "+33612345678")
    assert set(PersonSearchKey.objects.filter(key__startswith="t:").values_list("key", flat=True)) >= {
        "t:+262692123456",
        "t:+33612345678",
    }
    assert not PersonSearchKey.objects.filter(key="t:+33692123456").exists()


@pytest.mark.parametrize(
    "number, expected",
    [("+33590123456", "+590590123456"), ("+33639123456", "+262639123456"), ("+33712345678", None), ("+3369", None)],
)
def test_only_the_overseas_prefixes_change(number, expected):
    assert migration.corrected(number) == expected
