from django.urls import path

from newsdesk.audience import views

app_name = "audience"

urlpatterns = [
    path("view/", views.count_view, name="view"),
    path("like/", views.like, name="like"),
    path("pixel/<int:article_id>.gif", views.pixel, name="pixel"),
    path("ping/", views.ping, name="ping"),
]
