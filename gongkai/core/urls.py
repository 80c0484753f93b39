from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.core import login, views_public, views_staff

app_name = "core"

urlpatterns = [
    path("", views_public.home, name="home"),
    path("xxgk/", views_public.disclosure_index, name="disclosure_index"),
    path("xxgk/<slug:slug>/", views_public.page, name="page"),
    path("accessibility/elder/", views_public.toggle_elder_mode, name="elder_mode"),
    path("sitemap/", views_public.sitemap_page, name="sitemap_page"),
    path("robots.txt", views_public.robots_txt, name="robots"),
    path("favicon.ico", views_public.favicon, name="favicon"),
    path("accounts/login/", login.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views_staff.password_change, name="password_change"),
    path("staff/", views_staff.staff_home, name="staff_home"),
    path("staff/users/", views_staff.user_list, name="staff_users"),
    path("staff/users/new/", views_staff.user_create, name="staff_user_create"),
    path("staff/users/<int:pk>/", views_staff.user_edit, name="staff_user_edit"),
    path("staff/users/<int:pk>/password/", views_staff.user_reset_password, name="staff_user_reset_password"),
    path("staff/lockouts/", views_staff.lockout_list, name="staff_lockouts"),
    path("staff/lockouts/<int:pk>/lift/", views_staff.lockout_lift, name="staff_lockout_lift"),
    path("staff/organisation/", views_staff.organisation, name="staff_organisation"),
    path("staff/pages/", views_staff.page_list, name="staff_pages"),
    path("staff/pages/<slug:slug>/", views_staff.page_edit, name="staff_page_edit"),
]
