"""The OpenAPI 3 description of the portal's stable data API (served at
/api/egovuz/v1/openapi.json)."""

from __future__ import annotations

from ckan.plugins import toolkit as tk

from .logic.schema import LANGS

ERROR = {
    "type": "object",
    "required": ["success", "error"],
    "properties": {
        "success": {"type": "boolean", "enum": [False]},
        "error": {
            "type": "object",
            "required": ["message"],
            "properties": {
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": True},
            },
        },
    },
}

DATA = {
    "type": "object",
    "required": [
        "dataset_code",
        "dataset_id",
        "title",
        "resource_id",
        "resources",
        "fields",
        "records",
        "total",
        "limit",
        "offset",
    ],
    "properties": {
        "dataset_code": {"type": "string", "description": "The dataset's stable code (ID)"},
        "dataset_id": {"type": "string"},
        "title": {"type": "string", "description": "Title in the requested language"},
        "resource_id": {"type": "string", "description": "The table the rows come from"},
        "resources": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Every tabular resource of the dataset",
        },
        "fields": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "type"],
                "properties": {
                    "name": {"type": "string"},
                    "type": {"type": "string"},
                    "label": {"type": "string"},
                },
            },
        },
        "records": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        "total": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 0},
        "offset": {"type": "integer", "minimum": 0},
    },
}


SCALAR = {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}

# `filters` is a JSON text in the query string (?filters={"year":"2024"}): declared with
# `content`, as OpenAPI 3.0 describes a parameter serialized as JSON.
FILTERS = {
    "name": "filters",
    "in": "query",
    "required": False,
    "description": "Rows whose columns have these values: a JSON object column → value "
    'or list of values, e.g. {"year": "2024"}. A column the table does '
    "not have is a 400. The same filter as repeated ?f.<column>=value.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "additionalProperties": {"oneOf": [SCALAR, {"type": "array", "items": SCALAR}]},
            }
        }
    },
}


def document() -> dict:
    site = tk.config.get("ckan.site_url", "").rstrip("/")
    param = lambda name, schema, desc, required=False, where="query": {  # noqa: E731
        "name": name,
        "in": where,
        "required": required,
        "description": desc,
        "schema": schema,
    }
    errors = {
        code: {
            "description": desc,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code, desc in (
            ("400", "Invalid parameter (the error's `fields` name which, and why)"),
            ("403", "A private dataset, without a token of a user who may read it"),
            ("404", "No dataset with this code, or it has no table in the DataStore"),
        )
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "data.egov.uz open data API",
            "version": "1.0.0",
            "description": "Rows of the portal's datasets by their stable dataset code. "
            "Public datasets need no token; private ones need an API "
            "token in the Authorization header.",
        },
        "servers": [{"url": site + "/api/egovuz/v1"}],
        "components": {
            "schemas": {"Data": DATA, "Error": ERROR},
            "securitySchemes": {
                "apiToken": {"type": "apiKey", "in": "header", "name": "Authorization"}
            },
        },
        "security": [{}, {"apiToken": []}],
        "paths": {
            "/datasets/{code}/data": {
                "get": {
                    "operationId": "getDatasetData",
                    "summary": "Rows of a dataset's table",
                    "description": "Only GET (HEAD and OPTIONS too): another method is a 405 "
                    "whose `Allow` header lists these. Every error is the "
                    "JSON Error object.",
                    "parameters": [
                        param("code", {"type": "string"}, "Dataset code", True, "path"),
                        param(
                            "limit",
                            {"type": "integer", "minimum": 0, "default": 100},
                            "Rows to return (at most ckan.datastore.search.rows_max, "
                            "32000 by default: more are cut to it)",
                        ),
                        param(
                            "offset",
                            {"type": "integer", "minimum": 0, "default": 0},
                            "Rows to skip",
                        ),
                        param(
                            "lang",
                            {"type": "string", "enum": list(LANGS)},
                            "Language of the title (default uz)",
                        ),
                        param(
                            "resource_id",
                            {"type": "string"},
                            "Which table (default: the dataset's first)",
                        ),
                        param("q", {"type": "string"}, "Full-text query over all columns"),
                        FILTERS,
                        param(
                            "sort",
                            {"type": "string"},
                            'Columns with asc/desc, comma-separated, e.g. "year desc"; '
                            "an unknown column is a 400",
                        ),
                    ],
                    "responses": dict(
                        {
                            "200": {
                                "description": "Rows",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Data"}
                                    }
                                },
                            }
                        },
                        **errors,
                    ),
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This description (OpenAPI 3.0)",
                    "security": [{}],
                    "responses": {
                        "200": {
                            "description": "The OpenAPI document",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "required": ["openapi", "paths"]}
                                }
                            },
                        }
                    },
                }
            },
        },
    }
