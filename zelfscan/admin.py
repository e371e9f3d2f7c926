"""Admin for organisations and accounts. Lists go through ``for_user`` like every other view,
and the import in the admin uses the same resources (and the same row checks) as the page
for SWV-beheerders. Exports are made on the SWV page, by the project's own formula-safe code."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import ConfirmImportForm, ImportForm

from zelfscan.models import (
    Antwoord,
    Bestuur,
    Historie,
    Importbestand,
    Rol,
    Samenwerkingsverband,
    Scanronde,
    School,
    Statusovergang,
    User,
    Wijk,
    Zelfscan,
)
from zelfscan.organisaties.import_resources import BestuurResource, SchoolResource, WijkResource
from zelfscan.organisaties.uploads import SniffingCSV, UploadError, read_upload


class _ScopedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return self.model.objects.for_user(request.user)


class SwvImportForm(ImportForm):
    """The admin's import form: which SWV the rows are for, and the same upload checks as the
    page for SWV-beheerders (size, type, unpacked size) before anything is parsed."""

    swv = forms.ModelChoiceField(
        label=_("Partnership"), queryset=Samenwerkingsverband.objects.none()
    )

    def __init__(self, formats, resources, *, swvs=None, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["swv"].queryset = swvs if swvs is not None else self.fields["swv"].queryset

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            read_upload(upload)
        except UploadError as error:
            raise forms.ValidationError(str(error)) from None
        upload.seek(0)
        return upload


class SwvConfirmImportForm(ConfirmImportForm):
    swv = forms.ModelChoiceField(
        queryset=Samenwerkingsverband.objects.all(), widget=forms.HiddenInput
    )


class _SwvImportMixin(ImportMixin):
    """Import in the admin with the project's resources: CSV or XLSX, for a chosen SWV."""

    import_form_class = SwvImportForm
    confirm_form_class = SwvConfirmImportForm
    import_formats = [SniffingCSV, XLSX]

    def get_import_form_kwargs(self, request):
        kwargs = super().get_import_form_kwargs(request)
        kwargs["swvs"] = Samenwerkingsverband.objects.for_user(request.user)
        return kwargs

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["swv"] = import_form.cleaned_data["swv"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        swv = None
        if form is not None and form.is_bound and form.is_valid():
            # The confirm step carries the SWV in a hidden field: check it against the scope.
            swv = form.cleaned_data["swv"]
            if not Samenwerkingsverband.objects.for_user(request.user).filter(pk=swv.pk).exists():
                raise PermissionDenied
        kwargs["swv"] = swv
        return kwargs


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
class BestuurAdmin(_SwvImportMixin, _ScopedAdmin):
    resource_classes = [BestuurResource]
    list_display = ["bevoegd_gezag_nummer", "naam", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["bevoegd_gezag_nummer", "naam"]


@admin.register(Wijk)
class WijkAdmin(_SwvImportMixin, _ScopedAdmin):
    resource_classes = [WijkResource]
    list_display = ["naam", "swv", "is_demo"]
    list_filter = ["swv", "is_demo"]
    search_fields = ["naam"]


@admin.register(School)
class SchoolAdmin(_SwvImportMixin, _ScopedAdmin):
    resource_classes = [SchoolResource]
    list_display = ["naam", "brin", "vestigingsnummer", "bestuur", "wijk", "soort", "actief"]
    list_filter = ["swv", "soort", "actief", "wijk", "is_demo"]
    search_fields = ["naam", "brin", "bestuur__naam", "wijk__naam"]
    list_select_related = ["bestuur", "wijk"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from zelfscan.scans.workflow import ensure_scans_for_swv

        ensure_scans_for_swv(swv=obj.swv)  # a school added later gets a scan in open rounds


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


class AntwoordForm(forms.ModelForm):
    # The version the correction was made on, as on every other path: an answer the school
    # changed while the admin page was open is not overwritten.
    basisversie = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Antwoord
        fields = ["score", "nvt", "toelichting"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["basisversie"].initial = self.instance.versie


@admin.register(Antwoord)
class AntwoordAdmin(admin.ModelAdmin):
    """Answers can be corrected here, through the same service as everywhere else, so the
    version rules and the history hold for the admin too."""

    form = AntwoordForm
    list_display = ["scan", "item", "score", "nvt", "versie", "gewijzigd_op"]
    list_select_related = ["scan__school", "scan__ronde", "item"]
    search_fields = ["scan__school__naam", "item__code", "toelichting"]

    def get_queryset(self, request):
        scans = Zelfscan.objects.for_user(request.user)
        return super().get_queryset(request).filter(scan__in=scans)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        from zelfscan.scans.antwoorden import Weigering, save_answer

        try:
            save_answer(
                scan=obj.scan,
                item_id=obj.item_id,
                door=request.user,
                score=form.cleaned_data["score"],
                nvt=form.cleaned_data["nvt"],
                toelichting=form.cleaned_data["toelichting"],
                basisversie=form.cleaned_data["basisversie"],
                bron=Historie.Bron.BEHEER,
                toegestane_items={obj.item_id: obj.item.nvt_toegestaan},
            )
        except Weigering as refusal:
            self.message_user(request, refusal.message, level="error")


@admin.register(Scanronde)
class ScanrondeAdmin(_ScopedAdmin):
    list_display = ["schooljaar", "swv", "normkader", "deadline"]
    list_filter = ["swv", "schooljaar"]
    search_fields = ["schooljaar", "swv__code", "swv__naam"]
    list_select_related = ["swv", "normkader"]

    def get_readonly_fields(self, request, obj=None):
        # What a round asks (its norm and parts) is fixed once its scans exist: changing it
        # here would change every scan's questions and leave their summaries counting others.
        return ["swv", "schooljaar", "normkader", "onderdelen"] if obj else []


@admin.register(Zelfscan)
class ZelfscanAdmin(_ScopedAdmin):
    """Read here; the status changes through the scan's own page, where the rules are."""

    list_display = ["school", "ronde", "status", "gewijzigd_op"]
    list_filter = ["status", "ronde__schooljaar", "ronde__swv"]
    search_fields = ["school__naam", "school__brin"]
    list_select_related = ["school", "ronde"]
    readonly_fields = ["ronde", "school", "soort", "status", "vorige", "gewijzigd_op"]

    def has_add_permission(self, request):
        return False


class _ReadOnlyScanDataAdmin(admin.ModelAdmin):
    """History and steps are a record: shown, never edited."""

    def get_queryset(self, request):
        return (
            super().get_queryset(request).filter(scan__in=Zelfscan.objects.for_user(request.user))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Historie)
class HistorieAdmin(_ReadOnlyScanDataAdmin):
    list_display = ["op", "scan", "onderwerp", "veld", "oud", "nieuw", "door", "bron"]
    list_filter = ["bron", "veld"]
    search_fields = ["scan__school__naam", "onderwerp", "door__email"]
    list_select_related = ["scan__school", "scan__ronde", "door"]


@admin.register(Statusovergang)
class StatusovergangAdmin(_ReadOnlyScanDataAdmin):
    list_display = ["op", "scan", "van", "naar", "door", "reden"]
    list_filter = ["naar"]
    search_fields = ["scan__school__naam", "reden"]
    list_select_related = ["scan__school", "scan__ronde", "door"]
