from django.urls import path

from . import views

urlpatterns = [
    path("visuals/story-gallery/<str:story_id>", views.VisualsStoryGalleryView.as_view(), name="visuals-story-gallery"),
]
