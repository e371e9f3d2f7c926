"""Template filters for texts of the norm."""

from django import template

register = template.Library()


@register.filter
def begrippen(tekst, markering):
    """The text, escaped, with the first use of each glossary term linked to its explanation
    (``markering``: a ``selectors.Begripmarkering``; without one, just the escaped text)."""
    if not markering:
        return tekst
    return markering.markeer(tekst)
