"""What a person may do with a scan they can see (seeing is decided in zelfscan/access/scoping.py).

An action the person may not take is refused with 403 (they can see the scan, so its existence
is no secret); a scan they cannot see is a 404 before any of this is asked.
"""

from dataclasses import dataclass

from zelfscan.access.scoping import roles_of
from zelfscan.models import Rol, Zelfscan

S = Zelfscan.Status


@dataclass(frozen=True)
class Rechten:
    school: bool  # IB-er or directeur of the school
    bestuur: bool  # bestuur user of the school's board
    consulent: bool  # consulent assigned to the school
    swv: bool  # SWV-beheerder of the school's SWV
    superuser: bool = False

    @classmethod
    def voor(cls, user, scan: Zelfscan) -> "Rechten":
        """From the user's roles (read once per request): those that touch this scan's school."""
        return cls.voor_school(user, scan.school)

    @classmethod
    def voor_school(cls, user, school) -> "Rechten":
        soorten = {soort for soort, *rol in roles_of(user) if _raakt(soort, *rol, school=school)}
        return cls(
            school=bool(soorten & {Rol.Soort.IB_ER, Rol.Soort.DIRECTEUR}),
            bestuur=Rol.Soort.BESTUUR in soorten,
            consulent=Rol.Soort.CONSULENT in soorten,
            swv=Rol.Soort.SWV_BEHEERDER in soorten,
            superuser=user.is_superuser,
        )

    def mag_invullen(self, scan: Zelfscan) -> bool:
        """Answers change only while the scan is a concept, and only by the school."""
        return scan.status == S.CONCEPT and (self.school or self.superuser)

    def mag_opmerken(self, scan: Zelfscan) -> bool:
        return scan.status in (S.VRIJGEGEVEN, S.BESPROKEN) and (self.consulent or self.superuser)

    def mag_consulentoordeel(self, scan: Zelfscan) -> bool:
        """The consulent records what they saw in practice while the scan is discussed."""
        return scan.status in (S.VRIJGEGEVEN, S.BESPROKEN) and (self.consulent or self.superuser)

    def ziet_consulentoordeel(self, scan: Zelfscan) -> bool:
        """As ``Consulentoordeel.objects.for_user``: the consulent and the SWV once the scan
        is released, the school and its board after the conversation."""
        if self.superuser:
            return True
        if scan.status not in Zelfscan.VRIJGEGEVEN_EN_LATER:
            return False
        return (
            self.consulent
            or self.swv
            or ((self.school or self.bestuur) and scan.status in (S.BESPROKEN, S.AFGEROND))
        )

    def mag_historie_zien(self) -> bool:
        return self.school or self.consulent or self.superuser

    def mag_gesprek_vastleggen(self, scan: Zelfscan) -> bool:
        """The consulent records the conversation about a released scan."""
        return scan.status in (S.VRIJGEGEVEN, S.BESPROKEN, S.AFGEROND) and (
            self.consulent or self.superuser
        )

    def mag_plan_bewerken(self) -> bool:
        """The school keeps its own development plan; the board and the SWV read it."""
        return self.school or self.superuser

    def mag_plan_opmerken(self) -> bool:
        return self.consulent or self.superuser

    def mag_overgang(self, scan: Zelfscan, naar: str) -> bool:
        allowed = OVERGANGEN.get((scan.status, naar))
        if allowed is None:
            return False
        return self.superuser or any(getattr(self, rol) for rol in allowed)


def _raakt(soort, school_id, bestuur_id, swv_id, *, school) -> bool:
    """Whether a role reaches the school: a school role its school, a bestuur role its board's
    schools in the SWV that gave it, an SWV role the schools of its SWV."""
    if soort in Rol.SCHOOLROLLEN:
        return school_id == school.pk
    if soort in Rol.BESTUURSROLLEN:
        return (bestuur_id, swv_id) == (school.bestuur_id, school.swv_id)
    return swv_id == school.swv_id


# (from, to) -> which roles may make the step. A step back needs a reason (see services).
OVERGANGEN = {
    (S.CONCEPT, S.INGEDIEND): ("school",),
    (S.INGEDIEND, S.VRIJGEGEVEN): ("bestuur",),
    (S.INGEDIEND, S.CONCEPT): ("bestuur",),
    (S.VRIJGEGEVEN, S.BESPROKEN): ("consulent",),
    (S.VRIJGEGEVEN, S.CONCEPT): ("consulent",),
    (S.BESPROKEN, S.AFGEROND): ("consulent", "swv"),
    (S.AFGEROND, S.CONCEPT): ("swv",),
}
TERUG = {(S.INGEDIEND, S.CONCEPT), (S.VRIJGEGEVEN, S.CONCEPT), (S.AFGEROND, S.CONCEPT)}
