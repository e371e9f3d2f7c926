"""What each kind of list imports (besturen, wijken, scholen, accounts) and the rules of each:
a row about another SWV's school, board or account is refused, and every error of a row is
listed with its column. django-import-export does the reading of rows.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from import_export import fields, resources

from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User, Wijk
from zelfscan.organisaties.import_widgets import (
    BooleanWidget,
    ChoiceWidget,
    IntegerWidget,
    LookupWidget,
    NumberTextWidget,
    TextWidget,
    UpperWidget,
)
from zelfscan.organisaties.selectors import accounts_in_swv

# --- resources


class _SwvResource(resources.ModelResource):
    """Rows are imported into one SWV; a row about another SWV's object is refused."""

    #: (column, ...) that must be present in the file.
    required_columns: tuple[str, ...] = ()
    #: Foreign keys filled from objects loaded before the import: they exist, so full_clean
    #: need not ask the database again for every row.
    trusted_fields: tuple[str, ...] = ()

    def __init__(self, *, swv: Samenwerkingsverband, **context):
        self.swv = swv
        super().__init__()

    def key(self, row) -> str | None:
        """What identifies a row's object, to find the same object twice in one file."""
        return None

    def veranderingen(self, oud, nieuw) -> list[str]:
        """What an update changes, per column: "naam: De Linde → De Lindeboom"."""

        def tekst(waarde):
            if waarde is None or waarde == "":
                return "–"
            if isinstance(waarde, bool):
                return _("yes") if waarde else _("no")
            return str(waarde)

        result = []
        for naam in self._meta.fields or ():
            veld = self.fields.get(naam)
            if veld is None or naam in (self._meta.import_id_fields or ()):
                continue
            voor, na = getattr(oud, naam, None), getattr(nieuw, naam, None)
            if voor != na:
                result.append(f"{veld.column_name}: {tekst(voor)} → {tekst(na)}")
        return result

    def before_import(self, dataset, **kwargs):
        counts: dict[str, int] = {}
        for values in dataset.dict:
            key = self.key(values)
            if key:
                counts[key] = counts.get(key, 0) + 1
        self._duplicates = {k for k, n in counts.items() if n > 1}

    def row_errors(self, row) -> list[str]:
        """What is wrong with a row as a whole (not one column); every resource adds its own.
        Listed with the column errors of the row, never instead of them."""
        key = self.key(row)
        if key and key in self._duplicates:
            return [_("%(key)s is in the file more than once") % {"key": key}]
        return []

    def before_import_row(self, row, **kwargs):
        self._row_errors = self.row_errors(row)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Uniqueness is settled without a query per row: a key twice in the file is refused
        # above, and a key that exists already makes the row an update (the database's own
        # constraint stays the last word). Everything else full_clean checks still applies.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors.keys(), *self.trusted_fields],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._raise_with_row_errors(errors)

    def _raise_with_row_errors(self, errors: dict):
        """Every error of the row at once: the columns' first, then the row's own."""
        errors = dict(errors)
        if self._row_errors:
            errors.setdefault(NON_FIELD_ERRORS, []).extend(self._row_errors)
        if errors:
            raise ValidationError(errors)


class BestuurResource(_SwvResource):
    bevoegd_gezag_nummer = fields.Field(
        attribute="bevoegd_gezag_nummer",
        column_name="bevoegd_gezag_nummer",
        widget=NumberTextWidget(5),
    )
    naam = fields.Field(attribute="naam", column_name="naam", widget=TextWidget())
    required_columns = ("bevoegd_gezag_nummer", "naam")

    class Meta:
        model = Bestuur
        fields = ("bevoegd_gezag_nummer", "naam")
        import_id_fields = ("bevoegd_gezag_nummer",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 1000

    def __init__(self, *, swv, **context):
        super().__init__(swv=swv)
        # Per board: is every school of it in this SWV? (one query for the whole file)
        self._geheel_hier = {}
        for nummer, swv_id in Bestuur.objects.values_list("bevoegd_gezag_nummer", "scholen__swv"):
            hier = swv_id == swv.pk
            self._geheel_hier[nummer] = self._geheel_hier.get(nummer, True) and hier

    def key(self, row):
        value = NumberTextWidget(5).clean(row.get("bevoegd_gezag_nummer"))
        return f"bevoegd-gezagnummer {value}" if value else None

    def row_errors(self, row):
        # An import changes nothing outside the importer's SWV: a board is renamed here only
        # when all its schools are in this SWV, and a board comes into being with its schools
        # (the schools import), never as an empty record that belongs to no SWV.
        errors = super().row_errors(row)
        nummer = NumberTextWidget(5).clean(row.get("bevoegd_gezag_nummer"))
        if not nummer:
            return errors
        if nummer not in self._geheel_hier:
            errors.append(
                _(
                    "board %(nummer)s has no schools in this SWV; a new board is imported with its "
                    "schools (column bestuursnaam in the schools file)"
                )
                % {"nummer": nummer}
            )
        elif not self._geheel_hier[nummer]:
            naam = TextWidget().clean(row.get("naam"))
            if Bestuur.objects.filter(bevoegd_gezag_nummer=nummer).exclude(naam=naam).exists():
                errors.append(
                    _(
                        "board %(nummer)s (also) has schools outside this SWV and cannot be "
                        "changed here"
                    )
                    % {"nummer": nummer}
                )
        return errors


class WijkResource(_SwvResource):
    naam = fields.Field(attribute="naam", column_name="naam", widget=TextWidget())
    required_columns = ("naam",)

    class Meta:
        model = Wijk
        fields = ("naam",)
        import_id_fields = ("naam",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def key(self, row):
        value = TextWidget().clean(row.get("naam"))
        return f"wijk {value}" if value else None

    def get_instance(self, instance_loader, row):
        return Wijk.objects.filter(swv=self.swv, naam__iexact=row.get("naam", "").strip()).first()

    trusted_fields = ("swv",)

    def import_instance(self, instance, row, **kwargs):
        instance.swv = self.swv
        existing_name = instance.naam
        super().import_instance(instance, row, **kwargs)
        if existing_name and existing_name.lower() == instance.naam.lower():
            instance.naam = existing_name  # the same wijk, written differently: keep its name


class SchoolResource(_SwvResource):
    brin = fields.Field(attribute="brin", column_name="brin", widget=UpperWidget())
    vestigingsnummer = fields.Field(
        attribute="vestigingsnummer", column_name="vestigingsnummer", widget=NumberTextWidget(2)
    )
    naam = fields.Field(attribute="naam", column_name="naam", widget=TextWidget())
    bestuur = fields.Field(attribute="bestuur", column_name="bevoegd_gezag_nummer")
    wijk = fields.Field(attribute="wijk", column_name="wijk")
    soort = fields.Field(
        attribute="soort", column_name="soort", widget=ChoiceWidget(School.Soort.choices, "soort")
    )
    aantal_leerlingen = fields.Field(
        attribute="aantal_leerlingen",
        column_name="aantal_leerlingen",
        widget=IntegerWidget(),
    )
    actief = fields.Field(attribute="actief", column_name="actief", widget=BooleanWidget())
    required_columns = ("brin", "vestigingsnummer", "naam", "bevoegd_gezag_nummer", "wijk", "soort")
    trusted_fields = ("swv", "bestuur", "wijk")

    class Meta:
        model = School
        fields = (
            "brin",
            "vestigingsnummer",
            "naam",
            "bestuur",
            "wijk",
            "soort",
            "aantal_leerlingen",
            "actief",
        )
        import_id_fields = ("brin", "vestigingsnummer")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_bulk = True
        batch_size = 1000

    def __init__(self, *, swv, **context):
        super().__init__(swv=swv)
        self._besturen = {b.bevoegd_gezag_nummer: b for b in Bestuur.objects.all()}
        wijken = {w.naam.lower(): w for w in Wijk.objects.filter(swv=swv)}
        self.fields["bestuur"].widget = LookupWidget(
            self._besturen,
            _(
                "unknown board: bevoegd-gezagnummer %(value)s does not exist (a new board gets "
                "its name in the column bestuursnaam)"
            ),
        )
        # Empty for a secondary school without a wijk; School.clean refuses it for a primary one.
        self.fields["wijk"].widget = LookupWidget(
            wijken, _("unknown wijk '%(value)s' in this SWV"), leeg_toegestaan=True
        )
        # Schools that already exist, by BRIN and branch: one query for the whole file.
        self._bestaand = {
            (s.brin, s.vestigingsnummer): s for s in School.objects.select_related("swv")
        }

    def key(self, row):
        brin = UpperWidget().clean(row.get("brin"))
        vestiging = NumberTextWidget(2).clean(row.get("vestigingsnummer"))
        return f"BRIN {brin}{vestiging}" if brin else None

    def get_instance(self, instance_loader, row):
        brin = UpperWidget().clean(row.get("brin"))
        vestiging = NumberTextWidget(2).clean(row.get("vestigingsnummer"))
        return self._bestaand.get((brin, vestiging))

    def row_errors(self, row):
        errors = super().row_errors(row)
        existing = self.get_instance(None, row)
        if existing is not None and existing.swv_id != self.swv.pk:
            errors.append(
                _("%(key)s belongs to another SWV and cannot be changed here")
                % {"key": self.key(row)}
            )
        return errors

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # A board number that does not exist yet comes into being with its schools, named
        # in the column "bestuursnaam" (made in this import's transaction: a dry run or a
        # file with any bad row leaves nothing behind).
        if "bestuursnaam" not in dataset.headers:
            return
        nieuw = {}
        for values in dataset.dict:
            nummer = NumberTextWidget(5).clean(values.get("bevoegd_gezag_nummer"))
            naam = TextWidget().clean(values.get("bestuursnaam"))
            if nummer.isdigit() and len(nummer) == 5 and naam and nummer not in self._besturen:
                nieuw.setdefault(nummer, naam)
        for bestuur in Bestuur.objects.bulk_create(
            Bestuur(bevoegd_gezag_nummer=n, naam=naam[:200]) for n, naam in nieuw.items()
        ):
            self._besturen[bestuur.bevoegd_gezag_nummer] = bestuur

    def import_instance(self, instance, row, **kwargs):
        instance.swv = self.swv
        super().import_instance(instance, row, **kwargs)


class AccountResource(_SwvResource):
    """One row is one role of one person; a new e-mail address gets an account and, once the
    import is written, an invitation to set a password."""

    email = fields.Field(column_name="email", widget=TextWidget())
    voornaam = fields.Field(column_name="voornaam", widget=TextWidget())
    achternaam = fields.Field(column_name="achternaam", widget=TextWidget())
    rol = fields.Field(column_name="rol", widget=TextWidget())
    brin = fields.Field(column_name="brin", widget=UpperWidget())
    vestigingsnummer = fields.Field(column_name="vestigingsnummer", widget=NumberTextWidget(2))
    bevoegd_gezag_nummer = fields.Field(
        column_name="bevoegd_gezag_nummer", widget=NumberTextWidget(5)
    )
    required_columns = ("email", "voornaam", "achternaam", "rol")

    class Meta:
        model = Rol
        fields = (
            "email",
            "voornaam",
            "achternaam",
            "rol",
            "brin",
            "vestigingsnummer",
            "bevoegd_gezag_nummer",
        )
        import_id_fields = ("email",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def __init__(self, *, swv, base_url: str = "", invited_by=None, **context):
        super().__init__(swv=swv)
        self.base_url = base_url
        self.invited_by = invited_by
        self.invite = []
        self._scholen = {s.brin_volledig: s for s in School.objects.filter(swv=swv)}
        self._besturen = {
            b.bevoegd_gezag_nummer: b for b in Bestuur.objects.filter(scholen__swv=swv).distinct()
        }
        # Existing accounts: those of this SWV get the role; anyone else's is not touched by a
        # file (they are invited through the page and accept the role themselves).
        self._bestaand = set(User.objects.values_list(Lower("email"), flat=True))
        self._hier = set(accounts_in_swv(swv).values_list(Lower("email"), flat=True))

    def key(self, row):
        email = TextWidget().clean(row.get("email")).lower()
        if not email:
            return None
        org = UpperWidget().clean(row.get("brin")) + NumberTextWidget(2).clean(
            row.get("vestigingsnummer")
        ) or NumberTextWidget(5).clean(row.get("bevoegd_gezag_nummer"))
        return f"{email} als {TextWidget().clean(row.get('rol')).lower()} {org}".strip()

    def _resolve(self, row):
        """The role a row describes, or the reasons it cannot be made."""
        errors = {}
        email = TextWidget().clean(row.get("email")).lower()
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("'%(email)s' is not a valid e-mail address") % {
                "email": email or _("(empty)")
            }
        # A new person's name makes their account; an existing account keeps its own name
        # (so an export of the accounts reads back unchanged).
        if email not in self._bestaand:
            for column in ("voornaam", "achternaam"):
                if not TextWidget().clean(row.get(column)):
                    errors[column] = _("may not be empty for a new account")
        soort = TextWidget().clean(row.get("rol")).lower()
        school = bestuur = swv = None
        if soort in Rol.SCHOOLROLLEN:
            code = UpperWidget().clean(row.get("brin")) + NumberTextWidget(2).clean(
                row.get("vestigingsnummer")
            )
            school = self._scholen.get(code)
            if school is None:
                errors["brin"] = _("unknown school '%(code)s' in this SWV") % {
                    "code": code or _("(empty)")
                }
        elif soort in Rol.BESTUURSROLLEN:
            nummer = NumberTextWidget(5).clean(row.get("bevoegd_gezag_nummer"))
            bestuur = self._besturen.get(nummer)
            swv = self.swv  # the role reaches the board's schools in this SWV only
            if bestuur is None:
                errors["bevoegd_gezag_nummer"] = _("unknown board '%(nummer)s' in this SWV") % {
                    "nummer": nummer or _("(empty)")
                }
        elif soort in Rol.SWV_ROLLEN:
            swv = self.swv
        else:
            errors["rol"] = _("unknown role '%(rol)s'; choose from %(keuzes)s") % {
                "rol": soort or _("(empty)"),
                "keuzes": ", ".join(Rol.Soort.values),
            }
        return email, soort, school, bestuur, swv, errors

    def row_errors(self, row):
        errors = super().row_errors(row)
        email = TextWidget().clean(row.get("email")).lower()
        if email in self._bestaand and email not in self._hier:
            errors.append(
                _(
                    "%(email)s belongs to an account outside this SWV; invite this person with "
                    "'Invite a person': they then accept the role themselves"
                )
                % {"email": email}
            )
        return errors

    def get_instance(self, instance_loader, row):
        email, soort, school, bestuur, swv, errors = self._resolve(row)
        if errors:
            return None
        return Rol.objects.filter(
            user__email__iexact=email, soort=soort, school=school, bestuur=bestuur, swv=swv
        ).first()

    def import_instance(self, instance, row, **kwargs):
        email, soort, school, bestuur, swv, errors = self._resolve(row)
        if errors:
            raise ValidationError(errors)
        instance.soort, instance.school, instance.bestuur, instance.swv = (
            soort,
            school,
            bestuur,
            swv,
        )
        if instance.user_id is None:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User(
                    username=email,
                    email=email,
                    first_name=TextWidget().clean(row.get("voornaam")),
                    last_name=TextWidget().clean(row.get("achternaam")),
                )
            instance.user = user

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:  # the row could not be resolved: there is no person yet
            self._raise_with_row_errors(import_validation_errors)
        # A new person's account is saved with the role; until then it has no key to check.
        if instance.user.pk is None:
            try:
                instance.full_clean(exclude=["user"], validate_unique=False)
            except ValidationError as error:
                self._raise_with_row_errors(error.message_dict)
            self._raise_with_row_errors({})
            return
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def save_instance(self, instance, is_create, row, **kwargs):
        if instance.user.pk is None:
            # Also in a dry run: the import runs in a transaction that is rolled back then.
            instance.user.set_unusable_password()
            instance.user.save()
            self.invite.append(instance.user)
        super().save_instance(instance, is_create, row, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return instance.pk is not None

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or not self.invite:
            return
        from zelfscan.organisaties.services import send_invitation

        users = list(self.invite)
        transaction.on_commit(
            lambda: [
                send_invitation(user=u, invited_by=self.invited_by, base_url=self.base_url)
                for u in users
            ]
        )
