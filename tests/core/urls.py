"""Test-only endpoints that exercise the envelope paths; mounted before the real URLs."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.core.exceptions import RateLimited
from apps.core.pagination import paginated_response
from apps.core.validation import validated


class ScoreInput(serializers.Serializer):
    health = serializers.IntegerField(min_value=0, max_value=10)


class TagInput(serializers.Serializer):
    name = serializers.CharField(max_length=10)


class EchoInput(serializers.Serializer):
    title = serializers.CharField(max_length=20)
    scores = ScoreInput()
    tags = TagInput(many=True, required=False)


class EchoView(APIView):
    permission_classes = [AllowAny]

    def post(self, request):
        return Response(validated(EchoInput, request.data))


class BoomView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("SELECT password FROM users -- secret internals")


class ThrottledView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RateLimited(30)


class UsersPageView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return paginated_response(request, User.objects.order_by("email"), lambda u: {"email": u.email})


class WhoAmIView(APIView):
    def get(self, request):
        return Response({"id": str(request.user.id)})


urlpatterns = [
    path("api/v1/_test/echo", EchoView.as_view()),
    path("api/v1/_test/boom", BoomView.as_view()),
    path("api/v1/_test/throttled", ThrottledView.as_view()),
    path("api/v1/_test/users", UsersPageView.as_view()),
    path("api/v1/_test/whoami", WhoAmIView.as_view()),
    path("", include("mechta.urls")),
]
