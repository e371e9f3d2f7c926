"""Presentation of form inputs: Bootstrap classes and the ARIA links to help and error text."""

from django import forms, template

register = template.Library()


@register.simple_tag
def invoer(field):
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_hulp")
    if field.errors:
        described.append(f"{field.auto_id}_fout")
        css += " is-invalid"
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def opzoeken(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def meerkeuze(field) -> bool:
    """A field of several checkboxes: a fieldset with a box per choice, not one input."""
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple)


@register.simple_tag
def limiet(naam: str) -> int:
    """The most characters a field takes, for a ``maxlength`` in a page that lays out its
    inputs itself: a form's field (``"AntwoordForm.toelichting"``), whose limit is its model
    field's, or a model's field (``"Trajectstap.resultaat"``) where the form makes its fields
    per row."""
    from django.apps import apps

    from zelfscan import forms as formulieren

    klasse, veld = naam.split(".")
    if form := getattr(formulieren, klasse, None):
        return form.base_fields[veld].max_length
    return apps.get_model("zelfscan", klasse)._meta.get_field(veld).max_length
