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
