"""Reading the single sign-on settings from the environment (ADR 0025); Japanese messages for a
misconfiguration. Plain Python: ``settings.py`` imports it before Django is set up."""

from __future__ import annotations

import json
from collections.abc import Mapping

ROLE_VALUES = ("admin", "author", "approver", "viewer", "reviewer")

GroupRoles = dict[str, dict[str, list[str]]]


class SSOConfigError(ValueError):
    """A setting that cannot be used, with a Japanese message naming it."""


def group_roles(text: str) -> GroupRoles:
    """``PIA_SSO_GROUP_ROLES``: JSON ``{"group": {"団体名": ["role", …]}, …}`` (a group of the
    directory → the roles it gives in each organisation)."""
    if not text.strip():
        raise SSOConfigError("PIA_SSO_GROUP_ROLES を設定してください(ディレクトリのグループと団体・役割の対応、JSON)。")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SSOConfigError(f"PIA_SSO_GROUP_ROLES がJSONとして読めません({exc.msg}、{exc.pos}文字目)。") from None
    if not isinstance(data, Mapping):
        raise SSOConfigError('PIA_SSO_GROUP_ROLES は {"グループ": {"団体名": ["役割", …]}} の形にしてください。')
    result: GroupRoles = {}
    for group, organizations in data.items():
        if not isinstance(organizations, Mapping):
            raise SSOConfigError(f"PIA_SSO_GROUP_ROLES のグループ「{group}」には、団体名と役割の一覧を書いてください。")
        result[str(group)] = {}
        for name, roles in organizations.items():
            listed = [roles] if isinstance(roles, str) else roles
            if not isinstance(listed, list) or any(r not in ROLE_VALUES for r in listed):
                raise SSOConfigError(
                    f"PIA_SSO_GROUP_ROLES のグループ「{group}」の団体「{name}」の役割が正しくありません"
                    f"(使える役割: {', '.join(ROLE_VALUES)})。"
                )
            result[str(group)][str(name)] = list(listed)
    return result


def oidc_settings(environ: Mapping[str, str]) -> dict[str, object]:
    """The mozilla-django-oidc settings from ``PIA_OIDC_*`` (empty when ``PIA_OIDC_CLIENT_ID`` is not set)."""
    if not environ.get("PIA_OIDC_CLIENT_ID", "").strip():
        return {}
    missing = [
        name
        for name in (
            "PIA_OIDC_CLIENT_SECRET",
            "PIA_OIDC_AUTHORIZATION_URL",
            "PIA_OIDC_TOKEN_URL",
            "PIA_OIDC_USERINFO_URL",
        )
        if not environ.get(name, "").strip()
    ]
    algorithm = environ.get("PIA_OIDC_SIGN_ALGO", "RS256").strip()
    if algorithm.startswith(("RS", "ES")) and not environ.get("PIA_OIDC_JWKS_URL", "").strip():
        missing.append("PIA_OIDC_JWKS_URL")
    if missing:
        raise SSOConfigError(f"OpenID Connect を使うには {', '.join(missing)} も設定してください。")
    return {
        "OIDC_RP_CLIENT_ID": environ["PIA_OIDC_CLIENT_ID"].strip(),
        "OIDC_RP_CLIENT_SECRET": environ["PIA_OIDC_CLIENT_SECRET"].strip(),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": environ["PIA_OIDC_AUTHORIZATION_URL"].strip(),
        "OIDC_OP_TOKEN_ENDPOINT": environ["PIA_OIDC_TOKEN_URL"].strip(),
        "OIDC_OP_USER_ENDPOINT": environ["PIA_OIDC_USERINFO_URL"].strip(),
        "OIDC_OP_JWKS_ENDPOINT": environ.get("PIA_OIDC_JWKS_URL", "").strip() or None,
        "OIDC_RP_SIGN_ALGO": algorithm,
        "OIDC_RP_SCOPES": environ.get("PIA_OIDC_SCOPES", "openid email profile groups").strip(),
        "PIA_OIDC_USERNAME_CLAIM": environ.get("PIA_OIDC_USERNAME_CLAIM", "preferred_username").strip(),
        "PIA_OIDC_GROUPS_CLAIM": environ.get("PIA_OIDC_GROUPS_CLAIM", "groups").strip(),
        "PIA_SSO_GROUP_ROLES": group_roles(environ.get("PIA_SSO_GROUP_ROLES", "")),
        "OIDC_CREATE_USER": True,
        "LOGIN_REDIRECT_URL_FAILURE": "/login/?sso=failed",
    }
