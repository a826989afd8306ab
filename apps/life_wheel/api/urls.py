from django.urls import path

from .views import LifeWheelLatestView, LifeWheelView

urlpatterns = [
    path("life_wheel", LifeWheelView.as_view(), name="life-wheel"),
    path("life_wheel/latest", LifeWheelLatestView.as_view(), name="life-wheel-latest"),
]
