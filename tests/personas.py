"""One world for the access tests: two SWVs, boards, schools and a person per persona.

School A is in SWV 1 under board A. The outsiders each have the same kind of role, but for
something else: another board, another school, the other SWV. Board B is shared: it has
school B in SWV 1 and school C in SWV 2, and a person with a role for it given by each SWV
(``bestuur_user_other`` by SWV 1, ``bestuur_b_swv2`` by SWV 2): each reaches its own SWV's
school of the board only.
"""

from dataclasses import dataclass

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zelfscan.access.two_step import requires_two_factor
from zelfscan.models import Bestuur, Rol, Samenwerkingsverband, School, User, Wijk

PASSWORD = "correct-paard-batterij-niet"


@dataclass
class World:
    swv1: Samenwerkingsverband
    swv2: Samenwerkingsverband
    wijk1: Wijk
    wijk2: Wijk
    bestuur_a: Bestuur
    bestuur_b: Bestuur
    school_a: School
    school_b: School
    school_c: School
    personas: dict  # name -> User or None (anonymous)
    ronde: object = None
    scan_a: object = None
    scan_b: object = None


def _user(username, **extra):
    user = User.objects.create_user(username, f"{username}@example.nl", PASSWORD, **extra)
    return user


def _role(user, soort, **org):
    Rol.objects.create(user=user, soort=soort, **org)
    return user


def build_world() -> World:
    swv1 = Samenwerkingsverband.objects.create(code="PO 99-01", naam="SWV Een", sector="po")
    swv2 = Samenwerkingsverband.objects.create(code="VO 99-02", naam="SWV Twee", sector="vo")
    wijk1 = Wijk.objects.create(swv=swv1, naam="Haven")
    wijk2 = Wijk.objects.create(swv=swv2, naam="Haven")
    bestuur_a = Bestuur.objects.create(bevoegd_gezag_nummer="41001", naam="Bestuur A")
    bestuur_b = Bestuur.objects.create(bevoegd_gezag_nummer="41002", naam="Bestuur B")
    school = {"wijk": wijk1, "swv": swv1, "soort": "bao", "aantal_leerlingen": 200}
    school_a = School.objects.create(brin="11AA", naam="School A", bestuur=bestuur_a, **school)
    school_b = School.objects.create(brin="22BB", naam="School B", bestuur=bestuur_b, **school)
    school_c = School.objects.create(
        brin="33CC", naam="School C", bestuur=bestuur_b, wijk=wijk2, swv=swv2, soort="vo"
    )
    S = Rol.Soort
    personas = {
        "anonymous": None,
        "school_user_a": _role(_user("ib_a"), S.IB_ER, school=school_a),
        "directeur_a": _role(_user("dir_a"), S.DIRECTEUR, school=school_a),
        "bestuur_user_a": _role(_user("bestuur_a"), S.BESTUUR, bestuur=bestuur_a, swv=swv1),
        "bestuur_user_other": _role(_user("bestuur_b"), S.BESTUUR, bestuur=bestuur_b, swv=swv1),
        "bestuur_b_swv2": _role(_user("bestuur_b2"), S.BESTUUR, bestuur=bestuur_b, swv=swv2),
        "consulent_a": _role(_user("consulent_a"), S.CONSULENT, school=school_a),
        "consulent_other": _role(_user("consulent_b"), S.CONSULENT, school=school_b),
        "beheerder_a": _role(_user("beheerder_1"), S.SWV_BEHEERDER, swv=swv1),
        "beheerder_other": _role(_user("beheerder_2"), S.SWV_BEHEERDER, swv=swv2),
        "superuser": User.objects.create_superuser("super", "super@example.nl", PASSWORD),
    }
    world = World(
        swv1, swv2, wijk1, wijk2, bestuur_a, bestuur_b, school_a, school_b, school_c, personas
    )
    open_round(world)
    return world


def open_round(world, schooljaar="2025-2026", onderdelen=None):
    """A round in SWV 1 with every part of the norm; school A and B get a scan."""
    import datetime

    from ijkpunten.models import Normkader
    from zelfscan.models import Scanronde
    from zelfscan.scans.workflow import open_round as open_

    world.ronde = open_(
        swv=world.swv1,
        schooljaar=schooljaar,
        normkader=Normkader.objects.get(code="anb-2024"),
        onderdelen=onderdelen or list(Scanronde.Onderdeel.values),
        deadline=datetime.date(2026, 6, 30),
        door=world.personas["beheerder_a"],
    )
    world.scan_a = world.ronde.scans.get(school=world.school_a)
    world.scan_b = world.ronde.scans.get(school=world.school_b)
    return world.ronde


def login(client, user):
    """Log in as after password and, where the role asks for it, the second factor."""
    if user is None:
        client.logout()
        return
    client.force_login(user)
    if requires_two_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
