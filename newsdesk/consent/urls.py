from django.urls import path

from newsdesk.consent import views

app_name = "consent"

urlpatterns = [
    path("cookie-policy/", views.CookiePolicyView.as_view(), name="cookie_policy"),
]
