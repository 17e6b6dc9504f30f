"""Screens about persons for professionals (namespace "persons", under /personnes/)."""

from django.urls import path

from relais.www.persons.views import file as file_views
from relais.www.persons.views import follow_ups, search, worklist

urlpatterns = [
    path("", search.search, name="search"),
    path("a-suivre/", worklist.worklist, name="worklist"),
    # The person file, its private notes, follow-ups (relais/www/persons/views/file.py, follow_ups.py)
    path("<int:person_id>/", file_views.person_file, name="file"),
    path("<int:person_id>/notes/", file_views.note_add, name="note_add"),
    path("<int:person_id>/notes/<int:note_id>/barrer/", file_views.note_strike, name="note_strike"),
    path("<int:person_id>/suivi/", follow_ups.follow_up_new, name="follow_up_new"),
    path("suivis/<int:follow_up_id>/", follow_ups.follow_up_detail, name="follow_up_detail"),
    path("suivis/<int:follow_up_id>/feuille/", follow_ups.follow_up_sheet, name="follow_up_sheet"),
    path("suivis/<int:follow_up_id>/feuille-signee/", follow_ups.follow_up_sheet_upload, name="follow_up_sheet_upload"),
    path("suivis/<int:follow_up_id>/abandonner/", follow_ups.follow_up_abandon, name="follow_up_abandon"),
    path("suivis/<int:follow_up_id>/arreter/", follow_ups.follow_up_end, name="follow_up_end"),
    path("mes-suivis/", follow_ups.my_follow_ups, name="my_follow_ups"),
    path("mes-suivis/<int:follow_up_id>/repondre/", follow_ups.my_follow_up_answer, name="my_follow_up_answer"),
    path("mes-suivis/<int:follow_up_id>/retirer/", follow_ups.my_follow_up_revoke, name="my_follow_up_revoke"),
]
