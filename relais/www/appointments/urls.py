"""Screens of appointments (namespace "appointments", under /rendez-vous/)."""

from django.urls import path

from relais.www.appointments.views import agent, booking, helper, home, manage, settings

urlpatterns = [
    # /rendez-vous/ itself sends each user to their own page (views/home.py)
    path("", home.home, name="home"),
    # The person books (relais/www/appointments/views/booking.py): phone-friendly steps, no JavaScript
    path("lieu/<int:place_id>/", booking.place_reasons, name="place"),
    path("demarche/<int:procedure_id>/", booking.procedure_reasons, name="procedure"),
    path("motif/<int:reason_id>/", booking.slots, name="slots"),
    path("motif/<int:reason_id>/reserver/", booking.book, name="book"),
    path("mes-rendez-vous/", booking.mine, name="mine"),
    # The signed link of every message (views/manage.py)
    path("lien/<str:token>/", manage.manage, name="manage"),
    path("lien/<str:token>/annuler/", manage.cancel, name="cancel"),
    path("lien/<str:token>/agenda.ics", manage.ics, name="ics"),
    path("lien/<str:token>/liste-d-attente/", manage.waiting, name="waiting"),
    # A helper books for a person, from the person file (views/helper.py)
    path("pour/<int:person_id>/", helper.reasons, name="helper_reasons"),
    path("pour/<int:person_id>/motif/<int:reason_id>/", helper.slots, name="helper_slots"),
    path("pour/<int:person_id>/motif/<int:reason_id>/reserver/", helper.book, name="helper_book"),
    # The agent: day view, marks, opening slots, statistics (views/agent.py)
    path("agent/jour/", agent.day, name="day"),
    path("agent/rendez-vous/<int:appointment_id>/noter/", agent.mark, name="mark"),
    path("agent/plages/", agent.openings, name="openings"),
    path("agent/plages/<int:opening_id>/supprimer/", agent.opening_remove, name="opening_remove"),
    path("agent/plages/ajouter/", settings.opening_add, name="opening_add"),
    path("agent/absences/ajouter/", settings.absence_add, name="absence_add"),
    path("motifs/", settings.reasons, name="reasons"),
    path("statistiques/", agent.stats, name="stats"),
]
