from django.urls import path

from .views import boards, home, monitoring, notices, people, settings, setup, themes

app_name = "partnership"

# Mounted under /p/<partnership_slug>/ (see config/urls.py): every view here is a tenant view.
overview_urls = [
    path("", home.OverviewView.as_view(), name="overview"),
    path("settings/", settings.SettingsView.as_view(), name="settings"),
    path("themes/<slug:theme_slug>/", themes.ThemeDetailView.as_view(), name="theme_detail"),
]

board_urls = [
    path("boards/", boards.BoardListView.as_view(), name="board_list"),
    path("boards/<int:board_id>/", boards.BoardDetailView.as_view(), name="board_detail"),
    path("boards/<int:board_id>/meetings/new/", boards.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:meeting_id>/edit/", boards.MeetingEditView.as_view(), name="meeting_edit"),
]

people_urls = [
    path("people/", people.MemberListView.as_view(), name="member_list"),
    path("people/<int:membership_id>/", people.MemberDetailView.as_view(), name="member_detail"),
    path("people/<int:membership_id>/edit/", people.MemberEditView.as_view(), name="member_edit"),
    path("people/<int:membership_id>/deactivate/", people.MemberDeactivateView.as_view(), name="member_deactivate"),
    path("people/<int:membership_id>/reactivate/", people.MemberReactivateView.as_view(), name="member_reactivate"),
    path("people/<int:membership_id>/roles/new/", people.RoleAssignView.as_view(), name="role_assign"),
    path("roles/<int:assignment_id>/remove/", people.RoleRemoveView.as_view(), name="role_remove"),
]

notice_urls = [
    path("notices/", notices.NoticeListView.as_view(), name="notice_list"),
    path("notices/read/", notices.NoticeReadAllView.as_view(), name="notice_read_all"),
    path("notices/<int:notice_id>/", notices.NoticeOpenView.as_view(), name="notice_open"),
    path("notices/<int:notice_id>/unread/", notices.NoticeUnreadView.as_view(), name="notice_unread"),
]

# Equality monitoring: your own form (no id: nobody can name another's) and the totals.
monitoring_urls = [
    path("me/monitoring/", monitoring.MyMonitoringView.as_view(), name="my_monitoring"),
    path("me/monitoring/remove/", monitoring.MyMonitoringRemoveView.as_view(), name="my_monitoring_remove"),
    path("monitoring/", monitoring.MakeUpView.as_view(), name="make_up"),
]

# Setting up from spreadsheets (the indicators template's pages are the indicators app's).
setup_urls = [
    path("setup/", setup.SetupView.as_view(), name="setup"),
    path("setup/boards/download/", setup.BoardsDownloadView.as_view(), name="setup_boards_download"),
    path("setup/boards/upload/", setup.BoardsUploadView.as_view(), name="setup_boards_upload"),
    path("setup/people/download/", setup.PeopleDownloadView.as_view(), name="setup_people_download"),
    path("setup/people/upload/", setup.PeopleUploadView.as_view(), name="setup_people_upload"),
]

urlpatterns = overview_urls + board_urls + people_urls + notice_urls + monitoring_urls + setup_urls
