from django.urls import include, path

from newsdesk.security import views

two_factor_patterns = [
    path("", views.setup, name="two-factor-setup"),
    path("verify/", views.verify, name="two-factor-verify"),
    path("backup-codes/", views.backup_codes, name="two-factor-backup-codes"),
    path("off/", views.turn_off, name="two-factor-off"),
]

# Django's password-reset templates and email reverse these names without a namespace.
password_reset_patterns = [
    path("password-reset/", views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password-reset/done/", views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]

urlpatterns = [
    path("accounts/two-factor/", include((two_factor_patterns, "security"))),
    path("accounts/", include(password_reset_patterns)),
]
