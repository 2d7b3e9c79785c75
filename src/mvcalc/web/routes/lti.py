"""LTI 1.3 endpoints: OIDC login initiation, launch, deep linking, the tool's JWKS, roster sync.

An LMS sends the browser to /lti/login (third-party initiated login); we send it to the LMS's
authorisation URL with a state (cookie) and a nonce (store); the LMS posts a signed id_token to
/lti/launch, which PyLTI1p3 validates. The launched user is then matched or created, put in the
class of the LMS course, signed in, and sent to the page the link points to. Plain `def` routes:
the library is synchronous and may call the LMS over HTTP.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem
from pylti1p3.registration import Registration

from mvcalc.lti import services, tool
from mvcalc.store import accounts
from mvcalc.store import lti as lti_store
from mvcalc.web.auth import current_user, signed_in_redirect
from mvcalc.web.deps import course, render, store
from mvcalc.web.lti import cached_launch, lti_params, message_launch, oidc_login
from mvcalc.web.routes.teach import ClassView, the_class
from mvcalc.web.security import require_csrf

router = APIRouter()
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
PAGES = ("/modules/", "/practice/", "/assessments/", "/assignments/", "/sandpit/", "/teach", "/pages/")


def _refuse(request: Request, message: str, status: int = 400) -> Response:
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def _launch_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/lti/launch"


@router.get("/lti/jwks")
@router.get("/.well-known/jwks.json")
def jwks(request: Request) -> Response:
    """The tool's public keys (the LMS checks our service tokens and deep-linking answers with them)."""
    keys = [Registration.get_jwk(pem) for pem in lti_store.public_pems(store(request))]
    return JSONResponse({"keys": keys}, headers={"cache-control": "max-age=300"})


@router.get("/lti/login")
@router.post("/lti/login")
def login(request: Request, params: dict = Depends(lti_params)) -> Response:
    """OIDC third-party initiated login: on to the LMS's authorisation endpoint with state and nonce."""
    try:
        oidc, _ = oidc_login(store(request), params, request)
        return oidc.redirect(_launch_url(request))
    except (OIDCException, LtiException) as exc:
        text = str(exc)
        if "registration" in text.lower():
            text = f"no LMS with issuer {params.get('iss', '')!r} and client id {params.get('client_id', '')!r} is registered here"
        return _refuse(request, f"The LTI login was refused: {text}.")


def _target(claims: dict) -> tuple[str, str]:
    """(page path, graded item id) that a launch points to: the deep link's custom parameters, else
    the path of its target link; the course home when neither names a page of ours."""
    custom = claims.get(CLAIM + "custom") or {}
    path = str(custom.get("target") or "")
    if not path:
        path = urlsplit(str(claims.get(CLAIM + "target_link_uri") or "")).path
    if not path.startswith(PAGES) or "//" in path or "\\" in path:
        path = "/"
    item = str(custom.get("item") or "")
    if not item and path.startswith(("/assessments/", "/assignments/")):  # graded items: scores go back
        item = path.split("/")[2]
    return path, item


def _sign_in(request: Request, user: accounts.User, target: str) -> Response:
    """Sign the launched user in (a fresh session: no fixation). Over https the cookie is SameSite=None;
    Secure, so that it is sent when the course is in the LMS's frame (a third-party site)."""
    secure = request.url.scheme == "https" or getattr(request.app.state.settings, "secure_cookies", False)
    return signed_in_redirect(request, user, target, samesite="none" if secure else "lax")


@router.post("/lti/launch")
def launch(request: Request, params: dict = Depends(lti_params)) -> Response:
    """Validate the LMS's id_token, then match or create the user and their class and sign them in."""
    the_store = store(request)
    if not getattr(request.app.state.settings, "accounts", False):
        return _refuse(request, "LTI launches need accounts: start the course with `mvcalc serve --accounts`.", 404)
    found = message_launch(the_store, params, request)
    try:
        claims = found.get_launch_data()
        found.consume_nonce()
    except (LtiException, AssertionError, TypeError, ValueError, KeyError, AttributeError) as exc:
        # the library's refusals, and its stumbles on claims of the wrong type (a number as nonce, …)
        return _refuse(request, tool.explain(exc, params.get("id_token", ""), the_store), 403)
    platform = lti_store.find_platform(the_store, claims["iss"], found.get_client_id())
    try:
        user = lti_store.launched_user(
            the_store, platform, str(claims.get("sub") or ""), roles=list(claims.get(CLAIM + "roles") or []),
            name=str(claims.get("name") or ""), email=str(claims.get("email") or ""),
        )
        nrps = (claims.get(NRPS_CLAIM) or {}).get("context_memberships_url", "")
        cls = lti_store.launched_class(the_store, platform, claims.get(CLAIM + "context") or {}, nrps)
        if cls is not None:
            lti_store.join(the_store, cls, user)
    except accounts.AccountError as exc:
        return _refuse(request, f"The launch was refused: {exc}.", 403)
    if found.is_deep_link_launch():
        if user.role not in ("instructor", "admin"):
            return _refuse(request, "Only an instructor can choose what this LMS link opens.", 403)
        return _sign_in(request, user, f"/deep-link?launch={found.get_launch_id()}")
    path, item = _target(claims)
    endpoint = claims.get(AGS_CLAIM)
    resource = (claims.get(CLAIM + "resource_link") or {}).get("id", "")
    if endpoint and item and resource:
        lti_store.remember_link(the_store, platform, user.username, str(claims["sub"]), resource, item, endpoint)
    if path == "/" and user.role in ("instructor", "admin") and cls is not None:
        path = f"/teach/{cls.code}"
    return _sign_in(request, user, path)


# ---------------------------------------------------------------- deep linking


def _choices(request: Request) -> list[dict]:
    """What an LMS link may open: modules, practice sets, assessments (graded), assignments (graded)."""
    from mvcalc.assignments import registry as assignments
    from mvcalc.exercises import registry

    out = [{"kind": "module", "id": f"module-{m.number}", "title": f"Module {m.number}: {m.title}",
            "target": m.url, "graded": False} for m in course(request).modules]
    for s in registry.sets():
        if not s.generators:
            continue
        kind, where = ("assessment", "assessments") if s.graded else ("practice set", "practice")
        out.append({"kind": kind, "id": s.id, "title": s.title, "target": f"/{where}/{s.id}", "graded": s.graded})
    for a in assignments.all_assignments().values():
        out.append({"kind": "assignment", "id": a.name, "title": a.title, "target": f"/assignments/{a.name}",
                    "graded": True})
    return out


def _deep_link_launch(request: Request, launch_id: str):
    user = current_user(request)
    if user.role not in ("instructor", "admin"):
        raise HTTPException(403, "Only an instructor can choose what an LMS link opens.")
    try:
        return cached_launch(store(request), launch_id, request)
    except (LtiException, AssertionError):
        raise HTTPException(400, "This deep-linking request has expired: start again from the LMS.") from None


@router.get("/deep-link")
def deep_link_page(request: Request, launch: str) -> Response:
    _deep_link_launch(request, launch)
    return render(request, "lti/deep_link.html", {"launch": launch, "choices": _choices(request)})


@router.post("/deep-link", dependencies=[Depends(require_csrf)])
def deep_link_answer(request: Request, params: dict = Depends(lti_params)) -> Response:
    """Answer the LMS with a signed list of the chosen links (a form the browser posts back to it)."""
    found = _deep_link_launch(request, params.get("launch", ""))
    chosen = next((c for c in _choices(request) if c["id"] == params.get("choice")), None)
    if chosen is None:
        raise HTTPException(400, "Choose one of the listed items.")
    resource = (
        DeepLinkResource().set_url(_launch_url(request)).set_title(chosen["title"])
        .set_custom_params({"target": chosen["target"], **({"item": chosen["id"]} if chosen["graded"] else {})})
    )
    if chosen["graded"]:
        resource.set_lineitem(LineItem().set_score_maximum(100).set_label(chosen["title"]).set_resource_id(chosen["id"]))
    deep_link = found.get_deep_link()
    token = deep_link.get_response_jwt([resource])
    return_url = found.get_launch_data()["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"][
        "deep_link_return_url"]
    response = render(request, "lti/deep_link_return.html", {"return_url": return_url, "jwt": token, "chosen": chosen})
    parts = urlsplit(return_url)
    # This one page posts its form to the LMS: its own policy allows that origin as a form target.
    response.headers["content-security-policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        f"font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self' {parts.scheme}://{parts.netloc}"
    )
    return response


# ---------------------------------------------------------------- roster


@router.post("/teach/{code}/roster", dependencies=[Depends(require_csrf)])
def roster_sync(request: Request, cls: ClassView = Depends(the_class)) -> Response:
    """Bring the class's roster from its LMS (Names and Role Provisioning)."""
    try:
        result = services.sync_roster(store(request), cls.code)
    except accounts.AccountError as exc:
        raise HTTPException(400, str(exc)) from None
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"ok": True, **result})
    return RedirectResponse(f"/teach/{cls.code}?roster={result['members']}", status_code=303)
