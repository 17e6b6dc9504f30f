"""Request middleware for the screens: early refusal of flooding clients, security headers, active organisation,
2FA for professionals, body size."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from relais.core.errors import DomainError
from relais.core.formats import size_display
from relais.organisations.selectors import memberships_of
from relais.policy.throttle import client_ip
from relais.rights.services import simulation_refused_early

ACTIVE_ORG_SESSION_KEY = "active_organisation_id"


class EarlyRefusalMiddleware:
    """Answers 429 at once, before the session, the user or any database work, to a client this process already
    knows is over the simulator's rate limit (relais/policy/throttle.py remembers what the shared counter said).
    A client hammering the simulator then costs a few microseconds per call and the other pages keep the CPU.
    Only the address is looked at here: a logged-in user over the limit is refused a little later, by the view."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.guarded: str | None = None

    def __call__(self, request):
        if request.method == "POST":
            if self.guarded is None:
                self.guarded = reverse("api:simulate")
            if request.path == self.guarded:
                try:
                    simulation_refused_early([f"ip:{client_ip(request)}"])
                except DomainError as refused:
                    response = JsonResponse({"detail": refused.message}, status=refused.status)
                    response["Retry-After"] = str(refused.retry_after)
                    response["Cache-Control"] = "no-store"
                    return response
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)")
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages with personal data are never kept in shared caches.
            response.setdefault("Cache-Control", "private, no-store")
        return response


class ActiveOrganisationMiddleware:
    """Sets `request.user.active_membership` (the membership in the organisation the user works for now)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = memberships_of(user=user)
            wanted = request.session.get(ACTIVE_ORG_SESSION_KEY)
            chosen = None
            if wanted:
                chosen = next((m for m in memberships if m.pk == wanted), None)
            if chosen is None and memberships:
                chosen = min(memberships, key=lambda m: m.pk)  # by default, the first organisation joined
            user.active_membership = chosen
            user.all_memberships = memberships
            request.organisation = chosen.organisation if chosen else None
        else:
            request.organisation = None
        return self.get_response(request)


class ProfessionalTwoFactorMiddleware:
    """Professionals (members of an organisation) and staff must pass TOTP before anything else."""

    EXEMPT_PREFIXES = (
        "/compte/",
        "/static/",
        "/i18n/",
        "/api/",
        "/mentions-legales",
        "/confidentialite",
        "/accessibilite",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.RELAIS_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and request.path != "/"
            # Cheapest checks first: the coordinator query runs only for users not yet verified.
            and (getattr(user, "all_memberships", None) or user.is_staff or user.coordinated_departements.exists())
        ):
            return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    """French unless the person chose English (language switch cookie): the browser's
    Accept-Language is not followed, so a public service in France answers in French first."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestSizeLimitMiddleware:
    """Refuses a request whose announced body (Content-Length) exceeds RELAIS_MAX_REQUEST_BYTES, before any of
    it is read: a 200 MB upload costs nothing. What the form had saved before stays saved; the page links back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.RELAIS_MAX_REQUEST_BYTES:
            return self.too_large(request)
        return self.get_response(request)

    @staticmethod
    def too_large(request):
        # The size people can send: the file limit the forms announce, or the request limit when an
        # operator set it lower (RELAIS_MAX_REQUEST_BYTES counts the other fields of the form too).
        limit = min(settings.RELAIS_MAX_UPLOAD_BYTES, settings.RELAIS_MAX_REQUEST_BYTES)
        message = _("Ce fichier dépasse %(size)s.") % {"size": size_display(limit)}
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        context = {"title": _("Fichier trop lourd"), "message": message, "back": request.get_full_path()}
        return render(request, "errors/too_large.html", context, status=413)
