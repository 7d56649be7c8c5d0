/* dump.c -- the whole register as JSON Lines, and back.
 *
 * A dump is a header line {"oversight":"dump","schema":N} then one line per
 * row of every table in SCHEMA_DUMP_TABLES, in that order and in row order:
 * {"table":"updates","seq":12,...}. Every column is written, NULL as null,
 * so restore into an empty register gives back exactly what was dumped, and
 * a second dump is byte-identical. A BLOB (an evidence file's bytes) is
 * written as {"base64":"..."} (standard alphabet, padded), which no other
 * column's value can be mistaken for. */
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "base/xalloc.h"
#include "store/schema.h"
#include "store/state.h"
#include "store/store.h"

sqlite3 *store_sqlite_handle(struct store *s);

/* The longest line restore reads: a row holding the largest evidence file
 * (20 MB, a third more in base64) with room to spare. */
#define DUMP_MAX_LINE ((size_t)64 << 20)

/* {"base64":"..."} for blob[0..n). */
static int blob_json(struct buf *b, const void *blob, size_t n)
{
    size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *enc;
    int rc;
    if (len > DUMP_MAX_LINE)
        return ERR_LIMIT;
    enc = xmalloc(len);
    sodium_bin2base64(enc, len, blob ? blob : (const void *)"", n,
                      sodium_base64_VARIANT_ORIGINAL);
    if (!(rc = buf_adds(b, "{\"base64\":\"")) && !(rc = buf_adds(b, enc)))
        rc = buf_adds(b, "\"}");
    free(enc);
    return rc;
}

int store_dump(struct store *s, FILE *out, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    struct buf b;
    int rc = 0;

    buf_init(&b, (size_t)256 << 20);
    fprintf(out, "{\"oversight\":\"dump\",\"schema\":%d}\n", SCHEMA_VERSION);
    for (size_t t = 0; t < sizeof SCHEMA_DUMP_TABLES / sizeof *SCHEMA_DUMP_TABLES && !rc; t++) {
        char sql[128];
        sqlite3_stmt *st = NULL;
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY 1", SCHEMA_DUMP_TABLES[t]);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
            rc = err_set(e, ERR_DB, "dump: %s", sqlite3_errmsg(db));
            break;
        }
        while (!rc && sqlite3_step(st) == SQLITE_ROW) {
            int first = 0;
            buf_reset(&b);
            buf_adds(&b, "{\"table\":");
            jsonw_str(&b, SCHEMA_DUMP_TABLES[t]);
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                jsonw_key(&b, &first, sqlite3_column_name(st, i));
                switch (sqlite3_column_type(st, i)) {
                case SQLITE_NULL: buf_adds(&b, "null"); break;
                case SQLITE_INTEGER: jsonw_int(&b, sqlite3_column_int64(st, i)); break;
                case SQLITE_FLOAT: jsonw_num(&b, sqlite3_column_double(st, i)); break;
                case SQLITE_BLOB:
                    if (blob_json(&b, sqlite3_column_blob(st, i),
                                  (size_t)sqlite3_column_bytes(st, i)))
                        rc = err_set(e, ERR_LIMIT, "dump: a value is too large");
                    break;
                default:
                    if (jsonw_strn(&b, (const char *)sqlite3_column_text(st, i),
                                   (size_t)sqlite3_column_bytes(st, i)))
                        rc = err_set(e, ERR_LIMIT, "dump: a value is too large");
                }
            }
            buf_adds(&b, "}\n");
            if (fwrite(b.p, 1, b.len, out) != b.len)
                rc = err_set(e, ERR_IO, "dump: write failed");
        }
        sqlite3_finalize(st);
    }
    buf_release(&b);
    if (!rc && fflush(out) != 0)
        rc = err_set(e, ERR_IO, "dump: write failed");
    return rc;
}

static int known_table(const char *name)
{
    for (size_t t = 0; t < sizeof SCHEMA_DUMP_TABLES / sizeof *SCHEMA_DUMP_TABLES; t++)
        if (strcmp(SCHEMA_DUMP_TABLES[t], name) == 0)
            return 1;
    return 0;
}

/* Inserts one row object. Column names come from the file, so they are
 * checked against the table's own columns before they reach SQL. */
static int restore_row(sqlite3 *db, const char *display, long line, json_t *row, struct err *e)
{
    const char *table = json_string_value(json_object_get(row, "table"));
    struct buf sql;
    sqlite3_stmt *st = NULL, *cols = NULL;
    const char *key;
    json_t *val;
    int n = 0, rc = 0;

    if (!table || !known_table(table))
        return err_set(e, ERR_INPUT, "%s:%ld: unknown or missing \"table\"", display, line);
    buf_init(&sql, 1 << 16);
    buf_addf(&sql, "SELECT name FROM pragma_table_info('%s') WHERE name = ?", table);
    if (sqlite3_prepare_v2(db, sql.p, -1, &cols, NULL) != SQLITE_OK) {
        rc = err_set(e, ERR_DB, "restore: %s", sqlite3_errmsg(db));
        goto out;
    }
    buf_reset(&sql);
    buf_addf(&sql, "INSERT INTO %s(", table);
    json_object_foreach(row, key, val) {
        if (strcmp(key, "table") == 0)
            continue;
        sqlite3_reset(cols);
        sqlite3_bind_text(cols, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(cols) != SQLITE_ROW) {
            rc = err_set(e, ERR_INPUT, "%s:%ld: table %s has no column \"%s\"", display, line,
                         table, key);
            goto out;
        }
        buf_addf(&sql, "%s\"%s\"", n++ ? "," : "", key);
    }
    buf_adds(&sql, ") VALUES(");
    for (int i = 0; i < n; i++)
        buf_adds(&sql, i ? ",?" : "?");
    buf_adds(&sql, ")");
    if (sqlite3_prepare_v2(db, sql.p, -1, &st, NULL) != SQLITE_OK) {
        rc = err_set(e, ERR_DB, "restore: %s", sqlite3_errmsg(db));
        goto out;
    }
    n = 0;
    json_object_foreach(row, key, val) {
        if (strcmp(key, "table") == 0)
            continue;
        n++;
        if (json_is_null(val))
            sqlite3_bind_null(st, n);
        else if (json_is_integer(val))
            sqlite3_bind_int64(st, n, json_integer_value(val));
        else if (json_is_real(val))
            sqlite3_bind_double(st, n, json_real_value(val));
        else if (json_is_string(val))
            sqlite3_bind_text(st, n, json_string_value(val), (int)json_string_length(val),
                              SQLITE_TRANSIENT);
        else if (json_is_object(val) && json_object_size(val) == 1 &&
                 json_is_string(json_object_get(val, "base64"))) {
            json_t *b64 = json_object_get(val, "base64");
            size_t len = json_string_length(b64), got = 0;
            unsigned char *bin = xmalloc(len ? len : 1);
            if (sodium_base642bin(bin, len, json_string_value(b64), len, NULL, &got, NULL,
                                          sodium_base64_VARIANT_ORIGINAL) != 0) {
                free(bin);
                rc = err_set(e, ERR_INPUT, "%s:%ld: column \"%s\" is not valid base64", display,
                             line, key);
                goto out;
            }
            sqlite3_bind_blob64(st, n, bin, got, SQLITE_TRANSIENT);
            free(bin);
        } else {
            rc = err_set(e, ERR_INPUT, "%s:%ld: column \"%s\" is not a value", display, line, key);
            goto out;
        }
    }
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = err_set(e, ERR_INPUT, "%s:%ld: %s", display, line, sqlite3_errmsg(db));
out:
    sqlite3_finalize(st);
    sqlite3_finalize(cols);
    buf_release(&sql);
    return rc;
}

int store_restore(struct store *s, FILE *in, const char *display, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0;
    int empty, rc = 0;

    if ((rc = store_is_empty(s, &empty, e)))
        return rc;
    if (!empty)
        return err_set(e, ERR_CONFLICT, "restore needs an empty register (this one holds data)");
    /* An empty register may hold what init wrote; the dump replaces it. */
    if (sqlite3_exec(db, "DELETE FROM setting_versions; DELETE FROM meta", NULL, NULL, NULL) !=
        SQLITE_OK)
        return err_set(e, ERR_DB, "restore: %s", sqlite3_errmsg(db));
    while (!rc && (len = getline(&line, &cap, in)) > 0) {
        json_error_t je;
        json_t *row;
        lineno++;
        if ((size_t)len > DUMP_MAX_LINE) {
            rc = err_set(e, ERR_LIMIT, "%s:%ld: line too long", display, lineno);
            break;
        }
        row = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &je);
        if (!row || !json_is_object(row)) {
            rc = err_set(e, ERR_INPUT, "%s:%ld: not a JSON object%s%s", display, lineno,
                         row ? "" : ": ", row ? "" : je.text);
        } else if (lineno == 1) {
            json_t *schema = json_object_get(row, "schema");
            if (!json_is_integer(schema) ||
                !json_string_value(json_object_get(row, "oversight")))
                rc = err_set(e, ERR_INPUT, "%s:1: not an oversight dump", display);
            else if (json_integer_value(schema) != SCHEMA_VERSION)
                rc = err_set(e, ERR_INPUT, "%s:1: dump of schema %lld; this oversight reads schema %d",
                             display, (long long)json_integer_value(schema), SCHEMA_VERSION);
        } else {
            rc = restore_row(db, display, lineno, row, e);
        }
        json_decref(row);
    }
    free(line);
    if (!rc && lineno == 0)
        rc = err_set(e, ERR_INPUT, "%s: empty file, not an oversight dump", display);
    if (!rc && ferror(in))
        rc = err_set(e, ERR_IO, "%s: read error", display);
    if (!rc) /* the kept state is not in a dump: made from what was restored */
        rc = store_state_rebuild(s, e);
    return rc;
}
