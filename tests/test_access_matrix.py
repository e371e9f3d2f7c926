"""Every URL of the application, for every persona, answers as expected for school A's things.

The URL patterns are walked from the resolver: a new URL without a row below fails
``test_every_url_has_a_row``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import login
from zelfscan.models import Importbestand, School, User

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    # A colleague of school A with a personal link to rate its scan (issue 17): no account, so
    # everywhere else they are anonymous; the link opens its own form and nothing more.
    "team_rater",
    "school_user_a",
    "directeur_a",
    "bestuur_user_a",
    "bestuur_user_other",
    # Board B's role given by SWV 2 (board B has school B in SWV 1 and school C in SWV 2):
    # school A's things and SWV 1's are out of its reach (issue 28).
    "bestuur_b_swv2",
    "consulent_a",
    "consulent_other",
    "beheerder_a",
    "beheerder_other",
    "superuser",
]
LOGGED_IN = set(PERSONAS) - {"anonymous", "team_rater"}
SEES_SCHOOL_A = {"school_user_a", "directeur_a", "bestuur_user_a", "consulent_a", "beheerder_a",
                 "superuser"}  # fmt: skip
SEES_BESTUUR_A = {"bestuur_user_a", "beheerder_a", "superuser"}
MANAGES_SWV1 = {"beheerder_a", "superuser"}
# A concept scan: the school and its board; the consulent and the SWV once it is released.
SEES_CONCEPT_SCAN_A = {"school_user_a", "directeur_a", "bestuur_user_a", "superuser"}
SEES_HISTORY_A = {"school_user_a", "directeur_a", "superuser"}
SEES_ROUND_SWV1 = SEES_SCHOOL_A | {"bestuur_user_other", "consulent_other"}
# Wijk 1 (school A and B): whoever sees a school in it, and its SWV.
SEES_WIJK1 = SEES_ROUND_SWV1

# Whoever keeps the versions of the norm (staff with the right; here the superuser).
KEEPS_NORM = {"superuser"}

LOGIN = "login"  # a redirect to the login page
# Logged in with a second factor (their role requires one).
VERIFIED = {"beheerder_a", "beheerder_other", "superuser"}


def scoped(in_scope):
    """200 in scope, 404 for everyone else who is logged in, to the login page if not."""
    return {p: 200 if p in in_scope else 404 if p in LOGGED_IN else LOGIN for p in PERSONAS}


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def logged_in(status):
    return {p: status if p in LOGGED_IN else LOGIN for p in PERSONAS}


def klaar_rapport(w):
    """A report made in the background for the board member of board A."""
    from zelfscan.models import Rapportopdracht

    return Rapportopdracht.objects.get_or_create(
        aangevraagd_door=w.personas["bestuur_user_a"], soort="bestuur", ronde=w.ronde,
        onderwerp_id=w.bestuur_a.pk, titel="Bestuur A", status="klaar",
        defaults={"inhoud": b"%PDF-1.7", "bestandsnaam": "bestuur.pdf"},
    )[0]  # fmt: skip


def een_link(w) -> str:
    """The key of a colleague's link to rate school A's scan (made once per world)."""
    from tests.teamhulp import uitnodiging
    from zelfscan.models import Teamuitnodiging

    if not hasattr(w, "team_link"):
        Teamuitnodiging.objects.filter(email="rater.a@school.example").delete()
        w.team_link = uitnodiging(w.scan_a, "Rater A").sleutel
    return w.team_link


def scan_item(w):
    from tests.scanhulp import item

    return item("insp-1")


def een_bewijs(w):
    """A file attached to school A's scan (made once per world)."""
    from django.core.files.base import ContentFile

    from tests.bewijshulp import pdf_bytes
    from zelfscan.models import Bewijsstuk

    if not hasattr(w, "bewijs"):
        w.bewijs = Bewijsstuk(
            school=w.school_a, scan=w.scan_a, item=scan_item(w), soort="bestand",
            titel="Plan", bestandsnaam="plan.pdf", grootte=10, inhoudstype="application/pdf",
        )  # fmt: skip
        w.bewijs.bestand.save("plan.pdf", ContentFile(pdf_bytes()))
    return w.bewijs


def een_melding(w):
    """A notification for the IB-er of school A, about school A's scan."""
    from zelfscan.models import Melding

    return Melding.objects.get_or_create(
        ontvanger=w.personas["school_user_a"], sleutel="matrix", defaults={
            "soort": "opmerking", "titel": "Opmerking",
            "pad": reverse("zelfscan:scan", kwargs={"pk": w.scan_a.pk})},
    )[0]  # fmt: skip


def een_concept(w) -> str:
    """A revision of the norm in concept, derived from ANB 2024 (made once per world)."""
    from ijkpunten.models import Normkader
    from ijkpunten.services import copy_normkader

    if not Normkader.objects.filter(code="anb-2026").exists():
        copy_normkader(bron=Normkader.objects.get(code="anb-2024"), code="anb-2026", naam="2026")
    return "anb-2026"


def concept_item(w):
    from ijkpunten.models import Item

    return Item.objects.get(groep__normkader__code=een_concept(w), groep__code="ijkpunt-4",
                            code="insp-1")  # fmt: skip


# route name -> (kwargs for school A's things, expected answer to GET per persona)
MATRIX = {
    "zelfscan:start": (lambda w: {}, logged_in(200)),
    "zelfscan:scholen": (lambda w: {}, logged_in(200)),
    "zelfscan:school": (lambda w: {"pk": w.school_a.pk}, scoped(SEES_SCHOOL_A)),
    "zelfscan:besturen": (lambda w: {}, logged_in(200)),
    "zelfscan:bestuur": (lambda w: {"pk": w.bestuur_a.pk}, scoped(SEES_BESTUUR_A)),
    "zelfscan:swv": (lambda w: {"pk": w.swv1.pk}, scoped(MANAGES_SWV1)),
    "zelfscan:accounts": (lambda w: {"pk": w.swv1.pk}, scoped(MANAGES_SWV1)),
    "zelfscan:account_nieuw": (lambda w: {"pk": w.swv1.pk}, scoped(MANAGES_SWV1)),
    "zelfscan:importeren": (
        lambda w: {"pk": w.swv1.pk, "soort": "scholen"},
        scoped(MANAGES_SWV1),
    ),
    "zelfscan:import_bevestigen": (
        lambda w: {"pk": w.swv1.pk, "soort": "scholen", "bestand": 1},
        everyone(405),  # POST only; the POST matrix is below
    ),
    "zelfscan:exporteren": (
        lambda w: {"pk": w.swv1.pk, "soort": "scholen", "formaat": "csv"},
        scoped(MANAGES_SWV1),
    ),
    "zelfscan:rondes": (lambda w: {"pk": w.swv1.pk}, scoped(MANAGES_SWV1)),
    "zelfscan:vorige_scans": (lambda w: {"pk": w.swv1.pk}, scoped(MANAGES_SWV1)),
    # Without ?normkader= no template is made, for anyone (with it: tests/test_vorige_scans.py).
    "zelfscan:vorige_scans_sjabloon": (lambda w: {"pk": w.swv1.pk}, scoped(set())),
    "zelfscan:vorige_scans_bevestigen": (lambda w: {"pk": w.swv1.pk, "bestand": 1}, everyone(405)),
    # Notifications are their recipient's: the list and choices for everyone logged in, one
    # notification for its recipient only.
    "zelfscan:meldingen": (lambda w: {}, logged_in(200)),
    "zelfscan:meldingvoorkeuren": (lambda w: {}, logged_in(200)),
    "zelfscan:meldingen_gelezen": (lambda w: {}, everyone(405)),
    "zelfscan:melding": (
        lambda w: {"pk": een_melding(w).pk},
        scoped({"school_user_a"}) | {"school_user_a": 302},
    ),
    # The support cards: everyone working in SWV 1 reads them (its beheerder writes them).
    "zelfscan:kaarten": (lambda w: {"pk": w.swv1.pk}, scoped(SEES_ROUND_SWV1)),
    "zelfscan:kaart": (lambda w: {"pk": w.swv1.pk, "thema": "thema-1"}, scoped(SEES_ROUND_SWV1)),
    "zelfscan:ronde_nieuw": (lambda w: {"pk": w.swv1.pk}, scoped(MANAGES_SWV1)),
    "zelfscan:ronde": (lambda w: {"pk": w.ronde.pk}, scoped(SEES_ROUND_SWV1)),
    "zelfscan:scan": (lambda w: {"pk": w.scan_a.pk}, scoped(SEES_CONCEPT_SCAN_A)),
    "zelfscan:scan_deel": (
        lambda w: {"pk": w.scan_a.pk, "deel": "ijkpunt-1"},
        scoped(SEES_CONCEPT_SCAN_A),
    ),
    "zelfscan:scan_historie": (lambda w: {"pk": w.scan_a.pk}, scoped(SEES_HISTORY_A)),
    # Evidence: whoever sees the scan; a file through the scoped download only.
    "zelfscan:bewijs": (
        lambda w: {"pk": w.scan_a.pk, "item": scan_item(w).pk},
        scoped(SEES_CONCEPT_SCAN_A),
    ),
    "zelfscan:bewijs_overnemen": (
        lambda w: {"pk": w.scan_a.pk, "item": scan_item(w).pk, "vorig": 1},
        everyone(405),
    ),
    "zelfscan:bewijs_download": (lambda w: {"pk": een_bewijs(w).pk}, scoped(SEES_CONCEPT_SCAN_A)),
    "zelfscan:bewijs_verwijderen": (lambda w: {"pk": 1}, everyone(405)),
    # The team's view: whoever sees the scan (the invitations' names only the school).
    "zelfscan:team": (lambda w: {"pk": w.scan_a.pk}, scoped(SEES_CONCEPT_SCAN_A)),
    "zelfscan:team_intrekken": (lambda w: {"pk": w.scan_a.pk, "uitnodiging": 1}, everyone(405)),
    "zelfscan:team_opnieuw": (lambda w: {"pk": w.scan_a.pk, "uitnodiging": 1}, everyone(405)),
    "zelfscan:team_sluiten": (lambda w: {"pk": w.scan_a.pk}, everyone(405)),
    # A link is its own key: whoever holds it opens the form (and only that, see below).
    "team:beoordelen": (lambda w: {"sleutel": een_link(w)}, everyone(200)),
    "team:opslaan": (lambda w: {"sleutel": een_link(w)}, everyone(405)),
    "zelfscan:autosave": (lambda w: {"pk": w.scan_a.pk}, everyone(405)),
    "zelfscan:scan_overgang": (lambda w: {"pk": w.scan_a.pk}, everyone(405)),
    "zelfscan:scan_opmerking": (
        lambda w: {"pk": w.scan_a.pk, "deel": "ijkpunt-1"},
        everyone(405),
    ),
    "zelfscan:scan_overnemen": (lambda w: {"pk": w.scan_a.pk}, everyone(405)),
    "zelfscan:scan_bevestigen": (lambda w: {"pk": w.scan_a.pk}, everyone(405)),
    "zelfscan:ronde_herinneren": (lambda w: {"pk": w.ronde.pk}, everyone(405)),
    "zelfscan:rekenregels": (lambda w: {}, logged_in(200)),
    "zelfscan:resultaat_school": (lambda w: {"pk": w.scan_a.pk}, scoped(SEES_CONCEPT_SCAN_A)),
    "zelfscan:resultaat_verloop": (lambda w: {"pk": w.scan_a.pk}, scoped(SEES_CONCEPT_SCAN_A)),
    "zelfscan:resultaat_school_export": (
        lambda w: {"pk": w.scan_a.pk, "tabel": "groepen", "formaat": "xlsx"},
        scoped(SEES_CONCEPT_SCAN_A),
    ),
    "zelfscan:rapport_school": (lambda w: {"pk": w.scan_a.pk}, scoped(SEES_CONCEPT_SCAN_A)),
    "zelfscan:mijn_rapporten": (lambda w: {}, logged_in(200)),
    "zelfscan:gesprek": (lambda w: {"pk": w.scan_a.pk}, scoped(SEES_CONCEPT_SCAN_A)),
    "zelfscan:gesprek_vastleggen": (lambda w: {"pk": w.scan_a.pk}, everyone(405)),
    # The consulent's own view of a concept scan: nobody but a superuser sees it yet; those
    # who see the scan are told why (403), the rest do not see it (404).
    "zelfscan:consulentoordeel": (
        lambda w: {"pk": w.scan_a.pk, "deel": "hgw"},
        scoped(SEES_CONCEPT_SCAN_A) | dict.fromkeys(SEES_CONCEPT_SCAN_A - {"superuser"}, 403),
    ),
    "zelfscan:consulentoordeel_opslaan": (lambda w: {"pk": w.scan_a.pk}, everyone(405)),
    "zelfscan:ontwikkelplan": (lambda w: {"pk": w.school_a.pk}, scoped(SEES_SCHOOL_A)),
    "zelfscan:punt_toevoegen": (lambda w: {"pk": w.school_a.pk}, everyone(405)),
    "zelfscan:punt_status": (lambda w: {"pk": w.school_a.pk, "punt": 1}, everyone(405)),
    "zelfscan:punt_notitie": (lambda w: {"pk": w.school_a.pk, "punt": 1}, everyone(405)),
    "zelfscan:trajectstappen": (lambda w: {"pk": w.school_a.pk}, everyone(405)),
    "zelfscan:consulent": (lambda w: {}, logged_in(200)),
    "zelfscan:consulent_export": (lambda w: {"formaat": "csv"}, logged_in(200)),
    "zelfscan:rapport_download": (
        lambda w: {"pk": klaar_rapport(w).pk},
        scoped({"bestuur_user_a"}),
    ),
    "zelfscan:rapport_stad": (lambda w: {"pk": w.ronde.pk}, scoped(SEES_ROUND_SWV1)),
    "zelfscan:rapport_bestuur": (
        lambda w: {"pk": w.ronde.pk, "bestuur": w.bestuur_a.pk},
        scoped(SEES_BESTUUR_A),
    ),
    "zelfscan:rapport_wijk": (
        lambda w: {"pk": w.ronde.pk, "wijk": w.wijk1.pk},
        scoped(SEES_WIJK1),
    ),
    "zelfscan:resultaat_stad": (lambda w: {"pk": w.ronde.pk}, scoped(SEES_ROUND_SWV1)),
    "zelfscan:resultaat_stad_export": (
        lambda w: {"pk": w.ronde.pk, "tabel": "wijken", "formaat": "csv"},
        scoped(SEES_ROUND_SWV1),
    ),
    "zelfscan:resultaat_bestuur": (
        lambda w: {"pk": w.ronde.pk, "bestuur": w.bestuur_a.pk},
        scoped(SEES_BESTUUR_A),
    ),
    "zelfscan:resultaat_bestuur_export": (
        lambda w: {
            "pk": w.ronde.pk,
            "bestuur": w.bestuur_a.pk,
            "tabel": "scholen",
            "formaat": "xlsx",
        },
        scoped(SEES_BESTUUR_A),
    ),
    "zelfscan:resultaat_wijk": (
        lambda w: {"pk": w.ronde.pk, "wijk": w.wijk1.pk},
        scoped(SEES_WIJK1),
    ),
    "zelfscan:resultaat_wijk_export": (
        lambda w: {"pk": w.ronde.pk, "wijk": w.wijk1.pk, "tabel": "netwerk", "formaat": "csv"},
        scoped(SEES_WIJK1),
    ),
    "gezond": (lambda w: {}, everyone(200)),
    "ijkpunten:overzicht": (lambda w: {}, everyone(200)),
    "ijkpunten:overzicht_versie": (lambda w: {"normkader": "anb-2024"}, everyone(200)),
    "ijkpunten:themas": (lambda w: {"normkader": "anb-2024"}, everyone(200)),
    "ijkpunten:hgw": (lambda w: {"normkader": "anb-2024"}, everyone(200)),
    "ijkpunten:begrippen": (lambda w: {"normkader": "anb-2024"}, everyone(200)),
    "ijkpunten:uitleg": (lambda w: {"normkader": "anb-2024"}, everyone(200)),
    "ijkpunten:groep": (lambda w: {"normkader": "anb-2024", "code": "ijkpunt-1"}, everyone(200)),
    "normversies:versies": (lambda w: {}, scoped(KEEPS_NORM)),
    "normversies:laden": (lambda w: {}, everyone(405)),
    "normversies:kopieren": (lambda w: {}, everyone(405)),
    "normversies:normbestand": (lambda w: {"code": "anb-2024"}, scoped(KEEPS_NORM)),
    "normversies:normbestand_xlsx": (lambda w: {"code": "anb-2024"}, scoped(KEEPS_NORM)),
    "normversies:concordantie": (lambda w: {"code": een_concept(w)}, scoped(KEEPS_NORM)),
    "normversies:voorstel": (lambda w: {"code": een_concept(w)}, everyone(405)),
    "normversies:vaststellen": (lambda w: {"code": een_concept(w)}, everyone(405)),
    "normversies:overgang": (
        lambda w: {"code": een_concept(w), "soort": "item", "oud": scan_item(w).pk},
        scoped(KEEPS_NORM),
    ),
    "normversies:nieuw": (
        lambda w: {"code": een_concept(w), "soort": "item", "nieuw": concept_item(w).pk},
        scoped(KEEPS_NORM),
    ),
    "account:inloggen": (
        lambda w: {},
        {p: 200 if p in ("anonymous", "team_rater") else 302 for p in PERSONAS},
    ),
    "account:uitloggen": (lambda w: {}, everyone(405)),
    "account:wachtwoord_vergeten": (lambda w: {}, everyone(200)),
    "account:wachtwoord_vergeten_verzonden": (lambda w: {}, everyone(200)),
    "account:wachtwoord_instellen": (
        lambda w: {"uidb64": "MQ", "token": "ongeldig-token"},
        everyone(200),  # an invalid link shows a page that says so
    ),
    "account:wachtwoord_ingesteld": (lambda w: {}, everyone(200)),
    "account:tweestaps": (lambda w: {}, logged_in(200)),
    "account:tweestaps_instellen": (lambda w: {}, logged_in(200)),
    # Recovery codes belong to a verified session: the others are sent to set up a device.
    "account:herstelcodes": (lambda w: {}, {**logged_in(302), **dict.fromkeys(VERIFIED, 200)}),
    "account:rolaanbiedingen": (lambda w: {}, logged_in(200)),
    "zelfscan:tweestaps_resetten": (
        lambda w: {"pk": w.swv1.pk, "user_pk": w.personas["school_user_a"].pk},
        everyone(405),
    ),
}
# Patterns without a name: path -> expected answer.
# The admin's login: to the application's login, or for the admin's own people to the admin; a
# person logged in without access to it is told so once (it was a redirect loop).
UNNAMED = {
    "beheer/login/": {p: 403 if p in LOGGED_IN - {"superuser"} else 302 for p in PERSONAS},
    # The browser's own question: the icon, for everyone (a redirect to the static file).
    "favicon.ico": everyone(301),
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), namespace


def _application_urls():
    for name, route, namespace in _walk(get_resolver().url_patterns):
        if namespace == "admin":
            continue  # the admin has its own permissions; superusers only
        yield name or route


def test_every_url_has_a_row():
    assert set(_application_urls()) == set(MATRIX) | set(UNNAMED)


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account:inloggen"))
    else:
        assert response.status_code == expected


def _login(client, world, persona):
    if persona == "team_rater":
        # Not logged in; has opened their own link (a CSRF cookie, maybe a message).
        client.logout()
        assert (
            client.get(reverse("team:beoordelen", kwargs={"sleutel": een_link(world)})).status_code
            == 200
        )
        return
    login(client, world.personas[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_every_url_as_every_persona(client, world, persona):
    _login(client, world, persona)
    for name, (kwargs, expected) in MATRIX.items():
        response = client.get(reverse(name, kwargs=kwargs(world)))
        try:
            _check(response, expected[persona])
        except AssertionError as error:
            raise AssertionError(f"{name} as {persona}: {response.status_code}") from error
    for route, expected in UNNAMED.items():
        _check(client.get("/" + route), expected[persona])


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("school_user_a", {"School A"}),
        ("consulent_other", {"School B"}),
        # Board B has a school in each SWV; each role reaches the one in the SWV that gave it.
        ("bestuur_user_other", {"School B"}),
        ("bestuur_b_swv2", {"School C"}),
        ("beheerder_a", {"School A", "School B"}),
        ("beheerder_other", {"School C"}),
        ("superuser", {"School A", "School B", "School C"}),
    ],
)
def test_lists_show_only_what_is_in_scope(client, world, persona, visible):
    login(client, world.personas[persona])
    text = client.get(reverse("zelfscan:scholen")).content.decode()
    assert {name for name in ("School A", "School B", "School C") if name in text} == visible


def test_navigation_offers_only_what_the_user_may_open(client, world):
    login(client, world.personas["school_user_a"])
    html = client.get(reverse("zelfscan:start")).content.decode()
    assert reverse("zelfscan:scholen") in html
    assert reverse("zelfscan:besturen") not in html
    assert reverse("zelfscan:swv", kwargs={"pk": world.swv1.pk}) not in html
    login(client, world.personas["beheerder_a"])
    html = client.get(reverse("zelfscan:start")).content.decode()
    assert reverse("zelfscan:swv", kwargs={"pk": world.swv1.pk}) in html
    assert reverse("zelfscan:swv", kwargs={"pk": world.swv2.pk}) not in html


OUTSIDERS = ["school_user_a", "bestuur_user_a", "consulent_a", "bestuur_user_other",
             "bestuur_b_swv2", "consulent_other", "beheerder_other"]  # fmt: skip


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_posts_out_of_scope_change_nothing(
    client, world, persona, mailoutbox, django_capture_on_commit_callbacks
):
    # A file that beheerder A uploaded and has not confirmed yet.
    stored = Importbestand.objects.create(
        swv=world.swv1,
        user=world.personas["beheerder_a"],
        soort="scholen",
        bestandsnaam="scholen.csv",
        inhoud=b"brin,vestigingsnummer,naam,bevoegd_gezag_nummer,wijk,soort\n"
        b"44DD,00,Nieuwe school,41001,Haven,bao\n",
    )
    login(client, world.personas[persona])
    users, schools = User.objects.count(), School.objects.count()
    swv = world.swv1.pk
    posts = [
        (reverse("zelfscan:account_nieuw", kwargs={"pk": swv}),
         {"email": "nieuw@example.nl", "first_name": "N", "last_name": "N", "soort": "ib_er",
          "school": world.school_a.pk}),
        (reverse("zelfscan:importeren", kwargs={"pk": swv, "soort": "scholen"}), {}),
        (reverse("zelfscan:import_bevestigen",
                 kwargs={"pk": swv, "soort": "scholen", "bestand": stored.pk}), {}),
    ]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        for url, data in posts:
            assert client.post(url, data).status_code == 404, url
    assert (User.objects.count(), School.objects.count()) == (users, schools)
    assert Importbestand.objects.filter(pk=stored.pk).exists()
    assert mailoutbox == []


def test_the_same_posts_work_in_scope(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    stored = Importbestand.objects.create(
        swv=world.swv1,
        user=world.personas["beheerder_a"],
        soort="scholen",
        bestandsnaam="scholen.csv",
        inhoud=b"brin,vestigingsnummer,naam,bevoegd_gezag_nummer,wijk,soort\n"
        b"44DD,00,Nieuwe school,41001,Haven,bao\n",
    )
    login(client, world.personas["beheerder_a"])
    swv = world.swv1.pk
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("zelfscan:account_nieuw", kwargs={"pk": swv}),
            {"email": "nieuw@example.nl", "first_name": "Nina", "last_name": "Nieuw",
             "soort": "ib_er", "school": world.school_a.pk},
        )  # fmt: skip
    assert response.status_code == 302
    assert User.objects.filter(email="nieuw@example.nl").exists()
    assert len(mailoutbox) == 1
    response = client.post(
        reverse("zelfscan:import_bevestigen",
                kwargs={"pk": swv, "soort": "scholen", "bestand": stored.pk})
    )  # fmt: skip
    assert response.status_code == 302
    assert School.objects.get(brin="44DD").swv == world.swv1


def test_a_team_link_opens_its_own_form_and_changes_nothing_else(client, world):
    """The team rater holds a link to rate school A's HGW part: with it they can neither
    answer for the school, nor move the scan, nor invite or withdraw anyone."""
    from tests.scanhulp import item
    from tests.teamhulp import sla_op
    from zelfscan.models import Antwoord, Teamscore, Teamuitnodiging

    _login(client, world, "team_rater")
    scan = world.scan_a.pk
    rater = Teamuitnodiging.objects.get(email="rater.a@school.example")
    insp = item("insp-1")
    posts = [
        (reverse("zelfscan:autosave", kwargs={"pk": scan}),
         {"soort": "item", "id": insp.pk, "versie": 0, "score": "1"}),
        (reverse("zelfscan:scan_deel", kwargs={"pk": scan, "deel": "hgw"}),
         {f"score-{insp.pk}": "1", f"versie-{insp.pk}": 0}),
        (reverse("zelfscan:scan_overgang", kwargs={"pk": scan}), {"naar": "ingediend"}),
        (reverse("zelfscan:team", kwargs={"pk": scan}),
         {"collegas": "x@school.example", "onderdelen": "hgw", "geldig_tot": "2099-01-01"}),
        (reverse("zelfscan:team_intrekken", kwargs={"pk": scan, "uitnodiging": rater.pk}), {}),
    ]  # fmt: skip
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (302, 401), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("account:inloggen")), url
    # Nor can the link rate what it was not sent for (another part), or school B's scan.
    assert sla_op(client, een_link(world), insp, score="1").status_code == 400
    assert not Antwoord.objects.exists()
    assert not Teamscore.objects.exists()
    assert Teamuitnodiging.objects.count() == 1
    rater.refresh_from_db()
    assert rater.ingetrokken_op is None
    world.scan_a.refresh_from_db()
    assert world.scan_a.status == "concept"
