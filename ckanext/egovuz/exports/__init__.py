"""Streamed exports of DataStore tables (S-TABLE downloads): CSV, JSON, XML, XLSX, Turtle,
RDF/XML. Rows come from a server-side cursor with the same filters, full-text query and sort
as `datastore_search`; nothing holds the whole table in memory."""
