"""Password rules beyond Django's own validators (``AUTH_PASSWORD_VALIDATORS``), in Japanese.

Django's validators refuse short, common, all-digit passwords and those too similar to the user
name as a whole; these two close the gaps a probe found: ``probe4probe4`` (one short string
repeated) and a password that merely contains the user name (``kanri-2026-spring``)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

MIN_NAME_LENGTH = 3  # shorter user names occur by chance in random passwords
REPEATED = re.compile(r"(.{1,6}?)\1+", re.DOTALL)


class UserNameValidator:
    """Refuses a password that contains the user name (ignoring case), forwards or backwards."""

    def validate(self, password: str, user=None) -> None:
        name = (user.get_username() if user is not None else "").casefold()
        if len(name) < MIN_NAME_LENGTH:
            return
        text = password.casefold()
        if name in text or name[::-1] in text:
            raise ValidationError("パスワードに利用者名を含めることはできません。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "利用者名を含むパスワードにはできません。"


class RepetitionValidator:
    """Refuses a password made of one string of up to 6 characters repeated (``probe4probe4``,
    ``abcabcabcabc``, ``aaaaaaaaaaaa``) or of fewer than 4 different characters."""

    min_distinct = 4

    def validate(self, password: str, user=None) -> None:
        if REPEATED.fullmatch(password) or len(set(password)) < self.min_distinct:
            raise ValidationError(
                "同じ文字や短い文字列の繰り返し(例:abcabc)だけのパスワードにはできません。",
                code="password_repeated",
            )

    def get_help_text(self) -> str:
        return "同じ文字や短い文字列を繰り返しただけのパスワードにはできません。"
