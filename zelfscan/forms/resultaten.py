"""The filter of a results page: one kind of school, or all."""

from django import forms

from zelfscan.models import School


class FilterForm(forms.Form):
    soort = forms.ChoiceField(choices=[("", ""), *School.Soort.choices], required=False)

    def soort_of_alle(self) -> str:
        """The kind of school chosen; an unknown kind is no filter, as an empty one is."""
        return self.cleaned_data["soort"] if self.is_valid() else ""
