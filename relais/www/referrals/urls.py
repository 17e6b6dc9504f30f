"""Screens of referrals (« orientations », namespace "referrals", under /orientations/)."""

from django.urls import path

from relais.www.referrals.views import create, home, inbox, link, person, sent, settings

urlpatterns = [
    path("", home.home, name="home"),  # sends each user to their own referrals (views/home.py)
    path("service/<int:service_id>/orienter/", create.referral_new, name="new"),
    path("service/<int:service_id>/reglages/", settings.service_settings, name="settings"),
    path("envoyees/", sent.sent_list, name="sent"),
    path("envoyees/<int:referral_id>/", sent.sent_detail, name="sent_detail"),
    path("envoyees/<int:referral_id>/repondre/", sent.sent_reply, name="sent_reply"),
    path("envoyees/<int:referral_id>/annuler/", sent.sent_cancel, name="sent_cancel"),
    path("recues/", inbox.inbox, name="inbox"),
    path("recues/<int:referral_id>/", inbox.inbox_detail, name="inbox_detail"),
    path("recues/<int:referral_id>/valider/", inbox.inbox_moderate, name="inbox_moderate"),
    path("recues/<int:referral_id>/document/<int:attachment_id>/", inbox.inbox_attachment, name="inbox_attachment"),
    path("mes-orientations/", person.my_referrals, name="mine"),
    path("mes-orientations/<int:referral_id>/annuler/", person.my_referral_cancel, name="mine_cancel"),
    # The signed link of a service without a Relais account (relais/referrals/links.py)
    path("lien/<int:service_id>/<str:token>/", link.link_view, name="link"),
    path("lien/<int:service_id>/<str:token>/nouveau-lien/", link.link_renew, name="link_renew"),
    path(
        "lien/<int:service_id>/<str:token>/document/<int:attachment_id>/", link.link_attachment, name="link_attachment"
    ),
]
