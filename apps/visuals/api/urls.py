from django.urls import path

from . import views

urlpatterns = [
    path(
        "visuals/generate-story-image",
        views.VisualsGenerateStoryImageView.as_view(),
        name="visuals-generate-story-image",
    ),
    path("visuals/regenerate", views.VisualsRegenerateView.as_view(), name="visuals-regenerate"),
    path("visuals/story-gallery/<str:story_id>", views.VisualsStoryGalleryView.as_view(), name="visuals-story-gallery"),
]
