from django.urls import path

from .views import EsotericsTodayView

urlpatterns = [
    path("esoterics/today", EsotericsTodayView.as_view(), name="esoterics-today"),
]
