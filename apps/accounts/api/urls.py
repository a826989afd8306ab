from django.urls import path

from . import views

urlpatterns = [
    path("auth/signup", views.SignupView.as_view(), name="auth-signup"),
    path("auth/signin", views.SigninView.as_view(), name="auth-signin"),
    path("auth/telegram", views.TelegramAuthView.as_view(), name="auth-telegram"),
    path("auth/telegram/webapp", views.TelegramWebAppAuthView.as_view(), name="auth-telegram-webapp"),
    path("auth/refresh", views.RefreshView.as_view(), name="auth-refresh"),
    path("auth/logout", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all", views.LogoutAllView.as_view(), name="auth-logout-all"),
    path("auth/request-password-reset", views.RequestPasswordResetView.as_view(), name="auth-request-password-reset"),
    path("auth/reset-password", views.ResetPasswordView.as_view(), name="auth-reset-password"),
    path("auth/send-email-verification", views.SendEmailVerificationView.as_view(), name="auth-send-verification"),
    path(
        "auth/check-email-verification-code",
        views.CheckEmailVerificationCodeView.as_view(),
        name="auth-check-verification-code",
    ),
    path("auth/sessions", views.SessionListView.as_view(), name="auth-sessions"),
    path("auth/sessions/<str:session_id>", views.SessionDetailView.as_view(), name="auth-session-detail"),
    path("me", views.MeView.as_view(), name="me"),
    path("me/password", views.MePasswordView.as_view(), name="me-password"),
    path("me/export", views.MeExportView.as_view(), name="me-export"),
]
