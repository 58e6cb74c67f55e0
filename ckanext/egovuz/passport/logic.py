"""Passport hooks: what the index and the spheres (CKAN groups) need from a dataset."""

from __future__ import annotations

import json
import logging

from ckan import model
from ckan.plugins import toolkit as tk

log = logging.getLogger(__name__)


def parse_json_list(value) -> list:
    if isinstance(value, list):
        return value
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [value]
    return parsed if isinstance(parsed, list) else [parsed]


def before_index(pkg_dict: dict) -> dict:
    """Index the passport fields under stable names (dataset_code, update_frequency,
    the other-language titles) so that advanced search can query each of them."""
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    code = validated.get("dataset_code") or pkg_dict.get("extras_dataset_code")
    if code:
        pkg_dict["dataset_code"] = str(code)
        if str(code).isdigit():
            pkg_dict["dataset_code_i"] = int(code)
    for key in ("title_ru", "title_en", "notes_ru", "notes_en", "update_frequency"):
        value = validated.get(key)
        if value:
            pkg_dict[key] = value
    org = validated.get("organization") or {}
    if org.get("title"):
        pkg_dict["organization_title"] = org["title"]
    for key in ("first_published", "data_last_changed"):
        value = validated.get(key)
        if value:
            pkg_dict[f"{key}_date"] = value if value.endswith("Z") else value + "Z"
    # the spheres list is mirrored into CKAN groups; a JSON string would not facet.
    pkg_dict.pop("spheres", None)
    return pkg_dict


def sync_spheres(pkg_dict: dict) -> None:
    """Mirror the passport's `spheres` field into CKAN group membership, as the site
    user: a publisher picks spheres in the form without being a member of each group."""
    wanted = set(parse_json_list(pkg_dict.get("spheres")))
    pkg = model.Package.get(pkg_dict["id"])
    if pkg is None:
        return
    current = {g.name for g in pkg.get_groups("group")}
    if wanted == current:
        return
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    ctx = {"ignore_auth": True, "user": site_user["name"]}
    for name in wanted - current:
        tk.get_action("member_create")(
            dict(ctx),
            {"id": name, "object": pkg.id, "object_type": "package", "capacity": "public"},
        )
    for name in current - wanted:
        tk.get_action("member_delete")(
            dict(ctx), {"id": name, "object": pkg.id, "object_type": "package"}
        )
