from django.contrib import admin

from .models import Board, Meeting, Membership, Objective, Organisation, Partnership, RoleAssignment, Theme


class OrganisationInline(admin.TabularInline):
    model = Organisation
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "area_name", "created_at"]
    search_fields = ["name", "area_name"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OrganisationInline, ThemeInline]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "partnership"]
    list_filter = ["partnership", "kind"]
    search_fields = ["name", "short_name"]
    list_select_related = ["partnership", "parent"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "partnership", "position"]
    list_filter = ["partnership"]
    prepopulated_fields = {"slug": ("name",)}
    list_select_related = ["partnership", "board"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "partnership", "organisation", "job_title", "is_active"]
    list_filter = ["partnership", "is_active", "organisation__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "partnership", "organisation"]
    inlines = [RoleAssignmentInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "board", "starts_at", "location"]
    list_filter = ["board__partnership", "board__kind"]
    date_hierarchy = "starts_at"
    list_select_related = ["board"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "perspective", "owner", "partnership"]
    list_filter = ["partnership", "perspective"]


admin.site.register(Organisation)
