"""A bundle's URLs asked of webassets once per process (issue 14).

CKAN's `include_asset` (the `{% asset %}` tag) asks webassets for a bundle's URLs on every
include of every page; webassets then checks the bundle's files for a rebuild and works out
its version from them (file system calls: 2-3 ms a bundle, and a page of this portal
includes about twenty bundles with their dependencies: 45-60 ms of CPU a page, the largest
single cost of a page after its own data). Outside debug mode the files of a bundle do not
change while the process runs (a deployment restarts it), so the first answer of each
bundle is kept: `install()` (from the main plugin's make_middleware, when every plugin's
and CKAN's own bundles are registered) wraps the `urls` of each registered bundle.
Everything else stays CKAN's include_asset (its per-request bookkeeping, dependencies,
`site_root` added per request). In debug mode (assets edited while the server runs)
nothing is kept."""

from __future__ import annotations

from ckan.plugins import toolkit as tk


def _kept(bundle) -> None:
    if getattr(bundle, "_egovuz_kept_urls", False):
        return
    asked = bundle.urls
    kept: list[str] = []

    def urls(*args, **kwargs):
        if args or kwargs:  # another question than the include's: not kept
            return asked(*args, **kwargs)
        if not kept:
            kept.extend(asked())
        return list(kept)

    bundle.urls = urls
    bundle._egovuz_kept_urls = True


def install() -> int:
    """Keep the URLs of every registered bundle; the number of bundles wrapped."""
    from ckan.lib import webassets_tools

    env = getattr(webassets_tools, "env", None)
    if env is None or tk.asbool(tk.config.get("debug")):
        return 0
    n = 0
    for bundle in env:
        _kept(bundle)
        n += 1
    return n
