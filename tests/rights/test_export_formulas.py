"""Issue #10, hole 4: the CSV of rights not claimed sends no formula to the spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse

from relais.organisations.models import MemberRole
from relais.rights.models import BatchRun, BatchStatus
from tests.factories import MembershipFactory, OrganisationFactory, add_totp, verified_login

pytestmark = pytest.mark.django_db


def test_batch_csv_neutralises_names_and_keeps_amounts(client):
    organisation = OrganisationFactory()
    helper = MembershipFactory(organisation=organisation, role=MemberRole.HELPER).user
    add_totp(helper)
    row = {"person_id": 1, "first_name": "=1+2", "last_name": "@SUM(A1)", "phone": "-cmd", "label": "+x"}
    batch = BatchRun.objects.create(
        organisation=organisation,
        period="2026-11",
        status=BatchStatus.DONE,
        rows=[{**row, "benefit": "ppa", "amount": -12.5}],
    )
    verified_login(client, helper)
    export = client.get(reverse("rights:batch_csv", kwargs={"batch_id": batch.pk}))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["1", "'=1+2", "'@SUM(A1)", "'-cmd", "'+x", "-12.5", "2026-11"]
