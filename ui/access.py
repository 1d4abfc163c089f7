"""Who may change the data. Reading the dashboard needs no sign-in; changing it needs an editor.

There are three ways to serve it, set in `.streamlit/secrets.toml` (git-ignored; README, "Sign-in and editors"):
- With sign-in: an `[auth]` section for Streamlit's own `st.login` (OpenID Connect: Microsoft Entra ID, Google, ...).
  An editor is a signed-in user with a verified e-mail address that `[editors]` names (`emails`, `domains`) and,
  where `[editors] tenant` is set (Entra), from that tenant. The dashboard listens on every interface.
- Without: one person at this computer, who is the editor, and the dashboard listens on 127.0.0.1 only.
- `[access] open_without_sign_in = true`: served to others without sign-in. Anyone who reaches it can change the data,
  and every page says so.

Every action that changes data asks `editor()` where it is carried out, on the server: hiding a control is not the check.
"""

from __future__ import annotations

import getpass
import sys
import tomllib
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

LOCAL = "127.0.0.1"
EVERY_INTERFACE = "0.0.0.0"
OPEN_WARNING = "Anyone who can reach this dashboard can change its data: it is served without sign-in."


def settings() -> dict:
    """The secrets the dashboard runs with ({} when there is no secrets file)."""
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return {}


def mode(secrets: dict) -> str:
    """'sign-in', 'open' (to others, without sign-in) or 'local' (this computer only)."""
    if "auth" in secrets:
        return "sign-in"
    return "open" if secrets.get("access", {}).get("open_without_sign_in") is True else "local"


def listen_address(secrets: dict) -> str:
    """Where the server listens: this computer only unless sign-in is configured or serving openly was asked for."""
    return LOCAL if mode(secrets) == "local" else EVERY_INTERFACE


def editor() -> str | None:
    """The name the audit gives the person changing the data, or None when they may not change it."""
    secrets = settings()
    how = mode(secrets)
    if how == "local":
        return f"{getpass.getuser()} (this computer)"
    if how == "open":
        return "someone (served without sign-in)"
    return signed_in_editor(st.user.to_dict(), secrets.get("editors", {}))


def signed_in_editor(user: dict, editors: dict) -> str | None:
    """A signed-in user's e-mail address if the editor rule accepts it: verified, named by address or domain, and
    from the configured tenant where one is set."""
    email = str(user.get("email", "")).strip().lower()
    if user.get("is_logged_in") is not True or "@" not in email:
        return None
    tenant = editors.get("tenant")
    if tenant and user.get("tid") != tenant:
        return None
    verified = user.get("email_verified") is True or (bool(tenant) and user.get("xms_edov") in (True, 1, "1", "true"))
    named = email in {e.lower() for e in editors.get("emails", [])}
    in_domain = email.rsplit("@", 1)[1] in {d.lower().lstrip("@") for d in editors.get("domains", [])}
    return email if verified and (named or in_domain) else None


def refuse_unless_editor() -> str | None:
    """The editor's name, or None after saying on the page that only an editor may change the data."""
    who = editor()
    if who is None:
        st.error("Only a signed-in editor can change the data: nothing was changed.", icon=":material/lock:")
    return who


def header() -> None:
    """On every page: sign in and out in the sidebar (with sign-in configured), or the one line that says the data is
    open to anyone's change."""
    secrets = settings()
    how = mode(secrets)
    if how == "open":
        st.warning(OPEN_WARNING, icon=":material/lock_open:")
    if how != "sign-in":
        return
    user = st.user.to_dict()
    with st.sidebar:
        if user.get("is_logged_in") is not True:
            st.button("Sign in to edit", on_click=st.login, icon=":material/login:", key="sign-in")
            return
        who = signed_in_editor(user, secrets.get("editors", {}))
        st.caption(f"Signed in as {user.get('email', '')}" + ("" if who else ": not an editor, so reading only"))
        st.button("Sign out", on_click=st.logout, icon=":material/logout:", key="sign-out")


def _secrets_files() -> list[Path]:
    """Where Streamlit looks for secrets, in its order (later ones win)."""
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def _file_secrets() -> dict:
    merged: dict = {}
    for path in _secrets_files():
        if path.exists():
            merged |= tomllib.loads(path.read_text())
    return merged


if __name__ == "__main__":  # scripts/dashboard.sh: `python -m ui.access` prints where the server should listen
    sys.stdout.write(listen_address(_file_secrets()) + "\n")
