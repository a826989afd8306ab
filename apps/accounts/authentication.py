"""Bearer authentication bound to a server-side session, so a revoked session or deactivated
user is refused at once: one cache round trip when the session's check is cached (see
apps/accounts/cache.py: every revocation invalidates the entry, racing readers included), else one indexed
query (the session joined with its user), whose result is then cached."""

import uuid

from django.utils import timezone, translation
from rest_framework.authentication import BaseAuthentication

from apps.core.exceptions import NotAuthenticated
from apps.core.prefetch import prefetch_keys

from .cache import auth_cache_fill, auth_cache_get
from .errors import InvalidToken, SessionRevoked, UserInactive
from .models import Session, User
from .tokens import token_decode


class JWTSessionAuthentication(BaseAuthentication):
    keyword = "bearer"

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() != self.keyword:
            raise NotAuthenticated()
        payload = token_decode(parts[1], expected_type="access")
        try:
            session_id = uuid.UUID(str(payload["session_id"]))
            user_id = uuid.UUID(str(payload["sub"]))
        except ValueError as exc:
            raise InvalidToken() from exc
        view = (getattr(request, "parser_context", None) or {}).get("view")
        also = prefetch_keys(view, user_id)
        lookup = auth_cache_get(session_id=session_id, user_id=user_id, model=User, also=also)
        request._request.cache_prefetched = lookup.also
        user = lookup.user
        if user is None:
            user = self.session_check(session_id=session_id, user_id=user_id, generation=lookup.generation)
        translation.activate(user.locale)
        request.LANGUAGE_CODE = user.locale
        return user, payload

    @staticmethod
    def session_check(*, session_id, user_id, generation=None) -> User:
        session = Session.objects.select_related("user").filter(id=session_id, user_id=user_id).first()
        if session is None or session.revoked_at is not None or session.expires_at <= timezone.now():
            raise SessionRevoked()
        user = session.user
        if not user.is_active:
            raise UserInactive()
        auth_cache_fill(session=session, user=user, generation=generation)
        return user

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
