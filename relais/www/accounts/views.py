import base64
import json
from functools import wraps

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais import policy
from relais.accounts import selectors as account_selectors
from relais.accounts import services
from relais.accounts.locks import locked_fields
from relais.core.downloads import set_download_name
from relais.organisations.selectors import member_of
from relais.organisations.services import MembershipError, membership_add_by_email, membership_remove
from relais.policy.roles import is_coordinator, is_professional
from relais.policy.throttle import RateLimited, throttle_hit
from relais.www.accounts.forms import (
    DeleteAccountForm,
    LoginForm,
    MemberAddForm,
    ProfileForm,
    RelaisPasswordChangeForm,
    RelaisPasswordResetForm,
    RelaisSetPasswordForm,
    SignupForm,
    TokenForm,
    TotpConfirmForm,
)
from relais.www.core.views import organisation_page
from relais.www.decorators import allowed
from relais.www.identity.common import signin_buttons
from relais.www.identity.views.signin import end_session_redirect

BACKUP_CODES_SESSION_KEY = "relais_new_backup_codes"


def _must_use_second_factor(user) -> bool:
    """Professionals, coordinators and staff must have passed TOTP (settings.RELAIS_REQUIRE_2FA)."""
    return bool(
        settings.RELAIS_REQUIRE_2FA
        and user.is_authenticated
        and (is_professional(user) or user.is_staff or is_coordinator(user))
        and not user.is_verified()
    )


def second_factor_required(view):
    """The pages under /compte/ are exempt from the 2FA middleware (they include the 2FA pages
    themselves): the sensitive ones among them check it here."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if _must_use_second_factor(request.user):
            return redirect(_with_next("accounts:two_factor", request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _safe_next(request) -> str:
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return ""
    return next_url


# --- Log in, log out, sign up -----------------------------------------------------------------


class RelaisLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    extra_context = {"title": gettext_lazy("Se connecter")}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "identity_buttons": signin_buttons()}


@require_POST
def logout_view(request):
    provider_logout = end_session_redirect(request)  # read before the session is flushed
    logout(request)
    messages.info(request, _("Vous êtes déconnecté."))
    return redirect(provider_logout or "www:home")


def signup(request):
    if request.user.is_authenticated:
        return redirect("www:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_signup(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            language=request.LANGUAGE_CODE,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _(
                "Votre compte est créé. Nous vous avons envoyé un courriel à %(email)s : ouvrez le lien qu'il "
                "contient pour confirmer votre adresse."
            )
            % {"email": user.email},
        )
        return redirect("www:dashboard")
    return render(request, "accounts/signup.html", {"form": form, "title": _("Créer un compte")})


# --- Email verification ------------------------------------------------------------------------


def verify_email(request, token: str):
    user = services.email_verify(token=token)
    if user is None:
        return render(
            request,
            "accounts/verify_email_failed.html",
            {"title": _("Lien de confirmation non valide")},
            status=400,
        )
    messages.success(request, _("Merci : votre adresse électronique est confirmée."))
    return redirect("www:dashboard" if request.user.is_authenticated else "accounts:login")


@require_POST
@allowed("account.manage_own")
def verify_email_resend(request):
    if request.user.email_verified_at is not None:
        messages.info(request, _("Votre adresse électronique est déjà confirmée."))
    elif services.email_verification_send(user=request.user):
        messages.success(
            request, _("Un nouveau courriel de confirmation est envoyé à %(email)s.") % {"email": request.user.email}
        )
    else:
        messages.warning(
            request,
            _(
                "Un courriel vient d'être envoyé. Regardez dans vos courriels (et dans les indésirables), ou "
                "réessayez dans 2 minutes."
            ),
        )
    next_url = _safe_next(request)
    return redirect(next_url or "accounts:profile")


# --- Profile, export, deletion ---------------------------------------------------------------


@allowed("account.manage_own")
@second_factor_required
def profile(request):
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "language": user.language,
        "preferred_channel": user.preferred_channel,
    }
    person = account_selectors.person_of_user(user)
    if person is not None:
        initial["birth_name"] = person.birth_name
    form = ProfileForm(request.POST or None, initial=initial)
    if person is None:
        del form.fields["birth_name"]  # a professional's account: no person record
    locked = locked_fields(user)
    for name in locked & set(form.fields):  # certified by FranceConnect: shown, not editable (the service refuses)
        form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.user_profile_update(user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            language = form.cleaned_data["language"]
            with translation.override(language):
                messages.success(request, _("Vos informations sont enregistrées."))
            response = redirect("accounts:profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    context = {
        "title": _("Mon compte"),
        "form": form,
        "has_totp": account_selectors.has_confirmed_totp(user),
        "certified": bool(locked),
        "professional": is_professional(user) or user.is_staff or is_coordinator(user),
        "backup_codes_left": services.backup_codes_remaining(user=user),
    }
    return render(request, "accounts/profile.html", context)


@allowed("person.export_own_data")
@second_factor_required
def export_data(request):
    data = services.person_export_data(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"relais-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    return set_download_name(response, filename)


@allowed("account.manage_own")
@second_factor_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Votre compte est supprimé et vos informations personnelles sont effacées."))
        return redirect("www:home")
    return render(request, "accounts/delete.html", {"form": form, "title": _("Supprimer mon compte")})


# --- Passwords -------------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = RelaisPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_context = {"title": gettext_lazy("Mot de passe oublié")}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"title": gettext_lazy("Courriel envoyé")}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = RelaisSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"title": gettext_lazy("Choisir un nouveau mot de passe")}

    def form_valid(self, form):
        response = super().form_valid(form)
        # The person proved they own the address: it is verified, and a brute-force lockout
        # on it is lifted.
        services.email_mark_verified(user=form.user, how="password_reset")
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
    extra_context = {"title": gettext_lazy("Mot de passe enregistré")}


@method_decorator(second_factor_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = RelaisPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")
    extra_context = {"title": gettext_lazy("Changer mon mot de passe")}


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
    extra_context = {"title": gettext_lazy("Mot de passe changé")}


# --- Second factor ---------------------------------------------------------------------------


@allowed("page.authenticated")
def two_factor(request):
    next_url = _safe_next(request)
    devices = list(devices_for_user(request.user, confirmed=True))
    if not any(isinstance(d, TOTPDevice) for d in devices):
        return redirect(_with_next("accounts:two_factor_setup", next_url))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_check(user=request.user, token=form.cleaned_data["token"])
        if check.device is not None:
            otp_login(request, check.device)
            return redirect(next_url or "www:dashboard")
        if check.paused:
            minutes = max(1, settings.RELAIS_TOTP_FAILURE_WINDOW // 60)
            form.add_error(
                "token",
                ngettext(
                    "Trop d'essais à la suite. Attendez %(minutes)d minute, puis saisissez le nouveau code.",
                    "Trop d'essais à la suite. Attendez %(minutes)d minutes, puis saisissez le nouveau code.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        else:
            form.add_error(
                "token",
                _("Ce code n'est pas le bon ou a expiré. Saisissez le code affiché maintenant dans votre application."),
            )
    return render(
        request,
        "accounts/two_factor.html",
        {"form": form, "devices": devices, "next": next_url, "title": _("Double authentification")},
    )


def _totp_setup_rate() -> str:
    return f"{settings.RELAIS_TOTP_FAILURE_LIMIT}/{settings.RELAIS_TOTP_FAILURE_WINDOW}"


def _group(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@allowed("account.second_factor")
def two_factor_setup(request):
    user = request.user
    has_confirmed = account_selectors.has_confirmed_totp(user)
    next_url = _safe_next(request)
    if has_confirmed and not user.is_verified():
        # Adding a device must not bypass the one already there.
        return redirect(_with_next("accounts:two_factor", request.get_full_path()))
    device = services.totp_device_start(user=user)
    form = TotpConfirmForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:  # guessing the first code is limited like the codes at login (RELAIS_TOTP_FAILURE_*)
            throttle_hit("accounts.totp_setup", [f"user:{user.pk}"], rate=_totp_setup_rate())
        except RateLimited as exc:
            refused = exc
            form.add_error("token", exc.message)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            messages.success(
                request, _("L'application est bien installée. Elle vous donnera un code à chaque connexion.")
            )
            return redirect(_with_next("accounts:two_factor_backup", next_url))
        form.add_error(
            "token",
            _("Ce code n'est pas le bon. Vérifiez l'heure de votre téléphone et saisissez le code affiché maintenant."),
        )
    uri = device.config_url
    qr_data_uri = segno.make(uri, error="m", micro=False).svg_data_uri(scale=4, border=2, dark="#000", light="#fff")
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "title": _("Installer la double authentification"),
        "form": form,
        "secret": _group(secret),
        "qr_data_uri": qr_data_uri,
        "replacing": has_confirmed,
        "next": next_url,
    }
    response = render(request, "accounts/two_factor_setup.html", context, status=429 if refused else 200)
    if refused:
        response["Retry-After"] = str(refused.retry_after)
    return response


@allowed("account.second_factor")
@second_factor_required
def two_factor_backup(request):
    user = request.user
    has_totp = account_selectors.has_confirmed_totp(user)
    if not has_totp:
        return redirect("accounts:two_factor_setup")
    if has_totp and not user.is_verified():
        return redirect(_with_next("accounts:two_factor", request.get_full_path()))
    if request.method == "POST":
        request.session[BACKUP_CODES_SESSION_KEY] = services.backup_codes_regenerate(user=user)
        return redirect("accounts:two_factor_backup")
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    context = {
        "title": _("Codes de secours"),
        "codes": codes,
        "remaining": services.backup_codes_remaining(user=user),
        "next": _safe_next(request),
    }
    return render(request, "accounts/two_factor_backup.html", context)


# --- Organisation members (the page itself is www:organisation) ------------------------------


def _managed_organisation(request):
    org = request.organisation
    if org is None:
        raise policy.Refused(_("Choisissez d'abord une structure."))
    policy.require(
        request.user,
        "organisation.manage_members",
        org,
        message=_("Seuls les responsables de la structure gèrent ses membres."),
    )
    return org


@require_POST
@allowed("organisation.manage_members")
@second_factor_required
def member_add(request):
    org = _managed_organisation(request)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            membership = membership_add_by_email(
                organisation=org, email=form.cleaned_data["email"], role=form.cleaned_data["role"], actor=request.user
            )
        except MembershipError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(email)s est ajouté comme %(role)s. Un courriel le prévient.")
                % {"email": membership.user.email, "role": membership.get_role_display().lower()},
            )
            return redirect("www:organisation")
    return organisation_page(request, org, add_form=form, status=400 if form.errors else 200)


@require_POST
@allowed("organisation.manage_members")
@second_factor_required
def member_remove(request, membership_id: int):
    org = _managed_organisation(request)
    membership = member_of(organisation=org, membership_id=membership_id)
    if membership is None:
        raise Http404
    try:
        membership_remove(membership=membership, actor=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(email)s n'est plus membre de la structure.") % {"email": membership.user.email})
    return redirect("www:organisation")
