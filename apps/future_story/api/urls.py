from django.urls import path

from . import views

urlpatterns = [
    path("future-story", views.FutureStoryView.as_view(), name="future-story"),
    path("future-story/questions", views.FutureStoryQuestionsView.as_view(), name="future-story-questions"),
    path("future-story/generate", views.FutureStoryGenerateView.as_view(), name="future-story-generate"),
    path("future-story/draft", views.FutureStoryDraftView.as_view(), name="future-story-draft"),
]
