from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from partnership.forms.accounts import (
    GovukAuthenticationForm,
    GovukPasswordChangeForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
)

admin.site.site_header = "Partnership Performance administration"

accounts = [
    path("login/", auth_views.LoginView.as_view(authentication_form=GovukAuthenticationForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(form_class=GovukPasswordChangeForm),
        name="password_change",
    ),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=GovukPasswordResetForm),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=GovukSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("", include("home.urls")),
    path("accounts/", include(accounts)),
    path("admin/", admin.site.urls),
    # Each app's pages, under its partnership: one urls.py per app, namespaced by the app.
    path("p/<slug:partnership_slug>/", include("partnership.urls")),
    path("p/<slug:partnership_slug>/", include("indicators.urls")),
    path("p/<slug:partnership_slug>/escalation/", include("escalation.urls")),
    path("p/<slug:partnership_slug>/", include("reporting.urls")),
    path("p/<slug:partnership_slug>/surveys/", include("surveys.urls")),
    path("p/<slug:partnership_slug>/plans/", include("planning.urls")),
    path("api/", include("indicators.api.urls")),
]
