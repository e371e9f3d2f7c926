"""Admin for organisations and accounts. Lists go through ``for_user`` like every other view,
and the import in the admin uses the same resources (and the same row checks) as the page
for SWV-beheerders."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from import_export.admin import ImportExportModelAdmin

from zelfscan.importing import BestuurResource, SchoolResource, WijkResource
from zelfscan.models import Bestuur, Importbestand, Rol, Samenwerkingsverband, School, User, Wijk


class _ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return self.model.objects.for_user(request.user)


class _SwvImportMixin:
    """The admin import asks which SWV the rows belong to, through a ?swv= parameter."""

    def get_import_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        swv = (
            Samenwerkingsverband.objects.for_user(request.user)
            .filter(pk=request.GET.get("swv") or request.POST.get("swv") or 0)
            .first()
            or Samenwerkingsverband.objects.for_user(request.user).first()
        )
        kwargs["swv"] = swv
        return kwargs

    def get_export_resource_kwargs(self, request, **kwargs):
        return self.get_import_resource_kwargs(request, **kwargs)


class RolInline(admin.TabularInline):
    model = Rol
    extra = 0
    autocomplete_fields = ["school", "bestuur"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_demo"]
    list_filter = ["is_active", "is_staff", "is_superuser", "is_demo"]
    search_fields = ["username", "email", "first_name", "last_name"]
    inlines = [RolInline]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Demo", {"fields": ["is_demo"]}))

    def get_queryset(self, request):
        return User.objects.for_user(request.user)


@admin.register(Samenwerkingsverband)
class SamenwerkingsverbandAdmin(_ScopedAdmin):
    list_display = ["code", "naam", "sector", "is_demo"]
    list_filter = ["sector", "is_demo"]
    search_fields = ["code", "naam"]


@admin.register(Bestuur)
class BestuurAdmin(_SwvImportMixin, ImportExportModelAdmin, _ScopedAdmin):
    resource_classes = [BestuurResource]
    list_display = ["bevoegd_gezag_nummer", "naam", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["bevoegd_gezag_nummer", "naam"]


@admin.register(Wijk)
class WijkAdmin(_SwvImportMixin, ImportExportModelAdmin, _ScopedAdmin):
    resource_classes = [WijkResource]
    list_display = ["naam", "swv", "is_demo"]
    list_filter = ["swv", "is_demo"]
    search_fields = ["naam"]


@admin.register(School)
class SchoolAdmin(_SwvImportMixin, ImportExportModelAdmin, _ScopedAdmin):
    resource_classes = [SchoolResource]
    list_display = ["naam", "brin", "vestigingsnummer", "bestuur", "wijk", "soort", "actief"]
    list_filter = ["swv", "soort", "actief", "wijk", "is_demo"]
    search_fields = ["naam", "brin", "bestuur__naam", "wijk__naam"]
    list_select_related = ["bestuur", "wijk"]


@admin.register(Rol)
class RolAdmin(_ScopedAdmin):
    list_display = ["user", "soort", "school", "bestuur", "swv"]
    list_filter = ["soort"]
    search_fields = ["user__email", "user__last_name", "school__naam", "bestuur__naam"]
    list_select_related = ["user", "school", "bestuur", "swv"]
    autocomplete_fields = ["user", "school", "bestuur"]


@admin.register(Importbestand)
class ImportbestandAdmin(admin.ModelAdmin):
    list_display = ["bestandsnaam", "soort", "swv", "user", "aangemaakt"]
    search_fields = ["bestandsnaam", "user__email"]
    exclude = ["inhoud"]

    def get_queryset(self, request):
        swvs = Samenwerkingsverband.objects.for_user(request.user)
        return super().get_queryset(request).filter(swv__in=swvs)
