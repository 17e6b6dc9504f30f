"""The receiving service's answer, the same from the signed link and from the Relais inbox: one function reads
the POSTed action (accept, question, refuse) and calls the matching service."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext_lazy

from relais.core.errors import DomainError
from relais.referrals import services
from relais.www.referrals.forms import AcceptForm, QuestionForm, RefuseForm

DONE = {
    "accept": gettext_lazy("Merci : l'orientation est acceptée. La personne et le professionnel sont prévenus."),
    "question": gettext_lazy("Votre question est envoyée au professionnel qui oriente."),
    "refuse": gettext_lazy("L'orientation est refusée. La personne et le professionnel sont prévenus."),
}


def answer_forms(request, action: str = ""):
    """The three forms; the one POSTed is bound."""
    data = request.POST if request.method == "POST" else None
    return {
        "accept": AcceptForm(data if action == "accept" else None, prefix="accepter"),
        "question": QuestionForm(data if action == "question" else None, prefix="question"),
        "refuse": RefuseForm(data if action == "refuse" else None, prefix="refuser"),
    }


def handle_answer(request, referral, *, via: str, actor=None) -> tuple[bool, dict]:
    """(done, forms). On success a message is queued; on bad input the bound form carries the errors."""
    action = request.POST.get("action", "")
    forms = answer_forms(request, action)
    form = forms.get(action)
    if form is None or not form.is_valid():
        return False, forms
    data = form.cleaned_data
    try:
        if action == "accept":
            services.referral_accept(
                referral=referral, next_step=data["next_step"], message=data["message"], via=via, actor=actor
            )
        elif action == "question":
            services.referral_ask(referral=referral, text=data["text"], via=via, actor=actor)
        else:
            services.referral_refuse(
                referral=referral, reason=data["reason"], message=data["message"], via=via, actor=actor
            )
    except DomainError as error:
        form.add_error(None, error.message)
        return False, forms
    messages.success(request, DONE[action])
    return True, forms
