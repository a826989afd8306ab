"""Admin sign-in with the API's limits (SECURITY 48): the same per-IP limit (`ip:signin`, 30 a
minute) and per-account limit (`signin-fail`, 10 failures per email in 15 minutes), counted in
the SAME counters as `POST /api/v1/auth/signin` (apps.accounts.services.credentials_check), so
guesses spread over both doors add up. Past a limit the form answers 429 with `Retry-After`
and a lockout page; every failure and lockout is logged (no email, no password)."""

import logging

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import render

from apps.accounts import services
from apps.accounts.errors import InvalidCredentials
from apps.core.exceptions import RateLimited
from apps.core.security import client_ip

logger = logging.getLogger("apps.backoffice.signin")


class AdminSigninForm(AdminAuthenticationForm):
    """Django's admin login form with the password checked by the API's sign-in service."""

    def clean(self):
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if email is not None and password:
            ip = client_ip(self.request)
            services.ip_limit_hit(scope="signin", ip=ip)
            try:
                user = services.credentials_check(email=email, password=password)
            except InvalidCredentials:
                logger.warning("failed admin signin from %s", ip)
                raise self.get_invalid_login_error() from None
            user.backend = settings.AUTHENTICATION_BACKENDS[0]  # for django.contrib.auth.login()
            self.user_cache = user
            self.confirm_login_allowed(user)
            logger.info("admin signin of user %s from %s", user.pk, ip)
        return self.cleaned_data


def admin_signin(request, extra_context=None):
    """/admin/login/: the admin's own view and template, 429 past a limit."""
    try:
        return admin.site.login(request, extra_context)
    except RateLimited as exc:
        retry_after = exc.headers["Retry-After"]
        logger.warning("admin signin rate limited from %s (retry after %s s)", client_ip(request), retry_after)
        context = {**admin.site.each_context(request), "retry_after": retry_after}
        response = render(request, "backoffice/signin_locked.html", context, status=429)
        response["Retry-After"] = retry_after
        return response
