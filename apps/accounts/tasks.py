from celery import shared_task


@shared_task(name="accounts.password_reset_mail", ignore_result=True)
def password_reset_mail(email: str) -> None:
    """Issue and mail a reset token in the worker: the HTTP request does no account lookup,
    so its response time cannot tell whether the email is registered. Only the email crosses
    the broker — the token is created here and stored hashed."""
    from .services import password_reset_issue

    password_reset_issue(email=email)


@shared_task(name="accounts.email_verification_mail", ignore_result=True)
def email_verification_mail(email: str, token_hash: str) -> None:
    """Look the email up and, for an unverified account, store the verification under the
    token the client already has and mail the code — off the request path, like the reset."""
    from .services import email_verification_issue

    email_verification_issue(email=email, token_hash=token_hash)
