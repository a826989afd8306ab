from django.urls import path

from . import views

urlpatterns = [
    path("gamification/profile", views.ProfileView.as_view(), name="gamification-profile"),
    path("gamification/achievements", views.AchievementListView.as_view(), name="gamification-achievements"),
    path("gamification/leaderboard", views.LeaderboardView.as_view(), name="gamification-leaderboard"),
]
