"""Admin for the norm. A vastgesteld Normkader is shown but cannot be changed: scans refer to it,
so a revision goes through ``manage.py normkader_kopieer`` into a new concept version."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from ijkpunten.models import (
    Begrip,
    CyclusFase,
    Domein,
    Groep,
    GroepOvergang,
    HgwPrincipe,
    Item,
    ItemOvergang,
    Kaartaspect,
    LandelijkGemiddelde,
    Normkader,
    Ondersteuningsniveau,
    Ontwikkelstap,
    Risicosignaal,
    Schaalwaarde,
    Uitleg,
)
from ijkpunten.services import NormkaderError, establish_normkader


class _NormkaderLockMixin:
    """Objects of a vastgesteld Normkader are read-only in every admin page and inline."""

    normkader_path = "normkader"

    def _normkader_of(self, obj):
        for part in self.normkader_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._normkader_of(obj).is_vastgesteld:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._normkader_of(obj).is_vastgesteld:
            return False
        return super().has_delete_permission(request, obj)


class _LockedInline(admin.TabularInline):
    """Rows shown under a Normkader or a Groep; locked when that Normkader is vastgesteld."""

    extra = 0

    def _locked(self, parent):
        if parent is None:
            return False
        normkader = parent if isinstance(parent, Normkader) else parent.normkader
        return normkader.is_vastgesteld

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class SchaalwaardeInline(_LockedInline):
    model = Schaalwaarde


class DomeinInline(_LockedInline):
    model = Domein


class OndersteuningsniveauInline(_LockedInline):
    model = Ondersteuningsniveau


@admin.register(Normkader)
class NormkaderAdmin(admin.ModelAdmin):
    list_display = [
        "naam",
        "code",
        "status",
        "vastgesteld_op",
        "drempel_voldoende",
        "voldoet_regel",
    ]
    list_filter = ["status"]
    search_fields = ["naam", "code"]
    inlines = [SchaalwaardeInline, DomeinInline, OndersteuningsniveauInline]
    actions = ["vaststellen"]

    @admin.action(description=_("Establish the selected drafts (they become read-only)"))
    def vaststellen(self, request, queryset):
        for normkader in queryset:
            try:
                establish_normkader(normkader=normkader)
            except NormkaderError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"{normkader.naam} is vastgesteld.", messages.SUCCESS)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_vastgesteld:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_vastgesteld:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Kaartaspect)
class KaartaspectAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "kaart", "tekst", "normkader"]
    list_filter = ["normkader", "kaart"]
    search_fields = ["tekst"]


@admin.register(Ontwikkelstap)
class OntwikkelstapAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "naam", "normkader"]
    list_filter = ["normkader"]
    search_fields = ["naam", "werkwijze", "resultaat"]


@admin.register(Uitleg)
class UitlegAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "titel", "normkader"]
    list_filter = ["normkader"]
    search_fields = ["titel", "tekst"]


@admin.register(Begrip)
class BegripAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "term", "normkader"]
    list_filter = ["normkader"]
    search_fields = ["term", "omschrijving"]


@admin.register(LandelijkGemiddelde)
class LandelijkGemiddeldeAdmin(admin.ModelAdmin):
    """Figures of a school year: entered each year, also for an established version."""

    list_display = ["normkader", "schooljaar", "verwijzingen_sbo", "verwijzingen_so", "bron"]
    list_filter = ["normkader"]
    search_fields = ["schooljaar", "bron"]


@admin.register(Schaalwaarde)
class SchaalwaardeAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["waarde", "kort", "omschrijving", "normkader"]
    list_filter = ["normkader"]
    search_fields = ["kort", "omschrijving"]


@admin.register(Domein)
class DomeinAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "naam", "normkader"]
    list_filter = ["normkader"]
    search_fields = ["naam", "toelichting"]


class ItemInline(_LockedInline):
    model = Item
    fields = [
        "code",
        "volgorde",
        "bron",
        "aspect",
        "tekst",
        "alleen_sbo",
        "sector",
        "nvt_toegestaan",
    ]
    show_change_link = True


class RisicosignaalInline(_LockedInline):
    model = Risicosignaal


@admin.register(Groep)
class GroepAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "naam", "soort", "sector", "domein", "normkader"]
    list_filter = ["normkader", "soort", "sector", "domein"]
    search_fields = ["naam", "omschrijving", "standaard", "toelichting", "code"]
    list_select_related = ["normkader", "domein"]
    filter_horizontal = ["gedeelde_items"]
    inlines = [ItemInline, RisicosignaalInline]


@admin.register(Item)
class ItemAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    normkader_path = "groep__normkader"
    list_display = ["code", "tekst_kort", "bron", "aspect", "groep", "alleen_sbo", "sector"]
    list_filter = ["groep__normkader", "groep__soort", "bron", "aspect", "alleen_sbo", "sector"]
    search_fields = ["code", "tekst", "inleiding", "toelichting", "groep__naam"]
    list_select_related = ["groep"]

    @admin.display(description="tekst")
    def tekst_kort(self, obj):
        return obj.tekst[:100]


@admin.register(Risicosignaal)
class RisicosignaalAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    normkader_path = "groep__normkader"
    list_display = ["tekst", "groep"]
    list_filter = ["groep__normkader", "groep"]
    search_fields = ["tekst", "groep__naam"]
    list_select_related = ["groep"]


@admin.register(HgwPrincipe)
class HgwPrincipeAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "tekst", "normkader"]
    list_filter = ["normkader"]
    search_fields = ["tekst"]


@admin.register(CyclusFase)
class CyclusFaseAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "naam", "normkader"]
    list_filter = ["normkader"]
    search_fields = ["naam"]


@admin.register(Ondersteuningsniveau)
class OndersteuningsniveauAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    list_display = ["nummer", "naam", "norm", "normkader"]
    list_filter = ["normkader", "norm"]
    search_fields = ["naam", "categorie", "omschrijving"]


class _OvergangAdmin(_NormkaderLockMixin, admin.ModelAdmin):
    """The lines of a concordantie; the SWV edits them on "Versies van de norm", this is for
    looking one up."""

    list_display = ["oud", "nieuw", "normkader", "voorgesteld"]
    list_filter = ["normkader", "voorgesteld"]
    list_select_related = ["normkader", "oud", "nieuw"]
    raw_id_fields = ["oud", "nieuw"]


@admin.register(ItemOvergang)
class ItemOvergangAdmin(_OvergangAdmin):
    search_fields = ["oud__code", "nieuw__code", "oud__tekst", "nieuw__tekst", "toelichting"]


@admin.register(GroepOvergang)
class GroepOvergangAdmin(_OvergangAdmin):
    search_fields = ["oud__code", "nieuw__code", "oud__naam", "nieuw__naam", "toelichting"]
