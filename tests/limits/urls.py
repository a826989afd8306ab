"""A stand-in for an AI endpoint with a text quota: check first, charge with the saved result."""

from django.db import transaction
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.limits.models import Resource
from apps.limits.services import quota_charge, quota_check


class FakeAITextView(APIView):
    def post(self, request):
        quota_check(user=request.user, resource=Resource.TEXT)
        with transaction.atomic():
            quota_charge(user=request.user, resource="text", key=request.data.get("task_id"))
        return Response({"done": True})


urlpatterns = [
    path("api/v1/_test/ai-text", FakeAITextView.as_view()),
    path("", include("mechta.urls")),
]
