"""What a publisher reads when a load fails: one sentence in their language, never a
traceback (issue 11, item 8).

The worker has no reader, so it stores the English message id and its parameters;
the status actions translate them into the language of whoever asks. The traceback
goes to the worker's log only."""

from __future__ import annotations

import json

from ckan.plugins import toolkit as tk
from ckanext.xloader.job_exceptions import JobError


def N_(msgid: str) -> str:
    """Marks a message for extraction; translated when shown (`translate`)."""
    return msgid


INTERNAL = N_(
    "The file could not be loaded because of an error on the portal. The "
    "portal's administrators can see the details in its log; please try again "
    "later."
)

NOT_A_TABLE = N_(
    "The file could not be loaded into a table: check that it is a CSV, XLSX, "
    "XLS or ODS file with one header row, then upload it again."
)
TIMED_OUT = N_(
    "Loading the file took too long and was stopped: try again later, or split "
    "the file into smaller ones."
)
STOPPED = N_(
    "The load stopped before it finished (its job worker was stopped); the "
    "previous data is still served. Load the file again."
)


class PublisherError(JobError):
    """A load refused or failed for a reason the publisher can act on."""

    def __init__(self, msgid: str, _text: str | None = None, **params):
        self.msgid = msgid
        self.text = _text  # an already written sentence (e.g. the loader's), kept as is
        self.params = {k: (v if isinstance(v, (int, float)) else str(v)) for k, v in params.items()}
        super().__init__(_text if _text is not None else msgid.format(**self.params))

    def stored(self) -> str:
        if self.text is not None:
            return self.text
        return json.dumps({"msgid": self.msgid, "params": self.params}, ensure_ascii=False)


def translate(stored: str | None) -> str | None:
    """A stored error (`PublisherError.stored()` or plain text) in the current language."""
    if not stored or not stored.startswith('{"msgid"'):
        return stored
    try:
        data = json.loads(stored)
        msgid, params = data.get("msgid"), data.get("params") or {}
        return tk._(msgid).format(**params)
    except (ValueError, KeyError, IndexError, TypeError):
        return stored


def publisher_error(e: BaseException) -> PublisherError:
    """``e`` as the publisher should see it: our own messages as they are, a loader's
    message as it is, anything else as one sentence saying it was the portal's fault."""
    if isinstance(e, PublisherError):
        return e
    from . import loader
    from ckanext.xloader.job_exceptions import (
        FileCouldNotBeLoadedError,
        HTTPError,
        LoaderError,
        XLoaderTimeoutError,
    )

    if isinstance(e, loader.LoadError):
        return PublisherError("", _text=str(e))
    if isinstance(e, XLoaderTimeoutError):
        return PublisherError(TIMED_OUT)
    if isinstance(e, (LoaderError, FileCouldNotBeLoadedError)) or (
        isinstance(e, JobError) and not isinstance(e, HTTPError)
    ):
        # xloader's own loader (XLS, ODS) refusing the file; the details go to the log
        return PublisherError(NOT_A_TABLE)
    return PublisherError(INTERNAL)
