from django.urls import path

from .views import AreaDetailView, AreaListView

urlpatterns = [
    path("areas", AreaListView.as_view(), name="areas"),
    path("areas/<str:area_id>", AreaDetailView.as_view(), name="area-detail"),
]
