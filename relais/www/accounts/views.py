from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login

from relais.accounts import services
from relais.www.accounts.forms import LoginForm, SignupForm, TokenForm
from relais.www.decorators import allowed


class RelaisLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    extra_context = {"title": _("Se connecter")}


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("Vous êtes déconnecté."))
    return redirect("www:home")


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
        messages.success(request, _("Votre compte est créé."))
        return redirect("www:dashboard")
    return render(request, "accounts/signup.html", {"form": form, "title": _("Créer un compte")})


@allowed("account.manage_own")
def profile(request):
    return render(request, "accounts/profile.html", {"title": _("Mon compte")})


@allowed("page.authenticated")
def two_factor(request):
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    devices = [d for d in devices_for_user(request.user, confirmed=True)]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].replace(" ", "")
        device = next((d for d in devices if d.verify_token(token)), None)
        if device is not None:
            otp_login(request, device)
            return redirect(next_url or "www:dashboard")
        form.add_error("token", _("Ce code n'est pas le bon ou a expiré. Saisissez le code affiché maintenant dans votre application."))
    return render(request, "accounts/two_factor.html", {"form": form, "devices": devices, "next": next_url, "title": _("Double authentification")})
