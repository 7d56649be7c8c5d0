/* users.c -- users, sessions, API tokens and failed sign-ins on SQLite, over
 * the connection sqlite.c opens (store_sqlite_handle). */
#include <sqlite3.h>
#include <string.h>

#include "store/users.h"
#include "store/sql.h"

/* Statements kept with the connection (sqlite.c), for the reads every web
 * request makes: who is asking. */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct err *e);
void store_stmt_done(struct store *s, sqlite3_stmt *st);

/* Runs a write statement to completion and finalizes it. */
static int step_write(sqlite3 *db, sqlite3_stmt *st, const char *what, struct err *e)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(db, e, what);
    sqlite3_finalize(st);
    return rc;
}

/* ---- users ------------------------------------------------------------ */

/* The latest version of each user. */
#define USER_COLS                                                                              \
    "SELECT v.user_id, v.seq, v.name, v.role, v.owner_name, v.directorate, v.email,"           \
    " v.clearance, v.password_hash, v.disabled, v.recorded_at, v.recorded_by"                  \
    " FROM user_versions v WHERE v.seq = (SELECT max(seq) FROM user_versions w"                \
    " WHERE w.user_id = v.user_id)"

static struct user *read_user(sqlite3_stmt *st, struct arena *a)
{
    struct user *u = arena_alloc(a, sizeof *u);
    u->id = sqlite3_column_int64(st, 0);
    u->seq = sqlite3_column_int64(st, 1);
    u->name = sql_col_text(st, 2, a);
    u->role = (enum role)sql_col_word(st, 3, &VOCAB_ROLE);
    u->owner_name = sql_col_text(st, 4, a);
    u->directorate = sql_col_text(st, 5, a);
    u->email = sql_col_text(st, 6, a);
    u->clearance = (enum marking)sql_col_word(st, 7, &VOCAB_MARKING);
    u->password_hash = sql_col_text(st, 8, a);
    u->disabled = sqlite3_column_int(st, 9) != 0;
    u->recorded_at = sql_col_text(st, 10, a);
    u->recorded_by = sql_col_text(st, 11, a);
    return u;
}

static int user_one(struct store *s, const char *sql, const char *name, int64_t id,
                    struct arena *a, struct user **out, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    *out = NULL;
    if (!(st = store_stmt(s, sql, e)))
        return ERR_DB;
    if (name)
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = read_user(st, a);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = name ? err_set(e, ERR_NOTFOUND, "there is no user \"%s\"", name)
                  : err_set(e, ERR_NOTFOUND, "there is no user %lld", (long long)id);
    } else {
        rc = sql_fail(db, e, "reading a user");
    }
    store_stmt_done(s, st);
    return rc;
}

int store_user_find(struct store *s, const char *name, struct arena *a, struct user **out,
                    struct err *e)
{
    return user_one(s, USER_COLS " AND v.user_id = (SELECT id FROM users WHERE name = ?)", name, 0,
                    a, out, e);
}

int store_user_get(struct store *s, int64_t id, struct arena *a, struct user **out,
                   struct err *e)
{
    return user_one(s, USER_COLS " AND v.user_id = ?", NULL, id, a, out, e);
}

int store_user_put(struct store *s, struct user *u, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;

    if (sql_need_tx(db, e))
        return ERR_DB;
    if (u->id == 0) {
        if (sql_prepare(db, "INSERT INTO users(name) VALUES(?) ON CONFLICT(name) DO NOTHING", &st, e))
            return ERR_DB;
        sqlite3_bind_text(st, 1, u->name, -1, SQLITE_STATIC);
        if (step_write(db, st, "adding a user", e))
            return ERR_DB;
        if (sqlite3_changes(db) == 0)
            return err_set(e, ERR_CONFLICT, "there is already a user \"%s\"", u->name);
        u->id = sqlite3_last_insert_rowid(db);
    }
    if (sql_prepare(db, "INSERT INTO user_versions(seq, user_id, name, role, owner_name, directorate,"
                    " email, clearance, password_hash, disabled, recorded_at, recorded_by)"
                    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    u->seq = store_next_seq(s);
    sqlite3_bind_int64(st, 1, u->seq);
    sqlite3_bind_int64(st, 2, u->id);
    sqlite3_bind_text(st, 3, u->name, -1, SQLITE_STATIC);
    sql_bind_text(st, 4, vocab_name(&VOCAB_ROLE, u->role));
    sql_bind_text(st, 5, u->owner_name);
    sql_bind_text(st, 6, u->directorate);
    sql_bind_text(st, 7, u->email);
    sql_bind_text(st, 8, u->clearance ? vocab_name(&VOCAB_MARKING, u->clearance) : NULL);
    sql_bind_text(st, 9, u->password_hash);
    sqlite3_bind_int(st, 10, u->disabled ? 1 : 0);
    sqlite3_bind_text(st, 11, store_now(s), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 12, store_actor(s), -1, SQLITE_TRANSIENT);
    return step_write(db, st, "saving a user", e);
}

int store_users_list(struct store *s, struct arena *a, struct user ***out, size_t *n,
                     struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    struct user **v = NULL;
    size_t len = 0, cap = 0;
    int rc;

    if (sql_prepare(db, USER_COLS " ORDER BY v.name", &st, e))
        return ERR_DB;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            struct user **nv = arena_alloc(a, (cap = cap ? cap * 2 : 16) * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        v[len++] = read_user(st, a);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_fail(db, e, "listing users");
    *out = v;
    *n = len;
    return 0;
}

/* ---- sessions --------------------------------------------------------- */

int store_session_add(struct store *s, const struct session *ses, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    if (sql_need_tx(db, e) ||
        sql_prepare(db, "INSERT INTO sessions(token_hash, user_id, csrf, created_at, expires_at)"
                    " VALUES(?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, ses->token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, ses->user_id);
    sqlite3_bind_text(st, 3, ses->csrf, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, ses->created_at ? ses->created_at : store_now(s), -1,
                      SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, ses->expires_at, -1, SQLITE_STATIC);
    return step_write(db, st, "saving a session", e);
}

int store_session_find(struct store *s, const char *token_hash, const char *now,
                       struct arena *a, struct session **out, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    *out = NULL;
    if (!(st = store_stmt(s, "SELECT token_hash, user_id, csrf, created_at, expires_at"
                             " FROM sessions WHERE token_hash = ? AND ended = 0 AND expires_at > ?",
                          e)))
        return ERR_DB;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct session *ses = arena_alloc(a, sizeof *ses);
        ses->token_hash = sql_col_text(st, 0, a);
        ses->user_id = sqlite3_column_int64(st, 1);
        ses->csrf = sql_col_text(st, 2, a);
        ses->created_at = sql_col_text(st, 3, a);
        ses->expires_at = sql_col_text(st, 4, a);
        *out = ses;
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "no such session");
    } else {
        rc = sql_fail(db, e, "reading a session");
    }
    store_stmt_done(s, st);
    return rc;
}

/* A write with one text or integer parameter. */
static int write1(struct store *s, const char *sql, const char *text, int64_t id,
                  const char *what, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    if (sql_need_tx(db, e) || sql_prepare(db, sql, &st, e))
        return ERR_DB;
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    return step_write(db, st, what, e);
}

int store_session_end(struct store *s, const char *token_hash, struct err *e)
{
    return write1(s, "UPDATE sessions SET ended = 1 WHERE token_hash = ?", token_hash, 0,
                  "ending a session", e);
}

int store_sessions_end_user(struct store *s, int64_t user_id, struct err *e)
{
    return write1(s, "UPDATE sessions SET ended = 1 WHERE user_id = ? AND ended = 0", NULL,
                  user_id, "ending sessions", e);
}

int store_sessions_prune(struct store *s, const char *before, struct err *e)
{
    return write1(s, "DELETE FROM sessions WHERE expires_at < ?", before, 0,
                  "forgetting old sessions", e);
}

/* ---- API tokens ------------------------------------------------------- */

int store_token_add(struct store *s, const char *token_hash, int64_t user_id, const char *name,
                    struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    if (sql_need_tx(db, e) ||
        sql_prepare(db, "INSERT INTO api_tokens(token_hash, user_id, name, created_at)"
                    " VALUES(?,?,?,?)",
                &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, store_now(s), -1, SQLITE_TRANSIENT);
    return step_write(db, st, "saving a token", e);
}

int store_token_find(struct store *s, const char *token_hash, int64_t *user_id, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    if (!(st = store_stmt(s, "SELECT user_id FROM api_tokens WHERE token_hash = ? AND revoked = 0",
                          e)))
        return ERR_DB;
    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(st, 0);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "no such token");
    } else {
        rc = sql_fail(db, e, "reading a token");
    }
    store_stmt_done(s, st);
    return rc;
}

/* ---- failed sign-ins -------------------------------------------------- */

int store_login_failure_add(struct store *s, const char *key, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    if (sql_need_tx(db, e) || sql_prepare(db, "INSERT INTO login_failures(key, at) VALUES(?,?)", &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, store_now(s), -1, SQLITE_TRANSIENT);
    return step_write(db, st, "recording a failed sign-in", e);
}

int store_login_failures_count(struct store *s, const char *key, const char *since, long *n,
                               struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    if (sql_prepare(db, "SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?", &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_ROW ? 0 : sql_fail(db, e, "counting failed sign-ins");
    *n = rc ? 0 : (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

int store_login_failures_clear(struct store *s, const char *key, struct err *e)
{
    return write1(s, "DELETE FROM login_failures WHERE key = ?", key, 0,
                  "clearing failed sign-ins", e);
}

int store_login_failures_prune(struct store *s, const char *before, struct err *e)
{
    return write1(s, "DELETE FROM login_failures WHERE at < ?", before, 0,
                  "forgetting old failed sign-ins", e);
}
