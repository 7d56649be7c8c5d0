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
    /* 3: the people who sign in to the web application, versioned like
     * everything else so the audit log shows every change to a user; their
     * sessions and API tokens (kept only as digests of the secrets); and
     * failed sign-ins, counted per account and per address so the limit
     * holds across worker threads, processes and restarts */
    "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE user_versions(seq INTEGER PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id), name TEXT NOT NULL, role TEXT NOT NULL,"
    " owner_name TEXT, directorate TEXT, email TEXT, clearance TEXT, password_hash TEXT,"
    " disabled INTEGER NOT NULL DEFAULT 0, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX user_versions_user ON user_versions(user_id, seq);"
    "CREATE TABLE sessions(token_hash TEXT PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id), csrf TEXT NOT NULL,"
    " created_at TEXT NOT NULL, expires_at TEXT NOT NULL, ended INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX sessions_user ON sessions(user_id);"
    "CREATE TABLE api_tokens(token_hash TEXT PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users(id), name TEXT NOT NULL,"
    " created_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE login_failures(key TEXT NOT NULL, at TEXT NOT NULL);"
    "CREATE INDEX login_failures_key ON login_failures(key, at);",
    /* 4: performance measures (DESIGN.md section 6): each measure versioned
     * like everything else, with its SPC settings; observations, one row per
     * recording of a period's value, the latest row of a (measure, period)
     * counting and a removed row withdrawing it; and the papers' "Reasons"
     * and "Response" for a measure in a period, the latest counting */
    "CREATE TABLE measures(id INTEGER PRIMARY KEY);"
    "CREATE TABLE measure_versions(seq INTEGER PRIMARY KEY,"
    " measure_id INTEGER NOT NULL REFERENCES measures(id), name TEXT NOT NULL, priority TEXT,"
    " unit TEXT NOT NULL, improvement TEXT NOT NULL, target DOUBLE PRECISION,"
    " frequency TEXT NOT NULL, limits DOUBLE PRECISION, baseline INTEGER, rebases TEXT,"
    " annotations TEXT, numerator_label TEXT, denominator_label TEXT,"
    " removed INTEGER NOT NULL DEFAULT 0, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX measure_versions_measure ON measure_versions(measure_id, seq);"
    "CREATE INDEX measure_versions_name ON measure_versions(name);"
    "CREATE TABLE observations(seq INTEGER PRIMARY KEY,"
    " measure_id INTEGER NOT NULL REFERENCES measures(id), period TEXT NOT NULL,"
    " value DOUBLE PRECISION, denominator DOUBLE PRECISION, removed INTEGER NOT NULL DEFAULT 0,"
    " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX observations_measure ON observations(measure_id, period, seq);"
    "CREATE TABLE narratives(seq INTEGER PRIMARY KEY,"
    " measure_id INTEGER NOT NULL REFERENCES measures(id), period TEXT NOT NULL, reasons TEXT,"
    " response TEXT, recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX narratives_measure ON narratives(measure_id, period, seq);",
    /* 5: evidence on updates: a link, or a file kept in the register (its
     * bytes, the type checked from them, its size and SHA-256) */
    "CREATE TABLE evidence(seq INTEGER PRIMARY KEY,"
    " update_seq INTEGER NOT NULL REFERENCES updates(seq), kind TEXT NOT NULL, url TEXT,"
    " filename TEXT, content_type TEXT, size INTEGER, sha256 TEXT, data BLOB,"
    " recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL);"
    "CREATE INDEX evidence_update ON evidence(update_seq);",
    /* 6: actions drafted from an uploaded report, kept while an editor
     * reviews them: working state like sessions (store/drafts.h), not
     * versioned and not dumped */
    "CREATE TABLE draft_sets(id INTEGER PRIMARY KEY,"
    " source_id INTEGER NOT NULL REFERENCES sources(id), report TEXT NOT NULL, issued TEXT,"
    " created_at TEXT NOT NULL, created_by TEXT NOT NULL, imported_at TEXT,"
    " revision INTEGER NOT NULL);"
    "CREATE INDEX draft_sets_created ON draft_sets(created_at);"
    "CREATE TABLE drafts(set_id INTEGER NOT NULL REFERENCES draft_sets(id),"
    " pos INTEGER NOT NULL, ref TEXT NOT NULL, kind TEXT NOT NULL, number TEXT,"
    " text TEXT NOT NULL, deadline TEXT, due TEXT, addressee TEXT, owner TEXT, section TEXT,"
    " scope TEXT, page INTEGER, duplicate_of TEXT, keep INTEGER NOT NULL,"
    " PRIMARY KEY(set_id, pos));",
    /* 7: the register as it stands, kept by the store as changes arrive
     * (store/state.h): each action's current fields that lists filter and
     * sort on, its target date and status now, its version; the number of
     * actions in each status; the owners and directorates named. Derived
     * from the versions, rebuilt after every migration and restore, not
     * dumped. */
    "CREATE TABLE action_state(action_id INTEGER PRIMARY KEY, ref TEXT NOT NULL,"
    " action_seq INTEGER NOT NULL, source_id INTEGER NOT NULL, kind TEXT, owner TEXT,"
    " directorate TEXT, owner_key TEXT, directorate_key TEXT, restricted INTEGER NOT NULL,"
    " issued TEXT, source_seq INTEGER NOT NULL, due TEXT, due_from TEXT, due_original TEXT,"
    " update_seq INTEGER, status TEXT NOT NULL, status_date TEXT, dated_to TEXT NOT NULL,"
    " note_seq INTEGER, version INTEGER NOT NULL);"
    "CREATE INDEX action_state_ref ON action_state(ref);"
    "CREATE INDEX action_state_source ON action_state(source_id);"
    "CREATE INDEX action_state_owner ON action_state(owner_key);"
    "CREATE INDEX action_state_directorate ON action_state(directorate_key);"
    "CREATE INDEX action_state_issued ON action_state(issued);"
    "CREATE INDEX action_state_dated_to ON action_state(dated_to);"
    "CREATE TABLE action_state_counts(status TEXT NOT NULL, restricted INTEGER NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY(status, restricted));"
    "CREATE TABLE action_state_names(what TEXT NOT NULL, name TEXT NOT NULL,"
    " restricted INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(what, name, restricted));",
    /* 8: the kept state's tables made again as 7 now makes them (a register
     * may have reached 7 while its layout was changing; derived data, so
     * dropped and rebuilt after the migration like every time) */
    "DROP TABLE IF EXISTS action_state; DROP TABLE IF EXISTS action_state_counts;"
    "DROP TABLE IF EXISTS action_state_names;"
    "CREATE TABLE action_state(action_id INTEGER PRIMARY KEY, ref TEXT NOT NULL,"
    " action_seq INTEGER NOT NULL, source_id INTEGER NOT NULL, kind TEXT, owner TEXT,"
    " directorate TEXT, owner_key TEXT, directorate_key TEXT, restricted INTEGER NOT NULL,"
    " issued TEXT, source_seq INTEGER NOT NULL, due TEXT, due_from TEXT, due_original TEXT,"
    " update_seq INTEGER, status TEXT NOT NULL, status_date TEXT, dated_to TEXT NOT NULL,"
    " note_seq INTEGER, version INTEGER NOT NULL);"
    "CREATE INDEX action_state_ref ON action_state(ref);"
    "CREATE INDEX action_state_source ON action_state(source_id);"
    "CREATE INDEX action_state_owner ON action_state(owner_key);"
    "CREATE INDEX action_state_directorate ON action_state(directorate_key);"
    "CREATE INDEX action_state_issued ON action_state(issued);"
    "CREATE INDEX action_state_dated_to ON action_state(dated_to);"
    "CREATE TABLE action_state_counts(status TEXT NOT NULL, restricted INTEGER NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY(status, restricted));"
    "CREATE TABLE action_state_names(what TEXT NOT NULL, name TEXT NOT NULL,"
    " restricted INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(what, name, restricted));",
};

#define SCHEMA_VERSION ((int)(sizeof SCHEMA_MIGRATIONS / sizeof SCHEMA_MIGRATIONS[0]))

/* The tables a dump holds, in the order restore must insert them. */
static const char *const SCHEMA_DUMP_TABLES[] = {
    "meta",      "sources",      "source_versions",  "actions",        "action_versions",
    "due_changes", "updates",    "update_voids",     "setting_versions", "point_versions",
    "programme_versions", "users",   "user_versions",    "api_tokens",
    "measures", "measure_versions", "observations", "narratives",
    "evidence",
};

#endif
