/* measures.c -- performance measures, their observations and narratives on
 * SQLite, over the connection sqlite.c opens (store_sqlite_handle). */
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "domain/measures.h"
#include "store/sql.h"
#include "store/store.h"


static void bind_num(sqlite3_stmt *st, int i, double v)
{
    if (isfinite(v))
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static double col_num(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static void bind_moment(sqlite3_stmt *st, int i, const char *recorded_at)
{
    if (recorded_at)
        sqlite3_bind_text(st, i, recorded_at, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Appends to a growing arena array of pointers. */
static void push(struct arena *a, void ***v, size_t *len, size_t *cap, void *item)
{
    if (*len == *cap) {
        void **nv = arena_alloc(a, (*cap = *cap ? *cap * 2 : 16) * sizeof *nv);
        if (*len)
            memcpy(nv, *v, *len * sizeof *nv);
        *v = nv;
    }
    (*v)[(*len)++] = item;
}

/* ---- measures --------------------------------------------------------- */

/* The latest version of each measure recorded by ?1 (NULL: all). */
#define MEASURE_COLS                                                                               \
    "SELECT v.measure_id, v.seq, v.name, v.priority, v.unit, v.improvement, v.target,"             \
    " v.frequency, v.limits, v.baseline, v.rebases, v.annotations, v.numerator_label,"             \
    " v.denominator_label, v.removed, v.recorded_at, v.recorded_by FROM measure_versions v"        \
    " WHERE v.seq = (SELECT max(w.seq) FROM measure_versions w WHERE w.measure_id ="               \
    " v.measure_id AND (?1 IS NULL OR w.recorded_at <= ?1))"

static struct measure *read_measure(sqlite3_stmt *st, struct arena *a)
{
    struct measure *m = arena_alloc(a, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    m->seq = sqlite3_column_int64(st, 1);
    m->name = sql_col_text(st, 2, a);
    m->priority = sql_col_text(st, 3, a);
    m->unit = (enum measure_unit)sql_col_word(st, 4, &VOCAB_UNIT);
    m->improvement = (enum measure_improvement)sql_col_word(st, 5, &VOCAB_IMPROVEMENT);
    m->target = col_num(st, 6);
    m->frequency = (enum measure_frequency)sql_col_word(st, 7, &VOCAB_FREQUENCY);
    m->limits = col_num(st, 8);
    m->baseline = (long)sqlite3_column_int64(st, 9);
    m->rebases = sql_col_text(st, 10, a);
    m->annotations = sql_col_text(st, 11, a);
    m->numerator_label = sql_col_text(st, 12, a);
    m->denominator_label = sql_col_text(st, 13, a);
    m->removed = sqlite3_column_int(st, 14) != 0;
    m->recorded_at = sql_col_text(st, 15, a);
    m->recorded_by = sql_col_text(st, 16, a);
    return m;
}

int store_measure_find(struct store *s, const char *name, struct arena *a, struct measure **out,
                       struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    *out = NULL;
    if (sql_prepare(db, MEASURE_COLS " AND v.name = ?2 AND v.removed = 0 ORDER BY v.measure_id", &st,
                e))
        return ERR_DB;
    sqlite3_bind_null(st, 1);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = read_measure(st, a);
        rc = 0;
    } else if (rc == SQLITE_DONE) {
        rc = err_set(e, ERR_NOTFOUND, "there is no measure \"%s\"", name);
    } else {
        rc = sql_fail(db, e, "reading a measure");
    }
    sqlite3_finalize(st);
    return rc;
}

int store_measure_put(struct store *s, struct measure *m, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    struct arena tmp;
    struct measure *other = NULL;
    int rc;

    if (sql_need_tx(db, e))
        return ERR_DB;
    /* A name names one measure at a time. */
    arena_init(&tmp);
    rc = m->removed ? ERR_NOTFOUND : store_measure_find(s, m->name, &tmp, &other, e);
    if (rc == 0 && other->id != m->id)
        rc = err_set(e, ERR_CONFLICT, "there is already a measure \"%s\"", m->name);
    else if (rc == ERR_NOTFOUND || rc == 0)
        rc = 0;
    arena_release(&tmp);
    if (rc)
        return rc;
    if (m->id == 0) {
        if (sql_prepare(db, "INSERT INTO measures(id) VALUES(NULL)", &st, e))
            return ERR_DB;
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return sql_fail(db, e, "adding a measure");
        }
        sqlite3_finalize(st);
        m->id = sqlite3_last_insert_rowid(db);
    }
    if (sql_prepare(db,
                "INSERT INTO measure_versions(seq, measure_id, name, priority, unit,"
                " improvement, target, frequency, limits, baseline, rebases, annotations,"
                " numerator_label, denominator_label, removed, recorded_at, recorded_by)"
                " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    m->seq = store_next_seq(s);
    sqlite3_bind_int64(st, 1, m->seq);
    sqlite3_bind_int64(st, 2, m->id);
    sqlite3_bind_text(st, 3, m->name, -1, SQLITE_TRANSIENT);
    sql_bind_text(st, 4, m->priority);
    sql_bind_text(st, 5, vocab_name(&VOCAB_UNIT, m->unit ? m->unit : MU_COUNT));
    sql_bind_text(st, 6, vocab_name(&VOCAB_IMPROVEMENT, m->improvement ? m->improvement : MI_NEITHER));
    bind_num(st, 7, m->target);
    sql_bind_text(st, 8, vocab_name(&VOCAB_FREQUENCY, m->frequency ? m->frequency : MF_MONTHLY));
    bind_num(st, 9, m->limits);
    if (m->baseline > 0)
        sqlite3_bind_int64(st, 10, m->baseline);
    else
        sqlite3_bind_null(st, 10);
    sql_bind_text(st, 11, m->rebases);
    sql_bind_text(st, 12, m->annotations);
    sql_bind_text(st, 13, m->numerator_label);
    sql_bind_text(st, 14, m->denominator_label);
    sqlite3_bind_int(st, 15, m->removed ? 1 : 0);
    sqlite3_bind_text(st, 16, store_now(s), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 17, store_actor(s), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(db, e, "saving a measure");
    sqlite3_finalize(st);
    return rc;
}

int store_measures_list(struct store *s, const char *recorded_at, struct arena *a,
                        struct measure ***out, size_t *n, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    void **v = NULL;
    size_t len = 0, cap = 0;
    int rc;

    if (sql_prepare(db, MEASURE_COLS " AND v.removed = 0 ORDER BY v.measure_id", &st, e))
        return ERR_DB;
    bind_moment(st, 1, recorded_at);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        push(a, &v, &len, &cap, read_measure(st, a));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_fail(db, e, "listing measures");
    *out = (struct measure **)v;
    *n = len;
    return 0;
}

/* ---- observations ----------------------------------------------------- */

int store_observation_put(struct store *s, struct observation *o, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    if (sql_need_tx(db, e))
        return ERR_DB;
    if (sql_prepare(db,
                "INSERT INTO observations(seq, measure_id, period, value, denominator,"
                " removed, recorded_at, recorded_by) VALUES(?,?,?,?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    o->seq = store_next_seq(s);
    sqlite3_bind_int64(st, 1, o->seq);
    sqlite3_bind_int64(st, 2, o->measure_id);
    sqlite3_bind_text(st, 3, o->period, -1, SQLITE_TRANSIENT);
    bind_num(st, 4, o->is_void ? NAN : o->value);
    bind_num(st, 5, o->is_void ? NAN : o->denominator);
    sqlite3_bind_int(st, 6, o->is_void ? 1 : 0);
    sqlite3_bind_text(st, 7, store_now(s), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, store_actor(s), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(db, e, "saving an observation");
    sqlite3_finalize(st);
    return rc;
}

int store_observations_of(struct store *s, int64_t measure_id, const char *recorded_at,
                          struct arena *a, struct observation ***out, size_t *n, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    void **v = NULL;
    size_t len = 0, cap = 0;
    int rc;

    if (sql_prepare(db,
                "SELECT o.seq, o.measure_id, o.period, o.value, o.denominator, o.recorded_at,"
                " o.recorded_by FROM observations o WHERE o.measure_id = ?2 AND o.removed = 0"
                " AND o.seq = (SELECT max(p.seq) FROM observations p WHERE p.measure_id ="
                " o.measure_id AND p.period = o.period AND (?1 IS NULL OR p.recorded_at <= ?1))"
                " ORDER BY o.period",
                &st, e))
        return ERR_DB;
    bind_moment(st, 1, recorded_at);
    sqlite3_bind_int64(st, 2, measure_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct observation *o = arena_alloc(a, sizeof *o);
        o->seq = sqlite3_column_int64(st, 0);
        o->measure_id = sqlite3_column_int64(st, 1);
        o->period = sql_col_text(st, 2, a);
        o->value = col_num(st, 3);
        o->denominator = col_num(st, 4);
        o->recorded_at = sql_col_text(st, 5, a);
        o->recorded_by = sql_col_text(st, 6, a);
        push(a, &v, &len, &cap, o);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_fail(db, e, "reading observations");
    *out = (struct observation **)v;
    *n = len;
    return 0;
}

/* ---- narratives ------------------------------------------------------- */

int store_narrative_put(struct store *s, struct narrative *nv, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    int rc;

    if (sql_need_tx(db, e))
        return ERR_DB;
    if (sql_prepare(db,
                "INSERT INTO narratives(seq, measure_id, period, reasons, response,"
                " recorded_at, recorded_by) VALUES(?,?,?,?,?,?,?)",
                &st, e))
        return ERR_DB;
    nv->seq = store_next_seq(s);
    sqlite3_bind_int64(st, 1, nv->seq);
    sqlite3_bind_int64(st, 2, nv->measure_id);
    sqlite3_bind_text(st, 3, nv->period, -1, SQLITE_TRANSIENT);
    sql_bind_text(st, 4, nv->reasons);
    sql_bind_text(st, 5, nv->response);
    sqlite3_bind_text(st, 6, store_now(s), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, store_actor(s), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(db, e, "saving a narrative");
    sqlite3_finalize(st);
    return rc;
}

int store_narratives_of(struct store *s, int64_t measure_id, const char *recorded_at,
                        struct arena *a, struct narrative ***out, size_t *n, struct err *e)
{
    sqlite3 *db = store_sqlite_handle(s);
    sqlite3_stmt *st;
    void **v = NULL;
    size_t len = 0, cap = 0;
    int rc;

    if (sql_prepare(db,
                "SELECT r.seq, r.measure_id, r.period, r.reasons, r.response, r.recorded_at,"
                " r.recorded_by FROM narratives r WHERE r.measure_id = ?2 AND r.seq ="
                " (SELECT max(q.seq) FROM narratives q WHERE q.measure_id = r.measure_id AND"
                " q.period = r.period AND (?1 IS NULL OR q.recorded_at <= ?1))"
                " ORDER BY r.period",
                &st, e))
        return ERR_DB;
    bind_moment(st, 1, recorded_at);
    sqlite3_bind_int64(st, 2, measure_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct narrative *r = arena_alloc(a, sizeof *r);
        r->seq = sqlite3_column_int64(st, 0);
        r->measure_id = sqlite3_column_int64(st, 1);
        r->period = sql_col_text(st, 2, a);
        r->reasons = sql_col_text(st, 3, a);
        r->response = sql_col_text(st, 4, a);
        r->recorded_at = sql_col_text(st, 5, a);
        r->recorded_by = sql_col_text(st, 6, a);
        push(a, &v, &len, &cap, r);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_fail(db, e, "reading narratives");
    *out = (struct narrative **)v;
    *n = len;
    return 0;
}
