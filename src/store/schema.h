/* schema.h -- the register's tables, as migrations applied in order on open.
 *
 * Migration N brings a register from schema N-1 to N. Never edit a shipped
 * migration: add the next one. The SQL is kept portable (no SQLite-only
 * types or functions) since PostgreSQL follows. Dates are TEXT YYYY-MM-DD,
 * moments TEXT YYYY-MM-DDTHH:MM:SS.ffffffZ (fixed width, so they sort). */
#ifndef OVERSIGHT_SCHEMA_H
#define OVERSIGHT_SCHEMA_H

static const char *const SCHEMA_MIGRATIONS[] = {
    /* 1: the register */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE sources(id INTEGER PRIMARY KEY);"
    "CREATE TABLE source_versions(seq INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES sources(id), title TEXT NOT NULL, body TEXT,"
    " kind TEXT, scope TEXT, published TEXT, assurance TEXT, marking TEXT,"
    " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX source_versions_source ON source_versions(source_id, seq);"
    "CREATE INDEX source_versions_title ON source_versions(title);"
    "CREATE TABLE actions(id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE);"
    "CREATE TABLE action_versions(seq INTEGER PRIMARY KEY,"
    " action_id INTEGER NOT NULL REFERENCES actions(id),"
    " source_id INTEGER NOT NULL REFERENCES sources(id), kind TEXT NOT NULL, text TEXT NOT NULL,"
    " owner TEXT, directorate TEXT, theme TEXT, risk TEXT, scope TEXT, marking TEXT, issued TEXT,"
    " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX action_versions_action ON action_versions(action_id, seq);"
    "CREATE TABLE due_changes(seq INTEGER PRIMARY KEY,"
    " action_id INTEGER NOT NULL REFERENCES actions(id), effective TEXT, due TEXT NOT NULL,"
    " reason TEXT, agreed_by TEXT, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX due_changes_action ON due_changes(action_id, seq);"
    "CREATE TABLE updates(seq INTEGER PRIMARY KEY,"
    " action_id INTEGER NOT NULL REFERENCES actions(id), date TEXT NOT NULL,"
    " status TEXT NOT NULL, note TEXT, by_name TEXT, reason TEXT, by_ref TEXT,"
    " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX updates_action ON updates(action_id, date, seq);"
    "CREATE TABLE update_voids(seq INTEGER PRIMARY KEY,"
    " update_seq INTEGER NOT NULL UNIQUE REFERENCES updates(seq), reason TEXT NOT NULL,"
    " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE TABLE setting_versions(seq INTEGER PRIMARY KEY, key TEXT NOT NULL,"
    " value TEXT NOT NULL, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX setting_versions_key ON setting_versions(key, seq);"
    "CREATE TABLE point_versions(seq INTEGER PRIMARY KEY, committee TEXT NOT NULL,"
    " date TEXT NOT NULL, label TEXT, removed INTEGER NOT NULL DEFAULT 0,"
    " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX point_versions_key ON point_versions(committee, date, seq);",
    /* 2: the inspection programme: inspections undertaken, due, and reports
     * expected, each item versioned like everything else */
    "CREATE TABLE programme_versions(seq INTEGER PRIMARY KEY, item_id INTEGER NOT NULL,"
    " title TEXT NOT NULL, kind TEXT, fieldwork_start TEXT, fieldwork_end TEXT,"
    " expected TEXT, status TEXT, note TEXT, removed INTEGER NOT NULL DEFAULT 0,"
    " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX programme_versions_item ON programme_versions(item_id, seq);"
    "CREATE INDEX programme_versions_title ON programme_versions(title);",
};

#define SCHEMA_VERSION ((int)(sizeof SCHEMA_MIGRATIONS / sizeof SCHEMA_MIGRATIONS[0]))

/* The tables a dump holds, in the order restore must insert them. */
static const char *const SCHEMA_DUMP_TABLES[] = {
    "meta",      "sources",      "source_versions",  "actions",        "action_versions",
    "due_changes", "updates",    "update_voids",     "setting_versions", "point_versions",
    "programme_versions",
};

#endif
