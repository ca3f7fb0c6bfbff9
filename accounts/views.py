"""Mùa's own sign-in, sign-out and password pages (Django's auth views in Mùa's layout), and the front page.

Sign-in goes through Django's LoginView, so `authenticate(request=…)` runs and login lockout (django-axes)
sees every attempt. After sign-in each role lands where its work is (accounts.navigation.landing_url).
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .middleware import supported
from .navigation import landing_url
from .permissions import actor_for_user
from .services import profile_set_language


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(actor=actor_for_user(self.request.user))


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView); says so after signing out."""

    next_page = reverse_lazy("home")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Bạn đã đăng xuất."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return super().form_valid(form)

    def get_success_url(self):
        return landing_url(actor=actor_for_user(self.request.user))


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def home(request):
    """Signed out: what Mùa is, and the sign-in. Signed in: straight to where this role's work is."""
    if request.user.is_authenticated:
        return redirect(landing_url(actor=actor_for_user(request.user)))
    return render(request, "accounts/home.html", {"form": AuthenticationForm(request)})


@require_POST
def set_language(request):
    """Set the cookie (Django's view) and, for a signed-in person, store the choice in their profile."""
    response = django_set_language(request)
    language = supported(request.POST.get("language"))
    if language and request.user.is_authenticated:
        profile_set_language(user=request.user, language=language)
    return response
