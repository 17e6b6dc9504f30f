"""Screens of feedback (namespace "feedback", under /avis/)."""

from django.urls import path
from django.views.generic import RedirectView

from relais.www.feedback.views import author, moderation, public, report, review

urlpatterns = [
    # Reviews (views/review.py): after a procedure, the simulator, the directory
    # /avis/ itself: the public table of indicators
    path("", RedirectView.as_view(pattern_name="feedback:indicators", permanent=False), name="root"),
    path("donner/<str:kind>/", review.give, name="review"),
    path("merci/", review.thanks, name="review_thanks"),
    # Helper reports (views/report.py)
    path("signaler/", report.report, name="report"),
    # The procedure's authors (views/author.py)
    path("retours/", author.home, name="author_home"),
    path("retours/demarches/<int:procedure_id>/", author.procedure, name="author_procedure"),
    path("retours/groupes/<int:group_id>/", author.group, name="group"),
    path("retours/groupes/<int:group_id>/ticket/", author.ticket_open, name="ticket_open"),
    path("retours/signalements/<int:report_id>/regrouper/", author.regroup, name="regroup"),
    path("retours/signalements/<int:report_id>/piece/", author.attachment, name="attachment"),
    path("retours/tickets/<int:ticket_id>/", author.ticket, name="ticket"),
    path("retours/avis/<int:review_id>/repondre/", author.answer, name="answer"),
    path("retours/avis/<int:review_id>/regrouper/", author.regroup_review, name="regroup_review"),
    # Staff (views/moderation.py)
    path("moderation/", moderation.queue, name="moderation"),
    # Public indicators (views/public.py)
    path("indicateurs/", public.table, name="indicators"),
    path("indicateurs/demarche/<slug:slug>/", public.procedure, name="procedure_indicators"),
    path("indicateurs/export.<str:fmt>", public.download, name="export"),
]
