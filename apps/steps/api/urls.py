from django.urls import path

from . import views

urlpatterns = [
    path("steps", views.StepListView.as_view(), name="steps"),
    path("steps/generate", views.StepsGenerateView.as_view(), name="steps-generate"),
    path("steps/batch", views.StepsBatchView.as_view(), name="steps-batch"),
    path("steps/<str:step_id>", views.StepDetailView.as_view(), name="steps-detail"),
]
