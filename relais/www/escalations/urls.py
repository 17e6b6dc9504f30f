"""Screens of escalations (namespace "escalations", under /saisines/)."""

from django.urls import path

from relais.www.escalations.views import attachments, inbox, open, person, stats, teams, thread

urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("preferences/", inbox.preferences, name="preferences"),
    path("nouvelle/<int:person_id>/", open.escalation_new, name="new"),
    path("<int:escalation_id>/", thread.escalation_detail, name="detail"),
    path("<int:escalation_id>/repondre/", thread.escalation_answer, name="answer"),
    path("<int:escalation_id>/note/", thread.escalation_note, name="note"),
    path("<int:escalation_id>/inviter/", thread.escalation_invite, name="invite"),
    path("<int:escalation_id>/mauvaise-equipe/", thread.escalation_wrong_team, name="wrong_team"),
    path("<int:escalation_id>/traitee/", thread.escalation_processed, name="processed"),
    path("<int:escalation_id>/cloturer/", thread.escalation_close, name="close"),
    path("<int:escalation_id>/pieces/<int:document_id>/", attachments.attachment, name="attachment"),
    path("mes-demandes/", person.my_escalations, name="mine"),
    path("statistiques/", stats.statistics, name="stats"),
    path("statistiques.csv", stats.statistics_csv, name="stats_csv"),
    path("equipes/", teams.team_list, name="teams"),
    path("equipes/nouvelle/", teams.team_edit, name="team_new"),
    path("equipes/<int:team_id>/", teams.team_edit, name="team_edit"),
]
