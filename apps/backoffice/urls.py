from django.contrib import admin
from django.urls import path

from .views import overview

urlpatterns = [
    path("", admin.site.admin_view(overview), name="admin-overview"),
]
