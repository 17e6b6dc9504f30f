from django.urls import include, path
from django.views.i18n import set_language

from relais.api.main import api

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("", include("relais.www.urls")),
]

handler400 = "relais.www.core.views.error_400"
handler403 = "relais.www.core.views.error_403"
handler404 = "relais.www.core.views.error_404"
handler500 = "relais.www.core.views.error_500"
