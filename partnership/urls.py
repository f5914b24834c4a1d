from django.urls import path

from .views import pages

app_name = "partnership"

# Mounted under /p/<partnership_slug>/ (see config/urls.py): every view here is a tenant view.
urlpatterns = [
    path("", pages.OverviewView.as_view(), name="overview"),
    path("settings/", pages.SettingsView.as_view(), name="settings"),
    path("boards/", pages.BoardListView.as_view(), name="board_list"),
    path("boards/<int:board_id>/", pages.BoardDetailView.as_view(), name="board_detail"),
    path("boards/<int:board_id>/meetings/new/", pages.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:meeting_id>/edit/", pages.MeetingEditView.as_view(), name="meeting_edit"),
    path("themes/<slug:theme_slug>/", pages.ThemeDetailView.as_view(), name="theme_detail"),
    path("people/", pages.MemberListView.as_view(), name="member_list"),
    path("people/<int:membership_id>/", pages.MemberDetailView.as_view(), name="member_detail"),
    path("people/<int:membership_id>/edit/", pages.MemberEditView.as_view(), name="member_edit"),
    path("people/<int:membership_id>/roles/new/", pages.RoleAssignView.as_view(), name="role_assign"),
    path("roles/<int:assignment_id>/remove/", pages.RoleRemoveView.as_view(), name="role_remove"),
]
