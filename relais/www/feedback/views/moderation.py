"""Staff moderate the stories (free texts of reviews) before anything is published."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from relais.feedback import selectors
from relais.feedback.models import Review, StoryState
from relais.feedback.services.reviews import story_moderate
from relais.www.decorators import allowed


@allowed("feedback.moderate")
def queue(request):
    if request.method == "POST":
        review = get_object_or_404(Review, pk=request.POST.get("review") or 0, story_state=StoryState.PENDING)
        publish = request.POST.get("decision") == "publish"
        story_moderate(actor=request.user, review=review, publish=publish)
        messages.success(
            request, _("L'avis est publié.") if publish else _("L'avis est refusé : il ne sera pas publié.")
        )
        return redirect("feedback:moderation")
    return render(
        request,
        "feedback/moderation.html",
        {"title": _("Avis à modérer"), "reviews": selectors.moderation_queue()},
    )
