from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import District, Province, Regency, School, User

admin.site.site_header = _("Komunitas Praktisi: operator")
admin.site.site_title = _("Komunitas Praktisi")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "role", "school", "email_verified_at", "is_active"]
    list_filter = ["role", "is_active", "is_staff", "school__level"]
    search_fields = ["full_name", "email", "nuptk", "school__name", "school__npsn"]
    list_select_related = ["school"]
    autocomplete_fields = ["school", "regency"]
    filter_horizontal = ["supervised_schools", "subjects", "phases", "groups", "user_permissions"]
    readonly_fields = ["date_joined", "last_login", "privacy_consent_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Person"),
            {"fields": ["full_name", "whatsapp", "nuptk", "bio", "time_zone", "language"]},
        ),
        (_("Role and place"), {"fields": ["role", "school", "regency", "supervised_schools"]}),
        (_("Teaching"), {"fields": ["subjects", "phases"]}),
        (
            _("Status"),
            {
                "fields": [
                    "is_active",
                    "email_verified_at",
                    "privacy_consent_at",
                    "date_joined",
                    "last_login",
                ]
            },
        ),
        (
            _("Operator rights"),
            {"fields": ["is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "role", "password1", "password2"],
            },
        )
    ]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["npsn", "name", "level", "status", "regency"]
    list_filter = ["level", "status"]
    search_fields = ["npsn", "name"]
    autocomplete_fields = ["regency", "district"]
    list_select_related = ["regency"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "name", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regency"]
    search_fields = ["code", "name"]
    list_select_related = ["regency"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
