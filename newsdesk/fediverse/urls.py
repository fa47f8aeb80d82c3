from django.urls import path

from newsdesk.fediverse import views

app_name = "fediverse"

urlpatterns = [
    path(".well-known/webfinger", views.webfinger, name="webfinger"),
    path(".well-known/nodeinfo", views.nodeinfo_index, name="nodeinfo-index"),
    path("nodeinfo/2.1", views.nodeinfo, name="nodeinfo"),
    path("fediverse/inbox", views.shared_inbox, name="shared-inbox"),
    path("fediverse/stories/<int:pk>", views.story, name="story"),
    path("fediverse/users/<str:username>", views.actor, name="actor"),
    path("fediverse/users/<str:username>/inbox", views.actor_inbox, name="inbox"),
    path("fediverse/users/<str:username>/outbox", views.outbox, name="outbox"),
    path("fediverse/users/<str:username>/followers", views.followers, name="followers"),
]
