from django import forms

from workbench.organizations.models import Role


class RolesForm(forms.Form):
    """The roles of one person, with the roles the page showed (``seen``) for the stale check."""

    roles = forms.MultipleChoiceField(
        label="役割", choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)

    def clean_seen(self) -> list[str]:
        values = [v for v in self.cleaned_data.get("seen", "").split(",") if v]
        if any(v not in Role.values for v in values):
            raise forms.ValidationError("画面の情報が正しくありません。ページを開き直してください。")
        return values
