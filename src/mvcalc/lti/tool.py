"""PyLTI1p3's abstract pieces on mvcalc's store, and clear messages for refused launches.

The library validates a launch (state cookie, JWT format, nonce, registration, RS256
signature against the platform's JWKS, deployment, message claims); we add what it leaves
to the tool: a nonce is used once (a replayed launch is refused), and each refusal is one
sentence a person can act on.
"""

from __future__ import annotations

import json
import typing as t

import jwt
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.message_launch import MessageLaunch
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.tool_config import ToolConfAbstract

from mvcalc.store import lti as lti_store
from mvcalc.store.api import Store

NONCE_KEY = "lti1p3-nonce-"


class LaunchRefused(ValueError):
    """A launch (or login) that was refused; the message says why in one sentence."""


def registration(store: Store, platform: lti_store.Platform) -> Registration:
    """The library's Registration for a platform, with the tool's current key."""
    key = lti_store.tool_key(store)
    reg = Registration()
    reg.set_issuer(platform.issuer).set_client_id(platform.client_id)
    reg.set_auth_login_url(platform.auth_login_url).set_auth_token_url(platform.auth_token_url)
    reg.set_key_set_url(platform.key_set_url)
    if platform.auth_audience:
        reg.set_auth_audience(platform.auth_audience)
    reg.set_tool_private_key(key.private_pem).set_tool_public_key(key.public_pem)
    return reg


class StoreToolConf(ToolConfAbstract):
    """Registrations read from the store; every issuer may have several client ids."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.issuers_relation_types = {}

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def _platform(self, iss: str, client_id: str | None) -> lti_store.Platform | None:
        return lti_store.find_platform(self.store, iss, client_id)

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        found = self._platform(iss, None)
        return registration(self.store, found) if found else None

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        found = self._platform(iss, client_id)
        return registration(self.store, found) if found else None

    def find_deployment(self, iss, deployment_id):
        found = self._platform(iss, None)
        return _deployment(found, deployment_id)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        return _deployment(self._platform(iss, client_id), deployment_id)


def _deployment(platform: lti_store.Platform | None, deployment_id: str) -> Deployment | None:
    if platform is None or deployment_id not in platform.deployment_ids:
        return None
    return Deployment().set_deployment_id(deployment_id)


class StoreLaunchData(LaunchDataStorage):
    """Launch data (nonces, state, launch claims) in the store's `lti_state` table, for every process."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def get_session_cookie_name(self):
        return None  # keys are random already; no per-browser session id needed

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str):
        return lti_store.state_get(self.store, self._prepare_key(key))

    def set_value(self, key: str, value, exp: int | None = None) -> None:
        lti_store.state_set(self.store, self._prepare_key(key), value, exp)

    def check_value(self, key: str) -> bool:
        return lti_store.state_get(self.store, self._prepare_key(key)) is not None

    def take(self, key: str) -> bool:
        """Remove `key`; True for the one caller that found it (used once)."""
        return lti_store.state_take(self.store, self._prepare_key(key))


class StoreServiceConnector(ServiceConnector):
    """Access tokens for the LMS's services, cached in the store until shortly before they expire."""

    store: Store

    def _get_cached_access_token(self, scope_key: str):
        return lti_store.state_get(self.store, "lti1p3-token-" + scope_key)

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float):
        lifetime = int(float(expires_in or 0)) - 60
        if lifetime > 0:
            lti_store.state_set(self.store, "lti1p3-token-" + scope_key, access_token, lifetime)


def connector(store: Store, platform: lti_store.Platform) -> StoreServiceConnector:
    found = StoreServiceConnector(registration(store, platform))
    found.store = store
    return found


def connector_class(store: Store) -> type[StoreServiceConnector]:
    """The connector class a MessageLaunch builds (it passes only registration and session)."""
    return type("BoundConnector", (StoreServiceConnector,), {"store": store})


class OnceMessageLaunch(MessageLaunch):
    """A MessageLaunch whose nonce is used once: after a launch validates, its nonce is removed, so the
    same id_token posted again is refused."""

    _storage: StoreLaunchData

    def consume_nonce(self) -> None:
        nonce = self._get_jwt_body().get("nonce")
        if not self._storage.take(self._session_service._get_key("nonce", nonce)):
            raise LtiException("Invalid Nonce.")


def unverified_claims(id_token: str) -> dict:
    """The claims of a token read without checking it (only to word a refusal)."""
    try:
        return jwt.decode(id_token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return {}


def explain(exc: Exception, id_token: str, store: Store) -> str:
    """One sentence for a refused launch, from the library's exception and the token's claims."""
    text = str(exc)
    claims = unverified_claims(id_token) if id_token else {}
    if not isinstance(exc, LtiException):
        return ("The launch was refused: its id_token's claims are not of the kinds LTI 1.3 requires "
                f"({type(exc).__name__}).")
    if "expired" in text.lower():
        return "The launch was refused: the LMS's token has expired (its 'exp' time has passed). Launch again from the LMS."
    if "Signature verification failed" in text or "Can't decode id_token" in text:
        return ("The launch was refused: its signature does not match the LMS's published keys (bad signature). "
                "Check the JWKS URL registered with `mvcalc lti add-platform`.")
    if "Unable to find public key" in text or "KID" in text:
        return "The launch was refused: it was signed with a key the LMS does not publish (unknown key id)."
    if "Nonce" in text or "nonce" in text:
        return ("The launch was refused: it was already used (a replayed nonce) or was not started from this "
                "tool's login. Launch again from the LMS.")
    if "State not found" in text or "Missing state" in text:
        return ("The launch was refused: it did not start in this browser (the state cookie is missing). "
                "Launch again from the LMS, in a new window if your browser blocks cookies in frames.")
    if "Registration not found" in text or "Client id not registered" in text:
        aud = claims.get("aud")
        aud = aud[0] if isinstance(aud, list) and aud else aud
        iss = claims.get("iss", "?")
        known = [p.client_id for p in lti_store.platforms(store) if p.issuer == iss]
        if known:
            return (f"The launch was refused: it is meant for client id {aud!r} (wrong audience), and the LMS {iss} "
                    f"is registered here with client id {', '.join(known)}.")
        return f"The launch was refused: no LMS with issuer {iss!r} is registered here (mvcalc lti add-platform)."
    if "deployment" in text.lower():
        return f"The launch was refused: {text} Add it with `mvcalc lti add-platform ... --deployment ID`."
    if "Invalid id_token" in text or "Invalid JWT" in text or "id_token" in text:
        return "The launch was refused: it carries no valid id_token (a JWT from the LMS)."
    return f"The launch was refused: {text}"


def dumps(value: t.Any) -> str:
    return json.dumps(value, separators=(",", ":"))
