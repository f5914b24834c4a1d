"""The product's URLs, plus the floor: a bare view with the dashboard's table shape."""

from django.urls import include, path

from bench.bare import bare_table

urlpatterns = [
    path("bench/bare-table/", bare_table, name="bench_bare_table"),
    path("", include("config.urls")),
]
