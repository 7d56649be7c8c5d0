/* drafts.c -- draft sets on SQLite, over the connection sqlite.c opens
 * (store_sqlite_handle). */
#include <sqlite3.h>
#include <string.h>

#include "store/drafts.h"
#include "store/sql.h"

/* NULL binds SQL NULL; "" stays "" (an emptied text is what the editor
 * typed, and the import says it is required). */
static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static int step_write(sqlite3 *db, sqlite3_stmt *st, const char *what, struct err *e)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(db, e, what);
    sqlite3_finalize(st);
    return rc;
}

static int write_drafts(sqlite3 *db, int64_t set_id, const struct draft *d, size_t n,
                        struct err *e)
{
    sqlite3_stmt *st;
    int rc = 0;

    if (sql_prepare(db, "INSERT INTO drafts(set_id, pos, ref, kind, number, text, deadline, due,"
                    " addressee, owner, section, scope, page, duplicate_of, keep)"
                    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    for (size_t i = 0; i < n && !rc; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, set_id);
        sqlite3_bind_int64(st, 2, (int64_t)i);
        bind_text(st, 3, d[i].ref ? d[i].ref : "");
        bind_text(st, 4, vocab_name(&VOCAB_ACTION_KIND, d[i].kind));
        bind_text(st, 5, d[i].number);
        bind_text(st, 6, d[i].text ? d[i].text : "");
        bind_text(st, 7, d[i].deadline);
        bind_text(st, 8, d[i].due);
        bind_text(st, 9, d[i].addressee);
        bind_text(st, 10, d[i].owner);
        bind_text(st, 11, d[i].section);
        bind_text(st, 12, d[i].scope ? vocab_name(&VOCAB_SCOPE, d[i].scope) : NULL);
        if (d[i].page > 0)
            sqlite3_bind_int(st, 13, d[i].page);
        else
            sqlite3_bind_null(st, 13);
        bind_text(st, 14, d[i].duplicate_of);
        sqlite3_bind_int(st, 15, d[i].keep ? 1 : 0);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = sql_fail(db, e, "saving a draft");
    }
    sqlite3_finalize(st);
    return rc;
}

int store_draft_set_add(struct store *s, struct draft_set *ds, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    if (sql_need_tx(db, e) ||
        sql_prepare(db, "INSERT INTO draft_sets(source_id, report, issued, created_at, created_by,"
                    " revision) VALUES(?,?,?,?,?,1)",
                &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, ds->source_id);
    bind_text(st, 2, ds->report ? ds->report : "");
    bind_text(st, 3, ds->issued && *ds->issued ? ds->issued : NULL);
    bind_text(st, 4, store_now(s));
    bind_text(st, 5, store_actor(s));
    if ((rc = step_write(db, st, "saving a draft set", e)))
        return rc;
    ds->id = sqlite3_last_insert_rowid(db);
    ds->revision = 1;
    return write_drafts(db, ds->id, ds->drafts, ds->n, e);
}

int store_draft_set_get(struct store *s, int64_t id, struct arena *a, struct draft_set **out,
                        struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    struct draft_set *ds;
    size_t cap = 0;
    int rc;

    *out = NULL;
    if (sql_prepare(db, "SELECT id, source_id, report, issued, created_at, created_by, imported_at,"
                    " revision FROM draft_sets WHERE id = ?",
                &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? err_set(e, ERR_NOTFOUND, "no such drafts")
                                 : sql_fail(db, e, "reading a draft set");
    }
    ds = arena_alloc(a, sizeof *ds);
    ds->id = sqlite3_column_int64(st, 0);
    ds->source_id = sqlite3_column_int64(st, 1);
    ds->report = sql_col_text(st, 2, a);
    ds->issued = sql_col_text(st, 3, a);
    ds->created_at = sql_col_text(st, 4, a);
    ds->created_by = sql_col_text(st, 5, a);
    ds->imported_at = sql_col_text(st, 6, a);
    ds->revision = sqlite3_column_int64(st, 7);
    sqlite3_finalize(st);

    if (sql_prepare(db, "SELECT ref, kind, number, text, deadline, due, addressee, owner, section,"
                    " scope, page, duplicate_of, keep FROM drafts WHERE set_id = ? ORDER BY pos",
                &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct draft *d;
        if (ds->n == cap) {
            struct draft *nv = arena_alloc(a, (cap = cap ? cap * 2 : 16) * sizeof *nv);
            if (ds->n)
                memcpy(nv, ds->drafts, ds->n * sizeof *nv);
            ds->drafts = nv;
        }
        d = &ds->drafts[ds->n++];
        d->ref = sql_col_text(st, 0, a);
        d->kind = (enum action_kind)sql_col_word(st, 1, &VOCAB_ACTION_KIND);
        d->number = sql_col_text(st, 2, a);
        d->text = sql_col_text(st, 3, a);
        d->deadline = sql_col_text(st, 4, a);
        d->due = sql_col_text(st, 5, a);
        d->addressee = sql_col_text(st, 6, a);
        d->owner = sql_col_text(st, 7, a);
        d->section = sql_col_text(st, 8, a);
        d->scope = (enum scope)sql_col_word(st, 9, &VOCAB_SCOPE);
        d->page = sqlite3_column_int(st, 10);
        d->duplicate_of = sql_col_text(st, 11, a);
        d->keep = sqlite3_column_int(st, 12);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_fail(db, e, "reading drafts");
    *out = ds;
    return 0;
}

int store_draft_set_save(struct store *s, int64_t id, int64_t revision, const struct draft *d,
                         size_t n, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    if (sql_need_tx(db, e) ||
        sql_prepare(db, "UPDATE draft_sets SET revision = revision + 1 WHERE id = ? AND revision = ?"
                    " AND imported_at IS NULL",
                &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, revision);
    if ((rc = step_write(db, st, "saving a draft set", e)))
        return rc;
    if (sqlite3_changes(db) != 1)
        return err_set(e, ERR_CONFLICT,
                       "These drafts have changed since the page was loaded: someone saved or "
                       "imported them. Reload the page and make your changes again.");
    if (sql_prepare(db, "DELETE FROM drafts WHERE set_id = ?", &st, e))
        return ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = step_write(db, st, "replacing drafts", e)))
        return rc;
    return write_drafts(db, id, d, n, e);
}

int store_draft_set_imported(struct store *s, int64_t id, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    if (sql_need_tx(db, e) ||
        sql_prepare(db, "UPDATE draft_sets SET imported_at = ?, revision = revision + 1 WHERE id = ?",
                &st, e))
        return ERR_DB;
    bind_text(st, 1, store_now(s));
    sqlite3_bind_int64(st, 2, id);
    return step_write(db, st, "marking drafts imported", e);
}

int store_draft_sets_prune(struct store *s, const char *before, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;
    if (sql_need_tx(db, e) ||
        sql_prepare(db, "DELETE FROM drafts WHERE set_id IN"
                    " (SELECT id FROM draft_sets WHERE created_at < ?)",
                &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, before, -1, SQLITE_TRANSIENT);
    if ((rc = step_write(db, st, "forgetting old drafts", e)))
        return rc;
    if (sql_prepare(db, "DELETE FROM draft_sets WHERE created_at < ?", &st, e))
        return ERR_DB;
    sqlite3_bind_text(st, 1, before, -1, SQLITE_TRANSIENT);
    return step_write(db, st, "forgetting old drafts", e);
}
