"""The small FastAPI adapter of PyLTI1p3: its Request, cookies, redirect, OIDC login and message launch.

PyLTI1p3 ships adapters for Django and Flask; this one does the same for FastAPI and is
synchronous, so the routes that use it are plain `def` routes (run in the thread pool, where
the library's blocking HTTP calls to the LMS belong). The request's parameters (query and
form) are read once by the `lti_params` dependency.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pylti1p3.cookie import CookieService
from pylti1p3.oidc_login import OIDCLogin
from pylti1p3.redirect import Redirect
from pylti1p3.request import Request as LtiRequest
from pylti1p3.session import SessionService

from mvcalc.lti import tool
from mvcalc.store.api import Store


async def lti_params(request: Request) -> dict[str, str]:
    """The query and form parameters of a login or launch request (the form wins)."""
    params = dict(request.query_params)
    if request.method == "POST" and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        params.update({k: str(v) for k, v in form.items()})
    return params


class FastAPIRequest(LtiRequest):
    def __init__(self, params: dict[str, str], cookies: dict[str, str], secure: bool) -> None:
        self.params, self.cookies, self.secure = params, cookies, secure
        self._session: dict = {}

    @property
    def session(self) -> dict:
        return self._session

    def is_secure(self) -> bool:
        return self.secure

    def get_param(self, key: str) -> str:
        return self.params.get(key, "")


class FastAPICookieService(CookieService):
    """Reads the request's cookies; collects the ones to set and puts them on the response."""

    def __init__(self, request: FastAPIRequest) -> None:
        self.request = request
        self.pending: list[tuple[str, str, int | None]] = []

    def _name(self, name: str) -> str:
        return f"{self._cookie_prefix}-{name}"

    def get_cookie(self, name: str) -> str | None:
        return self.request.cookies.get(self._name(name))

    def set_cookie(self, name: str, value, exp: int | None = 3600) -> None:
        self.pending.append((self._name(name), str(value), exp))

    def apply(self, response: Response) -> Response:
        # Over https the LMS's cross-site POST must carry the state cookie: SameSite=None; Secure.
        secure = self.request.is_secure()
        for name, value, exp in self.pending:
            response.set_cookie(name, value, max_age=exp, path="/", httponly=True, secure=secure,
                                samesite="none" if secure else "lax")
        return response


class FastAPIRedirect(Redirect):
    def __init__(self, location: str, cookies: FastAPICookieService) -> None:
        self.location, self.cookies = location, cookies

    def do_redirect(self) -> Response:
        return self.cookies.apply(RedirectResponse(self.location, status_code=302))

    def do_js_redirect(self) -> Response:
        return self.do_redirect()

    def set_redirect_url(self, location: str) -> None:
        self.location = location

    def get_redirect_url(self) -> str:
        return self.location


class FastAPIOIDCLogin(OIDCLogin):
    def get_redirect(self, url: str) -> FastAPIRedirect:
        return FastAPIRedirect(url, self._cookie_service)


class FastAPIMessageLaunch(tool.OnceMessageLaunch):
    def _get_request_param(self, key: str) -> str:
        return self._request.get_param(key)


def _parts(store: Store, params: dict, request: Request):
    secure = request.url.scheme == "https"
    lti_request = FastAPIRequest(params, dict(request.cookies), secure)
    cookies = FastAPICookieService(lti_request)
    storage = tool.StoreLaunchData(store)
    return lti_request, cookies, SessionService(lti_request), storage


def oidc_login(store: Store, params: dict, request: Request) -> tuple[FastAPIOIDCLogin, FastAPICookieService]:
    lti_request, cookies, session, storage = _parts(store, params, request)
    login = FastAPIOIDCLogin(lti_request, tool.StoreToolConf(store), session_service=session,
                             cookie_service=cookies, launch_data_storage=storage)
    return login, cookies


def message_launch(store: Store, params: dict, request: Request) -> FastAPIMessageLaunch:
    lti_request, cookies, session, storage = _parts(store, params, request)
    launch = FastAPIMessageLaunch(lti_request, tool.StoreToolConf(store), session_service=session,
                                  cookie_service=cookies, launch_data_storage=storage,
                                  service_connector_cls=tool.connector_class(store))
    launch._storage = storage
    return launch


def cached_launch(store: Store, launch_id: str, request: Request) -> FastAPIMessageLaunch:
    """A launch validated earlier (deep linking: the instructor picks, then we answer the LMS)."""
    lti_request, cookies, session, storage = _parts(store, {}, request)
    launch = FastAPIMessageLaunch.from_cache(
        launch_id, lti_request, tool.StoreToolConf(store), session_service=session, cookie_service=cookies,
        launch_data_storage=storage, service_connector_cls=tool.connector_class(store))
    launch._storage = storage
    return launch
