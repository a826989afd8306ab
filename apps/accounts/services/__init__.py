"""Accounts' services, split by concern; every public name is re-exported here, so both
`from apps.accounts import services; services.user_signup(...)` and
`from apps.accounts.services import session_create` work.

    common     auth rate limits, email normalisation, hashing
    sessions   sessions (create, refresh with rotation, revoke) and signin
    passwords  validation, set, change, reset by an emailed token
    signup     signup with an emailed code, email verification
    users      profile, plan, deletion
    telegram   Telegram login widget and Web App logins

Nothing here logs a password, a code or a token (SECURITY.md 28)."""

from .common import (  # noqa: F401
    RATE_LIMIT_DEFAULTS,
    RESET_TOKEN_TTL,
    TELEGRAM_AUTH_MAX_AGE_SECONDS,
    TELEGRAM_CLOCK_SKEW_SECONDS,
    VERIFICATION_TTL,
    email_normalize,
    ip_limit_hit,
    rate_limit,
)
from .passwords import (  # noqa: F401
    password_reset_confirm,
    password_reset_issue,
    password_reset_request,
    password_validate,
    user_password_change,
    user_password_set,
)
from .sessions import (  # noqa: F401
    credentials_check,
    session_create,
    session_is_idle,
    session_refresh,
    session_revoke,
    sessions_delete,
    sessions_revoke,
    sessions_revoke_all,
    user_changed,
    user_signin,
)
from .signup import (  # noqa: F401
    SIGNUP_PROFILE_FIELDS,
    email_verification_check,
    email_verification_issue,
    email_verification_resend,
    user_signup,
)
from .telegram import (  # noqa: F401
    TELEGRAM_PROFILE_FIELDS,
    telegram_init_data_verify,
    telegram_login,
    telegram_secret_check,
    telegram_webapp_login,
)
from .users import (  # noqa: F401
    USER_UPDATE_FIELDS,
    user_admin_save,
    user_delete,
    user_erase,
    user_plan_set,
    user_update,
)
