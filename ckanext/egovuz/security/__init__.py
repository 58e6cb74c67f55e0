"""Headers every response carries (pages, API answers, downloads, static files, errors):
Content-Security-Policy without inline script, no framing by other sites, no MIME
sniffing, a strict referrer policy and, behind TLS, HSTS; and the trusted-proxy setting
that tells the portal which address a request came from (rate limits, tracking).

Installed by the main plugin (IMiddleware) around the Flask app's WSGI callable, so it
sees every answer Flask gives, whatever view or error handler made it."""

from __future__ import annotations

import re
import secrets

from markupsafe import Markup

NONCE_KEY = "egovuz.csp_nonce"

# CKAN embeds resource views (Table preview, text, image) in an iframe of the resource
# page: those pages may be framed by the portal itself, nothing else may be framed.
_FRAMEABLE = re.compile(r"^/dataset/[^/]+/resource/[^/]+/view/[^/]*/?$")


def policy(nonce: str, frameable: bool) -> str:
    ancestors = "'self'" if frameable else "'none'"
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            # CKAN's and Bootstrap's markup and scripts set style attributes; styles cannot run code
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: https:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        )
    )


class SecurityHeaders:
    """WSGI middleware: a fresh nonce per request (in the environ, for the few templates
    of CKAN's resource views that need one, see `nonce_ckan_view`), then the headers on
    the answer. Headers the app set itself are kept."""

    def __init__(self, app, hsts_max_age: int = 0):
        self.app = app
        self.hsts_max_age = int(hsts_max_age or 0)

    def __call__(self, environ, start_response):
        nonce = secrets.token_urlsafe(18)
        environ[NONCE_KEY] = nonce
        frameable = bool(_FRAMEABLE.match(environ.get("PATH_INFO") or ""))

        def start(status, headers, exc_info=None):
            have = {name.lower() for name, _ in headers}
            extra = [
                ("Content-Security-Policy", policy(nonce, frameable)),
                ("X-Frame-Options", "SAMEORIGIN" if frameable else "DENY"),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ]
            if self.hsts_max_age > 0:
                extra.append(
                    ("Strict-Transport-Security", f"max-age={self.hsts_max_age}; includeSubDomains")
                )
            headers = list(headers) + [(k, v) for k, v in extra if k.lower() not in have]
            if exc_info:
                return start_response(status, headers, exc_info)
            return start_response(status, headers)

        return self.app(environ, start)


def install(app, config):
    """Wrap the Flask app's WSGI callable (headers) and, when the portal runs behind
    `ckanext.egovuz.trusted_proxies` reverse proxies, take the client address from their
    X-Forwarded-For (werkzeug's ProxyFix, which trusts exactly that many hops)."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = _proxies(config)
    flask_app = app if hasattr(app, "wsgi_app") else None
    inner = flask_app.wsgi_app if flask_app is not None else app
    if hops:
        inner = ProxyFix(inner, x_for=hops, x_proto=hops)
    wrapped = SecurityHeaders(inner, _hsts(config))
    if flask_app is None:  # another plugin's middleware came first: wrap what we were given
        return wrapped
    flask_app.wsgi_app = wrapped
    return flask_app


def _proxies(config) -> int:
    return max(0, int(config.get("ckanext.egovuz.trusted_proxies") or 0))


def _hsts(config) -> int:
    return max(0, int(config.get("ckanext.egovuz.hsts_max_age") or 0))


def csp_nonce() -> str:
    """The current request's CSP nonce (template helper `egovuz_csp_nonce`)."""
    from flask import has_request_context, request

    if not has_request_context():
        return ""
    return request.environ.get(NONCE_KEY, "")


# The exact opening tags of the inline scripts in CKAN 2.11's resource-view templates
# (dataviewer/base.html, text_view.html, datatables_view.html) and the one inline handler.
_CKAN_VIEW_SCRIPT = re.compile(r"<script( type=text/javascript)?>")
_CKAN_REFIT = 'onclick="fitColText()"'


def nonce_ckan_view(markup) -> Markup:
    """Template helper `egovuz_csp_ckan_view`: give the inline scripts of one of CKAN's
    resource-view templates this request's nonce, and drop the inline click handler of
    the DataTables view (egovuz/csp-views.js binds it). Used only on the output of those
    templates, whose stored values are all autoescaped or JSON-encoded (`tojson` escapes
    `<`), so the literal tags matched here can only come from the template itself."""
    nonce = csp_nonce()
    html = str(markup)
    html = _CKAN_VIEW_SCRIPT.sub(lambda m: f'<script nonce="{nonce}">', html)
    html = html.replace(_CKAN_REFIT, "data-egovuz-refit")
    return Markup(html)


_ONCLICK = re.compile(r'\sonclick="([^"]*)"')


def _upload_action(code: str) -> str:
    if "field-clear-upload" in code:
        return "clear"
    if "resource-url-none" in code:
        return "remove-upload" if "field-resource-upload" in code else "remove-link"
    if "resource-url-upload" in code:
        return "upload"
    if "resource-url-link" in code:
        return "link"
    return "none"


def ckan_upload_field(markup) -> Markup:
    """Template helper `egovuz_csp_upload_field`: CKAN 2.11's resource upload field
    (package/snippets/resource_upload_field.html) switches between Upload and Link with
    inline onclick handlers, which the CSP refuses. Each becomes a data attribute naming
    its action, which egovuz/csp.js performs. Values in that template are autoescaped
    (a `"` becomes `&#34;`), so only the template's own attributes match."""
    html = _ONCLICK.sub(
        lambda m: f' data-egovuz-upload="{_upload_action(m.group(1))}"', str(markup)
    )
    return Markup(html)
