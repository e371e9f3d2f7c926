"""Every text of the norm fixture stands verbatim in one of the source documents."""

import filecmp
from pathlib import Path

import pytest
import yaml

from tests.seedtext import BRONNEN, collapse, normalised

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "norm_anb_2024.yaml"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# The fields that carry text of the norm, per model. Codes, numbers and the Normkader's own
# name and date are data about the version, not norm text.
TEXT_FIELDS = {
    "ijkpunten.schaalwaarde": ["kort", "omschrijving"],
    "ijkpunten.domein": ["naam", "toelichting"],
    "ijkpunten.hgwprincipe": ["tekst"],
    "ijkpunten.cyclusfase": ["naam"],
    "ijkpunten.ondersteuningsniveau": ["naam", "categorie", "norm_omschrijving", "omschrijving"],
    "ijkpunten.groep": ["naam", "omschrijving", "standaard", "toelichting"],
    "ijkpunten.item": ["inleiding", "tekst", "toelichting", "subpunten"],
    "ijkpunten.risicosignaal": ["tekst"],
    "ijkpunten.begrip": ["term", "omschrijving"],
    "ijkpunten.uitleg": ["titel", "tekst"],
    "ijkpunten.ontwikkelstap": ["naam", "werkwijze", "resultaat"],
    "ijkpunten.kaartaspect": ["inleiding", "tekst"],
}


def _fixture_texts():
    for obj in yaml.safe_load(FIXTURE.read_text(encoding="utf-8")):
        for name in TEXT_FIELDS.get(obj["model"], []):
            value = obj["fields"].get(name)
            values = value if isinstance(value, list) else [value]
            for text in values:
                # Paragraphs of a longer text may come from different places of one document.
                for paragraph in (text or "").split("\n\n"):
                    if paragraph.strip():
                        yield obj["model"], name, paragraph


TEXTS = list(_fixture_texts())


def test_the_fixture_has_text_of_every_model():
    assert {model for model, _, _ in TEXTS} == set(TEXT_FIELDS)
    assert len(TEXTS) > 400


def test_every_text_is_verbatim_in_a_source_document():
    sources = [normalised(prefix) for prefix in ("000", "001", "002", "003", "004")]
    missing = [
        (model, field, text)
        for model, field, text in TEXTS
        if not any(collapse(text) in source for source in sources)
    ]
    assert missing == []


def test_a_changed_text_would_be_caught():
    # The check above must be able to fail: one word changed in a real text is not found.
    sources = [normalised(prefix) for prefix in ("000", "001", "002", "003", "004")]
    _, _, original = next(t for t in TEXTS if t[0] == "ijkpunten.item" and " de " in t[2])
    altered = original.replace(" de ", " een ", 1)
    assert any(collapse(original) in source for source in sources)
    assert not any(collapse(altered) in source for source in sources)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="no shared/seeds beside this checkout")
def test_the_bundled_sources_are_the_shared_seeds():
    names = sorted(p.name for p in SHARED_SEEDS.iterdir())
    assert names == sorted(p.name for p in BRONNEN.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(SHARED_SEEDS, BRONNEN, names, shallow=False)
    assert (mismatch, errors) == ([], [])
