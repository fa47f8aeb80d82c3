from django.urls import path

from newsdesk.comments import views

app_name = "comments"

urlpatterns = [
    path("<int:article_id>/post/", views.post_comment, name="post"),
    path("<int:article_id>/token/", views.form_token, name="token"),
    path("<int:article_id>/reply/<int:comment_id>/", views.reply, name="reply"),
    path("edit/<int:comment_id>/", views.edit, name="edit"),
    path("delete/<int:comment_id>/", views.delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
