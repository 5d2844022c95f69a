"""Departments, and staff users: managers manage staff through a restricted form (name, role, department,
active, password reset); superuser status, groups and per-user permissions stay with superusers."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from org.models import Department, StaffProfile
from org.roles import BACK_OFFICE_ROLES, Role, user_roles
from org.services import staff_user_assign


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


class RoleFields(forms.Form):
    """The organisation fields of the restricted forms (mixed into the user forms below)."""

    display_name = forms.CharField(label=_("display name"), max_length=64, required=False)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    department = forms.ModelChoiceField(
        label=_("department"), queryset=Department.objects.filter(is_active=True), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("role") in BACK_OFFICE_ROLES and not data.get("department"):
            self.add_error("department", _("Staff of the back office belong to a department."))
        return data

    def initial_from(self, user: User) -> None:
        if user.pk is None:
            return
        roles = [r for r in Role.values if r in user_roles(user)]
        profile = StaffProfile.objects.filter(user=user).select_related("department").first()
        self.initial.setdefault("role", roles[0] if roles else None)
        if profile is not None:
            self.initial.setdefault("department", profile.department_id)
            self.initial.setdefault("display_name", profile.display_name)


class StaffChangeForm(RoleFields, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        fields = ["username", "password", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_from(self.instance)


class StaffCreationForm(RoleFields, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        fields = ["username"]


ORGANISATION = (_("Role and department"), {"fields": ("display_name", "role", "department", "is_active")})


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Superusers get Django's full user admin (with the staff profile inline); everyone else with
    `auth.change_user` (managers) the restricted forms, and never sees or changes a superuser."""

    list_display = ["username", "display_name", "department", "is_active", "is_staff"]
    list_select_related = ["staff_profile__department"]
    list_filter = ["groups", "is_active", "is_staff"]
    restricted_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        ORGANISATION,
    )
    restricted_add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ORGANISATION,
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.restricted_fieldsets if obj else self.restricted_add_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = StaffChangeForm if obj else StaffCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_inlines(self, request, obj):
        return [StaffProfileInline] if request.user.is_superuser and obj is not None else []

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if "role" in form.cleaned_data:
            staff_user_assign(
                actor=request.user,
                user=obj,
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
                display_name=form.cleaned_data["display_name"],
            )

    @admin.display(description=_("display name"))
    def display_name(self, user: User) -> str:
        profile = getattr(user, "staff_profile", None)
        return profile.display_name if profile else ""

    @admin.display(description=_("department"))
    def department(self, user: User) -> str:
        profile = getattr(user, "staff_profile", None)
        return str(profile.department) if profile else ""
