from django.urls import path

from relais.www.persons.views import worklist

urlpatterns = [
    path("a-suivre/", worklist.worklist, name="worklist"),
]
