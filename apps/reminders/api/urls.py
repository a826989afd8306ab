from django.urls import path

from . import views

urlpatterns = [
    path("me/reminders", views.MeRemindersView.as_view(), name="me-reminders"),
    path("me/reminders/history", views.MeRemindersHistoryView.as_view(), name="me-reminders-history"),
    path("reminders/unsubscribe", views.RemindersUnsubscribeView.as_view(), name="reminders-unsubscribe"),
]
