"""A simulated LMS (LTI 1.3 platform) on 127.0.0.1 for the tests: real RS256 keys, a real HTTP JWKS,
OIDC authorisation and token endpoints, an AGS score endpoint and an NRPS roster endpoint.

It checks what a real platform checks: the tool's client assertion is verified against the
tool's own JWKS fetched over HTTP, and service calls need the bearer token it issued.
"""

from __future__ import annotations

import base64
import html
import json
import secrets
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
CLIENT_ID = "mvcalc-tool"
DEPLOYMENT = "deployment-1"
COURSE = {"id": "course-42", "label": "MATH101", "title": "Calculus for ML"}


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class Platform:
    """Start with `start(tool_url)`; `url` is its base; `scores` and `assertions` record what the tool sent."""

    def __init__(self) -> None:
        self.key = new_key()
        self.kid = "platform-key-1"
        self.users = {
            "stu1": {"sub": "lms-user-1", "name": "Ada Student", "email": "ada@example.edu",
                     "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]},
            "prof1": {"sub": "lms-user-9", "name": "Prof Grace", "email": "grace@example.edu",
                      "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]},
        }
        self.scores: list[dict] = []
        self.deep_link_answers: list[dict] = []
        self.tokens: set[str] = set()
        self.server: ThreadingHTTPServer | None = None
        self.url = ""
        self.tool_url = ""

    # ------------------------------------------------------------ tokens

    @property
    def issuer(self) -> str:
        return self.url

    def jwks(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def claims(self, user: str, nonce: str, *, message: str = "LtiResourceLinkRequest", target: str = "",
               custom: dict | None = None, resource: str = "link-1", lineitem: str = "") -> dict:
        now = int(time.time())
        who = self.users[user]
        body = {
            "iss": self.issuer, "aud": CLIENT_ID, "sub": who["sub"], "iat": now, "exp": now + 300, "nonce": nonce,
            "name": who["name"], "email": who["email"],
            LTI + "message_type": message, LTI + "version": "1.3.0", LTI + "deployment_id": DEPLOYMENT,
            LTI + "roles": who["roles"], LTI + "context": COURSE,
            LTI + "target_link_uri": target or (self.tool_url + "/lti/launch"),
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.url + "/memberships", "service_versions": ["2.0"]},
        }
        if message == "LtiResourceLinkRequest":
            body[LTI + "resource_link"] = {"id": resource, "title": "A link"}
            body["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"] = {
                "scope": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                          "https://purl.imsglobal.org/spec/lti-ags/scope/score"],
                "lineitems": self.url + "/lineitems",
                "lineitem": lineitem or (self.url + "/lineitems/1"),
            }
        else:
            body["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = {
                "deep_link_return_url": self.url + "/deep-link-return",
                "accept_types": ["ltiResourceLink"], "accept_presentation_document_targets": ["iframe", "window"],
                "data": "dl-data-1",
            }
        if custom:
            body[LTI + "custom"] = custom
        return body

    def sign(self, claims: dict, key=None, kid: str | None = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid})

    def sign_raw(self, claims: dict) -> str:
        """RS256 by hand, for claims PyJWT would refuse to encode (a number as issuer, …)."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        def part(data) -> str:
            raw = data if isinstance(data, bytes) else json.dumps(data, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

        signing = part({"alg": "RS256", "typ": "JWT", "kid": self.kid}) + "." + part(claims)
        signature = self.key.sign(signing.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing + "." + part(signature)

    def tool_keys(self) -> dict:
        with urllib.request.urlopen(self.tool_url + "/lti/jwks", timeout=10) as response:
            return json.load(response)

    def verify_from_tool(self, token: str, audience: str) -> dict:
        """Check a JWT the tool signed, with the key its JWKS publishes under the token's kid."""
        kid = jwt.get_unverified_header(token)["kid"]
        jwk = next(k for k in self.tool_keys()["keys"] if k["kid"] == kid)
        key = RSAAlgorithm.from_jwk(json.dumps(jwk))
        return jwt.decode(token, key, algorithms=["RS256"], audience=audience)

    # ------------------------------------------------------------ server

    def start(self, tool_url: str) -> Platform:
        self.tool_url = tool_url.rstrip("/")
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body, content_type: str = "application/json") -> None:
                data = body if isinstance(body, bytes) else (
                    body.encode() if isinstance(body, str) else json.dumps(body).encode())
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> dict:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode()
                if self.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
                    return {k: v[0] for k, v in parse_qs(raw).items()}
                return {"_raw": raw}

            def _authorised(self) -> bool:
                token = self.headers.get("authorization", "").removeprefix("Bearer ")
                return token in platform.tokens

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/jwks":
                    return self._send(200, platform.jwks())
                if parts.path == "/auth":
                    return self._send(200, platform.auth_page(query), "text/html")
                if parts.path == "/launch":
                    return self._send(200, platform.launch_page(query), "text/html")
                if parts.path == "/memberships":
                    if not self._authorised():
                        return self._send(401, {"error": "no token"})
                    return self._send(200, platform.memberships(), "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
                return self._send(404, {"error": "not here"})

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                form = self._form()
                if parts.path == "/token":
                    try:
                        claims = platform.verify_from_tool(form.get("client_assertion", ""), platform.url + "/token")
                    except Exception as exc:  # noqa: BLE001 - the tool's assertion is refused
                        return self._send(401, {"error": "invalid_client", "detail": str(exc)})
                    if claims.get("iss") != CLIENT_ID:
                        return self._send(401, {"error": "invalid_client"})
                    token = secrets.token_urlsafe(16)
                    platform.tokens.add(token)
                    return self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600,
                                            "scope": form.get("scope", "")})
                if parts.path.startswith("/lineitems/") and parts.path.endswith("/scores"):
                    if not self._authorised():
                        return self._send(401, {"error": "no token"})
                    platform.scores.append({"lineitem": parts.path, **json.loads(form["_raw"])})
                    return self._send(200, {})
                if parts.path == "/deep-link-return":
                    claims = platform.verify_from_tool(form.get("JWT", ""), platform.issuer)
                    platform.deep_link_answers.append(claims)
                    items = claims.get("https://purl.imsglobal.org/spec/lti-dl/claim/content_items", [])
                    return self._send(200, "<h1>Added to the course</h1><ul>" + "".join(
                        f"<li>{html.escape(i.get('title', ''))}</li>" for i in items) + "</ul>", "text/html")
                return self._send(404, {"error": "not here"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # ------------------------------------------------------------ pages

    def login_url(self, user: str, target: str = "", hint: str = "") -> str:
        params = {"iss": self.issuer, "login_hint": user, "client_id": CLIENT_ID,
                  "target_link_uri": target or self.tool_url + "/lti/launch", "lti_deployment_id": DEPLOYMENT}
        if hint:
            params["lti_message_hint"] = hint
        return self.tool_url + "/lti/login?" + urlencode(params)

    def auth_page(self, query: dict) -> str:
        """The OIDC authorisation endpoint: a form that posts the signed id_token to the tool's redirect URI."""
        hint = query.get("lti_message_hint", "")
        message = "LtiDeepLinkingRequest" if hint == "deep" else "LtiResourceLinkRequest"
        custom = {"target": hint} if hint.startswith("/") else None
        claims = self.claims(query["login_hint"], query["nonce"], message=message, custom=custom,
                             resource="link-" + (hint or "home"))
        if custom and hint.startswith("/assessments/"):
            custom["item"] = hint.split("/")[2]
        token = self.sign(claims)
        return (
            "<!doctype html><title>LMS</title><form id='f' method='post' action='" + html.escape(query["redirect_uri"])
            + "'><input type='hidden' name='id_token' value='" + token + "'><input type='hidden' name='state' value='"
            + html.escape(query["state"]) + "'><button>Continue</button></form>"
            "<script>document.getElementById('f').submit()</script>"
        )

    def launch_page(self, query: dict) -> str:
        user = query.get("user", "stu1")
        target = query.get("target", "")
        return ("<!doctype html><title>LMS course</title><h1>Calculus for ML</h1>"
                f"<a id='launch' href='{html.escape(self.login_url(user, hint=target))}'>Open mvcalc</a>")

    def memberships(self) -> dict:
        members = [{"user_id": u["sub"], "name": u["name"], "email": u["email"], "roles": u["roles"], "status": "Active"}
                   for u in self.users.values()]
        members.append({"user_id": "lms-user-3", "name": "Bob New", "email": "bob@example.edu",
                         "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], "status": "Active"})
        members.append({"user_id": "lms-user-4", "name": "Gone", "roles": ["Learner"], "status": "Inactive"})
        return {"id": self.url + "/memberships", "context": COURSE, "members": members}
