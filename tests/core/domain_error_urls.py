"""Test-only URLconf: the site's routes plus one view that raises an uncaught domain error."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from relais.core.errors import Conflict
from relais.directory.selectors import SearchError


def raises_search_error(request):
    raise SearchError("Indiquez une commune ou un code postal.")


def raises_conflict(request):
    raise Conflict()


urlpatterns = [
    path("test-only/search-error/", raises_search_error),
    path("test-only/conflict/", raises_conflict),
    *site_urlpatterns,
]
