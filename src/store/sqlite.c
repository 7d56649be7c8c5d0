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
};

struct store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[Q__COUNT];
    int in_tx;
    int64_t seq, seq_at_begin;
    char who[128];
    char now[MOMENT_BUFSZ];
};

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

/* Binding helpers: NULL or "" text binds SQL NULL. */
static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void bind_word(sqlite3_stmt *st, int i, const struct vocab *v, int value)
{
    bind_text(st, i, value ? vocab_name(v, value) : NULL);
}

static void bind_date(sqlite3_stmt *st, int i, int32_t d)
{
    char buf[DATE_BUFSZ];
    if (d == DATE_NONE)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_text(st, i, date_format(d, buf), -1, SQLITE_TRANSIENT);
}

static const char *col_text(sqlite3_stmt *st, int i, struct arena *a)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

static int32_t col_date(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    int32_t d;
    if (!t || date_parse((const char *)t, (size_t)sqlite3_column_bytes(st, i), &d))
        return DATE_NONE;
    return d;
}

static int col_word(sqlite3_stmt *st, int i, const struct vocab *v)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    int r;
    if (!t)
        return 0;
    r = vocab_parse(v, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
    return r > 0 ? r : 0;
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
                "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY",
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

int store_begin(struct store *s, struct err *e)
{
    sqlite3_stmt *st = NULL;
    if (s->in_tx)
        return err_set(e, ERR_DB, "%s: a transaction is already open", s->path);
    if (exec(s, "BEGIN IMMEDIATE", e))
        return ERR_DB;
    s->in_tx = 1;
    if (prepare(s, "SELECT value FROM meta WHERE key = 'seq'", &st, e))
        goto fail;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        db_error(s, e, "change counter missing");
        goto fail;
    }
    s->seq = s->seq_at_begin = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return 0;
fail:
    store_rollback(s);
    return ERR_DB;
}

int store_commit(struct store *s, struct err *e)
{
    sqlite3_stmt *st = NULL;
    if (!s->in_tx)
        return err_set(e, ERR_DB, "%s: no transaction open", s->path);
    if (s->seq != s->seq_at_begin) {
        if (prepare(s, "UPDATE meta SET value = ? WHERE key = 'seq'", &st, e))
            goto fail;
        sqlite3_bind_int64(st, 1, s->seq);
        if (sqlite3_step(st) != SQLITE_DONE) {
            db_error(s, e, "saving the change counter");
            sqlite3_finalize(st);
            goto fail;
        }
        sqlite3_finalize(st);
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
    sqlite3_stmt *st = NULL;
    *out = NULL;
    if (prepare(s, "SELECT value FROM setting_versions WHERE key = ? ORDER BY seq DESC LIMIT 1",
                &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = col_text(st, 0, a);
    sqlite3_finalize(st);
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
        *out = col_text(st, 0, a);
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
    src->title = col_text(st, 2, a);
    src->body = col_text(st, 3, a);
    src->kind = col_word(st, 4, &VOCAB_SOURCE_KIND);
    src->scope = col_word(st, 5, &VOCAB_SCOPE);
    src->published = col_date(st, 6);
    src->assurance = col_word(st, 7, &VOCAB_ASSURANCE);
    src->marking = col_word(st, 8, &VOCAB_MARKING);
    src->recorded_at = col_text(st, 9, a);
    src->recorded_by = col_text(st, 10, a);
    return src;
}

static int source_query_one(struct store *s, const char *sql, const char *text, int64_t id,
                            struct arena *a, struct source **out, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *out = NULL;
    if (prepare(s, sql, &st, e))
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
    sqlite3_finalize(st);
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
    bind_text(st, 3, src->title);
    bind_text(st, 4, src->body);
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
    return 0;
}

int store_sources_list(struct store *s, struct arena *a, struct source ***out, size_t *n,
                       struct err *e)
{
    sqlite3_stmt *st = NULL;
    struct source **v = NULL;
    size_t cap = 0, len = 0;
    if (prepare(s, "SELECT " SOURCE_COLS " FROM source_versions v WHERE " SOURCE_LATEST
                   " ORDER BY v.title",
                &st, e))
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
    sqlite3_finalize(st);
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
    act->ref = col_text(st, 2, a);
    act->source_id = sqlite3_column_int64(st, 3);
    act->source_title = col_text(st, 4, a);
    act->source_scope = col_word(st, 5, &VOCAB_SCOPE);
    act->source_published = col_date(st, 6);
    act->kind = col_word(st, 7, &VOCAB_ACTION_KIND);
    act->text = col_text(st, 8, a);
    act->owner = col_text(st, 9, a);
    act->directorate = col_text(st, 10, a);
    act->theme = col_text(st, 11, a);
    act->risk = col_word(st, 12, &VOCAB_RISK);
    act->scope = col_word(st, 13, &VOCAB_SCOPE);
    act->marking = col_word(st, 14, &VOCAB_MARKING);
    act->issued = col_date(st, 15);
    act->recorded_at = col_text(st, 16, a);
    act->recorded_by = col_text(st, 17, a);
    act->due = col_text(st, 18, a);
    act->due_original = col_text(st, 19, a);
    act->last_note = col_text(st, 21, a);
    act->status_date = DATE_NONE;
    return act;
}

/* Fills act->status from the update seq in column 20 (NULL: white). */
static int fill_status(struct store *s, sqlite3_stmt *st, struct action *act, struct err *e)
{
    static const char sql[] = "SELECT status, date FROM updates WHERE seq = ?";
    sqlite3_stmt *q = NULL;
    act->status = ST_WHITE;
    if (sqlite3_column_type(st, 20) == SQLITE_NULL)
        return 0;
    if (prepare(s, sql, &q, e))
        return ERR_DB;
    sqlite3_bind_int64(q, 1, sqlite3_column_int64(st, 20));
    if (sqlite3_step(q) == SQLITE_ROW) {
        act->status = col_word(q, 0, &VOCAB_STATUS);
        act->status_date = col_date(q, 1);
    }
    sqlite3_finalize(q);
    return 0;
}

int store_action_find(struct store *s, const char *ref, struct arena *a, struct action **out,
                      struct err *e)
{
    sqlite3_stmt *st = NULL;
    char today[DATE_BUFSZ];
    int rc;
    *out = NULL;
    if (prepare(s, ACTION_SELECT " WHERE a.ref = ?3", &st, e))
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
    sqlite3_finalize(st);
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
    bind_text(st, 5, act->text);
    bind_text(st, 6, act->owner);
    bind_text(st, 7, act->directorate);
    bind_text(st, 8, act->theme);
    bind_word(st, 9, &VOCAB_RISK, act->risk);
    bind_word(st, 10, &VOCAB_SCOPE, act->scope);
    bind_word(st, 11, &VOCAB_MARKING, act->marking);
    bind_date(st, 12, act->issued);
    sqlite3_bind_text(st, 13, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, s->who, -1, SQLITE_STATIC);
    if (step_done(s, st, "saving an action", e))
        return ERR_DB;
    act->seq = seq;
    return 0;
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
    bind_text(st, 4, d->due);
    bind_text(st, 5, d->reason);
    bind_text(st, 6, d->agreed_by);
    sqlite3_bind_text(st, 7, s->now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, s->who, -1, SQLITE_STATIC);
    return step_done(s, st, "saving a target date", e);
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
        d->due = col_text(st, 3, a);
        d->reason = col_text(st, 4, a);
        d->agreed_by = col_text(st, 5, a);
        d->recorded_at = col_text(st, 6, a);
        d->recorded_by = col_text(st, 7, a);
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
    return step_done(s, st, "saving an update", e);
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
    u->ref = col_text(st, 2, a);
    u->date = col_date(st, 3);
    u->status = col_word(st, 4, &VOCAB_STATUS);
    u->note = col_text(st, 5, a);
    u->by = col_text(st, 6, a);
    u->reason = col_text(st, 7, a);
    u->by_ref = col_text(st, 8, a);
    u->recorded_at = col_text(st, 9, a);
    u->recorded_by = col_text(st, 10, a);
    u->is_void = sqlite3_column_type(st, 11) != SQLITE_NULL;
    u->void_reason = col_text(st, 11, a);
    u->voided_at = col_text(st, 12, a);
    u->voided_by = col_text(st, 13, a);
    return u;
}

int store_update_get(struct store *s, int64_t seq, struct arena *a, struct update **out,
                     struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc;
    *out = NULL;
    if (prepare(s, UPDATE_SELECT " WHERE u.seq = ?", &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, seq);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = read_update(st, a);
        rc = 0;
    } else {
        rc = err_set(e, ERR_NOTFOUND, "no update with id %lld", (long long)seq);
    }
    sqlite3_finalize(st);
    return rc;
}

int store_update_void(struct store *s, int64_t seq, const char *reason, struct err *e)
{
    sqlite3_stmt *st = NULL;
    int rc;
    if (need_tx(s, e))
        return ERR_DB;
    if (prepare(s, "INSERT INTO update_voids(seq, update_seq, reason, recorded_at, recorded_by)"
                   " VALUES(?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, next_seq(s));
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
    return 0;
}

static int updates_query(struct store *s, const char *sql, int64_t id, const char *date,
                         struct arena *a, struct update ***out, size_t *n, struct err *e)
{
    sqlite3_stmt *st = NULL;
    struct update **v = NULL;
    size_t len = 0, cap = 0;
    if (prepare(s, sql, &st, e))
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
    sqlite3_finalize(st);
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
    bind_text(st, 4, p->label);
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
        p->committee = col_text(st, 1, a);
        p->date = col_date(st, 2);
        p->label = col_text(st, 3, a);
        p->recorded_at = col_text(st, 4, a);
        p->recorded_by = col_text(st, 5, a);
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
    p->title = col_text(st, 2, a);
    p->kind = col_text(st, 3, a);
    p->fieldwork_start = col_date(st, 4);
    p->fieldwork_end = col_date(st, 5);
    p->expected = col_text(st, 6, a);
    p->status = col_text(st, 7, a);
    p->note = col_text(st, 8, a);
    p->recorded_at = col_text(st, 9, a);
    p->recorded_by = col_text(st, 10, a);
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
    bind_text(st, 3, p->title);
    bind_text(st, 4, p->kind);
    bind_date(st, 5, p->fieldwork_start);
    bind_date(st, 6, p->fieldwork_end);
    bind_text(st, 7, p->expected);
    bind_text(st, 8, p->status);
    bind_text(st, 9, p->note);
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
        en.recorded_at = col_text(st, 1, &a);
        en.recorded_by = col_text(st, 2, &a);
        en.what = col_text(st, 3, &a);
        en.subject = col_text(st, 5, &a);
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
    sqlite3_stmt *st = NULL;
    if (s->in_tx)
        return err_set(e, ERR_DB, "%s: a transaction is already open", s->path);
    if (exec(s, "BEGIN", e))
        return ERR_DB;
    s->in_tx = 1;
    if (prepare(s, "SELECT value FROM meta WHERE key = 'seq'", &st, e))
        goto fail;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        db_error(s, e, "change counter missing");
        goto fail;
    }
    s->seq = s->seq_at_begin = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return 0;
fail:
    store_rollback(s);
    return ERR_DB;
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
        act->ref = col_text(st, 2, a);
        act->source_id = sid;
        act->kind = col_word(st, 4, &VOCAB_ACTION_KIND);
        act->text = col_text(st, 5, a);
        act->owner = col_text(st, 6, a);
        act->directorate = col_text(st, 7, a);
        act->theme = col_text(st, 8, a);
        act->risk = col_word(st, 9, &VOCAB_RISK);
        act->scope = col_word(st, 10, &VOCAB_SCOPE);
        act->marking = col_word(st, 11, &VOCAB_MARKING);
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
        n[t->ndues].due = col_text(st, 2, a);
        n[t->ndues].reason = col_text(st, 3, a);
        n[t->ndues].agreed_by = col_text(st, 4, a);
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
    qsort(out->v, out->n, sizeof *out->v, by_ref);
    /* Sources by title for the papers; actions keep their index. */
    {
        struct source **bytitle = arena_alloc(a, (nsrc ? nsrc : 1) * sizeof *bytitle);
        size_t *remap = arena_alloc(a, (nsrc ? nsrc : 1) * sizeof *remap);
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
        *out = col_text(st, 0, a);
    sqlite3_reset(st);
    return 0;
}
