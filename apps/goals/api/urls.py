from django.urls import path

from . import views

urlpatterns = [
    path("goals", views.GoalListView.as_view(), name="goals"),
    path("goals/generate", views.GoalsGenerateView.as_view(), name="goals-generate"),
    path("goals/batch", views.GoalsBatchView.as_view(), name="goals-batch"),
    path("goals/<str:goal_id>", views.GoalDetailView.as_view(), name="goals-detail"),
]
