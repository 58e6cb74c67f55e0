"""Actions of the dataset tabs: structure of a DataStore table, streamed exports, and the
stable data API by dataset code. The views call these same actions."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ckan import model
from ckan.plugins import toolkit as tk

from ckanext.egovuz.exports import query as export_query
from ckanext.egovuz.exports import writers
from . import schema as schemas
from . import search as table_search

# DataStore types → Frictionless Table Schema types
_TABLE_SCHEMA_TYPES = {
    "integer": "integer",
    "number": "number",
    "datetime": "datetime",
    "date": "date",
    "boolean": "boolean",
    "json": "object",
    "string": "string",
}


def _validate(data_dict, schema, context):
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _resource(context, resource_id):
    """resource_show with the caller's rights (404 / 403 as CKAN decides)."""
    return tk.get_action("resource_show")(
        {
            "user": context.get("user"),
            "auth_user_obj": context.get("auth_user_obj"),
            "ignore_auth": context.get("ignore_auth", False),
        },
        {"id": resource_id},
    )


def _resource_checked(context, resource_id):
    """What egovuz_structure_show needs of a resource (id, package, whether its table is
    in the DataStore), with the caller's rights checked as resource_show checks them
    (CKAN's resource_show auth: 404 / 403 as CKAN decides), read from the resource's
    model object: resource_show would build the whole dataset dict (package_show) only
    for datastore_info, which follows, to build it again (issue 14: the Structure tab)."""
    res = model.Resource.get(resource_id)
    if res is None or res.state != "active":
        raise tk.ObjectNotFound(tk._("Resource was not found."))
    tk.check_access(
        "resource_show",
        {
            "user": context.get("user"),
            "auth_user_obj": context.get("auth_user_obj"),
            "ignore_auth": context.get("ignore_auth", False),
        },
        {"id": res.id},
    )
    return {
        "id": res.id,
        "package_id": res.package_id,
        "datastore_active": tk.asbool((res.extras or {}).get("datastore_active")),
    }


def _not_tabular(resource):
    if not resource.get("datastore_active"):
        raise tk.ObjectNotFound(
            tk._(
                "The data of this resource is not tabular (it is not in the DataStore); "
                "download the original file instead."
            )
        )


@tk.side_effect_free
def egovuz_structure_show(context, data_dict):
    """The columns of a DataStore resource (S-STRUCT): name, label, type and description
    from the Data Dictionary.

    :param resource_id: the resource
    :returns: ``{"resource_id", "package_id", "fields": [{"name", "label", "type",
        "description"}], "table_schema": <Frictionless Table Schema>}``
    """
    data = _validate(data_dict, schemas.structure_show_schema(), context)
    tk.check_access("egovuz_structure_show", context, data)
    resource = _resource_checked(context, data["resource_id"])
    _not_tabular(resource)
    fields = []
    for f in _datastore_fields(resource["id"]):
        if f["id"].startswith("_"):
            continue
        meta = f.get("info") or {}
        fields.append(
            {
                "name": f["id"],
                "label": meta.get("label") or "",
                "type": meta.get("type_override") or f.get("type") or "text",
                "description": meta.get("notes") or "",
            }
        )
    return {
        "resource_id": resource["id"],
        "package_id": resource["package_id"],
        "fields": fields,
        "table_schema": table_schema(fields),
    }


def _datastore_fields(resource_id: str) -> list[dict]:
    """The table's fields with their Data Dictionary (`info`), as CKAN's datastore_info
    gives them (the same functions of the DataStore's backend), without what
    datastore_info also does and the structure does not show (issue 14): build the
    whole dataset (resource_show), count the rows, ask the table's and the database's
    sizes and the aliases. datastore_search with no rows would still parse its SQL
    (sqlparse) for about 2 ms. The caller's access is checked before."""
    from ckanext.datastore.backend import DatastoreBackend
    from ckanext.datastore.backend import postgres as pg

    if not DatastoreBackend.get_active_backend().resource_exists(resource_id):
        raise tk.ObjectNotFound(tk._("Resource was not found."))
    with pg.get_read_engine().connect() as conn:
        types = pg._get_fields_types(conn, resource_id)
        info = pg._get_field_info(conn, resource_id)
    return [
        dict({"id": name, "type": kind}, **({"info": info[name]} if name in info else {}))
        for name, kind in types.items()
    ]


def table_schema(fields: list[dict]) -> dict:
    """A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/)."""
    out = []
    for f in fields:
        item = {"name": f["name"], "type": _TABLE_SCHEMA_TYPES[export_query.kind(f["type"])]}
        if f.get("label"):
            item["title"] = f["label"]
        if f.get("description"):
            item["description"] = f["description"]
        if item["type"] == "string" and f["type"] not in ("text", "string"):
            item["format"] = "default"
        out.append(item)
    return {"fields": out}


def structure_csv(structure: dict) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["name", "label", "type", "description"])
    for f in structure["fields"]:
        w.writerow(
            [
                _neutralize(f["name"]),
                _neutralize(f["label"]),
                f["type"],
                _neutralize(f["description"]),
            ]
        )
    return buf.getvalue().encode("utf-8")


_neutralize = writers.guard


@tk.side_effect_free
def egovuz_export(context, data_dict):
    """A download of a DataStore table in one of csv, json, xml, xlsx, ttl (Turtle), rdf
    (RDF/XML), with the table tab's full-text query ``q``, ``filters`` (column → value or
    list of values) and ``sort`` applied.

    Over the API it validates the request and answers with the download's URL, type and
    row count. Called with ``context["egovuz_stream"] = True`` (the web view) it also
    returns ``stream``: a generator of bytes reading the table through a server-side
    cursor."""
    data = _validate(data_dict, schemas.export_schema(), context)
    fmt = writers.normalize_format(data.get("format"))
    if not fmt:
        raise tk.ValidationError(
            {
                "format": [
                    tk._("Unknown format {fmt!r}; choose one of: {known}").format(
                        fmt=data.get("format"), known=", ".join(writers.FORMATS)
                    )
                ]
            }
        )
    tk.check_access("egovuz_export", context, data)
    resource = _resource(context, data["resource_id"])
    _not_tabular(resource)
    eq = export_query.build(
        {
            "user": context.get("user"),
            "auth_user_obj": context.get("auth_user_obj"),
            "ignore_auth": context.get("ignore_auth", False),
        },
        resource["id"],
        q=data.get("q"),
        filters=data.get("filters"),
        sort=data.get("sort"),
    )
    if fmt == "xlsx":
        writers.check_xlsx_size(eq)
    package = model.Package.get(resource["package_id"])
    mimetype, ext = writers.FORMATS[fmt]
    base = (resource.get("name") or resource["id"]).strip() or resource["id"]
    filename = "".join(c if c.isalnum() or c in "-_." else "_" for c in base)[:80] + "." + ext
    params = {"format": fmt, "resource_id": resource["id"]}
    for key in ("q", "sort"):
        if data.get(key):
            params[key] = data[key]
    if data.get("filters"):
        params["filters"] = json.dumps(data["filters"], ensure_ascii=False)
    result: dict[str, Any] = {
        "resource_id": resource["id"],
        "package_id": resource["package_id"],
        "format": fmt,
        "mimetype": mimetype,
        "filename": filename,
        "rows": eq.total,
        "fields": [f["id"] for f in eq.fields],
        "url": tk.url_for(
            "egovuz_data.table_download",
            id=package.name if package else resource["package_id"],
            _external=True,
            **params,
        ),
    }
    if context.get("egovuz_stream"):
        from ckanext.dcat.utils import dataset_uri

        pkg_dict = {"id": resource["package_id"]}
        if package:
            pkg_dict.update(
                {
                    "id": package.id,
                    # Package.extras: CKAN's public key → value view (2.11 deletes
                    # removed extras, it no longer marks them)
                    "extras": [{"key": k, "value": v} for k, v in package.extras.items()],
                }
            )
        meta = {"dataset_iri": dataset_uri(pkg_dict), "sheet": base}
        result["stream"] = writers.WRITERS[fmt](eq, meta)
    return result


def _package_by_code(code: str):
    q = (
        model.Session.query(model.Package)
        .join(model.PackageExtra, model.PackageExtra.package_id == model.Package.id)
        .filter(model.PackageExtra.key == "dataset_code")
        .filter(model.PackageExtra.value == str(code))
        .filter(model.PackageExtra.state == "active")
        .filter(model.Package.state == "active")
    )
    return q.first()


@tk.side_effect_free
def egovuz_data_by_code(context, data_dict):
    """Rows of a dataset's table by its stable dataset code (the portal's v1 data API).

    :param code: the dataset code (the passport's Dataset ID)
    :param resource_id: which tabular resource (default: the first in the DataStore)
    :param limit: rows (default 100), :param offset: rows to skip
    :param lang: uz, uz_Cyrl, ru or en: language of the title
    :param q: full-text query; :param filters: JSON object column → value;
    :param sort: e.g. "year desc"
    """
    data = _validate(data_dict, schemas.data_by_code_schema(), context)
    package = _package_by_code(data["code"])
    unknown = tk._("No dataset with code {code}").format(code=data["code"])
    if package is None:
        raise tk.ObjectNotFound(unknown)
    try:
        tk.check_access("egovuz_data_by_code", context, dict(data, package_id=package.id))
    except tk.NotAuthorized:
        # the same answer as for an unused code: codes are sequential, a different answer
        # would let anyone list the private datasets (and their ids) by counting
        raise tk.ObjectNotFound(unknown)
    user_ctx = {
        "user": context.get("user"),
        "auth_user_obj": context.get("auth_user_obj"),
        "ignore_auth": context.get("ignore_auth", False),
    }
    # read from the model objects (the caller's rights were checked just above, as
    # package_show's): package_show would build and dictize the whole dataset (Solr,
    # tracking) for a title and the resource ids, most of this action's time (issue 14)
    extras = dict(package.extras)
    tabular = [
        {"id": r.id}
        for r in sorted(package.resources, key=lambda r: r.position or 0)
        if r.state == "active" and tk.asbool((r.extras or {}).get("datastore_active"))
    ]
    in_datastore = [r["id"] for r in tabular]
    if data.get("resource_id"):
        tabular = [r for r in tabular if r["id"] == data["resource_id"]]
        if not tabular:
            raise tk.ObjectNotFound(tk._("The dataset has no such tabular resource"))
    if not tabular:
        raise tk.ObjectNotFound(
            tk._("The data of this dataset is not tabular (it is not in the DataStore)")
        )
    resource = tabular[0]
    search = {
        "resource_id": resource["id"],
        "limit": data["limit"],
        "offset": data["offset"],
        "include_total": True,
    }
    for key in ("q", "filters", "sort"):
        if data.get(key):
            search[key] = data[key]
    result = table_search.search_page(user_ctx, search)
    hidden = {"_id"} | ({"rank"} if data.get("q") else set())
    result["fields"] = [f for f in result["fields"] if f["id"] not in hidden]
    full_lang = data.get("lang") or "uz"
    lang = full_lang.split("_")[0]
    title = extras.get(f"title_{lang}") if lang != "uz" else None
    if not title and full_lang == "uz_Cyrl":  # Uzbek Cyrillic: the Uzbek title transliterated
        from ...translit import to_cyrillic

        title = to_cyrillic(package.title)
    return {
        "dataset_code": str(extras.get("dataset_code") or data["code"]),
        "dataset_id": package.id,
        "title": title or package.title,
        "resource_id": resource["id"],
        "resources": in_datastore,
        "fields": [
            {
                "name": f["id"],
                "type": f.get("type"),
                "label": (f.get("info") or {}).get("label") or "",
            }
            for f in result["fields"]
        ],
        "records": [{k: v for k, v in rec.items() if k not in hidden} for rec in result["records"]],
        "total": result.get("total", 0),
        "limit": data["limit"],
        "offset": data["offset"],
    }


def get_actions():
    return {
        "egovuz_structure_show": egovuz_structure_show,
        "egovuz_export": egovuz_export,
        "egovuz_data_by_code": egovuz_data_by_code,
    }
