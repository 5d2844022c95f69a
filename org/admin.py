from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from org.models import Department, StaffProfile


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "city", "is_active"]
    list_filter = ["kind", "is_active", "province"]
    search_fields = ["=code", "name", "city"]


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    verbose_name_plural = _("staff profile")
    autocomplete_fields = ["department"]


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "display_name", "department", "is_active", "is_staff"]
    list_select_related = ["staff_profile__department"]
    list_filter = ["groups", "is_active", "is_staff"]

    @admin.display(description=_("display name"))
    def display_name(self, user: User) -> str:
        profile = getattr(user, "staff_profile", None)
        return profile.display_name if profile else ""

    @admin.display(description=_("department"))
    def department(self, user: User) -> str:
        profile = getattr(user, "staff_profile", None)
        return str(profile.department) if profile else ""
