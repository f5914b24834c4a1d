from django.contrib.auth import forms as auth_forms

from .base import GovukFormMixin


class GovukAuthenticationForm(GovukFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive. Ask your partnership administrator to reactivate it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # GOV.UK advises against autofocus: it skips the page's heading and skip link for screen readers.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."


class GovukPasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages.update(
            required="Enter your email address.",
            invalid="Enter an email address in the correct format, like name@example.com.",
        )


class GovukSetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    def save(self, commit=True):
        # Whoever proved they own the mailbox may sign in again at once, even if the wrong
        # password had locked them out (django-axes).
        from axes.utils import reset

        user = super().save(commit)
        if commit:
            reset(username=user.get_username())
        return user


class GovukPasswordChangeForm(GovukFormMixin, auth_forms.PasswordChangeForm):
    pass
