/* sqlite.c -- the register on SQLite: schema, migrations, every query.
 *
 * One connection per process, WAL mode, foreign keys on. Statements used in
 * loops (imports) are prepared once and kept in struct store. The change
 * counter (seq) is read when a transaction begins and written back once when
 * it commits, so every row of a transaction gets the next number without a
 * second write per row. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/xalloc.h"
#include "store/schema.h"
#include "store/sql.h"
#include "store/state.h"
#include "store/store.h"

/* Statements kept for the life of the connection. */
enum stmt_id {
    Q_UPDATE_ADD,
    Q_ACTION_NEW,
    Q_ACTION_VERSION,
    Q_SOURCE_NEW,
    Q_SOURCE_VERSION,
    Q_DUE_ADD,
    Q_UPDATE_NOTE,
    Q_STATE_NEW,
    Q_STATE_ACTION,
    Q_STATE_SOURCE,
    Q_STATE_SOURCE_MARKING,
    Q_STATE_GET,
    Q_STATE_VERSION,
    Q_STATE_DUE,
    Q_STATE_STATUS,
    Q_STATE_COUNT_OUT,
    Q_STATE_COUNT_IN,
    Q_STATE_NAMES_OUT,
    Q_STATE_NAMES_IN,
    Q_STATE_COUNTS,
    Q_STATE_NOTE,
    Q_STATE_NOTE_VOID,
    Q_STATE_OF_UPDATE,
    Q_STATE_LATEST,
    Q_STATE_NAMES,
    Q__COUNT
};

static const char *const STMT_SQL[Q__COUNT] = {
    [Q_UPDATE_ADD] = "INSERT INTO updates(seq, action_id, date, status, note, by_name, reason,"
                     " by_ref, recorded_at, recorded_by) VALUES(?,?,?,?,?,?,?,?,?,?)",
    [Q_ACTION_NEW] = "INSERT INTO actions(id, ref) VALUES(?,?)",
    [Q_ACTION_VERSION] = "INSERT INTO action_versions(seq, action_id, source_id, kind, text, owner,"
                         " directorate, theme, risk, scope, marking, issued, recorded_at,"
                         " recorded_by) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [Q_SOURCE_NEW] = "INSERT INTO sources(id) VALUES(?)",
    [Q_SOURCE_VERSION] = "INSERT INTO source_versions(seq, source_id, title, body, kind, scope,"
                         " published, assurance, marking, recorded_at, recorded_by)"
                         " VALUES(?,?,?,?,?,?,?,?,?,?,?)",
    [Q_DUE_ADD] = "INSERT INTO due_changes(seq, action_id, effective, due, reason, agreed_by,"
                  " recorded_at, recorded_by) VALUES(?,?,?,?,?,?,?,?)",
    [Q_UPDATE_NOTE] = "SELECT note FROM updates WHERE seq = ?",
    /* the kept state (state.h); a row's counts and names are taken out
     * before it changes and put back after */
    [Q_STATE_NEW] = "INSERT INTO action_state(action_id, action_seq, source_id, kind, owner,"
                    " directorate, owner_key, directorate_key, restricted, issued, source_seq, ref,"
                    " status, dated_to, version) SELECT ?1, ?2, ?3, ?4, ?5, ?6,"
                    " lower(trim(?5, ' \t')), lower(trim(?6, ' \t')), CASE WHEN ?8 ="
                    " 'restricted' OR sv.marking = 'restricted' THEN 1 ELSE 0 END,"
                    " COALESCE(?7, sv.published), sv.seq, ?9, 'white', '', ?2"
                    " FROM source_versions sv WHERE sv.seq = (SELECT max(z.seq) FROM"
                    " source_versions z WHERE z.source_id = ?3)",
    [Q_STATE_ACTION] = "UPDATE action_state SET action_seq = ?2, source_id = ?3, kind = ?4,"
                       " owner = ?5, directorate = ?6, owner_key = lower(trim(?5, ' \t')),"
                       " directorate_key = lower(trim(?6, ' \t')), restricted = (SELECT CASE"
                       " WHEN ?8 = 'restricted' OR sv.marking = 'restricted' THEN 1 ELSE 0 END"
                       " FROM source_versions sv WHERE sv.seq = (SELECT max(z.seq) FROM"
                       " source_versions z WHERE z.source_id = ?3)), issued = COALESCE(?7,"
                       " (SELECT sv.published FROM source_versions sv WHERE sv.seq = (SELECT"
                       " max(z.seq) FROM source_versions z WHERE z.source_id = ?3))),"
                       " source_seq = (SELECT max(z.seq) FROM source_versions z"
                       " WHERE z.source_id = ?3), version = ?2 WHERE action_id = ?1",
    [Q_STATE_SOURCE] = "UPDATE action_state SET issued = COALESCE((SELECT v.issued FROM"
                       " action_versions v WHERE v.seq = action_state.action_seq), ?2),"
                       " source_seq = ?3 WHERE source_id = ?1",
    [Q_STATE_SOURCE_MARKING] = "SELECT count(*) FROM action_state st JOIN action_versions v"
                               " ON v.seq = st.action_seq WHERE st.source_id = ?1 AND"
                               " st.restricted <> CASE WHEN v.marking = 'restricted' OR ?2 ="
                               " 'restricted' THEN 1 ELSE 0 END",
    [Q_STATE_GET] = "SELECT update_seq, status, status_date, due, due_from, version"
                    " FROM action_state WHERE action_id = ?1",
    [Q_STATE_VERSION] = "UPDATE action_state SET version = ?2 WHERE action_id = ?1",
    [Q_STATE_DUE] = "UPDATE action_state SET due = ?2, due_from = ?3, version = ?4,"
                    " due_original = COALESCE(due_original, ?2),"
                    " dated_to = max(COALESCE(status_date, ''), COALESCE(?3, ''))"
                    " WHERE action_id = ?1",
    [Q_STATE_STATUS] = "UPDATE action_state SET update_seq = ?2, status = ?3, status_date = ?4,"
                       " dated_to = max(COALESCE(?4, ''), COALESCE(due_from, '')), version = ?5"
                       " WHERE action_id = ?1",
    [Q_STATE_COUNT_OUT] = "UPDATE action_state_counts SET n = n - 1 WHERE EXISTS (SELECT 1"
                          " FROM action_state st WHERE st.action_id = ?1 AND st.status ="
                          " action_state_counts.status AND st.restricted ="
                          " action_state_counts.restricted)",
    [Q_STATE_COUNT_IN] = "UPDATE action_state_counts SET n = n + 1 WHERE EXISTS (SELECT 1"
                         " FROM action_state st WHERE st.action_id = ?1 AND st.status ="
                         " action_state_counts.status AND st.restricted ="
                         " action_state_counts.restricted)",
    [Q_STATE_NAMES_OUT] = "UPDATE action_state_names SET n = n - 1 WHERE EXISTS (SELECT 1 FROM"
                          " action_state st WHERE st.action_id = ?1 AND st.restricted ="
                          " action_state_names.restricted AND ((action_state_names.what ="
                          " 'owner' AND st.owner = action_state_names.name) OR"
                          " (action_state_names.what = 'directorate' AND st.directorate ="
                          " action_state_names.name)))",
    [Q_STATE_NAMES_IN] = "INSERT INTO action_state_names(what, name, restricted, n)"
                         " SELECT w, nm, r, 1 FROM (SELECT 'owner' AS w, owner AS nm,"
                         " restricted AS r FROM action_state WHERE action_id = ?1 UNION ALL"
                         " SELECT 'directorate', directorate, restricted FROM action_state"
                         " WHERE action_id = ?1) t WHERE nm IS NOT NULL"
                         " ON CONFLICT(what, name, restricted) DO UPDATE SET n = n + 1",
    [Q_STATE_COUNTS] = "SELECT status, restricted, n FROM action_state_counts",
    [Q_STATE_NOTE] = "UPDATE action_state SET note_seq = ?2 WHERE action_id = ?1 AND"
                     " (note_seq IS NULL OR (SELECT u.date FROM updates u WHERE u.seq = note_seq)"
                     " <= ?3)",
    [Q_STATE_NOTE_VOID] = "UPDATE action_state SET note_seq = (SELECT w.seq FROM updates w"
                          " WHERE w.action_id = ?1 AND w.note IS NOT NULL AND NOT EXISTS (SELECT 1"
                          " FROM update_voids x WHERE x.update_seq = w.seq) ORDER BY w.date DESC,"
                          " w.seq DESC LIMIT 1) WHERE action_id = ?1 AND note_seq = ?2",
    [Q_STATE_OF_UPDATE] = "SELECT action_id FROM updates WHERE seq = ?1",
    [Q_STATE_LATEST] = "SELECT seq, status, date FROM updates w WHERE w.action_id = ?1"
                       " AND NOT EXISTS (SELECT 1 FROM update_voids x WHERE x.update_seq = w.seq)"
                       " ORDER BY w.date DESC, w.seq DESC LIMIT 1",
    [Q_STATE_NAMES] = "SELECT name FROM action_state_names WHERE what = ?1 AND n > 0"
                      " AND (?2 = 1 OR restricted = 0) GROUP BY name ORDER BY lower(name), name",
};

/* Past this many changes to the kept state in one transaction (an import),
 * it is rebuilt once at commit rather than kept row by row: a rebuild of
 * 100,000 actions takes under a second, a million row-by-row changes
 * several. */
#define STATE_BULK 2000
/* Statements reading the kept state, one per combination of filters used. */
#define NOW_CACHE 16
/* Statements kept by their SQL (store_stmt): those every request runs. */
#define STMT_CACHE 32

struct store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[Q__COUNT];
    int in_tx;
    int64_t seq, seq_at_begin;
    char who[128];
    char now[MOMENT_BUFSZ];
    /* The kept state (state.h): changes kept row by row in this
     * transaction, whether it is to be rebuilt at commit instead, and the
     * statements that read it. */
    size_t state_ops;
    int state_stale;
    struct {
        unsigned key;
        sqlite3_stmt *st;
    } reads[NOW_CACHE];
    size_t reads_next;
    /* Preparing a statement costs more than running most of them: those
     * every web request runs are kept with the connection (store_stmt). */
    struct {
        char *sql;
        sqlite3_stmt *st;
        int busy;
    } cache[STMT_CACHE];
    size_t cache_next;
};

/* Keeping the state, in the last section of this file. */
static int state_rebuild(struct store *s, struct err *e);
static void state_reset(struct store *s);
static int state_action(struct store *s, const struct action *act, int is_new, struct err *e);
static int state_source(struct store *s, const struct source *src, struct err *e);
static int state_due(struct store *s, const struct due_change *d, struct err *e);
static int state_update(struct store *s, const struct update *u, struct err *e);
static int state_void(struct store *s, int64_t update_seq, int64_t void_seq, struct err *e);

/* The latest recorded moment: "everything recorded". */
#define MOMENT_END "9999-12-31T23:59:59.999999Z"

static int db_error(struct store *s, struct err *e, const char *what)
{
    return err_set(e, ERR_DB, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static int exec(struct store *s, const char *sql, struct err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        err_set(e, ERR_DB, "%s: %s", s->path, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return ERR_DB;
    }
    return 0;
}

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, struct err *e)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
        return db_error(s, e, "prepare");
    return 0;
}

static sqlite3_stmt *kept(struct store *s, enum stmt_id id, struct err *e)
{
    if (!s->stmt[id] && prepare(s, STMT_SQL[id], &s->stmt[id], e))
        return NULL;
    sqlite3_reset(s->stmt[id]);
    sqlite3_clear_bindings(s->stmt[id]);
    return s->stmt[id];
}

/* A statement kept by its SQL text, for queries run on every request (and
 * for users.c): prepared on first use, reset when given back with
 * store_stmt_done. One already in use (a nested call) is prepared afresh
 * and finalized when given back. */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct err *e);
void store_stmt_done(struct store *s, sqlite3_stmt *st);

sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct err *e)
{
    sqlite3_stmt *st = NULL;
    size_t slot;
    for (size_t i = 0; i < STMT_CACHE; i++)
        if (s->cache[i].sql && strcmp(s->cache[i].sql, sql) == 0) {
            if (s->cache[i].busy)
                return prepare(s, sql, &st, e) ? NULL : st;
            s->cache[i].busy = 1;
            return s->cache[i].st;
        }
    if (prepare(s, sql, &st, e))
        return NULL;
    for (size_t tries = 0; tries < STMT_CACHE; tries++) {
        slot = s->cache_next++ % STMT_CACHE;
        if (s->cache[slot].busy)
            continue;
        sqlite3_finalize(s->cache[slot].st);
        free(s->cache[slot].sql);
        s->cache[slot].sql = xstrdup(sql);
        s->cache[slot].st = st;
        s->cache[slot].busy = 1;
        break;
    }
    return st;
}

void store_stmt_done(struct store *s, sqlite3_stmt *st)
{
    for (size_t i = 0; i < STMT_CACHE; i++)
        if (s->cache[i].st == st && st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            s->cache[i].busy = 0;
            return;
        }
    sqlite3_finalize(st);
}

static void bind_word(sqlite3_stmt *st, int i, const struct vocab *v, int value)
{
    sql_bind_text(st, i, value ? vocab_name(v, value) : NULL);
}

static void bind_date(sqlite3_stmt *st, int i, int32_t d)
{
    char buf[DATE_BUFSZ];
    if (d == DATE_NONE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_text(st, i, date_format(d, buf), -1, SQLITE_TRANSIENT);
}

static int32_t col_date(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    int32_t d;
    if (!t || date_parse((const char *)t, (size_t)sqlite3_column_bytes(st, i), &d))
        return DATE_NONE;
    return d;
}

static int64_t next_seq(struct store *s)
{
    return ++s->seq;
}

/* ---- opening ---------------------------------------------------------- */

static int schema_version(struct store *s, int *version, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *version = 0;
    if (prepare(s, "SELECT count(*) FROM sqlite_master WHERE name = 'meta'", &st, e))
        return ERR_DB;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0) {
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_finalize(st);
    if (prepare(s, "SELECT value FROM meta WHERE key = 'schema'", &st, e))
        return ERR_DB;
    if (sqlite3_step(st) == SQLITE_ROW)
        *version = atoi((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return 0;
}

static int migrate(struct store *s, int from, struct err *e)
{
    char sql[128];
    if (exec(s, "BEGIN IMMEDIATE", e))
        return ERR_DB;
    for (int v = from; v < SCHEMA_VERSION; v++) {
        if (exec(s, SCHEMA_MIGRATIONS[v], e))
            goto fail;
    }
    /* The kept state is derived: whatever a migration changed, rebuilt. */
    if (state_rebuild(s, e))
        goto fail;
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO meta(key, value) VALUES('schema', '%d');"
             "INSERT OR IGNORE INTO meta(key, value) VALUES('seq', '0');",
             SCHEMA_VERSION);
    if (exec(s, sql, e) || exec(s, "COMMIT", e))
        goto fail;
    return 0;
fail:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return ERR_DB;
}

int store_open(struct store **out, const char *target, enum store_open_mode mode, struct err *e)
{
    struct store *s = xcalloc(1, sizeof *s);
    int version, rc = ERR_DB;
    int exists = access(target, F_OK) == 0;

    s->path = xstrdup(target);
    snprintf(s->who, sizeof s->who, "unknown");
    moment_format(moment_now(), s->now);
    if (mode == STORE_EXISTING && !exists) {
        rc = err_set(e, ERR_NOTFOUND, "%s: no register here (create one with: oversight init)",
                     target);
        goto fail;
    }
    if (sqlite3_open_v2(target, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                            (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0),
                        NULL) != SQLITE_OK) {
        rc = err_set(e, ERR_IO, "%s: cannot open: %s", target,
                     s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /* A file that is not a database fails here, on the first read. */
    if (exec(s, "PRAGMA journal_mode=WAL", e)) {
        rc = err_set(e, ERR_INPUT, "%s: not an oversight register (%s)", target,
                     sqlite3_errmsg(s->db));
        goto fail;
    }
    if (exec(s, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
                "PRAGMA cache_size=-32768; PRAGMA temp_store=FILE",
             e))
        goto fail;
    if (schema_version(s, &version, e))
        goto fail;
    if (version > SCHEMA_VERSION) {
        rc = err_set(e, ERR_INPUT,
                     "%s: this register was written by a newer oversight (schema %d; this "
                     "program knows up to %d): upgrade oversight",
                     target, version, SCHEMA_VERSION);
        goto fail;
    }
    if (mode == STORE_CREATE && version > 0) {
        rc = err_set(e, ERR_CONFLICT, "%s: a register already exists here", target);
        goto fail;
    }
    if (mode == STORE_EXISTING && version == 0) {
        rc = err_set(e, ERR_INPUT, "%s: not an oversight register (create one with: oversight init)",
                     target);
        goto fail;
    }
    if (version < SCHEMA_VERSION && migrate(s, version, e))
        goto fail;
    *out = s;
    return 0;
fail:
    store_close(s);
    return rc;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    for (int i = 0; i < Q__COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    for (int i = 0; i < NOW_CACHE; i++)
        sqlite3_finalize(s->reads[i].st);
    for (int i = 0; i < STMT_CACHE; i++) {
        sqlite3_finalize(s->cache[i].st);
        free(s->cache[i].sql);
    }
    if (s->in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

void store_set_actor(struct store *s, const char *who, int64_t now)
{
    snprintf(s->who, sizeof s->who, "%s", who && *who ? who : "unknown");
    moment_format(now, s->now);
}

const char *store_actor(const struct store *s)
{
    return s->who;
}

const char *store_now(const struct store *s)
{
    return s->now;
}

/* ---- transactions ----------------------------------------------------- */

/* Opens a transaction with sql ("BEGIN IMMEDIATE" to write, "BEGIN" to read)
 * and reads the change counter the transaction's rows continue from. */
static int begin(struct store *s, const char *sql, struct err *e)
{
    sqlite3_stmt *st = NULL;
    if (s->in_tx)
        return err_set(e, ERR_DB, "%s: a transaction is already open", s->path);
    if (exec(s, sql, e))
        return ERR_DB;
    s->in_tx = 1;
    state_reset(s);
    if (!(st = store_stmt(s, "SELECT value FROM meta WHERE key = 'seq'", e)))
        goto fail;
    if (sqlite3_step(st) != SQLITE_ROW) {
        store_stmt_done(s, st);
        db_error(s, e, "change counter missing");
        goto fail;
    }
    s->seq = s->seq_at_begin = sqlite3_column_int64(st, 0);
    store_stmt_done(s, st);
    return 0;
fail:
    store_rollback(s);
    return ERR_DB;
}

int store_begin(struct store *s, struct err *e)
{
    return begin(s, "BEGIN IMMEDIATE", e);
}

int store_commit(struct store *s, struct err *e)
{
    sqlite3_stmt *st = NULL;
    if (!s->in_tx)
        return err_set(e, ERR_DB, "%s: no transaction open", s->path);
    if (s->state_stale && state_rebuild(s, e))
        goto fail;
    if (s->seq != s->seq_at_begin) {
        if (!(st = store_stmt(s, "UPDATE meta SET value = ? WHERE key = 'seq'", e)))
            goto fail;
        sqlite3_bind_int64(st, 1, s->seq);
        if (sqlite3_step(st) != SQLITE_DONE) {
            db_error(s, e, "saving the change counter");
            store_stmt_done(s, st);
            goto fail;
        }
        store_stmt_done(s, st);
    }
    if (exec(s, "COMMIT", e))
        goto fail;
    s->in_tx = 0;
    return 0;
fail:
    store_rollback(s);
    return ERR_DB;
}

void store_rollback(struct store *s)
{
    if (!s->in_tx)
        return;
    for (int i = 0; i < Q__COUNT; i++)
        if (s->stmt[i])
            sqlite3_reset(s->stmt[i]);
    for (int i = 0; i < NOW_CACHE; i++)
        if (s->reads[i].st)
            sqlite3_reset(s->reads[i].st);
    for (int i = 0; i < STMT_CACHE; i++)
        if (s->cache[i].st)
            sqlite3_reset(s->cache[i].st);
    state_reset(s);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
}

static int need_tx(struct store *s, struct err *e)
{
    return s->in_tx ? 0 : err_set(e, ERR_DB, "%s: write outside a transaction", s->path);
}

/* Steps a write statement to completion. */
static int step_done(struct store *s, sqlite3_stmt *st, const char *what, struct err *e)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_error(s, e, what);
    return 0;
}

/* ---- settings --------------------------------------------------------- */

int store_setting_get(struct store *s, const char *key, struct arena *a, const char **out,
                      struct err *e)
{
    sqlite3_stmt *st;
    *out = NULL;
    if (!(st = store_stmt(s, "SELECT value FROM setting_versions WHERE key = ?"
                             " ORDER BY seq DESC LIMIT 1",
                          e)))
        return ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sql_col_text(st, 0, a);
    store_stmt_done(s, st);
    return 0;
}

int store_setting_at(struct store *s, const char *key, const char *recorded_at, struct arena *a,
                     const char **out, struct err *e)
{
    sqlite3_stmt *st = NULL;
    *out = NULL;
    if (prepare(s, "SELECT value FROM setting_versions WHERE key = ? AND recorded_at <= ?"
                   " ORDER BY seq DESC LIMIT 1",
                &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, recorded_at ? recorded_at : MOMENT_END, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sql_col_text(st, 0, a);
    sqlite3_finalize(st);
    return 0;
}

int store_setting_set(struct store *s, const char *key, const char *value, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (need_tx(s, e))
        return ERR_DB;
    if (prepare(s, "INSERT INTO setting_versions(seq, key, value, recorded_at, recorded_by)"
                   " VALUES(?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, next_seq(s));
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->who, -1, SQLITE_STATIC);
    rc = step_done(s, st, "saving a setting", e);
    sqlite3_finalize(st);
    return rc;
}

int store_settings_each(struct store *s, int (*fn)(void *ctx, const char *key, const char *value),
                        void *ctx, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (prepare(s, "SELECT key, value FROM setting_versions v WHERE seq ="
                   " (SELECT max(seq) FROM setting_versions w WHERE w.key = v.key) ORDER BY key",
                &st, e))
        return ERR_DB;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
        rc = fn(ctx, (const char *)sqlite3_column_text(st, 0),
                (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    return rc;
}

/* ---- sources ---------------------------------------------------------- */

#define SOURCE_COLS                                                                            \
    "v.source_id, v.seq, v.title, v.body, v.kind, v.scope, v.published, v.assurance, v.marking," \
    " v.recorded_at, v.recorded_by"
#define SOURCE_LATEST                                                                          \
    "v.seq = (SELECT max(seq) FROM source_versions w WHERE w.source_id = v.source_id)"

static struct source *read_source(sqlite3_stmt *st, struct arena *a)
{
    struct source *src = arena_alloc(a, sizeof *src);
    src->id = sqlite3_column_int64(st, 0);
    src->seq = sqlite3_column_int64(st, 1);
    src->title = sql_col_text(st, 2, a);
    src->body = sql_col_text(st, 3, a);
    src->kind = sql_col_word(st, 4, &VOCAB_SOURCE_KIND);
    src->scope = sql_col_word(st, 5, &VOCAB_SCOPE);
    src->published = col_date(st, 6);
    src->assurance = sql_col_word(st, 7, &VOCAB_ASSURANCE);
    src->marking = sql_col_word(st, 8, &VOCAB_MARKING);
    src->recorded_at = sql_col_text(st, 9, a);
    src->recorded_by = sql_col_text(st, 10, a);
    return src;
}

static int source_query_one(struct store *s, const char *sql, const char *text, int64_t id,
                            struct arena *a, struct source **out, struct err *e)
{
    sqlite3_stmt *st;
    int rc;
    *out = NULL;
    if (!(st = store_stmt(s, sql, e)))
        return ERR_DB;
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = read_source(st, a);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "no source titled \"%s\"", text ? text : "");
    } else {
        rc = db_error(s, e, "reading a source");
    }
    store_stmt_done(s, st);
    return rc;
}

int store_source_find(struct store *s, const char *title, struct arena *a, struct source **out,
                      struct err *e)
{
    return source_query_one(s, "SELECT " SOURCE_COLS " FROM source_versions v WHERE v.title = ?"
                               " AND " SOURCE_LATEST,
                            title, 0, a, out, e);
}

int store_source_get(struct store *s, int64_t id, struct arena *a, struct source **out,
                     struct err *e)
{
    return source_query_one(s, "SELECT " SOURCE_COLS " FROM source_versions v WHERE v.source_id = ?"
                               " AND " SOURCE_LATEST,
                            NULL, id, a, out, e);
}

int store_source_put(struct store *s, struct source *src, struct err *e)
{
    sqlite3_stmt *st;
    int64_t seq;
    if (need_tx(s, e))
        return ERR_DB;
    seq = next_seq(s);
    if (src->id == 0) {
        if (!(st = kept(s, Q_SOURCE_NEW, e)))
            return ERR_DB;
        sqlite3_bind_int64(st, 1, seq);
        if (step_done(s, st, "adding a source", e))
            return ERR_DB;
        src->id = seq;
    }
    if (!(st = kept(s, Q_SOURCE_VERSION, e)))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int64(st, 2, src->id);
    sql_bind_text(st, 3, src->title);
    sql_bind_text(st, 4, src->body);
    bind_word(st, 5, &VOCAB_SOURCE_KIND, src->kind);
    bind_word(st, 6, &VOCAB_SCOPE, src->scope);
    bind_date(st, 7, src->published);
    bind_word(st, 8, &VOCAB_ASSURANCE, src->assurance);
    bind_word(st, 9, &VOCAB_MARKING, src->marking);
    sqlite3_bind_text(st, 10, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, s->who, -1, SQLITE_STATIC);
    if (step_done(s, st, "saving a source", e))
        return ERR_DB;
    src->seq = seq;
    return src->id == seq ? 0 : state_source(s, src, e);
}

int store_sources_list(struct store *s, struct arena *a, struct source ***out, size_t *n,
                       struct err *e)
{
    sqlite3_stmt *st;
    struct source **v = NULL;
    size_t cap = 0, len = 0;
    if (!(st = store_stmt(s, "SELECT " SOURCE_COLS " FROM source_versions v WHERE " SOURCE_LATEST
                             " ORDER BY v.title",
                          e)))
        return ERR_DB;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (len == cap) {
            struct source **nv;
            cap = cap ? cap * 2 : 64;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        v[len++] = read_source(st, a);
    }
    store_stmt_done(s, st);
    *out = v;
    *n = len;
    return 0;
}

int store_source_titles(struct store *s, int (*fn)(void *ctx, const char *title, int64_t id),
                        void *ctx, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (prepare(s, "SELECT v.title, v.source_id FROM source_versions v WHERE " SOURCE_LATEST, &st,
                e))
        return ERR_DB;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
        rc = fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    return rc;
}

/* ---- actions ---------------------------------------------------------- */

/* Columns 0..20 of an action read as of ?1 (a date) and recorded by ?2. */
#define ACTION_SELECT                                                                          \
    "SELECT a.id, v.seq, a.ref, v.source_id, sv.title, sv.scope, sv.published, v.kind, v.text," \
    " v.owner, v.directorate, v.theme, v.risk, v.scope, v.marking, v.issued, v.recorded_at,"   \
    " v.recorded_by,"                                                                          \
    " (SELECT d.due FROM due_changes d WHERE d.action_id = a.id AND d.recorded_at <= ?2"       \
    "   AND (d.effective IS NULL OR d.effective <= ?1)"                                       \
    "   ORDER BY COALESCE(d.effective, '') DESC, d.seq DESC LIMIT 1),"                        \
    " (SELECT d.due FROM due_changes d WHERE d.action_id = a.id AND d.recorded_at <= ?2"       \
    "   ORDER BY d.seq LIMIT 1),"                                                              \
    " (SELECT u.seq FROM updates u WHERE u.action_id = a.id AND u.date <= ?1"                  \
    "   AND u.recorded_at <= ?2 AND NOT EXISTS (SELECT 1 FROM update_voids x"                 \
    "   WHERE x.update_seq = u.seq AND x.recorded_at <= ?2)"                                   \
    "   ORDER BY u.date DESC, u.seq DESC LIMIT 1) AS useq,"                                   \
    " (SELECT u.note FROM updates u WHERE u.action_id = a.id AND u.date <= ?1"                 \
    "   AND u.recorded_at <= ?2 AND u.note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"         \
    "   update_voids x WHERE x.update_seq = u.seq AND x.recorded_at <= ?2)"                    \
    "   ORDER BY u.date DESC, u.seq DESC LIMIT 1)"                                             \
    " FROM actions a"                                                                          \
    " JOIN action_versions v ON v.seq = (SELECT max(w.seq) FROM action_versions w"            \
    "   WHERE w.action_id = a.id AND w.recorded_at <= ?2)"                                     \
    " JOIN source_versions sv ON sv.seq = (SELECT max(z.seq) FROM source_versions z"          \
    "   WHERE z.source_id = v.source_id AND z.recorded_at <= ?2)"

static struct action *read_action(sqlite3_stmt *st, struct arena *a)
{
    struct action *act = arena_alloc(a, sizeof *act);
    act->id = sqlite3_column_int64(st, 0);
    act->seq = sqlite3_column_int64(st, 1);
    act->ref = sql_col_text(st, 2, a);
    act->source_id = sqlite3_column_int64(st, 3);
    act->source_title = sql_col_text(st, 4, a);
    act->source_scope = sql_col_word(st, 5, &VOCAB_SCOPE);
    act->source_published = col_date(st, 6);
    act->kind = sql_col_word(st, 7, &VOCAB_ACTION_KIND);
    act->text = sql_col_text(st, 8, a);
    act->owner = sql_col_text(st, 9, a);
    act->directorate = sql_col_text(st, 10, a);
    act->theme = sql_col_text(st, 11, a);
    act->risk = sql_col_word(st, 12, &VOCAB_RISK);
    act->scope = sql_col_word(st, 13, &VOCAB_SCOPE);
    act->marking = sql_col_word(st, 14, &VOCAB_MARKING);
    act->issued = col_date(st, 15);
    act->recorded_at = sql_col_text(st, 16, a);
    act->recorded_by = sql_col_text(st, 17, a);
    act->due = sql_col_text(st, 18, a);
    act->due_original = sql_col_text(st, 19, a);
    act->last_note = sql_col_text(st, 21, a);
    act->status_date = DATE_NONE;
    return act;
}

/* Fills act->status from the update seq in column 20 (NULL: white). */
static int fill_status(struct store *s, sqlite3_stmt *st, struct action *act, struct err *e)
{
    static const char sql[] = "SELECT status, date FROM updates WHERE seq = ?";
    sqlite3_stmt *q;
    act->status = ST_WHITE;
    if (sqlite3_column_type(st, 20) == SQLITE_NULL)
        return 0;
    if (!(q = store_stmt(s, sql, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, sqlite3_column_int64(st, 20));
    if (sqlite3_step(q) == SQLITE_ROW) {
        act->status = sql_col_word(q, 0, &VOCAB_STATUS);
        act->status_date = col_date(q, 1);
    }
    store_stmt_done(s, q);
    return 0;
}

int store_action_find(struct store *s, const char *ref, struct arena *a, struct action **out,
                      struct err *e)
{
    sqlite3_stmt *st;
    char today[DATE_BUFSZ];
    int rc;
    *out = NULL;
    if (!(st = store_stmt(s, ACTION_SELECT " WHERE a.ref = ?3", e)))
        return ERR_DB;
    sqlite3_bind_text(st, 1, date_format(date_today(), today), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, MOMENT_END, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, ref, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = read_action(st, a);
        rc = fill_status(s, st, *out, e);
    } else if (rc == SQLITE_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "no action with ref \"%s\"", ref);
    } else {
        rc = db_error(s, e, "reading an action");
    }
    store_stmt_done(s, st);
    return rc;
}

int store_actions_as_of(struct store *s, int32_t date, const char *recorded_at, struct arena *a,
                        struct action ***out, size_t *n, struct err *e)
{
    sqlite3_stmt *st = NULL;
    struct action **v = NULL;
    size_t cap = 0, len = 0;
    char d[DATE_BUFSZ];
    int rc = 0;

    if (prepare(s, ACTION_SELECT " WHERE COALESCE(v.issued, sv.published) <= ?1 ORDER BY a.ref",
                &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, date_format(date, d), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, recorded_at ? recorded_at : MOMENT_END, -1, SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct action *act;
        if (len == cap) {
            struct action **nv;
            cap = cap ? cap * 2 : 256;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        act = read_action(st, a);
        if (fill_status(s, st, act, e)) {
            sqlite3_finalize(st);
            return ERR_DB;
        }
        v[len++] = act;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_error(s, e, "listing actions");
    *out = v;
    *n = len;
    return 0;
}

int store_action_put(struct store *s, struct action *act, struct err *e)
{
    sqlite3_stmt *st;
    int64_t seq;
    if (need_tx(s, e))
        return ERR_DB;
    seq = next_seq(s);
    if (act->id == 0) {
        if (!(st = kept(s, Q_ACTION_NEW, e)))
            return ERR_DB;
        sqlite3_bind_int64(st, 1, seq);
        sqlite3_bind_text(st, 2, act->ref, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            int ext = sqlite3_extended_errcode(s->db);
            sqlite3_reset(st);
            if (ext == SQLITE_CONSTRAINT_UNIQUE)
                return err_set(e, ERR_CONFLICT, "an action with ref \"%s\" already exists",
                               act->ref);
            return db_error(s, e, "adding an action");
        }
        sqlite3_reset(st);
        act->id = seq;
    }
    if (!(st = kept(s, Q_ACTION_VERSION, e)))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int64(st, 2, act->id);
    sqlite3_bind_int64(st, 3, act->source_id);
    bind_word(st, 4, &VOCAB_ACTION_KIND, act->kind ? (int)act->kind : AK_RECOMMENDATION);
    sql_bind_text(st, 5, act->text);
    sql_bind_text(st, 6, act->owner);
    sql_bind_text(st, 7, act->directorate);
    sql_bind_text(st, 8, act->theme);
    bind_word(st, 9, &VOCAB_RISK, act->risk);
    bind_word(st, 10, &VOCAB_SCOPE, act->scope);
    bind_word(st, 11, &VOCAB_MARKING, act->marking);
    bind_date(st, 12, act->issued);
    sqlite3_bind_text(st, 13, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, s->who, -1, SQLITE_STATIC);
    if (step_done(s, st, "saving an action", e))
        return ERR_DB;
    act->seq = seq;
    return state_action(s, act, act->id == seq, e);
}

int store_action_refs(struct store *s, int (*fn)(void *ctx, const char *ref, int64_t id),
                      void *ctx, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (prepare(s, "SELECT ref, id FROM actions", &st, e))
        return ERR_DB;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
        rc = fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    return rc;
}

/* ---- target dates ----------------------------------------------------- */

int store_due_add(struct store *s, struct due_change *d, struct err *e)
{
    sqlite3_stmt *st;
    if (need_tx(s, e))
        return ERR_DB;
    if (!(st = kept(s, Q_DUE_ADD, e)))
        return ERR_DB;
    d->seq = next_seq(s);
    sqlite3_bind_int64(st, 1, d->seq);
    sqlite3_bind_int64(st, 2, d->action_id);
    bind_date(st, 3, d->effective);
    sql_bind_text(st, 4, d->due);
    sql_bind_text(st, 5, d->reason);
    sql_bind_text(st, 6, d->agreed_by);
    sqlite3_bind_text(st, 7, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, s->who, -1, SQLITE_STATIC);
    if (step_done(s, st, "saving a target date", e))
        return ERR_DB;
    return state_due(s, d, e);
}

int store_due_history(struct store *s, int64_t action_id, struct arena *a,
                      struct due_change ***out, size_t *n, struct err *e)
{
    sqlite3_stmt *st = NULL;
    struct due_change **v = NULL;
    size_t len = 0, cap = 0;
    if (prepare(s, "SELECT seq, action_id, effective, due, reason, agreed_by, recorded_at,"
                   " recorded_by FROM due_changes WHERE action_id = ? ORDER BY seq",
                &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, action_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct due_change *d = arena_alloc(a, sizeof *d);
        if (len == cap) {
            struct due_change **nv;
            cap = cap ? cap * 2 : 8;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        d->seq = sqlite3_column_int64(st, 0);
        d->action_id = sqlite3_column_int64(st, 1);
        d->effective = col_date(st, 2);
        d->due = sql_col_text(st, 3, a);
        d->reason = sql_col_text(st, 4, a);
        d->agreed_by = sql_col_text(st, 5, a);
        d->recorded_at = sql_col_text(st, 6, a);
        d->recorded_by = sql_col_text(st, 7, a);
        v[len++] = d;
    }
    sqlite3_finalize(st);
    *out = v;
    *n = len;
    return 0;
}

/* ---- updates ---------------------------------------------------------- */

int store_update_add(struct store *s, struct update *u, struct err *e)
{
    sqlite3_stmt *st;
    char d[DATE_BUFSZ];
    if (need_tx(s, e))
        return ERR_DB;
    if (!(st = kept(s, Q_UPDATE_ADD, e)))
        return ERR_DB;
    u->seq = next_seq(s);
    sqlite3_bind_int64(st, 1, u->seq);
    sqlite3_bind_int64(st, 2, u->action_id);
    sqlite3_bind_text(st, 3, date_format(u->date, d), 10, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, vocab_name(&VOCAB_STATUS, u->status), -1, SQLITE_STATIC);
    if (u->note && *u->note)
        sqlite3_bind_text(st, 5, u->note, -1, SQLITE_STATIC);
    if (u->by && *u->by)
        sqlite3_bind_text(st, 6, u->by, -1, SQLITE_STATIC);
    if (u->reason && *u->reason)
        sqlite3_bind_text(st, 7, u->reason, -1, SQLITE_STATIC);
    if (u->by_ref && *u->by_ref)
        sqlite3_bind_text(st, 8, u->by_ref, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, u->recorded_at && *u->recorded_at ? u->recorded_at : s->now, -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(st, 10, s->who, -1, SQLITE_STATIC);
    if (step_done(s, st, "saving an update", e))
        return ERR_DB;
    return state_update(s, u, e);
}

#define UPDATE_SELECT                                                                          \
    "SELECT u.seq, u.action_id, a.ref, u.date, u.status, u.note, u.by_name, u.reason, u.by_ref," \
    " u.recorded_at, u.recorded_by, x.reason, x.recorded_at, x.recorded_by"                    \
    " FROM updates u JOIN actions a ON a.id = u.action_id"                                    \
    " LEFT JOIN update_voids x ON x.update_seq = u.seq"

static struct update *read_update(sqlite3_stmt *st, struct arena *a)
{
    struct update *u = arena_alloc(a, sizeof *u);
    u->seq = sqlite3_column_int64(st, 0);
    u->action_id = sqlite3_column_int64(st, 1);
    u->ref = sql_col_text(st, 2, a);
    u->date = col_date(st, 3);
    u->status = sql_col_word(st, 4, &VOCAB_STATUS);
    u->note = sql_col_text(st, 5, a);
    u->by = sql_col_text(st, 6, a);
    u->reason = sql_col_text(st, 7, a);
    u->by_ref = sql_col_text(st, 8, a);
    u->recorded_at = sql_col_text(st, 9, a);
    u->recorded_by = sql_col_text(st, 10, a);
    u->is_void = sqlite3_column_type(st, 11) != SQLITE_NULL;
    u->void_reason = sql_col_text(st, 11, a);
    u->voided_at = sql_col_text(st, 12, a);
    u->voided_by = sql_col_text(st, 13, a);
    return u;
}

int store_update_get(struct store *s, int64_t seq, struct arena *a, struct update **out,
                     struct err *e)
{
    sqlite3_stmt *st;
    int rc;
    *out = NULL;
    if (!(st = store_stmt(s, UPDATE_SELECT " WHERE u.seq = ?", e)))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, seq);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = read_update(st, a);
        rc = 0;
    } else {
        rc = err_set(e, ERR_NOTFOUND, "no update with id %lld", (long long)seq);
    }
    store_stmt_done(s, st);
    return rc;
}

int store_update_void(struct store *s, int64_t seq, const char *reason, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int64_t void_seq;
    int rc;
    if (need_tx(s, e))
        return ERR_DB;
    if (prepare(s, "INSERT INTO update_voids(seq, update_seq, reason, recorded_at, recorded_by)"
                   " VALUES(?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    void_seq = next_seq(s);
    sqlite3_bind_int64(st, 1, void_seq);
    sqlite3_bind_int64(st, 2, seq);
    sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->who, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        int ext = sqlite3_extended_errcode(s->db);
        sqlite3_finalize(st);
        if (ext == SQLITE_CONSTRAINT_UNIQUE)
            return err_set(e, ERR_CONFLICT, "update %lld is already void", (long long)seq);
        return db_error(s, e, "voiding an update");
    }
    sqlite3_finalize(st);
    return state_void(s, seq, void_seq, e);
}

static int updates_query(struct store *s, const char *sql, int64_t id, const char *date,
                         struct arena *a, struct update ***out, size_t *n, struct err *e)
{
    sqlite3_stmt *st;
    struct update **v = NULL;
    size_t len = 0, cap = 0;
    if (!(st = store_stmt(s, sql, e)))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    if (date)
        sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (len == cap) {
            struct update **nv;
            cap = cap ? cap * 2 : 16;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        v[len++] = read_update(st, a);
    }
    store_stmt_done(s, st);
    *out = v;
    *n = len;
    return 0;
}

int store_updates_of(struct store *s, int64_t action_id, struct arena *a, struct update ***out,
                     size_t *n, struct err *e)
{
    return updates_query(s, UPDATE_SELECT " WHERE u.action_id = ? ORDER BY u.date, u.seq",
                         action_id, NULL, a, out, n, e);
}

int store_status_at(struct store *s, int64_t action_id, int32_t date, struct arena *a,
                    struct update **out, struct err *e)
{
    struct update **v;
    size_t n;
    char d[DATE_BUFSZ];
    int rc = updates_query(s,
                           UPDATE_SELECT " WHERE u.action_id = ? AND u.date <= ? AND x.seq IS NULL"
                                         " ORDER BY u.date DESC, u.seq DESC LIMIT 1",
                           action_id, date_format(date, d), a, &v, &n, e);
    *out = rc == 0 && n ? v[0] : NULL;
    return rc;
}

/* ---- reporting points ------------------------------------------------- */

int store_point_add(struct store *s, struct point *p, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (need_tx(s, e))
        return ERR_DB;
    if (prepare(s, "INSERT INTO point_versions(seq, committee, date, label, removed,"
                   " recorded_at, recorded_by) VALUES(?,?,?,?,0,?,?)",
                &st, e))
        return ERR_DB;
    p->seq = next_seq(s);
    sqlite3_bind_int64(st, 1, p->seq);
    sqlite3_bind_text(st, 2, p->committee, -1, SQLITE_STATIC);
    bind_date(st, 3, p->date);
    sql_bind_text(st, 4, p->label);
    sqlite3_bind_text(st, 5, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, s->who, -1, SQLITE_STATIC);
    rc = step_done(s, st, "saving a reporting point", e);
    sqlite3_finalize(st);
    return rc;
}

int store_points_list(struct store *s, const char *committee, struct arena *a,
                      struct point ***out, size_t *n, struct err *e)
{
    return store_points_at(s, committee, NULL, a, out, n, e);
}

int store_points_at(struct store *s, const char *committee, const char *recorded_at,
                    struct arena *a, struct point ***out, size_t *n, struct err *e)
{
    sqlite3_stmt *st = NULL;
    struct point **v = NULL;
    size_t len = 0, cap = 0;
    if (prepare(s, "SELECT seq, committee, date, label, recorded_at, recorded_by"
                   " FROM point_versions p WHERE seq = (SELECT max(seq) FROM point_versions q"
                   " WHERE q.committee = p.committee AND q.date = p.date AND q.recorded_at <= ?2)"
                   " AND removed = 0 AND (?1 IS NULL OR committee = ?1) ORDER BY committee, date",
                &st, e))
        return ERR_DB;
    if (committee)
        sqlite3_bind_text(st, 1, committee, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, recorded_at ? recorded_at : MOMENT_END, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct point *p = arena_alloc(a, sizeof *p);
        if (len == cap) {
            struct point **nv;
            cap = cap ? cap * 2 : 16;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        p->seq = sqlite3_column_int64(st, 0);
        p->committee = sql_col_text(st, 1, a);
        p->date = col_date(st, 2);
        p->label = sql_col_text(st, 3, a);
        p->recorded_at = sql_col_text(st, 4, a);
        p->recorded_by = sql_col_text(st, 5, a);
        v[len++] = p;
    }
    sqlite3_finalize(st);
    *out = v;
    *n = len;
    return 0;
}

/* ---- the inspection programme ----------------------------------------- */

#define PROGRAMME_COLS                                                                         \
    "v.item_id, v.seq, v.title, v.kind, v.fieldwork_start, v.fieldwork_end, v.expected,"      \
    " v.status, v.note, v.recorded_at, v.recorded_by"

static struct programme_item *read_programme(sqlite3_stmt *st, struct arena *a)
{
    struct programme_item *p = arena_alloc(a, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    p->seq = sqlite3_column_int64(st, 1);
    p->title = sql_col_text(st, 2, a);
    p->kind = sql_col_text(st, 3, a);
    p->fieldwork_start = col_date(st, 4);
    p->fieldwork_end = col_date(st, 5);
    p->expected = sql_col_text(st, 6, a);
    p->status = sql_col_text(st, 7, a);
    p->note = sql_col_text(st, 8, a);
    p->recorded_at = sql_col_text(st, 9, a);
    p->recorded_by = sql_col_text(st, 10, a);
    return p;
}

int store_programme_find(struct store *s, const char *title, struct arena *a,
                         struct programme_item **out, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *out = NULL;
    if (prepare(s, "SELECT " PROGRAMME_COLS " FROM programme_versions v WHERE v.title = ?"
                   " AND v.removed = 0 AND v.seq = (SELECT max(seq) FROM programme_versions w"
                   " WHERE w.item_id = v.item_id)",
                &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = read_programme(st, a);
        rc = 0;
    } else {
        rc = err_set(e, ERR_NOTFOUND, "no inspection titled \"%s\" in the programme", title);
    }
    sqlite3_finalize(st);
    return rc;
}

int store_programme_put(struct store *s, struct programme_item *p, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (need_tx(s, e))
        return ERR_DB;
    if (prepare(s, "INSERT INTO programme_versions(seq, item_id, title, kind, fieldwork_start,"
                   " fieldwork_end, expected, status, note, recorded_at, recorded_by)"
                   " VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    p->seq = next_seq(s);
    if (!p->id)
        p->id = p->seq;
    sqlite3_bind_int64(st, 1, p->seq);
    sqlite3_bind_int64(st, 2, p->id);
    sql_bind_text(st, 3, p->title);
    sql_bind_text(st, 4, p->kind);
    bind_date(st, 5, p->fieldwork_start);
    bind_date(st, 6, p->fieldwork_end);
    sql_bind_text(st, 7, p->expected);
    sql_bind_text(st, 8, p->status);
    sql_bind_text(st, 9, p->note);
    sqlite3_bind_text(st, 10, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, s->who, -1, SQLITE_STATIC);
    rc = step_done(s, st, "saving a programme item", e);
    sqlite3_finalize(st);
    return rc;
}

int store_programme_list(struct store *s, const char *recorded_at, struct arena *a,
                         struct programme_item ***out, size_t *n, struct err *e)
{
    sqlite3_stmt *st = NULL;
    struct programme_item **v = NULL;
    size_t len = 0, cap = 0;
    if (prepare(s, "SELECT " PROGRAMME_COLS " FROM programme_versions v WHERE v.removed = 0"
                   " AND v.seq = (SELECT max(seq) FROM programme_versions w WHERE"
                   " w.item_id = v.item_id AND w.recorded_at <= ?1)"
                   " ORDER BY COALESCE(v.fieldwork_start, v.expected, ''), v.title",
                &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, recorded_at ? recorded_at : MOMENT_END, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (len == cap) {
            struct programme_item **nv;
            cap = cap ? cap * 2 : 16;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        v[len++] = read_programme(st, a);
    }
    sqlite3_finalize(st);
    *out = v;
    *n = len;
    return 0;
}

/* ---- the audit log ---------------------------------------------------- */

/* Every version row, one stream in change order. Columns: seq, recorded_at,
 * recorded_by, what, entity id, subject. */
static const char AUDIT_SQL[] =
    "SELECT * FROM ("
    " SELECT v.seq, v.recorded_at, v.recorded_by, 'source' AS what, v.source_id AS eid,"
    "  v.title AS subject FROM source_versions v"
    " UNION ALL SELECT v.seq, v.recorded_at, v.recorded_by, 'action', v.action_id, a.ref"
    "  FROM action_versions v JOIN actions a ON a.id = v.action_id"
    " UNION ALL SELECT d.seq, d.recorded_at, d.recorded_by, 'target date', d.action_id, a.ref"
    "  FROM due_changes d JOIN actions a ON a.id = d.action_id"
    " UNION ALL SELECT u.seq, u.recorded_at, u.recorded_by, 'update', u.action_id, a.ref"
    "  FROM updates u JOIN actions a ON a.id = u.action_id"
    " UNION ALL SELECT x.seq, x.recorded_at, x.recorded_by, 'void', u.action_id, a.ref"
    "  FROM update_voids x JOIN updates u ON u.seq = x.update_seq JOIN actions a ON a.id = u.action_id"
    " UNION ALL SELECT seq, recorded_at, recorded_by, 'setting', 0, key FROM setting_versions"
    " UNION ALL SELECT seq, recorded_at, recorded_by, 'point', 0, committee || ' ' || date"
    "  FROM point_versions"
    " UNION ALL SELECT seq, recorded_at, recorded_by, 'programme', item_id, title"
    "  FROM programme_versions"
    " UNION ALL SELECT seq, recorded_at, recorded_by, 'user', user_id, name FROM user_versions"
    " UNION ALL SELECT seq, recorded_at, recorded_by, 'measure', measure_id, name"
    "  FROM measure_versions"
    " UNION ALL SELECT o.seq, o.recorded_at, o.recorded_by, 'observation', o.measure_id,"
    "  (SELECT m.name FROM measure_versions m WHERE m.measure_id = o.measure_id"
    "  ORDER BY m.seq DESC LIMIT 1) || ' ' || o.period FROM observations o"
    " UNION ALL SELECT r.seq, r.recorded_at, r.recorded_by, 'narrative', r.measure_id,"
    "  (SELECT m.name FROM measure_versions m WHERE m.measure_id = r.measure_id"
    "  ORDER BY m.seq DESC LIMIT 1) || ' ' || r.period FROM narratives r"
    " UNION ALL SELECT v.seq, v.recorded_at, v.recorded_by, 'evidence', u.action_id, a.ref"
    "  FROM evidence v JOIN updates u ON u.seq = v.update_seq JOIN actions a ON a.id = u.action_id"
    ") WHERE (?1 IS NULL OR recorded_at >= ?1) AND (?2 = 0 OR (eid = ?2 AND what <> 'source'"
    " AND what <> 'setting' AND what <> 'point' AND what <> 'programme' AND what <> 'user'"
    " AND what <> 'measure' AND what <> 'observation' AND what <> 'narrative'))"
    " ORDER BY seq";

struct audit_ctx {
    struct store *s;
    struct arena *a;
    int (*fn)(void *ctx, const struct audit_entry *en);
    void *ctx;
};

/* Emits one entry per field that differs between two rows of the same
 * version table (prev NULL: the whole new record). */
static int audit_diff(struct audit_ctx *c, struct audit_entry *en, sqlite3_stmt *cur,
                      sqlite3_stmt *prev, int first_col)
{
    int ncol = sqlite3_column_count(cur), rc = 0, any = 0;
    struct buf whole;
    buf_init(&whole, 1 << 20);
    for (int i = first_col; i < ncol && rc == 0; i++) {
        const char *name = sqlite3_column_name(cur, i);
        const char *nv = (const char *)sqlite3_column_text(cur, i);
        const char *ov = prev ? (const char *)sqlite3_column_text(prev, i) : NULL;
        if (strcmp(name, "recorded_at") == 0 || strcmp(name, "recorded_by") == 0)
            continue;
        if (strcmp(name, "password_hash") == 0) { /* the log says that it changed, never what to */
            int changed = nv && ov && strcmp(nv, ov) != 0;
            nv = nv ? (changed ? "(new password)" : "(set)") : NULL;
            ov = ov ? (changed ? "(old password)" : "(set)") : NULL;
        }
        if (!prev) {
            if (nv)
                buf_addf(&whole, "%s%s=%s", whole.len ? "; " : "", name, nv);
            continue;
        }
        if ((nv == NULL) != (ov == NULL) || (nv && strcmp(nv, ov) != 0)) {
            en->field = name;
            en->old_value = ov;
            en->new_value = nv;
            rc = c->fn(c->ctx, en);
            any = 1;
        }
    }
    if (!prev || !any) {
        en->field = NULL;
        en->old_value = NULL;
        en->new_value = prev ? "(no change)" : buf_str(&whole);
        rc = rc ? rc : c->fn(c->ctx, en);
    }
    buf_release(&whole);
    return rc;
}

static int audit_versioned(struct audit_ctx *c, struct audit_entry *en, const char *table,
                           const char *key, int64_t eid, int first_col, struct err *e)
{
    char sql[256];
    sqlite3_stmt *cur = NULL, *prev = NULL;
    int rc = 0;
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE seq = ?", table);
    if (prepare(c->s, sql, &cur, e))
        return ERR_DB;
    snprintf(sql, sizeof sql, "SELECT * FROM %s WHERE %s = ? AND seq < ? ORDER BY seq DESC LIMIT 1",
             table, key);
    if (prepare(c->s, sql, &prev, e)) {
        sqlite3_finalize(cur);
        return ERR_DB;
    }
    sqlite3_bind_int64(cur, 1, en->seq);
    if (key[0] == 'k') /* setting_versions: keyed by the key text */
        sqlite3_bind_text(prev, 1, en->subject, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(prev, 1, eid);
    sqlite3_bind_int64(prev, 2, en->seq);
    if (sqlite3_step(cur) == SQLITE_ROW)
        rc = audit_diff(c, en, cur, sqlite3_step(prev) == SQLITE_ROW ? prev : NULL, first_col);
    sqlite3_finalize(cur);
    sqlite3_finalize(prev);
    return rc;
}

static int audit_row(struct audit_ctx *c, struct audit_entry *en, int64_t eid, struct err *e)
{
    struct arena *a = c->a;
    if (strcmp(en->what, "source") == 0)
        return audit_versioned(c, en, "source_versions", "source_id", eid, 2, e);
    if (strcmp(en->what, "action") == 0)
        return audit_versioned(c, en, "action_versions", "action_id", eid, 2, e);
    if (strcmp(en->what, "setting") == 0)
        return audit_versioned(c, en, "setting_versions", "key", eid, 2, e);
    if (strcmp(en->what, "programme") == 0)
        return audit_versioned(c, en, "programme_versions", "item_id", eid, 2, e);
    if (strcmp(en->what, "user") == 0)
        return audit_versioned(c, en, "user_versions", "user_id", eid, 2, e);
    if (strcmp(en->what, "measure") == 0)
        return audit_versioned(c, en, "measure_versions", "measure_id", eid, 2, e);
    if (strcmp(en->what, "evidence") == 0) {
        /* The file itself is not an audit value: name it, with its digest. */
        sqlite3_stmt *st = NULL;
        int rc;
        if (prepare(c->s, "SELECT kind, url, filename, size, sha256, update_seq FROM evidence"
                          " WHERE seq = ?", &st, e))
            return ERR_DB;
        sqlite3_bind_int64(st, 1, en->seq);
        if (sqlite3_step(st) != SQLITE_ROW) {
            sqlite3_finalize(st);
            return 0;
        }
        en->field = NULL;
        en->old_value = NULL;
        en->new_value =
            sqlite3_column_type(st, 1) != SQLITE_NULL
                ? arena_printf(c->a, "link %s (update %lld)", sqlite3_column_text(st, 1),
                               (long long)sqlite3_column_int64(st, 5))
                : arena_printf(c->a, "file %s, %lld bytes, sha256 %s (update %lld)",
                               sqlite3_column_text(st, 2), (long long)sqlite3_column_int64(st, 3),
                               sqlite3_column_text(st, 4), (long long)sqlite3_column_int64(st, 5));
        sqlite3_finalize(st);
        rc = c->fn(c->ctx, en);
        return rc;
    }
    if (strcmp(en->what, "observation") == 0 || strcmp(en->what, "narrative") == 0)
        return audit_versioned(c, en, en->what[0] == 'o' ? "observations" : "narratives", "seq",
                               -1, 1, e);
    if (strcmp(en->what, "update") == 0 || strcmp(en->what, "void") == 0 ||
        strcmp(en->what, "target date") == 0 || strcmp(en->what, "point") == 0) {
        struct update *u = NULL;
        if (strcmp(en->what, "update") == 0) {
            if (store_update_get(c->s, en->seq, a, &u, e))
                return ERR_DB;
            en->field = "status";
            en->new_value = arena_printf(a, "%s on %s%s%s%s%s (update %lld)",
                                         vocab_name(&VOCAB_STATUS, u->status),
                                         date_format(u->date, arena_alloc(a, DATE_BUFSZ)),
                                         u->reason ? ", reason: " : "", u->reason ? u->reason : "",
                                         u->note ? ": " : "", u->note ? u->note : "",
                                         (long long)u->seq);
            en->old_value = NULL;
            return c->fn(c->ctx, en);
        }
        return audit_versioned(c, en,
                               strcmp(en->what, "void") == 0          ? "update_voids"
                               : strcmp(en->what, "target date") == 0 ? "due_changes"
                                                                       : "point_versions",
                               "seq", -1, 1, e);
    }
    return 0;
}

int store_audit_each(struct store *s, const char *since, int64_t action_id,
                     int (*fn)(void *ctx, const struct audit_entry *en), void *ctx,
                     struct err *e)
{
    sqlite3_stmt *st = NULL;
    struct audit_ctx c = {s, NULL, fn, ctx};
    struct arena a;
    int rc = 0;

    if (prepare(s, AUDIT_SQL, &st, e))
        return ERR_DB;
    if (since)
        sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, action_id);
    arena_init(&a);
    c.a = &a;
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        struct audit_entry en = {0};
        en.seq = sqlite3_column_int64(st, 0);
        en.recorded_at = sql_col_text(st, 1, &a);
        en.recorded_by = sql_col_text(st, 2, &a);
        en.what = sql_col_text(st, 3, &a);
        en.subject = sql_col_text(st, 5, &a);
        rc = audit_row(&c, &en, sqlite3_column_int64(st, 4), e);
        if (a.used > (1u << 20)) {
            arena_release(&a);
            arena_init(&a);
        }
    }
    sqlite3_finalize(st);
    arena_release(&a);
    return rc;
}

/* ---- exports ---------------------------------------------------------- */

static const char *const EXPORT_HEADERS[][12] = {
    [EXPORT_SOURCES] = {"title", "body", "scope", "source_kind", "published", "assurance",
                        "marking"},
    [EXPORT_ACTIONS] = {"ref", "source", "text", "kind", "owner", "directorate", "theme", "risk",
                        "scope", "marking", "issued", "due"},
    [EXPORT_UPDATES] = {"ref", "date", "status", "note", "by", "reason", "recorded_at"},
};
static const size_t EXPORT_NCOLS[] = {7, 12, 7};

static const char *const EXPORT_SQL[] = {
    [EXPORT_SOURCES] = "SELECT v.title, v.body, v.scope, v.kind, v.published, v.assurance,"
                       " v.marking FROM source_versions v WHERE " SOURCE_LATEST
                       " ORDER BY v.source_id",
    [EXPORT_ACTIONS] =
        "SELECT a.ref, sv.title, v.text, v.kind, v.owner, v.directorate, v.theme, v.risk,"
        " v.scope, v.marking, v.issued, (SELECT d.due FROM due_changes d WHERE d.action_id = a.id"
        " ORDER BY COALESCE(d.effective, '') DESC, d.seq DESC LIMIT 1)"
        " FROM actions a JOIN action_versions v ON v.seq = (SELECT max(w.seq) FROM"
        " action_versions w WHERE w.action_id = a.id)"
        " JOIN source_versions sv ON sv.seq = (SELECT max(z.seq) FROM source_versions z"
        " WHERE z.source_id = v.source_id) ORDER BY a.id",
    [EXPORT_UPDATES] = "SELECT a.ref, u.date, u.status, u.note, u.by_name, u.reason,"
                       " u.recorded_at FROM updates u JOIN actions a ON a.id = u.action_id"
                       " WHERE NOT EXISTS (SELECT 1 FROM update_voids x WHERE x.update_seq = u.seq)"
                       " ORDER BY u.seq",
};

const char *const *store_export_header(enum export_table t, size_t *ncols)
{
    *ncols = EXPORT_NCOLS[t];
    return EXPORT_HEADERS[t];
}

int store_export_each(struct store *s, enum export_table t,
                      int (*fn)(void *ctx, const char *const *cells), void *ctx, struct err *e)
{
    sqlite3_stmt *st = NULL;
    const char *cells[12];
    size_t n = EXPORT_NCOLS[t];
    int rc = 0, step;
    if (prepare(s, EXPORT_SQL[t], &st, e))
        return ERR_DB;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t i = 0; i < n; i++) {
            const char *v = (const char *)sqlite3_column_text(st, (int)i);
            cells[i] = v ? v : "";
        }
        rc = fn(ctx, cells);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = db_error(s, e, "exporting");
    sqlite3_finalize(st);
    return rc;
}

int store_is_empty(struct store *s, int *empty, struct err *e)
{
    sqlite3_stmt *st = NULL;
    if (prepare(s, "SELECT (SELECT count(*) FROM sources) + (SELECT count(*) FROM actions)"
                   " + (SELECT count(*) FROM point_versions)"
                   " + (SELECT count(*) FROM programme_versions)"
                   " + (SELECT count(*) FROM users)"
                   " + (SELECT count(*) FROM measures)",
                &st, e))
        return ERR_DB;
    *empty = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
    sqlite3_finalize(st);
    return 0;
}

/* Dump and restore live in dump.c, which needs the connection. */
sqlite3 *store_sqlite_handle(struct store *s);
sqlite3 *store_sqlite_handle(struct store *s)
{
    return s->db;
}

/* ---- for the web application (users.c, read transactions) -------------- */

/* The next change number of the open transaction, for users.c. */
int64_t store_next_seq(struct store *s);
int64_t store_next_seq(struct store *s)
{
    return next_seq(s);
}

int store_begin_read(struct store *s, struct err *e)
{
    return begin(s, "BEGIN", e);
}

/* ---- timelines (the papers' one pass) --------------------------------- */

#include "domain/timeline.h"

static int by_id(const void *k, const void *e)
{
    int64_t id = *(const int64_t *)k, other = ((const struct tl_action *)e)->a->id;
    return id < other ? -1 : id > other;
}

static int by_ref(const void *x, const void *y)
{
    return strcmp(((const struct tl_action *)x)->a->ref, ((const struct tl_action *)y)->a->ref);
}

static int by_source_id(const void *k, const void *e)
{
    int64_t id = *(const int64_t *)k, other = (*(struct source *const *)e)->id;
    return id < other ? -1 : id > other;
}

static int source_title_cmp(const void *x, const void *y)
{
    return strcmp((*(struct source *const *)x)->title, (*(struct source *const *)y)->title);
}

int store_timelines(struct store *s, const char *recorded_at, struct arena *a,
                    struct timelines *out, struct err *e)
{
    const char *m = recorded_at ? recorded_at : MOMENT_END;
    sqlite3_stmt *st = NULL;
    struct tl_event *ev = NULL;
    size_t nev = 0, capev = 0, cap = 0;
    struct source **src = NULL;
    size_t nsrc = 0, capsrc = 0;
    int rc = ERR_DB;

    memset(out, 0, sizeof *out);
    /* Sources, by id for the joins below. */
    if (prepare(s, "SELECT " SOURCE_COLS " FROM source_versions v WHERE v.seq = (SELECT max(seq)"
                   " FROM source_versions w WHERE w.source_id = v.source_id AND w.recorded_at <= ?1)"
                   " ORDER BY v.source_id",
                &st, e))
        goto out;
    sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (nsrc == capsrc) {
            struct source **n;
            capsrc = capsrc ? capsrc * 2 : 64;
            n = arena_alloc(a, capsrc * sizeof *n);
            if (nsrc)
                memcpy(n, src, nsrc * sizeof *n);
            src = n;
        }
        src[nsrc++] = read_source(st, a);
    }
    sqlite3_finalize(st);
    st = NULL;

    /* Actions as recorded, by id. */
    if (prepare(s, "SELECT a.id, v.seq, a.ref, v.source_id, v.kind, v.text, v.owner,"
                   " v.directorate, v.theme, v.risk, v.scope, v.marking, v.issued"
                   " FROM actions a JOIN action_versions v ON v.seq = (SELECT max(w.seq) FROM"
                   " action_versions w WHERE w.action_id = a.id AND w.recorded_at <= ?1)"
                   " ORDER BY a.id",
                &st, e))
        goto out;
    sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct action *act = arena_alloc(a, sizeof *act);
        struct source **sp;
        int64_t sid = sqlite3_column_int64(st, 3);
        if (out->n == cap) {
            struct tl_action *n;
            cap = cap ? cap * 2 : 1024;
            n = arena_alloc(a, cap * sizeof *n);
            if (out->n)
                memcpy(n, out->v, out->n * sizeof *n);
            out->v = n;
        }
        act->id = sqlite3_column_int64(st, 0);
        act->seq = sqlite3_column_int64(st, 1);
        act->ref = sql_col_text(st, 2, a);
        act->source_id = sid;
        act->kind = sql_col_word(st, 4, &VOCAB_ACTION_KIND);
        act->text = sql_col_text(st, 5, a);
        act->owner = sql_col_text(st, 6, a);
        act->directorate = sql_col_text(st, 7, a);
        act->theme = sql_col_text(st, 8, a);
        act->risk = sql_col_word(st, 9, &VOCAB_RISK);
        act->scope = sql_col_word(st, 10, &VOCAB_SCOPE);
        act->marking = sql_col_word(st, 11, &VOCAB_MARKING);
        act->issued = col_date(st, 12);
        act->status_date = DATE_NONE;
        sp = bsearch(&sid, src, nsrc, sizeof *src, by_source_id);
        if (!sp)
            continue; /* its source was recorded later than the moment */
        act->source_title = (*sp)->title;
        act->source_scope = (*sp)->scope;
        act->source_published = (*sp)->published;
        memset(&out->v[out->n], 0, sizeof out->v[out->n]);
        out->v[out->n].a = act;
        out->v[out->n].source = (size_t)(sp - src);
        out->n++;
    }
    sqlite3_finalize(st);
    st = NULL;

    /* Target dates, in recording order per action. */
    if (prepare(s, "SELECT action_id, effective, due, reason, agreed_by FROM due_changes"
                   " WHERE recorded_at <= ?1 ORDER BY action_id, seq",
                &st, e))
        goto out;
    sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        struct tl_action *t = bsearch(&id, out->v, out->n, sizeof *out->v, by_id);
        struct tl_due *n;
        if (!t)
            continue;
        n = arena_alloc(a, (t->ndues + 1) * sizeof *n);
        if (t->ndues)
            memcpy(n, t->dues, t->ndues * sizeof *n);
        n[t->ndues].effective = col_date(st, 1);
        n[t->ndues].due = sql_col_text(st, 2, a);
        n[t->ndues].reason = sql_col_text(st, 3, a);
        n[t->ndues].agreed_by = sql_col_text(st, 4, a);
        t->dues = n;
        t->ndues++;
    }
    sqlite3_finalize(st);
    st = NULL;

    /* The one pass over the updates, in index order. */
    if (prepare(s, "SELECT u.action_id, u.seq, u.date, u.status, u.note IS NOT NULL FROM updates u"
                   " WHERE u.recorded_at <= ?1 AND NOT EXISTS (SELECT 1 FROM update_voids x"
                   " WHERE x.update_seq = u.seq AND x.recorded_at <= ?1)"
                   " ORDER BY u.action_id, u.date, u.seq",
                &st, e))
        goto out;
    sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
    {
        struct tl_action *cur = NULL;
        int64_t cur_id = -1;
        size_t start = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            const char *status = (const char *)sqlite3_column_text(st, 3);
            if (id != cur_id) {
                if (cur)
                    cur->nev = nev - start; /* ev pointers fixed up below */
                cur = bsearch(&id, out->v, out->n, sizeof *out->v, by_id);
                cur_id = id;
                start = nev;
                if (cur)
                    cur->ev = (struct tl_event *)(uintptr_t)(start + 1);
            }
            if (!cur)
                continue;
            if (nev == capev) {
                capev = capev ? capev * 2 : 4096;
                ev = xrealloc(ev, capev * sizeof *ev);
            }
            ev[nev].seq = sqlite3_column_int64(st, 1);
            ev[nev].date = col_date(st, 2);
            ev[nev].status = (uint8_t)vocab_parse(&VOCAB_STATUS, status, strlen(status));
            ev[nev].has_note = (uint8_t)sqlite3_column_int(st, 4);
            nev++;
        }
        if (cur)
            cur->nev = nev - start;
    }
    {
        struct tl_event *all = arena_alloc(a, (nev ? nev : 1) * sizeof *all);
        if (nev)
            memcpy(all, ev, nev * sizeof *ev);
        for (size_t i = 0; i < out->n; i++) {
            size_t off = (size_t)(uintptr_t)out->v[i].ev;
            out->v[i].ev = off ? all + off - 1 : all;
        }
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, by_ref);
    /* Sources by title for the papers; actions keep their index. */
    {
        struct source **bytitle = arena_alloc(a, (nsrc ? nsrc : 1) * sizeof *bytitle);
        size_t *remap = arena_alloc(a, (nsrc ? nsrc : 1) * sizeof *remap);
        if (nsrc)
            memcpy(bytitle, src, nsrc * sizeof *src);
        qsort(bytitle, nsrc, sizeof *bytitle, source_title_cmp);
        for (size_t i = 0; i < nsrc; i++) {
            struct source **sp = bsearch(&bytitle[i]->id, src, nsrc, sizeof *src, by_source_id);
            remap[sp - src] = i;
        }
        for (size_t i = 0; i < out->n; i++)
            out->v[i].source = remap[out->v[i].source];
        out->sources = bytitle;
        out->nsources = nsrc;
    }
    rc = 0;
out:
    sqlite3_finalize(st);
    free(ev);
    return rc;
}

int store_update_note(struct store *s, int64_t seq, struct arena *a, const char **out,
                      struct err *e)
{
    sqlite3_stmt *st = kept(s, Q_UPDATE_NOTE, e);
    *out = NULL;
    if (!st)
        return ERR_DB;
    sqlite3_bind_int64(st, 1, seq);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = sql_col_text(st, 0, a);
    sqlite3_reset(st);
    return 0;
}

/* ---- the register as it stands: kept state (state.h) ------------------- */

/* The state from the versions, as after migrations, restores and bulk
 * changes. The latest update is the largest (date, seq) among the non-void
 * ones; the target date now the largest (effective date, seq), an original
 * target counting as the earliest; the version the largest change number
 * about the action. */
static const char STATE_REBUILD_SQL[] =
    "DELETE FROM action_state;"
    "INSERT INTO action_state(action_id, ref, action_seq, source_id, kind, owner, directorate,"
    " owner_key, directorate_key, restricted, issued, source_seq, due, due_from, due_original,"
    " update_seq, status, status_date, dated_to, note_seq, version)"
    " SELECT a.id, a.ref, v.seq, v.source_id, v.kind, v.owner, v.directorate,"
    " lower(trim(v.owner, ' \t')), lower(trim(v.directorate, ' \t')),"
    " CASE WHEN v.marking = 'restricted' OR sv.marking = 'restricted' THEN 1 ELSE 0 END,"
    " COALESCE(v.issued, sv.published), sv.seq, d.due, d.effective,"
    " (SELECT x.due FROM due_changes x WHERE x.action_id = a.id ORDER BY x.seq LIMIT 1),"
    " u.seq, COALESCE(u.status, 'white'), u.date, max(COALESCE(u.date, ''),"
    " COALESCE(d.effective, '')),"
    " (SELECT w.seq FROM updates w WHERE w.action_id = a.id AND w.note IS NOT NULL"
    "  AND NOT EXISTS (SELECT 1 FROM update_voids x WHERE x.update_seq = w.seq)"
    "  ORDER BY w.date DESC, w.seq DESC LIMIT 1),"
    " max(v.seq, COALESCE((SELECT max(x.seq) FROM due_changes x WHERE x.action_id = a.id), 0),"
    "  COALESCE((SELECT max(y.seq) FROM updates y WHERE y.action_id = a.id), 0))"
    " FROM actions a"
    " JOIN action_versions v ON v.seq = (SELECT max(w.seq) FROM action_versions w"
    "  WHERE w.action_id = a.id)"
    " JOIN source_versions sv ON sv.seq = (SELECT max(z.seq) FROM source_versions z"
    "  WHERE z.source_id = v.source_id)"
    " LEFT JOIN due_changes d ON d.seq = (SELECT x.seq FROM due_changes x WHERE x.action_id = a.id"
    "  ORDER BY COALESCE(x.effective, '') DESC, x.seq DESC LIMIT 1)"
    " LEFT JOIN updates u ON u.seq = (SELECT w.seq FROM updates w WHERE w.action_id = a.id"
    "  AND NOT EXISTS (SELECT 1 FROM update_voids x WHERE x.update_seq = w.seq)"
    "  ORDER BY w.date DESC, w.seq DESC LIMIT 1);"
    /* voids are few: only their actions looked at */
    "UPDATE action_state SET version = max(version, (SELECT max(z.seq) FROM update_voids z"
    " JOIN updates y ON y.seq = z.update_seq WHERE y.action_id = action_state.action_id))"
    " WHERE action_id IN (SELECT y.action_id FROM update_voids z JOIN updates y"
    " ON y.seq = z.update_seq);"
    "DELETE FROM action_state_counts;"
    "INSERT INTO action_state_counts(status, restricted, n) VALUES('white', 0, 0),"
    " ('white', 1, 0), ('amber', 0, 0), ('amber', 1, 0), ('red', 0, 0), ('red', 1, 0),"
    " ('green', 0, 0), ('green', 1, 0), ('closed', 0, 0), ('closed', 1, 0);"
    "INSERT INTO action_state_counts(status, restricted, n) SELECT status, restricted, count(*)"
    " FROM action_state WHERE true GROUP BY status, restricted"
    " ON CONFLICT(status, restricted) DO UPDATE SET n = excluded.n;"
    "DELETE FROM action_state_names;"
    "INSERT INTO action_state_names(what, name, restricted, n) SELECT 'owner', owner, restricted,"
    " count(*) FROM action_state WHERE owner IS NOT NULL GROUP BY owner, restricted;"
    "INSERT INTO action_state_names(what, name, restricted, n) SELECT 'directorate', directorate,"
    " restricted, count(*) FROM action_state WHERE directorate IS NOT NULL"
    " GROUP BY directorate, restricted;";

static int state_rebuild(struct store *s, struct err *e)
{
    if (exec(s, STATE_REBUILD_SQL, e))
        return ERR_DB;
    s->state_stale = 0;
    s->state_ops = 0;
    return 0;
}

int store_source_count(struct store *s, size_t *n, struct err *e)
{
    sqlite3_stmt *st = store_stmt(s, "SELECT count(*) FROM sources", e);
    int rc;
    *n = 0;
    if (!st)
        return ERR_DB;
    if ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    store_stmt_done(s, st);
    return rc == SQLITE_ROW ? 0 : db_error(s, e, "counting sources");
}

int64_t store_register_version(const struct store *s)
{
    return s->seq_at_begin;
}

int store_state_rebuild(struct store *s, struct err *e)
{
    if (need_tx(s, e))
        return ERR_DB;
    return state_rebuild(s, e);
}

static void state_reset(struct store *s)
{
    s->state_ops = 0;
    s->state_stale = 0;
}

/* Whether this change is to be kept row by row: not once the transaction
 * has made more than STATE_BULK of them, when the state is rebuilt at
 * commit instead. */
static int state_keep(struct store *s)
{
    if (s->state_stale)
        return 0;
    if (++s->state_ops > STATE_BULK) {
        s->state_stale = 1;
        return 0;
    }
    return 1;
}

/* Runs a kept statement about one action (?1). */
static int state_run(struct store *s, enum stmt_id id, int64_t action_id, struct err *e)
{
    sqlite3_stmt *q = kept(s, id, e);
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, action_id);
    return step_done(s, q, "keeping the register's state", e);
}

/* The action's row out of the counts (and the names), before it changes,
 * and back in after. */
static int state_out(struct store *s, int64_t action_id, int names, struct err *e)
{
    if (state_run(s, Q_STATE_COUNT_OUT, action_id, e))
        return ERR_DB;
    return names ? state_run(s, Q_STATE_NAMES_OUT, action_id, e) : 0;
}

static int state_in(struct store *s, int64_t action_id, int names, struct err *e)
{
    if (state_run(s, Q_STATE_COUNT_IN, action_id, e))
        return ERR_DB;
    return names ? state_run(s, Q_STATE_NAMES_IN, action_id, e) : 0;
}

/* The action's kept row: its latest update's seq (0: none) and date, its
 * target date and when that took effect. found is 0 when it has none,
 * which only a register the kept state missed can give: it is then rebuilt
 * at commit. */
struct state_row {
    int found;
    int64_t update_seq, version;
    char status_date[DATE_BUFSZ], due_from[DATE_BUFSZ];
    int has_due;
};

static int state_get(struct store *s, int64_t action_id, struct state_row *r, struct err *e)
{
    sqlite3_stmt *q = kept(s, Q_STATE_GET, e);
    int rc;
    memset(r, 0, sizeof *r);
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, action_id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const unsigned char *t;
        r->found = 1;
        r->update_seq = sqlite3_column_int64(q, 0);
        if ((t = sqlite3_column_text(q, 2)))
            snprintf(r->status_date, sizeof r->status_date, "%s", (const char *)t);
        r->has_due = sqlite3_column_type(q, 3) != SQLITE_NULL;
        if ((t = sqlite3_column_text(q, 4)))
            snprintf(r->due_from, sizeof r->due_from, "%s", (const char *)t);
        r->version = sqlite3_column_int64(q, 5);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(s, e, "reading an action's state");
    if (!r->found)
        s->state_stale = 1;
    return 0;
}

static int state_version(struct store *s, int64_t action_id, int64_t version, struct err *e)
{
    sqlite3_stmt *q = kept(s, Q_STATE_VERSION, e);
    if (!q)
        return ERR_DB;
    sqlite3_bind_int64(q, 1, action_id);
    sqlite3_bind_int64(q, 2, version);
    return step_done(s, q, "saving an action's version", e);
}

/* A new action (white, no update) or a new version of one. */
static int state_action(struct store *s, const struct action *act, int is_new, struct err *e)
{
    sqlite3_stmt *q;
    if (!state_keep(s))
        return 0;
    if (!is_new && state_out(s, act->id, 1, e))
        return ERR_DB;
    if (!(q = kept(s, is_new ? Q_STATE_NEW : Q_STATE_ACTION, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, act->id);
    sqlite3_bind_int64(q, 2, act->seq);
    sqlite3_bind_int64(q, 3, act->source_id);
    bind_word(q, 4, &VOCAB_ACTION_KIND, act->kind ? (int)act->kind : AK_RECOMMENDATION);
    sql_bind_text(q, 5, act->owner);
    sql_bind_text(q, 6, act->directorate);
    bind_date(q, 7, act->issued);
    bind_word(q, 8, &VOCAB_MARKING, act->marking);
    if (is_new)
        sqlite3_bind_text(q, 9, act->ref, -1, SQLITE_STATIC);
    if (step_done(s, q, "keeping an action's state", e))
        return ERR_DB;
    if (sqlite3_changes(s->db) == 0) {
        s->state_stale = 1;
        return 0;
    }
    return state_in(s, act->id, 1, e);
}

/* A source's new version may move its published date, which is the issued
 * date of its actions that have none of their own, and its marking, which
 * restricts its actions: rare enough that the state is then rebuilt. */
static int state_source(struct store *s, const struct source *src, struct err *e)
{
    sqlite3_stmt *q;
    int rc;
    if (!state_keep(s))
        return 0;
    if (!(q = kept(s, Q_STATE_SOURCE, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, src->id);
    bind_date(q, 2, src->published);
    sqlite3_bind_int64(q, 3, src->seq);
    if (step_done(s, q, "keeping the issued dates", e) ||
        !(q = kept(s, Q_STATE_SOURCE_MARKING, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, src->id);
    bind_word(q, 2, &VOCAB_MARKING, src->marking);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_int64(q, 0) > 0)
        s->state_stale = 1;
    sqlite3_reset(q);
    return rc == SQLITE_ROW ? 0 : db_error(s, e, "keeping the restricted actions");
}

static int state_due(struct store *s, const struct due_change *d, struct err *e)
{
    struct state_row r;
    char eff[DATE_BUFSZ] = "";
    sqlite3_stmt *q;
    if (!state_keep(s))
        return 0;
    if (state_get(s, d->action_id, &r, e))
        return ERR_DB;
    if (!r.found)
        return 0;
    if (d->effective != DATE_NONE)
        date_format(d->effective, eff);
    if (r.has_due && strcmp(eff, r.due_from) < 0) /* an earlier revision, recorded later */
        return state_version(s, d->action_id, d->seq, e);
    if (!(q = kept(s, Q_STATE_DUE, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, d->action_id);
    sql_bind_text(q, 2, d->due);
    sql_bind_text(q, 3, eff);
    sqlite3_bind_int64(q, 4, d->seq);
    return step_done(s, q, "keeping an action's target date", e);
}

/* Sets the action's latest update (seq 0: none, white), moving its count. */
static int state_status(struct store *s, int64_t action_id, int64_t seq, enum status st,
                        const char *date, int64_t version, struct err *e)
{
    sqlite3_stmt *q;
    if (state_out(s, action_id, 0, e) || !(q = kept(s, Q_STATE_STATUS, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, action_id);
    if (seq)
        sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_text(q, 3, vocab_name(&VOCAB_STATUS, st), -1, SQLITE_STATIC);
    sql_bind_text(q, 4, date);
    sqlite3_bind_int64(q, 5, version);
    if (step_done(s, q, "keeping an action's status", e))
        return ERR_DB;
    return state_in(s, action_id, 0, e);
}

static int state_update(struct store *s, const struct update *u, struct err *e)
{
    struct state_row r;
    char d[DATE_BUFSZ];
    if (!state_keep(s))
        return 0;
    if (state_get(s, u->action_id, &r, e))
        return ERR_DB;
    if (!r.found)
        return 0;
    date_format(u->date, d);
    if (u->note && *u->note) {
        sqlite3_stmt *q = kept(s, Q_STATE_NOTE, e);
        if (!q)
            return ERR_DB;
        sqlite3_bind_int64(q, 1, u->action_id);
        sqlite3_bind_int64(q, 2, u->seq);
        sqlite3_bind_text(q, 3, d, -1, SQLITE_TRANSIENT);
        if (step_done(s, q, "keeping an action's latest note", e))
            return ERR_DB;
    }
    /* Its seq is the largest yet, so it is the latest unless dated earlier. */
    if (r.update_seq && strcmp(d, r.status_date) < 0)
        return state_version(s, u->action_id, u->seq, e);
    return state_status(s, u->action_id, u->seq, u->status, d, u->seq, e);
}

static int state_void(struct store *s, int64_t update_seq, int64_t void_seq, struct err *e)
{
    struct state_row r;
    sqlite3_stmt *q;
    int64_t action_id = 0, seq = 0;
    enum status st = ST_WHITE;
    char date[DATE_BUFSZ] = "";
    int rc;
    if (!state_keep(s))
        return 0;
    if (!(q = kept(s, Q_STATE_OF_UPDATE, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, update_seq);
    if (sqlite3_step(q) == SQLITE_ROW)
        action_id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (state_get(s, action_id, &r, e))
        return ERR_DB;
    if (!r.found)
        return 0;
    if (!(q = kept(s, Q_STATE_NOTE_VOID, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, action_id);
    sqlite3_bind_int64(q, 2, update_seq);
    if (step_done(s, q, "keeping an action's latest note", e))
        return ERR_DB;
    if (r.update_seq != update_seq)
        return state_version(s, action_id, void_seq, e);
    if (!(q = kept(s, Q_STATE_LATEST, e)))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, action_id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        seq = sqlite3_column_int64(q, 0);
        st = sql_col_word(q, 1, &VOCAB_STATUS);
        snprintf(date, sizeof date, "%s", (const char *)sqlite3_column_text(q, 2));
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(s, e, "reading the latest update");
    return state_status(s, action_id, seq, st, date, void_seq, e);
}

/* The kept state is current: rebuilt first if this transaction let it go. */
static int state_current(struct store *s, struct err *e)
{
    return s->state_stale ? state_rebuild(s, e) : 0;
}

int store_action_version(struct store *s, int64_t action_id, int64_t *version, struct err *e)
{
    struct state_row r;
    *version = 0;
    if (state_current(s, e) || state_get(s, action_id, &r, e))
        return ERR_DB;
    if (!r.found) {
        s->state_stale = 0; /* a missing action, not a missing row */
        return err_set(e, ERR_NOTFOUND, "no action with id %lld", (long long)action_id);
    }
    *version = r.version;
    return 0;
}

int store_state_verify(struct store *s, int *same, struct err *e)
{
    static const char cols[] = "action_id, ref, action_seq, source_id, kind, owner, directorate,"
                               " owner_key, directorate_key, restricted, issued, source_seq, due,"
                               " due_from, due_original, update_seq, status, status_date, dated_to,"
                               " note_seq, version";
    char sql[2048];
    sqlite3_stmt *q = NULL;
    int rc = ERR_DB;
    *same = 0;
    if (need_tx(s, e) || state_current(s, e))
        return ERR_DB;
    /* The kept rows aside, a rebuild, then the two compared both ways. */
    if (exec(s, "CREATE TEMP TABLE kept_state AS SELECT * FROM action_state;"
                "CREATE TEMP TABLE kept_counts AS SELECT * FROM action_state_counts;"
                "CREATE TEMP TABLE kept_names AS SELECT * FROM action_state_names WHERE n > 0",
             e))
        return ERR_DB;
    if (state_rebuild(s, e))
        goto out;
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM (SELECT %s FROM action_state EXCEPT"
             " SELECT %s FROM temp.kept_state) x) + (SELECT count(*) FROM (SELECT %s FROM"
             " temp.kept_state EXCEPT SELECT %s FROM action_state) y)"
             " + (SELECT count(*) FROM (SELECT * FROM action_state_counts EXCEPT"
             " SELECT * FROM temp.kept_counts) z)"
             " + (SELECT count(*) FROM (SELECT * FROM temp.kept_counts EXCEPT"
             " SELECT * FROM action_state_counts) w)"
             " + (SELECT count(*) FROM (SELECT * FROM action_state_names EXCEPT"
             " SELECT * FROM temp.kept_names) u)"
             " + (SELECT count(*) FROM (SELECT * FROM temp.kept_names EXCEPT"
             " SELECT * FROM action_state_names) t)",
             cols, cols, cols, cols);
    if (prepare(s, sql, &q, e))
        goto out;
    if (sqlite3_step(q) != SQLITE_ROW) {
        db_error(s, e, "comparing the kept state");
        goto out;
    }
    *same = sqlite3_column_int64(q, 0) == 0;
    rc = 0;
out:
    sqlite3_finalize(q);
    if (exec(s, "DROP TABLE temp.kept_state; DROP TABLE temp.kept_counts;"
                "DROP TABLE temp.kept_names",
             rc ? NULL : e))
        rc = ERR_DB;
    return rc;
}

int store_action_names(struct store *s, int which, int with_restricted, struct arena *a,
                       const char ***out, size_t *n, struct err *e)
{
    sqlite3_stmt *q;
    const char **v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if (state_current(s, e) || !(q = kept(s, Q_STATE_NAMES, e)))
        return ERR_DB;
    sqlite3_bind_text(q, 1, which ? "directorate" : "owner", -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 2, with_restricted != 0);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (len == cap) {
            const char **nv;
            cap = cap ? cap * 2 : 32;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        v[len++] = sql_col_text(q, 0, a);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return db_error(s, e, "reading the owners");
    *out = v;
    *n = len;
    return 0;
}

/* ---- reading it -------------------------------------------------------- */

/* The filters of struct action_query as bits: those the kept row answers
 * whatever the date, then those that depend on it (status, overdue). Each
 * is a clause with parameters of its own: ?1 the date, ?2-?6 the statuses,
 * ?7 source, ?8 kind, ?9 owner, ?10 directorate, ?11-?12 mine, ?13 issued
 * before, ?14 issued from, ?15 the words as a LIKE pattern, ?16 limit,
 * ?17 offset. */
enum {
    NOW_SOURCE = 1 << 0,
    NOW_KIND = 1 << 1,
    NOW_OWNER = 1 << 2,
    NOW_DIRECTORATE = 1 << 3,
    NOW_MINE = 1 << 4,
    NOW_BEFORE = 1 << 5,
    NOW_FROM = 1 << 6,
    NOW_WORDS = 1 << 7,
    NOW_VISIBLE = 1 << 8,
    NOW_FIXED = (1 << 9) - 1,
    NOW_STATUSES = 1 << 9,
    NOW_OVERDUE = 1 << 10,
};

/* The statements kept in the cache, by what they read. */
enum now_what { NOW_PAGE = 1, NOW_COUNTS, NOW_EXCEPTIONS, NOW_GONE, NOW_ALL, NOW_OVERDUE_COUNT,
                NOW_ONE };

#define NOW_OVERDUE_SQL                                                                       \
    "st.status IN ('white', 'amber', 'red') AND st.due LIKE '____-__-__' AND st.due < ?1"
/* The latest note as of ?1, as ACTION_SELECT reads it. */
#define NOW_NOTE_SQL                                                                          \
    "(SELECT u.note FROM updates u WHERE u.action_id = st.action_id AND u.date <= ?1"          \
    " AND u.note IS NOT NULL AND NOT EXISTS (SELECT 1 FROM update_voids x"                     \
    " WHERE x.update_seq = u.seq) ORDER BY u.date DESC, u.seq DESC LIMIT 1)"
#define NOW_LIKE " LIKE ?15 ESCAPE '\\'"

static void now_where(struct buf *b, unsigned mask)
{
    buf_adds(b, " st.issued <= ?1");
    if (mask & NOW_SOURCE)
        buf_adds(b, " AND st.source_id = ?7");
    if (mask & NOW_KIND)
        buf_adds(b, " AND st.kind = ?8");
    if (mask & NOW_OWNER)
        buf_adds(b, " AND st.owner_key = lower(trim(?9, ' \t'))");
    if (mask & NOW_DIRECTORATE)
        buf_adds(b, " AND st.directorate_key = lower(trim(?10, ' \t'))");
    if (mask & NOW_MINE)
        buf_adds(b, " AND (st.owner_key = lower(trim(?11, ' \t'))"
                    " OR st.directorate_key = lower(trim(?12, ' \t')))");
    if (mask & NOW_BEFORE)
        buf_adds(b, " AND st.issued < ?13");
    if (mask & NOW_FROM)
        buf_adds(b, " AND st.issued >= ?14");
    if (mask & NOW_VISIBLE)
        buf_adds(b, " AND st.restricted = 0");
    if (mask & NOW_WORDS)
        buf_adds(b, " AND (st.ref" NOW_LIKE " OR st.owner" NOW_LIKE " OR st.directorate" NOW_LIKE
                    " OR EXISTS (SELECT 1 FROM action_versions wv WHERE wv.seq = st.action_seq"
                    " AND (wv.text" NOW_LIKE " OR wv.theme" NOW_LIKE "))"
                    " OR EXISTS (SELECT 1 FROM source_versions ws WHERE ws.seq = (SELECT"
                    " max(z.seq) FROM source_versions z WHERE z.source_id = st.source_id)"
                    " AND ws.title" NOW_LIKE ") OR " NOW_NOTE_SQL NOW_LIKE ")");
    if (mask & NOW_STATUSES)
        buf_adds(b, " AND st.status IN (?2, ?3, ?4, ?5, ?6)");
    if (mask & NOW_OVERDUE)
        buf_adds(b, " AND " NOW_OVERDUE_SQL);
}

static const char *const NOW_ORDER[] = {
    [ACTION_SORT_REF] = " ORDER BY st.ref",
    [ACTION_SORT_STATUS] = " ORDER BY CASE st.status WHEN 'red' THEN 0 WHEN 'amber' THEN 1"
                           " WHEN 'white' THEN 2 WHEN 'green' THEN 3 ELSE 4 END, st.ref",
    [ACTION_SORT_DUE] = " ORDER BY CASE WHEN st.due LIKE '____-__-__' THEN 0 WHEN st.due IS NOT"
                        " NULL THEN 1 ELSE 2 END, lower(st.due), st.ref",
    [ACTION_SORT_OWNER] = " ORDER BY CASE WHEN st.owner IS NULL OR st.owner = '' THEN 1 ELSE 0"
                          " END, lower(st.owner), st.ref",
};

/* Columns 0..21 as ACTION_SELECT's (read_action), then the kept status,
 * its date and the version. */
#define NOW_PAGE_COLS                                                                          \
    "st.action_id, v.seq, st.ref, v.source_id, sv.title, sv.scope, sv.published, v.kind,"     \
    " v.text, v.owner, v.directorate, v.theme, v.risk, v.scope, v.marking, v.issued,"         \
    " v.recorded_at, v.recorded_by, st.due, st.due_original, st.update_seq,"                   \
    " (SELECT u.note FROM updates u WHERE u.seq = st.note_seq), st.status, st.status_date,"    \
    " st.version"

static void now_sql(struct buf *b, enum now_what what, enum action_sort sort, unsigned mask)
{
    switch (what) {
    case NOW_PAGE:
        buf_adds(b, "SELECT " NOW_PAGE_COLS " FROM action_state st"
                    " JOIN action_versions v ON v.seq = st.action_seq"
                    " JOIN source_versions sv ON sv.seq = st.source_seq WHERE");
        now_where(b, mask);
        buf_adds(b, NOW_ORDER[sort]);
        buf_adds(b, " LIMIT ?16 OFFSET ?17");
        break;
    case NOW_COUNTS:
        buf_adds(b, "SELECT st.status, count(*) FROM action_state st WHERE");
        now_where(b, mask & ~NOW_STATUSES);
        buf_adds(b, " GROUP BY st.status");
        break;
    case NOW_EXCEPTIONS:
        buf_adds(b, "SELECT st.action_id, st.ref, st.status, st.due, st.owner FROM action_state st"
                    " WHERE st.dated_to > ?1 AND");
        now_where(b, mask & NOW_FIXED);
        break;
    case NOW_GONE:
        buf_adds(b, "SELECT st.status, st.restricted, count(*) FROM action_state st"
                    " WHERE st.issued > ?1 OR st.issued IS NULL GROUP BY st.status, st.restricted");
        break;
    case NOW_ALL:
        buf_adds(b, "SELECT st.action_id, st.ref, st.status, st.due, st.owner FROM action_state st"
                    " WHERE");
        now_where(b, mask & NOW_FIXED);
        break;
    case NOW_OVERDUE_COUNT:
        buf_adds(b, "SELECT count(*) FROM action_state st WHERE");
        now_where(b, (mask & NOW_FIXED) | NOW_OVERDUE);
        break;
    case NOW_ONE:
        buf_adds(b, ACTION_SELECT " WHERE a.id = ?3");
        break;
    }
}

/* A statement of the cache, prepared on first use and kept with the
 * connection, so that a page of the list costs no parsing or planning. */
static sqlite3_stmt *now_stmt(struct store *s, enum now_what what, enum action_sort sort,
                              unsigned mask, struct err *e)
{
    unsigned key = (unsigned)what << 24 | (unsigned)sort << 16 | mask;
    struct buf b;
    size_t slot;
    for (size_t i = 0; i < NOW_CACHE; i++)
        if (s->reads[i].st && s->reads[i].key == key) {
            sqlite3_reset(s->reads[i].st);
            sqlite3_clear_bindings(s->reads[i].st);
            return s->reads[i].st;
        }
    slot = s->reads_next++ % NOW_CACHE;
    sqlite3_finalize(s->reads[slot].st);
    s->reads[slot].st = NULL;
    buf_init(&b, 1 << 16);
    now_sql(&b, what, sort, mask);
    if (prepare(s, buf_str(&b), &s->reads[slot].st, e)) {
        buf_release(&b);
        return NULL;
    }
    buf_release(&b);
    s->reads[slot].key = key;
    return s->reads[slot].st;
}

/* A query with its date, its names trimmed (blank: none) and its words as
 * a LIKE pattern. */
struct now_query {
    const struct action_query *q;
    unsigned mask;
    char today[DATE_BUFSZ];
    const char *words;
};

static const char *blank_null(const char *s)
{
    return s && s[strspn(s, " \t")] ? s : NULL;
}

static void now_prepare(struct now_query *nq, const struct action_query *q, struct arena *a)
{
    const struct action_query *x = q;
    unsigned m = 0;
    memset(nq, 0, sizeof *nq);
    nq->q = q;
    date_format(q->today != DATE_NONE ? q->today : date_today(), nq->today);
    if (x->source_id)
        m |= NOW_SOURCE;
    if (x->kind)
        m |= NOW_KIND;
    if (blank_null(x->owner))
        m |= NOW_OWNER;
    if (blank_null(x->directorate))
        m |= NOW_DIRECTORATE;
    if (x->mine)
        m |= NOW_MINE;
    if (x->issued_before != DATE_NONE)
        m |= NOW_BEFORE;
    if (x->issued_from != DATE_NONE)
        m |= NOW_FROM;
    if (x->hide_restricted)
        m |= NOW_VISIBLE;
    if (x->statuses & ((1u << ST__COUNT) - 2))
        m |= NOW_STATUSES;
    if (x->overdue)
        m |= NOW_OVERDUE;
    if (x->words && *x->words) {
        struct buf b;
        buf_init(&b, BUF_MAX_DEFAULT);
        buf_addc(&b, '%');
        for (const char *p = x->words; *p; p++) {
            if (*p == '%' || *p == '_' || *p == '\\')
                buf_addc(&b, '\\');
            buf_addc(&b, *p);
        }
        buf_addc(&b, '%');
        nq->words = arena_strdup(a, buf_str(&b));
        buf_release(&b);
        m |= NOW_WORDS;
    }
    nq->mask = m;
}

static void now_bind(sqlite3_stmt *st, const struct now_query *nq)
{
    const struct action_query *q = nq->q;
    char before[DATE_BUFSZ], from[DATE_BUFSZ];
    /* Parameters a statement does not hold are refused by SQLite, harmlessly. */
    sqlite3_bind_text(st, 1, nq->today, -1, SQLITE_TRANSIENT);
    for (int i = ST_WHITE; i <= ST_CLOSED; i++)
        if (q->statuses & (1u << i))
            sqlite3_bind_text(st, 2 + i - ST_WHITE, vocab_name(&VOCAB_STATUS, i), -1,
                              SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, q->source_id);
    if (q->kind)
        sqlite3_bind_text(st, 8, vocab_name(&VOCAB_ACTION_KIND, q->kind), -1, SQLITE_STATIC);
    sql_bind_text(st, 9, blank_null(q->owner));
    sql_bind_text(st, 10, blank_null(q->directorate));
    sql_bind_text(st, 11, blank_null(q->mine_owner));
    sql_bind_text(st, 12, blank_null(q->mine_directorate));
    if (q->issued_before != DATE_NONE)
        sqlite3_bind_text(st, 13, date_format(q->issued_before, before), -1, SQLITE_TRANSIENT);
    if (q->issued_from != DATE_NONE)
        sqlite3_bind_text(st, 14, date_format(q->issued_from, from), -1, SQLITE_TRANSIENT);
    sql_bind_text(st, 15, nq->words);
    sqlite3_bind_int64(st, 16, q->limit ? (int64_t)q->limit : INT64_MAX);
    sqlite3_bind_int64(st, 17, (int64_t)q->offset);
}

/* Overdue as the list says it (NOW_OVERDUE_SQL is the same test). */
static int now_overdue(enum status st, const char *due, const char *today)
{
    if (st != ST_WHITE && st != ST_AMBER && st != ST_RED)
        return 0;
    if (!due || strlen(due) != 10 || due[4] != '-' || due[7] != '-')
        return 0;
    return strcmp(due, today) < 0;
}

/* An action as the list sorts it: its kept row, or for one dated ahead its
 * state today. */
struct now_row {
    int64_t id;
    const char *ref, *due, *owner;
    enum status status;
    enum status kept_status; /* an action dated ahead: what its kept row says */
    const char *kept_due;
    struct action *act;      /* an action dated ahead: as of today */
    enum action_sort sort;   /* the order it is sorted in (now_row_cmp) */
};

static void now_row_read(sqlite3_stmt *st, struct arena *a, struct now_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    r->ref = sql_col_text(st, 1, a);
    r->status = r->kept_status = sql_col_word(st, 2, &VOCAB_STATUS);
    r->due = r->kept_due = sql_col_text(st, 3, a);
    r->owner = sql_col_text(st, 4, a);
}

static int status_rank(enum status s)
{
    static const int rank[ST__COUNT] = {[ST_RED] = 0, [ST_AMBER] = 1, [ST_WHITE] = 2,
                                        [ST_GREEN] = 3, [ST_CLOSED] = 4, [ST_NONE] = 4};
    return rank[s];
}

static int due_class(const char *due)
{
    return !due ? 2 : strlen(due) == 10 && due[4] == '-' && due[7] == '-' ? 0 : 1;
}

static int nullcase(const char *x, const char *y)
{
    return strcasecmp(x ? x : "", y ? y : "");
}

/* NOW_ORDER in C, for the lists sorted here. */
static int now_row_cmp(const void *x, const void *y)
{
    const struct now_row *a = x, *b = y;
    int c = 0;
    switch (a->sort) {
    case ACTION_SORT_REF: break;
    case ACTION_SORT_STATUS: c = status_rank(a->status) - status_rank(b->status); break;
    case ACTION_SORT_DUE:
        c = due_class(a->due) - due_class(b->due);
        if (!c)
            c = nullcase(a->due, b->due);
        break;
    case ACTION_SORT_OWNER:
        c = (!a->owner || !*a->owner) - (!b->owner || !*b->owner);
        if (!c)
            c = nullcase(a->owner, b->owner);
        break;
    }
    return c ? c : strcmp(a->ref, b->ref);
}

static int now_one(struct store *s, int64_t id, const char *today, struct arena *a,
                   struct action **out, struct err *e)
{
    sqlite3_stmt *st = now_stmt(s, NOW_ONE, ACTION_SORT_REF, 0, e);
    int rc;
    if (!st)
        return ERR_DB;
    sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, MOMENT_END, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = read_action(st, a);
        rc = fill_status(s, st, *out, e);
    } else {
        rc = db_error(s, e, "reading an action as of today");
    }
    sqlite3_reset(st);
    return rc;
}

/* The rows of one of the statements listing actions (NOW_EXCEPTIONS,
 * NOW_ALL). */
static int now_rows(struct store *s, sqlite3_stmt *st, const struct now_query *nq,
                    struct arena *a, struct now_row **out, size_t *n, struct err *e)
{
    struct now_row *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    now_bind(st, nq);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            struct now_row *nv;
            cap = cap ? cap * 2 : 64;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        now_row_read(st, a, &v[len++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_error(s, e, "listing actions");
    *out = v;
    *n = len;
    return 0;
}

/* The actions matching the fixed filters whose latest update or target
 * date is dated after today, each with its state today. */
static int now_exceptions(struct store *s, const struct now_query *nq, struct arena *a,
                          struct now_row **out, size_t *n, struct err *e)
{
    sqlite3_stmt *st = now_stmt(s, NOW_EXCEPTIONS, ACTION_SORT_REF, nq->mask & NOW_FIXED, e);
    int rc;
    if (!st)
        return ERR_DB;
    if ((rc = now_rows(s, st, nq, a, out, n, e)))
        return rc;
    for (size_t i = 0; i < *n; i++) {
        struct now_row *r = &(*out)[i];
        if ((rc = now_one(s, r->id, nq->today, a, &r->act, e)))
            return rc;
        r->status = r->act->status;
        r->due = r->act->due;
    }
    return 0;
}

static struct now_row *now_exception_of(struct now_row *x, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (x[i].id == id)
            return &x[i];
    return NULL;
}

static int now_counts(struct store *s, const struct now_query *nq, int count_overdue,
                      const struct now_row *x, size_t nx, struct action_counts *c,
                      struct err *e)
{
    const struct action_query *q = nq->q;
    unsigned mask = nq->mask;
    size_t kept_n[ST__COUNT][2] = {{0}};
    sqlite3_stmt *st;
    int rc;

    memset(c, 0, sizeof *c);
    /* The kept counts, less those not issued yet: every action's, and the
     * number of restricted ones. */
    if (!(st = kept(s, Q_STATE_COUNTS, e)))
        return ERR_DB;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        kept_n[sql_col_word(st, 0, &VOCAB_STATUS)][sqlite3_column_int(st, 1) != 0] +=
            (size_t)sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_error(s, e, "counting statuses");
    if (!(st = now_stmt(s, NOW_GONE, ACTION_SORT_REF, 0, e)))
        return ERR_DB;
    now_bind(st, nq);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        kept_n[sql_col_word(st, 0, &VOCAB_STATUS)][sqlite3_column_int(st, 1) != 0] -=
            (size_t)sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return db_error(s, e, "counting statuses");
    for (int i = ST_WHITE; i <= ST_CLOSED; i++)
        c->hidden += q->hide_restricted ? kept_n[i][1] : 0;

    if (!(mask & ~(NOW_STATUSES | NOW_VISIBLE))) {
        for (int i = ST_WHITE; i <= ST_CLOSED; i++)
            c->status[i] = kept_n[i][0] + (q->hide_restricted ? 0 : kept_n[i][1]);
    } else {
        if (!(st = now_stmt(s, NOW_COUNTS, ACTION_SORT_REF, mask & ~NOW_STATUSES, e)))
            return ERR_DB;
        now_bind(st, nq);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            c->status[sql_col_word(st, 0, &VOCAB_STATUS)] += (size_t)sqlite3_column_int64(st, 1);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return db_error(s, e, "counting statuses");
    }
    if (count_overdue) {
        if (!(st = now_stmt(s, NOW_OVERDUE_COUNT, ACTION_SORT_REF, mask & NOW_FIXED, e)))
            return ERR_DB;
        now_bind(st, nq);
        if ((rc = sqlite3_step(st)) == SQLITE_ROW)
            c->overdue = (size_t)sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc != SQLITE_ROW)
            return db_error(s, e, "counting overdue actions");
    }
    /* The actions dated ahead were counted as their kept rows say. */
    for (size_t i = 0; i < nx; i++) {
        int was = now_overdue(x[i].kept_status, x[i].kept_due, nq->today);
        int is = now_overdue(x[i].status, x[i].due, nq->today);
        if (!(mask & NOW_OVERDUE) || was)
            c->status[x[i].kept_status]--;
        if (!(mask & NOW_OVERDUE) || is)
            c->status[x[i].status]++;
        if (count_overdue)
            c->overdue = c->overdue - (size_t)was + (size_t)is;
    }
    c->status[ST_NONE] = 0;
    for (int i = ST_WHITE; i <= ST_CLOSED; i++)
        if (!(mask & NOW_STATUSES) || (q->statuses & (1u << i)))
            c->total += c->status[i];
    return 0;
}

static void now_push(struct arena *a, struct action ***v, int64_t **ver, size_t *len, size_t *cap,
                     struct action *act, int64_t version)
{
    if (*len == *cap) {
        struct action **nv;
        int64_t *nver;
        *cap = *cap ? *cap * 2 : 64;
        nv = arena_alloc(a, *cap * sizeof *nv);
        nver = arena_alloc(a, *cap * sizeof *nver);
        if (*len) {
            memcpy(nv, *v, *len * sizeof *nv);
            memcpy(nver, *ver, *len * sizeof *nver);
        }
        *v = nv;
        *ver = nver;
    }
    (*v)[*len] = act;
    (*ver)[*len] = version;
    (*len)++;
}

int store_actions_now(struct store *s, const struct action_query *q, int count_overdue,
                      struct arena *a, struct action ***out, int64_t **versions, size_t *n,
                      struct action_counts *counts, struct err *e)
{
    struct now_query nq;
    struct now_row *x;
    struct action_counts c;
    struct action **v = NULL;
    int64_t *ver = NULL;
    size_t nx, len = 0, cap = 0;
    enum action_sort sort = q->sort <= ACTION_SORT_OWNER ? q->sort : ACTION_SORT_REF;
    sqlite3_stmt *st;
    int rc;

    *out = NULL;
    *n = 0;
    if (versions)
        *versions = NULL;
    if ((rc = state_current(s, e)))
        return rc;
    now_prepare(&nq, q, a);
    if ((rc = now_exceptions(s, &nq, a, &x, &nx, e)))
        return rc;
    if (counts && (rc = now_counts(s, &nq, count_overdue, x, nx, &c, e)))
        return rc;

    if (nx == 0 || (!(nq.mask & (NOW_STATUSES | NOW_OVERDUE)) &&
                    sort != ACTION_SORT_STATUS && sort != ACTION_SORT_DUE)) {
        /* The kept rows say which and in what order; those dated ahead are
         * read again as of today. */
        if (!(st = now_stmt(s, NOW_PAGE, sort, nq.mask, e)))
            return ERR_DB;
        now_bind(st, &nq);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            struct action *act = read_action(st, a);
            struct now_row *ex = nx ? now_exception_of(x, nx, act->id) : NULL;
            if (ex) {
                act = ex->act;
            } else {
                act->status = sql_col_word(st, 22, &VOCAB_STATUS);
                act->status_date = col_date(st, 23);
            }
            now_push(a, &v, &ver, &len, &cap, act, sqlite3_column_int64(st, 24));
        }
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return db_error(s, e, "listing actions");
    } else {
        /* Whether an action dated ahead matches, and where it sorts, is
         * for its state today: every action of the fixed filters, judged,
         * sorted and paged here. */
        struct now_row *all;
        size_t nall, k = 0, seen = 0;
        if (!(st = now_stmt(s, NOW_ALL, ACTION_SORT_REF, nq.mask & NOW_FIXED, e)) ||
            (rc = now_rows(s, st, &nq, a, &all, &nall, e)))
            return st ? rc : ERR_DB;
        for (size_t i = 0; i < nall; i++) {
            struct now_row *ex = now_exception_of(x, nx, all[i].id);
            if (ex)
                all[i] = *ex;
            if ((nq.mask & NOW_STATUSES) && !(q->statuses & (1u << all[i].status)))
                continue;
            if ((nq.mask & NOW_OVERDUE) && !now_overdue(all[i].status, all[i].due, nq.today))
                continue;
            all[i].sort = sort;
            all[k++] = all[i];
        }
        qsort(all, k, sizeof *all, now_row_cmp);
        for (size_t i = 0; i < k; i++) {
            struct action *act;
            int64_t version;
            if (seen++ < q->offset)
                continue;
            if (q->limit && len >= q->limit)
                break;
            if ((rc = now_one(s, all[i].id, nq.today, a, &act, e)) ||
                (rc = store_action_version(s, all[i].id, &version, e)))
                return rc;
            now_push(a, &v, &ver, &len, &cap, act, version);
        }
    }
    *out = v;
    *n = len;
    if (versions)
        *versions = ver;
    if (counts)
        *counts = c;
    return 0;
}
