/* evidence.c -- evidence on SQLite: links and files attached to updates,
 * over the connection sqlite.c opens (store_sqlite_handle). */
#include "store/evidence.h"

#include <sqlite3.h>
#include <string.h>

#include "store/sql.h"
#include "store/store.h"


#define EVIDENCE_COLUMNS                                                                       \
    "e.seq, e.update_seq, e.kind, e.url, e.filename, e.content_type, e.size, e.sha256,"         \
    " e.recorded_at, e.recorded_by"

static struct evidence *read_evidence(sqlite3_stmt *st, struct arena *a)
{
    struct evidence *ev = arena_alloc(a, sizeof *ev);
    ev->seq = sqlite3_column_int64(st, 0);
    ev->update_seq = sqlite3_column_int64(st, 1);
    ev->kind = sql_col_text(st, 2, a);
    ev->url = sql_col_text(st, 3, a);
    ev->filename = sql_col_text(st, 4, a);
    ev->content_type = sql_col_text(st, 5, a);
    ev->size = sqlite3_column_int64(st, 6);
    ev->sha256 = sql_col_text(st, 7, a);
    ev->recorded_at = sql_col_text(st, 8, a);
    ev->recorded_by = sql_col_text(st, 9, a);
    return ev;
}

int store_evidence_add(struct store *s, struct evidence *ev, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st = NULL;
    int file = ev->kind && strcmp(ev->kind, "file") == 0, rc = ERR_DB;

    if (sqlite3_get_autocommit(db))
        return err_set(e, ERR_DB, "write outside a transaction");
    if (!file && !(ev->kind && strcmp(ev->kind, "link") == 0))
        return err_set(e, ERR_INPUT, "evidence is a link or a file");
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO evidence(seq, update_seq, kind, url, filename,"
                           " content_type, size, sha256, data, recorded_at, recorded_by)"
                           " VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sql_fail(db, e, "prepare");
        goto out;
    }
    ev->seq = store_next_seq(s);
    ev->recorded_at = store_now(s);
    ev->recorded_by = store_actor(s);
    sqlite3_bind_int64(st, 1, ev->seq);
    sqlite3_bind_int64(st, 2, ev->update_seq);
    sqlite3_bind_text(st, 3, file ? "file" : "link", -1, SQLITE_STATIC);
    sql_bind_text(st, 4, file ? NULL : ev->url);
    sql_bind_text(st, 5, file ? ev->filename : NULL);
    sql_bind_text(st, 6, file ? ev->content_type : NULL);
    if (file) {
        sqlite3_bind_int64(st, 7, ev->size);
        sql_bind_text(st, 8, ev->sha256);
        sqlite3_bind_blob64(st, 9, ev->data ? ev->data : "", (sqlite3_uint64)ev->size,
                            SQLITE_STATIC);
    }
    sqlite3_bind_text(st, 10, ev->recorded_at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, ev->recorded_by, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = sql_fail(db, e, "saving evidence");
        goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(st);
    return rc;
}

int store_evidence_of_action(struct store *s, int64_t action_id, struct arena *a,
                             struct evidence ***out, size_t *n, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st = NULL;
    struct evidence **v = NULL;
    size_t len = 0, cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT " EVIDENCE_COLUMNS " FROM evidence e"
                           " JOIN updates u ON u.seq = e.update_seq"
                           " WHERE u.action_id = ? ORDER BY e.seq",
                           -1, &st, NULL) != SQLITE_OK)
        return sql_fail(db, e, "prepare");
    sqlite3_bind_int64(st, 1, action_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) {
            struct evidence **nv;
            cap = cap ? cap * 2 : 8;
            nv = arena_alloc(a, cap * sizeof *nv);
            if (len)
                memcpy(nv, v, len * sizeof *nv);
            v = nv;
        }
        v[len++] = read_evidence(st, a);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_fail(db, e, "reading evidence");
    *out = v;
    *n = len;
    return 0;
}

int store_evidence_get(struct store *s, int64_t action_id, int64_t seq, struct arena *a,
                       struct evidence **out, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st = NULL;
    int rc;

    *out = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT " EVIDENCE_COLUMNS ", e.data FROM evidence e"
                           " JOIN updates u ON u.seq = e.update_seq"
                           " WHERE u.action_id = ? AND e.seq = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return sql_fail(db, e, "prepare");
    sqlite3_bind_int64(st, 1, action_id);
    sqlite3_bind_int64(st, 2, seq);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        struct evidence *ev = read_evidence(st, a);
        const void *blob = sqlite3_column_blob(st, 10);
        size_t len = (size_t)sqlite3_column_bytes(st, 10);
        if (blob) {
            void *copy = arena_alloc(a, len + 1);
            memcpy(copy, blob, len);
            ev->data = copy;
            ev->size = (int64_t)len;
        }
        *out = ev;
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "There is no evidence %lld on this action", (long long)seq);
    } else {
        rc = sql_fail(db, e, "reading evidence");
    }
    sqlite3_finalize(st);
    return rc;
}
