/* sql.c -- statement helpers shared by the store's SQLite files. */
#include "store/sql.h"

#include <string.h>

int sql_fail(sqlite3 *db, struct err *e, const char *what)
{
    return err_set(e, ERR_DB, "%s: %s", what, sqlite3_errmsg(db));
}

int sql_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, struct err *e)
{
    *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return sql_fail(db, e, "prepare");
    return 0;
}

int sql_need_tx(sqlite3 *db, struct err *e)
{
    return sqlite3_get_autocommit(db) ? err_set(e, ERR_DB, "write outside a transaction") : 0;
}

void sql_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

const char *sql_col_text(sqlite3_stmt *st, int i, struct arena *a)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

int sql_col_word(sqlite3_stmt *st, int i, const struct vocab *v)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    int r;
    if (!t)
        return 0;
    r = vocab_parse(v, (const char *)t, (size_t)sqlite3_column_bytes(st, i));
    return r > 0 ? r : 0;
}
