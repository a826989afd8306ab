"""Test-only: a view that calls the AI client directly, the thing tests/ai_guard.py must catch."""

from django.urls import include, path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.ai import client


class TipOutput(serializers.Serializer):
    text = serializers.CharField()


class AIInsideView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        context = {"date": "2025-01-13", "moon": {"phase": "full_moon", "phase_name": "Full moon"}, "numerology": None,
                   "first_name": "Anna"}
        result = client.complete_json(task="esoterics.daily_tip", locale="en", context=context, output=TipOutput)
        return Response(result.data)


urlpatterns = [
    path("api/v1/test/ai-inside", AIInsideView.as_view()),
    path("", include("mechta.urls")),
]
