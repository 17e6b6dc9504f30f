"""The person file's sentences about mandates are translated when they are read, in the reader's language
(they were once translated at import time, so an English reader saw French)."""

import pytest
from django.utils import translation

from relais.casefile import registry
from tests.mandates.factories import make_active_mandate

pytestmark = pytest.mark.django_db


def test_the_mandate_line_of_the_timeline_speaks_the_readers_language():
    mandate = make_active_mandate()
    scope = registry.Scope.for_self(mandate.person)
    with translation.override("en"):
        english = [e.text for e in registry.timeline(scope) if e.kind == "mandates.mandate"]
    with translation.override("fr"):
        french = [e.text for e in registry.timeline(scope) if e.kind == "mandates.mandate"]
    assert len(english) == 1 and english[0].startswith("Mandate given to ")
    assert len(french) == 1 and french[0].startswith("Mandat donné à ")
