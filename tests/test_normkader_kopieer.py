"""A vastgesteld Normkader is revised by copying it into a new concept version."""

import io

import pytest
from django.core.management import CommandError, call_command

from ijkpunten.models import Groep, Item, Normkader, Risicosignaal
from ijkpunten.services import NormkaderError, establish_normkader

pytestmark = pytest.mark.django_db


def kopieer(*args):
    out = io.StringIO()
    call_command("normkader_kopieer", *args, stdout=out)
    return out.getvalue()


def test_copy_makes_a_concept_with_everything_below_it(normkader):
    output = kopieer("anb-2024", "anb-2026", "--naam", "Almeerse Norm Basisondersteuning 2026")
    assert "31 groepen, 282 items" in output
    nieuw = Normkader.objects.get(code="anb-2026")
    assert (nieuw.status, nieuw.afgeleid_van, nieuw.vastgesteld_op) == ("concept", normkader, None)
    for related in ("schaal", "domeinen", "groepen", "hgw_principes", "cyclusfasen", "begrippen",
                    "uitleg", "ontwikkelstappen", "kaartaspecten"):  # fmt: skip
        assert getattr(nieuw, related).count() == getattr(normkader, related).count()
    old_texts = list(
        Item.objects.filter(groep__normkader=normkader).values_list(
            "groep__code", "code", "tekst", "subpunten"
        )
    )
    new_texts = list(
        Item.objects.filter(groep__normkader=nieuw).values_list(
            "groep__code", "code", "tekst", "subpunten"
        )
    )
    assert sorted(new_texts) == sorted(old_texts)
    assert Risicosignaal.objects.filter(groep__normkader=nieuw).count() == 33
    # Domains and shared items point inside the new version, never back into the old one.
    assert (
        not Groep.objects.filter(normkader=nieuw)
        .exclude(domein=None)
        .exclude(domein__normkader=nieuw)
        .exists()
    )
    links = Groep.gedeelde_items.through.objects.filter(groep__normkader=nieuw)
    assert links.count() == 22 + 9 + 4 + 2
    assert not links.exclude(item__groep__normkader=nieuw).exists()


def test_editing_the_copy_leaves_the_original_alone(normkader):
    kopieer("anb-2024", "anb-2026", "--naam", "ANB 2026")
    Item.objects.filter(
        groep__normkader__code="anb-2026", groep__code="ijkpunt-1", code="insp-1"
    ).update(tekst="Nieuw.")
    original = Item.objects.get(groep__normkader=normkader, groep__code="ijkpunt-1", code="insp-1")
    assert original.tekst == "De school biedt gedocumenteerde onderwijszorg."


def test_copy_refuses_an_existing_code_and_an_unknown_source(normkader):
    with pytest.raises(CommandError, match="Er bestaat al een normkader met code 'anb-2024'"):
        kopieer("anb-2024", "anb-2024", "--naam", "x")
    with pytest.raises(CommandError, match="Normkader 'bestaat-niet' bestaat niet"):
        kopieer("bestaat-niet", "anb-2026", "--naam", "x")
    assert Normkader.objects.count() == 1


def test_establishing_a_concept_once(normkader):
    kopieer("anb-2024", "anb-2026", "--naam", "ANB 2026")
    nieuw = establish_normkader(normkader=Normkader.objects.get(code="anb-2026"))
    nieuw.refresh_from_db()
    assert nieuw.is_vastgesteld and nieuw.vastgesteld_op is not None
    with pytest.raises(NormkaderError, match="al vastgesteld"):
        establish_normkader(normkader=nieuw)


def test_a_concept_version_can_be_deleted_whole(normkader):
    kopieer("anb-2024", "anb-2026", "--naam", "ANB 2026")
    Normkader.objects.get(code="anb-2026").delete()
    assert Item.objects.count() == 282
