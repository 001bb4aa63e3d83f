from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from komunitas.pustaka import actions as pustaka_actions
from komunitas.pustaka.models import Collection, CollectionItem, Resource, ResourceVersion


class VersionInline(admin.TabularInline):
    model = ResourceVersion
    extra = 0
    can_delete = False
    # The file itself is downloaded on the site (permission-checked); uploads are not under
    # MEDIA_URL, so the admin shows its name only.
    fields = ["number", "filename", "size", "link", "change_note", "created_by", "download_count"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "subject", "phase", "community", "audience", "deleted_at"]
    list_filter = ["kind", "audience", "phase", "deleted_at"]
    list_select_related = ["subject", "phase", "community"]
    search_fields = ["title", "topic", "community__name"]
    raw_id_fields = ["added_by", "credited_to", "community", "current_version"]
    inlines = [VersionInline]
    actions = ["restore"]

    @admin.action(description=_("Bring back the selected resources"))
    def restore(self, request, queryset):
        pustaka_actions.do_restore_resources(resources=queryset, by=request.user)


class ItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    raw_id_fields = ["resource", "added_by"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "owner", "deleted_at"]
    list_select_related = ["community", "owner"]
    search_fields = ["title", "community__name"]
    raw_id_fields = ["owner", "community"]
    inlines = [ItemInline]
    actions = ["restore"]

    @admin.action(description=_("Bring back the selected collections"))
    def restore(self, request, queryset):
        pustaka_actions.do_restore_collections(collections=queryset, by=request.user)
