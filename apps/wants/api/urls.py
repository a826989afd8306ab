from django.urls import path

from . import views

urlpatterns = [
    path("wants/raw", views.WantsRawView.as_view(), name="wants-raw"),
    path("wants/raw/<str:raw_id>", views.WantsRawDetailView.as_view(), name="wants-raw-detail"),
    path("wants/stream/start", views.WantsStreamStartView.as_view(), name="wants-stream-start"),
    path("wants/stream/append", views.WantsStreamAppendView.as_view(), name="wants-stream-append"),
    path("wants/stream/finish", views.WantsStreamFinishView.as_view(), name="wants-stream-finish"),
    path("wants/future-me", views.WantsFutureMeView.as_view(), name="wants-future-me"),
    path("wants/future-me/append", views.WantsFutureMeAppendView.as_view(), name="wants-future-me-append"),
    path("wants/future-me/finish", views.WantsFutureMeFinishView.as_view(), name="wants-future-me-finish"),
    path("wants/reverse", views.WantsReverseView.as_view(), name="wants-reverse"),
    path("wants/progress", views.WantsProgressView.as_view(), name="wants-progress"),
    path("wants/complete", views.WantsCompleteView.as_view(), name="wants-complete"),
    path("wants/analyze", views.WantsAnalyzeView.as_view(), name="wants-analyze"),
    path("wants/analysis", views.WantsAnalysisLatestView.as_view(), name="wants-analysis"),
    path("wants/history", views.WantsHistoryView.as_view(), name="wants-history"),
]
