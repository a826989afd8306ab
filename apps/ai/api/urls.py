from django.urls import path

from .views import AIJobDetailView

urlpatterns = [path("jobs/<str:job_id>", AIJobDetailView.as_view(), name="ai-job")]
