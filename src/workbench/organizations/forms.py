from django import forms

from workbench.organizations.models import Role


class AddMemberForm(forms.Form):
    username = forms.CharField(
        label="利用者名", max_length=150, error_messages={"required": "利用者名を入力してください。"}
    )
    role = forms.ChoiceField(label="役割", choices=Role.choices, error_messages={"required": "役割を選んでください。"})
