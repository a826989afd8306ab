from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.prefetch import prefetched
from apps.core.validation import validated_query
from apps.gamification import selectors

from .serializers import (
    AchievementPublicSerializer,
    GamificationProfileSerializer,
    LeaderboardEntrySerializer,
    LeaderboardQuerySerializer,
)


class ProfileView(APIView):
    cache_prefetch = staticmethod(selectors.PROFILE_CACHE.prefetch)  # with the session check

    @extend_schema(operation_id="gamification_profile", responses=GamificationProfileSerializer)
    def get(self, request):
        # Plain dicts on hot reads: the renderer writes ints and dates exactly as the serializer
        # would, without building its fields per request (bench/PROFILE.md).
        return Response(selectors.profile_body(user=request.user, found=prefetched(request)))


class AchievementListView(APIView):
    @extend_schema(operation_id="gamification_achievements", responses=AchievementPublicSerializer(many=True))
    def get(self, request):
        # Plain dicts from `.values()` rows, written as AchievementPublicSerializer would.
        return Response(selectors.achievement_list(user=request.user))


class LeaderboardView(APIView):
    cache_prefetch = staticmethod(lambda user_id: selectors.LEADERBOARD_CACHE.prefetch())  # with the session check

    @extend_schema(
        operation_id="gamification_leaderboard",
        parameters=[LeaderboardQuerySerializer],
        responses=LeaderboardEntrySerializer(many=True),
    )
    def get(self, request):
        query = validated_query(LeaderboardQuerySerializer, request)
        rows = selectors.leaderboard(user=request.user, limit=query["limit"], found=prefetched(request))
        return Response(rows)
