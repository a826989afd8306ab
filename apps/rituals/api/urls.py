from django.urls import path

from . import views

urlpatterns = [
    path("rituals/today", views.RitualsTodayView.as_view(), name="rituals-today"),
    path("rituals/entry", views.RitualsEntryView.as_view(), name="rituals-entry"),
    path("rituals/entries", views.RitualsEntriesView.as_view(), name="rituals-entries"),
    path("rituals/weekly/analyze", views.RitualsWeeklyAnalyzeView.as_view(), name="rituals-weekly-analyze"),
    path("rituals/weekly/plan-suggestion", views.RitualsPlanSuggestionView.as_view(), name="rituals-plan-suggestion"),
    path("rituals/weekly/commit", views.RitualsWeeklyCommitView.as_view(), name="rituals-weekly-commit"),
]
