from django.contrib.auth import views as auth_views
from django.urls import path

from kawal.accounts.views import LoginView
from kawal.accounts.views_audit import audit_log
from kawal.accounts.views_users import user_list, user_toggle

app_name = "accounts"
urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", audit_log, name="audit"),
    path("users/", user_list, name="users"),
    path("users/<int:user_id>/active/", user_toggle, name="user_toggle"),
]
