from django.contrib import admin

from komunitas.communities.models import (
    Community,
    Invitation,
    JoinRequest,
    LogEntry,
    Membership,
    Report,
    Stakeholder,
    SupportCommitment,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "community"
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "status", "joined_at", "removal_reason"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "visibility", "join_policy", "stage", "deleted_at"]
    list_filter = ["visibility", "kind", "stage", "join_policy"]
    search_fields = ["name", "slug", "domain"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["regency", "schools"]
    filter_horizontal = ["subjects", "phases"]
    inlines = [MembershipInline]


@admin.register(LogEntry)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "community",
        "regency",
        "kind",
        "actor",
        "subject_user",
        "reason",
    ]
    list_filter = ["kind"]
    list_select_related = ["community", "regency", "actor", "subject_user"]
    search_fields = ["community__name", "reason"]

    def has_change_permission(self, request, obj=None):
        return False  # the log is kept as it happened


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "community",
        "kind",
        "email",
        "role",
        "expires_at",
        "use_count",
        "max_uses",
        "revoked_at",
    ]
    list_filter = ["kind", "role"]
    search_fields = ["community__name", "email"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["community", "user", "status", "created_at", "decided_at"]
    list_filter = ["status"]


@admin.register(SupportCommitment)
class SupportCommitmentAdmin(admin.ModelAdmin):
    list_display = ["community", "partner", "kind", "status", "due_date", "deleted_at"]
    list_filter = ["kind", "status"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: operators decide on reports on the moderation page, where it is logged."""

    list_display = ["community", "reason", "status", "created_at", "handled_at"]
    list_filter = ["status", "reason"]
    list_select_related = ["community"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["name", "regency", "kind", "influence", "interest", "account", "deleted_at"]
    list_filter = ["kind", "influence", "interest"]
    list_select_related = ["regency", "account"]
    search_fields = ["name", "institution"]
    autocomplete_fields = ["regency"]
    raw_id_fields = ["account", "account_linked_by", "declined_by", "added_by"]
    filter_horizontal = ["communities"]
