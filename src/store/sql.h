/* sql.h -- the statement helpers every SQLite file of the store shares:
 * preparing with an error message, the transaction check, binding text and
 * reading columns into an arena. Private to src/store/.
 *
 * The connection and the change counter belong to sqlite.c; the other files
 * reach them through store_sqlite_handle and store_next_seq. */
#ifndef OVERSIGHT_STORE_SQL_H
#define OVERSIGHT_STORE_SQL_H

#include <sqlite3.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/model.h"

struct store;
sqlite3 *store_sqlite_handle(struct store *s);
int64_t store_next_seq(struct store *s);

/* ERR_DB with "what: SQLite's message". */
int sql_fail(sqlite3 *db, struct err *e, const char *what);
/* Prepares sql into *st (NULL on failure). */
int sql_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, struct err *e);
/* ERR_DB unless a transaction is open: every write is inside one. */
int sql_need_tx(sqlite3 *db, struct err *e);
/* NULL or "" binds SQL NULL. */
void sql_bind_text(sqlite3_stmt *st, int i, const char *v);
/* The column's text copied into the arena, NULL for SQL NULL. */
const char *sql_col_text(sqlite3_stmt *st, int i, struct arena *a);
/* The column's word parsed with v, 0 for NULL or a word v does not know. */
int sql_col_word(sqlite3_stmt *st, int i, const struct vocab *v);

#endif
