"""Full-text search over tickets (T7): what is indexed, how the index is kept, how it is asked.

One row per ticket in `tickets_ticketsearch` (docs/decisions/0041-full-text-search.md):
- `document`: the subject, the customer's name and email, the description and the public replies;
- `notes`: the internal notes, searched for staff only (a customer must not find a ticket by a note).

PostgreSQL keeps two `tsvector` columns with GIN indexes, stemmed in the ticket's language (German for
`de…`, else English); a search asks in both languages, since the searcher's words may be either.
SQLite keeps an FTS5 table (Porter stemming, English only) with the ticket id as its rowid.
Database triggers keep the row in step with every writer (services, imports, `dispatchdesk generate`'s
bulk rows), in the writer's transaction. Any text is a valid search: it gives tickets or none.
"""

# Every statement here is built from this module's constants; what people type travels only as a parameter.
# ruff: noqa: S608, S611

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.db.models.expressions import RawSQL

TABLE = "tickets_ticketsearch"
# PostgreSQL's bigint: a longer run of digits cannot be a ticket number (and must not reach the database).
_LARGEST_NUMBER = 2**63 - 1
_WORD = re.compile(r"\w+")


# Up to this many matches, a search names its tickets by id: the database fetches just those and sorts them.
# Beyond it, matches are dense enough (0.1 % of a million) that walking the list's order and keeping the
# matching tickets finds a page quickly. A planner left to choose alone may walk for a rare combination of
# common words, which it takes for dense, through every ticket (docs/decisions/0041).
FEW = 1000


def search_match(query: str, *, include_notes: bool) -> Q:
    """The tickets whose text matches `query` (all its words, stemmed), or whose number it is."""
    sql, params = _matching_ids(query, include_notes=include_notes)
    few = _first_ids(sql, params, FEW + 1)
    match = Q(pk__in=few) if len(few) <= FEW else Q(pk__in=RawSQL(sql, params))
    digits = query.strip()
    if digits.isascii() and digits.isdigit() and int(digits) <= _LARGEST_NUMBER:
        match |= Q(number=int(digits))
    return match


def _matching_ids(query: str, *, include_notes: bool) -> tuple[str, list[str]]:
    """The SQL of the matching ticket ids, and its parameters."""
    if connection.vendor == "postgresql":
        asked = "(websearch_to_tsquery('english', %s) || websearch_to_tsquery('german', %s))"
        where = f"document @@ {asked}" + (f" OR notes @@ {asked}" if include_notes else "")
        params = [query] * (4 if include_notes else 2)
        return f"SELECT ticket_id FROM {TABLE} WHERE {where}", params
    words = _WORD.findall(query)
    if not words:
        return "SELECT NULL WHERE 0", []
    return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [_fts5_query(words, include_notes)]


def _first_ids(sql: str, params: list[str], limit: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT %s", [*params, limit])
        return [row[0] for row in cursor.fetchall() if row[0] is not None]


def _fts5_query(words: list[str], include_notes: bool) -> str:
    """Every word as a quoted FTS5 string (no operator survives quoting), all required."""
    column = "" if include_notes else "document : "
    return " AND ".join(f'{column}"{word}"' for word in words)


# --- keeping the index: installed by the migration and again after every `migrate` ------------------------

# The text of a ticket, as SQL over tickets `t` and their customers `c` (the same on both databases).
_REPLIES = "(SELECT {agg} FROM tickets_message m WHERE m.ticket_id = t.id AND m.kind = '{kind}')"


def _text(kind: str, agg: str) -> str:
    return _REPLIES.format(agg=agg, kind=kind)


def install(schema_connection: BaseDatabaseWrapper | Any = None, *, rebuild: bool = False) -> None:
    """Create the search table, its index and triggers where missing; `rebuild` refills every row."""
    wrapper = schema_connection or connection
    statements = _postgres(rebuild) if wrapper.vendor == "postgresql" else _sqlite(rebuild)
    with wrapper.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall_triggers(schema_connection: BaseDatabaseWrapper | Any = None) -> None:
    """Drop the triggers: before a bulk load (which fills the index once, by `install(rebuild=True)`), and on
    SQLite before a migration: Django rebuilds a table to alter it, and SQLite refuses to rename the rebuilt
    table while a trigger elsewhere names the one just dropped."""
    wrapper = schema_connection or connection
    on = wrapper.vendor == "postgresql"
    with wrapper.cursor() as cursor:
        for name, table in _TRIGGERS.items():
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if on else ""))


def uninstall(schema_connection: BaseDatabaseWrapper | Any = None) -> None:
    """Remove the table, its triggers and functions (the migration's way back)."""
    wrapper = schema_connection or connection
    uninstall_triggers(wrapper)
    with wrapper.cursor() as cursor:
        if wrapper.vendor == "postgresql":
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            for name in _TRIGGERS:  # each trigger's function has its name
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
            cursor.execute("DROP FUNCTION IF EXISTS tickets_search_refresh(bigint[])")
            cursor.execute("DROP FUNCTION IF EXISTS tickets_search_config(text)")
        else:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def _postgres(rebuild: bool) -> list[str]:
    document = (
        "to_tsvector(tickets_search_config(t.language), concat_ws(' ', t.subject, c.name, c.email, t.description, "
        + _text("reply", "string_agg(m.body, ' ' ORDER BY m.id)")
        + "))"
    )
    notes = (
        "to_tsvector(tickets_search_config(t.language), coalesce("
        + _text("note", "string_agg(m.body, ' ' ORDER BY m.id)")
        + ", ''))"
    )
    select = f"SELECT t.id, {document}, {notes} FROM tickets_ticket t JOIN customers_contact c ON c.id = t.customer_id"
    upsert = "ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document, notes = excluded.notes"
    statements = [
        f"""CREATE TABLE IF NOT EXISTS {TABLE} (
            ticket_id bigint PRIMARY KEY REFERENCES tickets_ticket (id) ON DELETE CASCADE,
            document tsvector NOT NULL,
            notes tsvector NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS tickets_search_document ON {TABLE} USING gin (document)",
        f"CREATE INDEX IF NOT EXISTS tickets_search_notes ON {TABLE} USING gin (notes)",
        """CREATE OR REPLACE FUNCTION tickets_search_config(language text) RETURNS regconfig
           LANGUAGE sql IMMUTABLE AS $$
             SELECT (CASE WHEN language LIKE 'de%' THEN 'german' ELSE 'english' END)::regconfig $$""",
        f"""CREATE OR REPLACE FUNCTION tickets_search_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
           BEGIN
             INSERT INTO {TABLE} (ticket_id, document, notes) {select} WHERE t.id = ANY(ids) {upsert};
           END $$""",
        *_postgres_trigger(
            "ticket_inserted",
            "AFTER INSERT ON tickets_ticket REFERENCING NEW TABLE AS changed FOR EACH STATEMENT",
            "ARRAY(SELECT id FROM changed)",
        ),
        *_postgres_trigger(
            "ticket_changed",
            "AFTER UPDATE OF subject, description, customer_id, language ON tickets_ticket FOR EACH ROW "
            "WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.description IS DISTINCT FROM NEW.description "
            "OR OLD.customer_id IS DISTINCT FROM NEW.customer_id OR OLD.language IS DISTINCT FROM NEW.language)",
            "ARRAY[NEW.id]",
        ),
        *_postgres_trigger(
            "message_inserted",
            "AFTER INSERT ON tickets_message REFERENCING NEW TABLE AS changed FOR EACH STATEMENT",
            "ARRAY(SELECT DISTINCT ticket_id FROM changed)",
        ),
        *_postgres_trigger(
            "message_changed",
            "AFTER UPDATE OF ticket_id, kind, body ON tickets_message FOR EACH ROW "
            "WHEN (OLD.ticket_id IS DISTINCT FROM NEW.ticket_id OR OLD.kind IS DISTINCT FROM NEW.kind "
            "OR OLD.body IS DISTINCT FROM NEW.body)",
            "ARRAY[OLD.ticket_id, NEW.ticket_id]",
        ),
        *_postgres_trigger("message_deleted", "AFTER DELETE ON tickets_message FOR EACH ROW", "ARRAY[OLD.ticket_id]"),
        *_postgres_trigger(
            "contact_changed",
            "AFTER UPDATE OF name, email ON customers_contact FOR EACH ROW "
            "WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email)",
            "ARRAY(SELECT id FROM tickets_ticket WHERE customer_id = NEW.id)",
        ),
    ]
    return [*statements, *_postgres_refill()] if rebuild else statements


def _postgres_refill() -> list[str]:
    """Every row at once: the messages grouped in one pass, the GIN indexes built after, not row by row."""
    config = "tickets_search_config(t.language)"
    replies = "string_agg(body, ' ' ORDER BY id) FILTER (WHERE kind = 'reply')"
    notes = "string_agg(body, ' ' ORDER BY id) FILTER (WHERE kind = 'note')"
    return [
        "DROP INDEX IF EXISTS tickets_search_document",
        "DROP INDEX IF EXISTS tickets_search_notes",
        f"TRUNCATE {TABLE}",
        f"""INSERT INTO {TABLE} (ticket_id, document, notes)
            SELECT t.id, to_tsvector({config}, concat_ws(' ', t.subject, c.name, c.email, t.description, m.replies)),
                   to_tsvector({config}, coalesce(m.notes, ''))
            FROM tickets_ticket t JOIN customers_contact c ON c.id = t.customer_id
            LEFT JOIN (SELECT ticket_id, {replies} AS replies, {notes} AS notes FROM tickets_message GROUP BY ticket_id) m
              ON m.ticket_id = t.id""",
        f"CREATE INDEX tickets_search_document ON {TABLE} USING gin (document)",
        f"CREATE INDEX tickets_search_notes ON {TABLE} USING gin (notes)",
    ]


def _postgres_trigger(name: str, when: str, ids: str) -> list[str]:
    function = f"tickets_search_{name}"
    return [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN PERFORM tickets_search_refresh({ids}); RETURN NULL; END $$""",
        f"CREATE OR REPLACE TRIGGER {function} {when} EXECUTE FUNCTION {function}()",
    ]


# Trigger name -> its table (PostgreSQL has no ticket_deleted: its foreign key cascades).
_TRIGGERS = {
    "tickets_search_ticket_inserted": "tickets_ticket",
    "tickets_search_ticket_changed": "tickets_ticket",
    "tickets_search_ticket_deleted": "tickets_ticket",
    "tickets_search_message_inserted": "tickets_message",
    "tickets_search_message_changed": "tickets_message",
    "tickets_search_message_deleted": "tickets_message",
    "tickets_search_contact_changed": "customers_contact",
}


def _sqlite(rebuild: bool) -> list[str]:
    document = (
        "t.subject || ' ' || c.name || ' ' || c.email || ' ' || t.description || ' ' || coalesce("
        + _text("reply", "group_concat(m.body, ' ')")
        + ", '')"
    )
    notes = "coalesce(" + _text("note", "group_concat(m.body, ' ')") + ", '')"

    def refresh(where: str) -> str:
        return (
            f"DELETE FROM {TABLE} WHERE rowid IN (SELECT t.id FROM tickets_ticket t WHERE {where}); "
            + _sqlite_insert(document, notes, where)
            + ";"
        )

    triggers = {
        "ticket_inserted": ("AFTER INSERT ON tickets_ticket", refresh("t.id = NEW.id")),
        "ticket_changed": (
            "AFTER UPDATE OF subject, description, customer_id ON tickets_ticket",
            refresh("t.id = NEW.id"),
        ),
        "ticket_deleted": ("AFTER DELETE ON tickets_ticket", f"DELETE FROM {TABLE} WHERE rowid = OLD.id;"),
        "message_inserted": ("AFTER INSERT ON tickets_message", refresh("t.id = NEW.ticket_id")),
        "message_changed": (
            "AFTER UPDATE OF ticket_id, kind, body ON tickets_message",
            refresh("t.id IN (OLD.ticket_id, NEW.ticket_id)"),
        ),
        "message_deleted": ("AFTER DELETE ON tickets_message", refresh("t.id = OLD.ticket_id")),
        "contact_changed": ("AFTER UPDATE OF name, email ON customers_contact", refresh("t.customer_id = NEW.id")),
    }
    statements = [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE}
            USING fts5(document, notes, tokenize = 'porter unicode61 remove_diacritics 2')""",
        *(
            f"CREATE TRIGGER IF NOT EXISTS tickets_search_{name} {when} BEGIN {body} END"
            for name, (when, body) in triggers.items()
        ),
    ]
    return [*statements, f"DELETE FROM {TABLE}", _sqlite_insert(document, notes, "1")] if rebuild else statements


def _sqlite_insert(document: str, notes: str, where: str) -> str:
    return (
        f"INSERT INTO {TABLE} (rowid, document, notes) SELECT t.id, {document}, {notes} "
        f"FROM tickets_ticket t JOIN customers_contact c ON c.id = t.customer_id WHERE {where}"
    )
