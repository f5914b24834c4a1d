from django.urls import path

from .views import home

# Mounted at the site's root (see config/urls.py), not under a partnership: the page spans them all.
urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
]
