"""Account mails, in the user's language. Always sent after the transaction commits, so a
rolled-back signup sends nothing and the response time does not depend on the mail server."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("apps.accounts.emails")


def _send(*, to: str, locale: str, subject_and_body) -> None:
    with translation.override(locale):
        subject, body = subject_and_body()
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # the account change is committed already; a lost mail can be re-requested
        logger.exception("account mail could not be sent")


def verification_code_mail_send(*, to: str, locale: str, code: str) -> None:
    def compose():
        subject = _("Your MechtaAI confirmation code")
        body = _(
            "Your confirmation code: %(code)s\n\nIt is valid for 10 minutes. "
            "If you did not sign up for MechtaAI, ignore this mail."
        ) % {"code": code}
        return subject, body

    transaction.on_commit(lambda: _send(to=to, locale=locale, subject_and_body=compose))


def password_reset_mail_send(*, to: str, locale: str, token: str) -> None:
    def compose():
        subject = _("Reset your MechtaAI password")
        body = _(
            "Someone asked to reset the password of your MechtaAI account.\n\n"
            "Your reset token: %(token)s\n\nIt is valid for 60 minutes and works once. "
            "If it was not you, ignore this mail: your password stays the same."
        ) % {"token": token}
        return subject, body

    transaction.on_commit(lambda: _send(to=to, locale=locale, subject_and_body=compose))
