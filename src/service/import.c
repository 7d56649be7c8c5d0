/* import.c -- sources, actions and updates from CSV or XLSX, all or nothing.
 *
 * One pass: every row is checked; rows are written while all rows so far
 * were good, and once any row is bad writing stops but checking goes on, so
 * every bad row is listed and the caller rolls the transaction back. */
#include "service/import.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/strmap.h"
#include "domain/measures.h"
#include "format/csv_write.h"
#include "format/table.h"

#define MAX_COLS 16

struct column_def {
    const char *name;
    const char *alias;
    int required;
};

enum { S_TITLE, S_BODY, S_SCOPE, S_KIND, S_PUBLISHED, S_ASSURANCE, S_MARKING };
static const struct column_def SOURCE_COLS[] = {
    {"title", NULL, 1},     {"body", "issuing_body", 0}, {"scope", NULL, 0},
    {"source_kind", "kind", 0}, {"published", NULL, 0},  {"assurance", NULL, 0},
    {"marking", NULL, 0},   {NULL, NULL, 0}};

enum {
    A_REF, A_SOURCE, A_TEXT, A_KIND, A_OWNER, A_DIRECTORATE, A_THEME, A_RISK, A_SCOPE,
    A_MARKING, A_ISSUED, A_DUE
};
static const struct column_def ACTION_COLS[] = {
    {"ref", NULL, 1},       {"source", NULL, 1},     {"text", NULL, 1},
    {"kind", NULL, 0},      {"owner", NULL, 0},      {"directorate", NULL, 0},
    {"theme", NULL, 0},     {"risk", NULL, 0},       {"scope", NULL, 0},
    {"marking", NULL, 0},   {"issued", NULL, 0},     {"due", "target_date", 0},
    {NULL, NULL, 0}};

enum { U_REF, U_DATE, U_STATUS, U_NOTE, U_BY, U_REASON, U_RECORDED_AT, U_BY_REF };
static const struct column_def UPDATE_COLS[] = {
    {"ref", NULL, 1},      {"date", NULL, 1},         {"status", NULL, 1},
    {"note", NULL, 0},     {"by", NULL, 0},           {"reason", NULL, 0},
    {"recorded_at", NULL, 0}, {"by_ref", "superseded_by", 0}, {NULL, NULL, 0}};

enum { P_TITLE, P_KIND, P_START, P_END, P_EXPECTED, P_STATUS, P_NOTE };
static const struct column_def PROGRAMME_COLS[] = {
    {"title", "inspection", 1},   {"kind", NULL, 0},    {"fieldwork_start", "fieldwork_from", 0},
    {"fieldwork_end", "fieldwork_to", 0}, {"expected_publication", "expected", 0},
    {"status", NULL, 0},          {"note", NULL, 0},    {NULL, NULL, 0}};

enum {
    M_NAME, M_PRIORITY, M_UNIT, M_IMPROVEMENT, M_TARGET, M_FREQUENCY, M_LIMITS, M_BASELINE,
    M_REBASES, M_ANNOTATIONS, M_NUMERATOR, M_DENOMINATOR
};
static const struct column_def MEASURE_COLS[] = {
    {"name", "measure", 1},     {"priority", NULL, 0},     {"unit", NULL, 0},
    {"improvement", "improvement_direction", 0}, {"target", NULL, 0},
    {"frequency", NULL, 0},     {"limits", NULL, 0},       {"baseline", NULL, 0},
    {"rebases", NULL, 0},       {"annotations", NULL, 0},  {"numerator_label", NULL, 0},
    {"denominator_label", NULL, 0}, {NULL, NULL, 0}};

enum { O_MEASURE, O_PERIOD, O_VALUE, O_DENOMINATOR };
static const struct column_def OBSERVATION_COLS[] = {
    {"measure", NULL, 1}, {"period", NULL, 1}, {"value", NULL, 1},
    {"denominator", NULL, 0}, {NULL, NULL, 0}};

enum { N_MEASURE, N_PERIOD, N_REASONS, N_RESPONSE };
static const struct column_def NARRATIVE_COLS[] = {
    {"measure", NULL, 1}, {"period", NULL, 1}, {"reasons", NULL, 0},
    {"response", NULL, 0}, {NULL, NULL, 0}};

/* The states of an item of the inspection programme. */
static const char *const PROGRAMME_STATUSES[] = {"planned", "fieldwork", "awaiting_report",
                                                 "published", "cancelled", NULL};

const char *programme_status_word(const char *s)
{
    char w[64];
    size_t n = 0;
    for (; *s && n + 1 < sizeof w; s++)
        w[n++] = *s == ' ' || *s == '-' ? '_' : (char)tolower((unsigned char)*s);
    w[n] = '\0';
    for (int i = 0; PROGRAMME_STATUSES[i]; i++)
        if (strcmp(w, PROGRAMME_STATUSES[i]) == 0)
            return PROGRAMME_STATUSES[i];
    return NULL;
}

struct importer {
    struct store *s;
    enum export_table what;
    const struct import_opts *o;
    struct table_reader *t;
    struct arena *a;
    struct import_result *r;
    struct err *e;
    const char *display;
    const struct column_def *defs;
    size_t max_listed;

    int have_header;
    size_t nheader;
    char **header;           /* as written, for messages */
    int def_col[MAX_COLS];   /* def index -> table column, -1 if absent */

    struct strmap refs;      /* ref -> action id (the register's) */
    struct strmap titles;    /* title -> (source id << 32) | published date */
    struct strmap seen;      /* keys met in this file -> line */
    struct measure **measures; /* the register's measures, for observations and narratives */
    struct strmap mnames;    /* measure name -> index into measures */
    int writing;             /* every row so far was good */
    int row_bad;
    long last_progress;
};

/* ---- messages --------------------------------------------------------- */

static void problem(struct importer *im, const struct table_row *row, long col, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));

static void problem(struct importer *im, const struct table_row *row, long col, const char *fmt,
                    ...)
{
    char where[512], msg[768];
    va_list ap;

    im->writing = 0;
    im->row_bad = 1;
    im->r->nproblems++;
    if (im->r->nlisted >= im->max_listed)
        return;
    if (row && col >= 0)
        table_where(im->t, row, (size_t)col,
                    table_kind(im->t) == TABLE_CSV && (size_t)col < im->nheader ? im->header[col]
                                                                               : "",
                    where, sizeof where);
    else if (row)
        table_where(im->t, row, 0, "", where, sizeof where);
    else
        snprintf(where, sizeof where, "%s", im->display);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!im->r->problems)
        im->r->problems = arena_alloc(im->a, im->max_listed * sizeof *im->r->problems);
    im->r->problems[im->r->nlisted++] = arena_printf(im->a, "%s: %s", where, msg);
}

/* ---- header ----------------------------------------------------------- */

/* Header names compare case-insensitively with spaces and underscores alike. */
static void norm_name(const char *s, size_t n, char *out, size_t cap)
{
    size_t j = 0;
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    for (size_t i = 0; i < n && j + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        out[j++] = c == ' ' || c == '-' ? '_' : (char)tolower(c);
    }
    out[j] = '\0';
}

/* Looks name up in --map ("Header=column,..."); writes the mapped column name
 * into out and returns 1 if mapped. */
static int mapped(const char *map, const char *name, char *out, size_t cap)
{
    const char *p = map;
    while (p && *p) {
        const char *comma = strchr(p, ',');
        const char *eq = memchr(p, '=', comma ? (size_t)(comma - p) : strlen(p));
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char from[128];
        if (eq) {
            norm_name(p, (size_t)(eq - p), from, sizeof from);
            if (strcmp(from, name) == 0) {
                norm_name(eq + 1, len - (size_t)(eq - p) - 1, out, cap);
                return 1;
            }
        }
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

static int def_index(const struct column_def *defs, const char *name)
{
    for (int i = 0; defs[i].name; i++)
        if (strcmp(defs[i].name, name) == 0 || (defs[i].alias && strcmp(defs[i].alias, name) == 0))
            return i;
    return -1;
}

static void read_header(struct importer *im, const struct table_row *row)
{
    char expected[512];
    size_t used = 0;

    im->have_header = 1;
    im->nheader = row->ncells;
    im->header = arena_alloc(im->a, (row->ncells + 1) * sizeof *im->header);
    for (int i = 0; im->defs[i].name; i++)
        used += (size_t)snprintf(expected + used, sizeof expected - used, "%s%s", i ? ", " : "",
                                 im->defs[i].name);
    for (size_t c = 0; c < row->ncells; c++) {
        char name[128], target[128];
        int d;
        im->header[c] = arena_strndup(im->a, row->cells[c].text, row->cells[c].len);
        if (row->problem && row->problem_cell == c) {
            problem(im, row, (long)c, "%s", row->problem);
            continue;
        }
        norm_name(row->cells[c].text, row->cells[c].len, name, sizeof name);
        if (mapped(im->o->map, name, target, sizeof target))
            memcpy(name, target, sizeof name);
        if (!name[0] && c + 1 == row->ncells && table_kind(im->t) == TABLE_XLSX)
            continue;
        d = def_index(im->defs, name);
        if (d < 0) {
            if (!im->o->ignore_unknown)
                problem(im, row, (long)c, "unknown column \"%s\" (expected: %s; or map it with --map)",
                        im->header[c], expected);
            continue;
        }
        if (im->def_col[d] >= 0) {
            problem(im, row, (long)c, "column \"%s\" appears twice", im->defs[d].name);
            continue;
        }
        im->def_col[d] = (int)c;
    }
    for (int d = 0; im->defs[d].name; d++)
        if (im->defs[d].required && im->def_col[d] < 0)
            problem(im, row, -1, "missing column \"%s\"", im->defs[d].name);
}

/* ---- cells ------------------------------------------------------------ */

struct val {
    const char *p; /* NUL-terminated */
    size_t n;
    int numeric;
    long col;      /* table column, -1 absent */
};

static struct val cell(const struct importer *im, const struct table_row *row, int def)
{
    struct val v = {"", 0, 0, -1};
    int c = im->def_col[def];
    if (c >= 0 && (size_t)c < row->ncells) {
        v.p = row->cells[c].text;
        v.n = row->cells[c].len;
        v.numeric = row->cells[c].numeric;
        v.col = c;
        /* Undo the apostrophe exports put before formula-like text. */
        size_t k = csv_unneutralise(v.p, v.n);
        v.p += k;
        v.n -= k;
    }
    return v;
}

/* The value with surrounding spaces removed, copied into buf. */
static const char *trimmed(struct val v, char *buf, size_t cap)
{
    size_t i = 0, n = v.n;
    while (i < n && isspace((unsigned char)v.p[i]))
        i++;
    while (n > i && isspace((unsigned char)v.p[n - 1]))
        n--;
    if (n - i >= cap)
        n = i + cap - 1;
    memcpy(buf, v.p + i, n - i);
    buf[n - i] = '\0';
    return buf;
}

/* Parses a date cell; DATE_NONE if empty. Reports and returns -1 if bad. */
static int date_cell(struct importer *im, const struct table_row *row, struct val v,
                     int32_t *out)
{
    char buf[64];
    const char *s = trimmed(v, buf, sizeof buf);
    *out = DATE_NONE;
    if (!*s)
        return 0;
    if (v.numeric) {
        if (date_from_excel(strtod(s, NULL), table_date1904(im->t), out) == 0)
            return 0;
    } else if (date_parse(s, strlen(s), out) == 0) {
        return 0;
    }
    problem(im, row, v.col, "\"%s\" is not a valid date (YYYY-MM-DD or DD/MM/YYYY)", s);
    return -1;
}

static int word_cell(struct importer *im, const struct table_row *row, struct val v,
                     const struct vocab *voc, int *out)
{
    char list[256];
    int r = vocab_parse(voc, v.p, v.n);
    if (r < 0) {
        char buf[128];
        problem(im, row, v.col, "unknown %s \"%s\" (one of: %s)", voc->what,
                trimmed(v, buf, sizeof buf), vocab_list(voc, list, sizeof list));
        return -1;
    }
    *out = r;
    return 0;
}

static int required(struct importer *im, const struct table_row *row, struct val v, int def)
{
    char buf[8];
    if (*trimmed(v, buf, sizeof buf))
        return 0;
    problem(im, row, v.col >= 0 ? v.col : -1, "%s is required", im->defs[def].name);
    return -1;
}

/* ---- rows ------------------------------------------------------------- */

static void source_row(struct importer *im, const struct table_row *row)
{
    struct source src = {0};
    char title[4096];
    int64_t line;
    int v;

    struct val vt = cell(im, row, S_TITLE);
    if (required(im, row, vt, S_TITLE))
        return;
    src.title = trimmed(vt, title, sizeof title);
    if (strmap_get(&im->seen, src.title, strlen(src.title), &line))
        problem(im, row, vt.col, "duplicate title \"%s\" (also on line %lld)", src.title,
                (long long)line);
    else if (strmap_get(&im->titles, src.title, strlen(src.title), &line))
        problem(im, row, vt.col, "a source titled \"%s\" is already in the register", src.title);
    strmap_put(&im->seen, src.title, strlen(src.title), row->line);
    src.body = cell(im, row, S_BODY).p;
    if (word_cell(im, row, cell(im, row, S_SCOPE), &VOCAB_SCOPE, &v) == 0)
        src.scope = v;
    if (word_cell(im, row, cell(im, row, S_KIND), &VOCAB_SOURCE_KIND, &v) == 0)
        src.kind = v;
    date_cell(im, row, cell(im, row, S_PUBLISHED), &src.published);
    if (word_cell(im, row, cell(im, row, S_ASSURANCE), &VOCAB_ASSURANCE, &v) == 0)
        src.assurance = v;
    if (word_cell(im, row, cell(im, row, S_MARKING), &VOCAB_MARKING, &v) == 0)
        src.marking = v;
    if (im->writing && !im->row_bad) {
        if (store_source_put(im->s, &src, im->e)) {
            problem(im, row, -1, "%s", im->e->msg);
            return;
        }
        im->r->written++;
    }
}

static int64_t pack_source(int64_t id, int32_t published)
{
    return id * ((int64_t)1 << 32) + (int64_t)(uint32_t)published;
}

static void action_row(struct importer *im, const struct table_row *row)
{
    struct action act = {0};
    char ref[512], title[4096], due[512];
    int64_t found, line;
    int32_t published = DATE_NONE, d;
    int v;

    struct val vr = cell(im, row, A_REF), vs = cell(im, row, A_SOURCE), vt = cell(im, row, A_TEXT);
    act.issued = DATE_NONE;
    if (!required(im, row, vr, A_REF)) {
        act.ref = trimmed(vr, ref, sizeof ref);
        if (strmap_get(&im->seen, act.ref, strlen(act.ref), &line))
            problem(im, row, vr.col, "duplicate ref \"%s\" (also on line %lld)", act.ref,
                    (long long)line);
        else if (strmap_get(&im->refs, act.ref, strlen(act.ref), &found))
            problem(im, row, vr.col, "ref \"%s\" is already in the register", act.ref);
        strmap_put(&im->seen, act.ref, strlen(act.ref), row->line);
    }
    if (!required(im, row, vs, A_SOURCE)) {
        act.source_title = trimmed(vs, title, sizeof title);
        if (strmap_get(&im->titles, act.source_title, strlen(act.source_title), &found)) {
            act.source_id = found >> 32;
            published = (int32_t)(uint32_t)(found & 0xffffffff);
        } else if (!im->o->create_sources) {
            problem(im, row, vs.col,
                    "no source titled \"%s\" in the register (import it first, or use "
                    "--create-sources)",
                    act.source_title);
        } else if (im->writing && !im->row_bad) {
            struct source src = {0};
            src.title = act.source_title;
            src.published = DATE_NONE;
            if (store_source_put(im->s, &src, im->e)) {
                problem(im, row, vs.col, "%s", im->e->msg);
            } else {
                act.source_id = src.id;
                strmap_put(&im->titles, src.title, strlen(src.title),
                           pack_source(src.id, DATE_NONE));
                im->r->sources_created++;
            }
        }
    }
    if (!required(im, row, vt, A_TEXT))
        act.text = vt.p;
    act.kind = AK_RECOMMENDATION;
    if (word_cell(im, row, cell(im, row, A_KIND), &VOCAB_ACTION_KIND, &v) == 0 && v)
        act.kind = v;
    act.owner = cell(im, row, A_OWNER).p;
    act.directorate = cell(im, row, A_DIRECTORATE).p;
    act.theme = cell(im, row, A_THEME).p;
    if (word_cell(im, row, cell(im, row, A_RISK), &VOCAB_RISK, &v) == 0)
        act.risk = v;
    if (word_cell(im, row, cell(im, row, A_SCOPE), &VOCAB_SCOPE, &v) == 0)
        act.scope = v;
    if (word_cell(im, row, cell(im, row, A_MARKING), &VOCAB_MARKING, &v) == 0)
        act.marking = v;
    if (date_cell(im, row, cell(im, row, A_ISSUED), &act.issued) == 0 && act.issued == DATE_NONE &&
        published == DATE_NONE && act.source_title && !im->row_bad)
        problem(im, row, cell(im, row, A_ISSUED).col,
                "issued is required: source \"%s\" has no published date", act.source_title);
    /* A target date is a date, or a label the papers use ("Ongoing", "TBC"). */
    struct val vd = cell(im, row, A_DUE);
    trimmed(vd, due, sizeof due);
    if (due[0] && (vd.numeric || isdigit((unsigned char)due[0]))) {
        if (date_cell(im, row, vd, &d) == 0)
            date_format(d, due);
    }
    if (im->writing && !im->row_bad) {
        if (store_action_put(im->s, &act, im->e)) {
            problem(im, row, vr.col, "%s", im->e->msg);
            return;
        }
        if (due[0]) {
            struct due_change dc = {0};
            dc.action_id = act.id;
            dc.effective = DATE_NONE;
            dc.due = due;
            if (store_due_add(im->s, &dc, im->e)) {
                problem(im, row, vd.col, "%s", im->e->msg);
                return;
            }
        }
        im->r->written++;
    }
}

static void update_row(struct importer *im, const struct table_row *row)
{
    struct update u = {0};
    char ref[512], reason[256], moment[64], recorded[MOMENT_BUFSZ];
    int64_t id = 0;
    int v;

    struct val vr = cell(im, row, U_REF), vs = cell(im, row, U_STATUS);
    struct val vreason = cell(im, row, U_REASON), vrec = cell(im, row, U_RECORDED_AT);
    if (!required(im, row, vr, U_REF)) {
        trimmed(vr, ref, sizeof ref);
        if (!strmap_get(&im->refs, ref, strlen(ref), &id))
            problem(im, row, vr.col, "no action with ref \"%s\" in the register", ref);
    }
    if (!required(im, row, cell(im, row, U_DATE), U_DATE) &&
        date_cell(im, row, cell(im, row, U_DATE), &u.date) == 0 && u.date == DATE_NONE)
        problem(im, row, -1, "date is required");
    if (!required(im, row, vs, U_STATUS) && word_cell(im, row, vs, &VOCAB_STATUS, &v) == 0)
        u.status = v;
    trimmed(vreason, reason, sizeof reason);
    if (u.status == ST_CLOSED) {
        int cr = vocab_parse(&VOCAB_CLOSE_REASON, reason, strlen(reason));
        char list[256];
        if (cr == 0)
            problem(im, row, vreason.col >= 0 ? vreason.col : vs.col,
                    "a closure needs a reason (one of: %s)",
                    vocab_list(&VOCAB_CLOSE_REASON, list, sizeof list));
        else if (cr < 0)
            problem(im, row, vreason.col, "unknown reason \"%s\" for a closure (one of: %s)",
                    reason, vocab_list(&VOCAB_CLOSE_REASON, list, sizeof list));
        else
            snprintf(reason, sizeof reason, "%s", vocab_name(&VOCAB_CLOSE_REASON, cr));
    }
    u.reason = reason;
    trimmed(vrec, moment, sizeof moment);
    if (moment[0]) {
        int64_t m;
        if (moment_parse(moment, strlen(moment), &m))
            problem(im, row, vrec.col,
                    "\"%s\" is not a moment (YYYY-MM-DDTHH:MM:SS[.ffffff]Z, UTC)", moment);
        else
            u.recorded_at = moment_format(m, recorded);
    }
    if (im->writing && !im->row_bad) {
        u.action_id = id;
        u.note = cell(im, row, U_NOTE).p;
        u.by = cell(im, row, U_BY).p;
        u.by_ref = cell(im, row, U_BY_REF).p;
        if (store_update_add(im->s, &u, im->e)) {
            problem(im, row, -1, "%s", im->e->msg);
            return;
        }
        im->r->written++;
    }
}

static void programme_row(struct importer *im, const struct table_row *row)
{
    struct programme_item it = {0}, *existing = NULL;
    char title[1024], status[64];
    int64_t line;
    struct val vt = cell(im, row, P_TITLE), vs = cell(im, row, P_STATUS);

    if (required(im, row, vt, P_TITLE))
        return;
    it.title = trimmed(vt, title, sizeof title);
    if (strmap_get(&im->seen, it.title, strlen(it.title), &line))
        problem(im, row, vt.col, "duplicate title \"%s\" (also on line %lld)", it.title,
                (long long)line);
    strmap_put(&im->seen, it.title, strlen(it.title), row->line);
    it.kind = cell(im, row, P_KIND).p;
    date_cell(im, row, cell(im, row, P_START), &it.fieldwork_start);
    date_cell(im, row, cell(im, row, P_END), &it.fieldwork_end);
    if (it.fieldwork_start != DATE_NONE && it.fieldwork_end != DATE_NONE &&
        it.fieldwork_end < it.fieldwork_start)
        problem(im, row, cell(im, row, P_END).col, "fieldwork ends before it starts");
    it.expected = cell(im, row, P_EXPECTED).p;
    trimmed(vs, status, sizeof status);
    if (status[0] && !(it.status = programme_status_word(status)))
        problem(im, row, vs.col,
                "unknown status \"%s\" (one of: planned, fieldwork, awaiting_report, "
                "published, cancelled)",
                status);
    it.note = cell(im, row, P_NOTE).p;
    if (im->writing && !im->row_bad) {
        struct arena tmp;
        arena_init(&tmp);
        /* A title already in the programme gets a new version. */
        if (store_programme_find(im->s, it.title, &tmp, &existing, im->e) == 0)
            it.id = existing->id;
        if (store_programme_put(im->s, &it, im->e))
            problem(im, row, -1, "%s", im->e->msg);
        else
            im->r->written++;
        arena_release(&tmp);
    }
}

/* ---- performance measures ---------------------------------------------- */

/* A number cell; NAN if empty. Reports and returns -1 if bad. */
static int number_cell(struct importer *im, const struct table_row *row, struct val v,
                       double *out)
{
    char buf[64];
    const char *s = trimmed(v, buf, sizeof buf);
    *out = NAN;
    if (!*s)
        return 0;
    if (v.n < sizeof buf && measure_number_parse(s, strlen(s), out) == 0)
        return 0;
    problem(im, row, v.col, "\"%s\" is not a number", s);
    return -1;
}

/* The measure a cell names, or NULL (reported). */
static const struct measure *measure_cell(struct importer *im, const struct table_row *row,
                                          struct val v, int def)
{
    char name[1024];
    int64_t k;
    if (required(im, row, v, def))
        return NULL;
    trimmed(v, name, sizeof name);
    if (!strmap_get(&im->mnames, name, strlen(name), &k)) {
        problem(im, row, v.col,
                "no measure \"%s\" in the register (import measures first, or add it with: "
                "oversight measure add)",
                name);
        return NULL;
    }
    return im->measures[k];
}

/* A period cell, parsed; reports and returns -1 if empty or bad. */
static int period_cell(struct importer *im, const struct table_row *row, struct val v, int def,
                       struct period *out)
{
    char buf[64];
    if (required(im, row, v, def))
        return -1;
    trimmed(v, buf, sizeof buf);
    if (period_parse(buf, strlen(buf), out)) {
        problem(im, row, v.col,
                "\"%s\" is not a period (a month as 2023-10, a quarter as 2023/24 Q3 or 2023 Q4, "
                "a financial year as 2023/24)",
                buf);
        return -1;
    }
    *out = period_normal(*out);
    return 0;
}

/* Settings text (rebases, annotations): checked, and kept as written. */
static const char *settings_cell(struct importer *im, const struct table_row *row, struct val v,
                                 int rebases)
{
    char why[256];
    struct arena tmp;
    struct measure_rebase *rb;
    struct measure_note *nt;
    size_t n;
    int bad;
    const char *s = arena_strndup(im->a, v.p, v.n);
    arena_init(&tmp);
    bad = rebases ? measure_rebases_parse(s, &tmp, &rb, &n, why, sizeof why)
                  : measure_notes_parse(s, &tmp, &nt, &n, why, sizeof why);
    arena_release(&tmp);
    if (bad) {
        problem(im, row, v.col, "%s", why);
        return NULL;
    }
    return s;
}

static void measure_row(struct importer *im, const struct table_row *row)
{
    struct measure m = {0};
    char name[1024], priority[1024], num[256], den[256];
    int64_t line, k;
    int v, known;
    double x;
    struct val vn = cell(im, row, M_NAME), vb = cell(im, row, M_BASELINE);
    struct val vl = cell(im, row, M_LIMITS);

    if (required(im, row, vn, M_NAME))
        return;
    trimmed(vn, name, sizeof name);
    if (strmap_get(&im->seen, name, strlen(name), &line))
        problem(im, row, vn.col, "duplicate measure \"%s\" (also on line %lld)", name,
                (long long)line);
    strmap_put(&im->seen, name, strlen(name), row->line);
    /* A measure already in the register gets a new version: the file's
     * columns change it, and the settings it has no column for are kept. */
    known = strmap_get(&im->mnames, name, strlen(name), &k);
    if (known) {
        m = *im->measures[k];
    } else {
        m.unit = MU_COUNT;
        m.improvement = MI_NEITHER;
        m.frequency = MF_MONTHLY;
        m.target = m.limits = NAN;
    }
    m.name = name;
    if (im->def_col[M_PRIORITY] >= 0)
        m.priority = trimmed(cell(im, row, M_PRIORITY), priority, sizeof priority);
    if (im->def_col[M_UNIT] >= 0 &&
        word_cell(im, row, cell(im, row, M_UNIT), &VOCAB_UNIT, &v) == 0)
        m.unit = v ? v : MU_COUNT;
    if (im->def_col[M_IMPROVEMENT] >= 0 &&
        word_cell(im, row, cell(im, row, M_IMPROVEMENT), &VOCAB_IMPROVEMENT, &v) == 0)
        m.improvement = v ? v : MI_NEITHER;
    if (im->def_col[M_FREQUENCY] >= 0 &&
        word_cell(im, row, cell(im, row, M_FREQUENCY), &VOCAB_FREQUENCY, &v) == 0)
        m.frequency = v ? v : MF_MONTHLY;
    if (im->def_col[M_TARGET] >= 0 && number_cell(im, row, cell(im, row, M_TARGET), &x) == 0)
        m.target = x;
    if (im->def_col[M_LIMITS] >= 0 && number_cell(im, row, vl, &x) == 0) {
        if (isfinite(x) && !(x > 0 && x <= 10))
            problem(im, row, vl.col, "the limits' width in sigma is above 0 and up to 10");
        m.limits = x;
    }
    if (im->def_col[M_BASELINE] >= 0 && number_cell(im, row, vb, &x) == 0) {
        if (isfinite(x) && (x != floor(x) || x < 2 || x > 1000000))
            problem(im, row, vb.col, "the baseline is a whole number of points, 2 or more");
        m.baseline = isfinite(x) ? (long)x : 0;
    }
    if (im->def_col[M_REBASES] >= 0)
        m.rebases = settings_cell(im, row, cell(im, row, M_REBASES), 1);
    if (im->def_col[M_ANNOTATIONS] >= 0)
        m.annotations = settings_cell(im, row, cell(im, row, M_ANNOTATIONS), 0);
    if (im->def_col[M_NUMERATOR] >= 0)
        m.numerator_label = trimmed(cell(im, row, M_NUMERATOR), num, sizeof num);
    if (im->def_col[M_DENOMINATOR] >= 0)
        m.denominator_label = trimmed(cell(im, row, M_DENOMINATOR), den, sizeof den);
    if (im->writing && !im->row_bad) {
        if (store_measure_put(im->s, &m, im->e)) {
            problem(im, row, vn.col, "%s", im->e->msg);
            return;
        }
        im->r->written++;
    }
}

static void observation_row(struct importer *im, const struct table_row *row)
{
    struct observation o = {0};
    struct period p;
    const struct measure *m;
    char key[1200], pbuf[PERIOD_BUFSZ], why[256];
    int64_t line;
    struct val vp = cell(im, row, O_PERIOD), vv = cell(im, row, O_VALUE);
    struct val vd = cell(im, row, O_DENOMINATOR);

    m = measure_cell(im, row, cell(im, row, O_MEASURE), O_MEASURE);
    if (period_cell(im, row, vp, O_PERIOD, &p) == 0 && m) {
        if (measure_period_fits(m, p, &p, why, sizeof why)) {
            problem(im, row, vp.col, "%s", why);
        } else {
            snprintf(key, sizeof key, "%s\n%s", m->name, period_format(p, pbuf));
            if (strmap_get(&im->seen, key, strlen(key), &line))
                problem(im, row, vp.col, "%s %s again (also on line %lld)", m->name, pbuf,
                        (long long)line);
            strmap_put(&im->seen, key, strlen(key), row->line);
        }
    }
    if (!required(im, row, vv, O_VALUE))
        number_cell(im, row, vv, &o.value);
    if (number_cell(im, row, vd, &o.denominator) == 0 && isfinite(o.denominator)) {
        if (!(o.denominator > 0))
            problem(im, row, vd.col, "a denominator is above 0");
        else if (m && m->unit != MU_PERCENTAGE)
            problem(im, row, vd.col,
                    "\"%s\" is a %s measure: a denominator goes with a percentage", m->name,
                    vocab_name(&VOCAB_UNIT, m->unit));
        else if (isfinite(o.value) && (o.value < 0 || o.value > o.denominator))
            problem(im, row, vv.col,
                    "with a denominator the value is the numerator, from 0 to %g", o.denominator);
    }
    if (im->writing && !im->row_bad) {
        o.measure_id = m->id;
        o.period = period_format(p, pbuf);
        if (store_observation_put(im->s, &o, im->e)) {
            problem(im, row, -1, "%s", im->e->msg);
            return;
        }
        im->r->written++;
    }
}

static void narrative_row(struct importer *im, const struct table_row *row)
{
    struct narrative nv = {0};
    struct period p;
    const struct measure *m;
    char key[1200], pbuf[PERIOD_BUFSZ], buf[8];
    int64_t line;
    struct val vp = cell(im, row, N_PERIOD), vr = cell(im, row, N_REASONS);
    struct val vs = cell(im, row, N_RESPONSE);

    m = measure_cell(im, row, cell(im, row, N_MEASURE), N_MEASURE);
    if (period_cell(im, row, vp, N_PERIOD, &p) == 0 && m) {
        snprintf(key, sizeof key, "%s\n%s", m->name, period_format(p, pbuf));
        if (strmap_get(&im->seen, key, strlen(key), &line))
            problem(im, row, vp.col, "%s %s again (also on line %lld)", m->name, pbuf,
                    (long long)line);
        strmap_put(&im->seen, key, strlen(key), row->line);
    }
    if (!*trimmed(vr, buf, sizeof buf) && !*trimmed(vs, buf, sizeof buf))
        problem(im, row, vr.col >= 0 ? vr.col : -1, "reasons or response is required");
    if (im->writing && !im->row_bad) {
        nv.measure_id = m->id;
        nv.period = period_format(p, pbuf);
        nv.reasons = vr.p;
        nv.response = vs.p;
        if (store_narrative_put(im->s, &nv, im->e)) {
            problem(im, row, -1, "%s", im->e->msg);
            return;
        }
        im->r->written++;
    }
}

static int load_measures(struct importer *im)
{
    size_t n;
    int rc = store_measures_list(im->s, NULL, im->a, &im->measures, &n, im->e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        strmap_put(&im->mnames, im->measures[i]->name, strlen(im->measures[i]->name),
                   (int64_t)i);
    return rc;
}

static int on_row(void *ctx, const struct table_row *row)
{
    struct importer *im = ctx;

    if (!im->have_header) {
        read_header(im, row);
        return 0;
    }
    im->r->rows++;
    im->row_bad = 0;
    if (table_kind(im->t) == TABLE_CSV && row->ncells != im->nheader) {
        problem(im, row, -1, "%zu fields, expected %zu as in the header", row->ncells,
                im->nheader);
        return 0;
    }
    for (size_t c = im->nheader; c < row->ncells; c++)
        if (row->cells[c].len) {
            problem(im, row, (long)c, "a value outside the table's columns");
            return 0;
        }
    if (row->problem) {
        problem(im, row, (long)row->problem_cell, "%s", row->problem);
        return 0;
    }
    switch (im->what) {
    case EXPORT_SOURCES: source_row(im, row); break;
    case EXPORT_ACTIONS: action_row(im, row); break;
    case EXPORT_UPDATES: update_row(im, row); break;
    case EXPORT_PROGRAMME: programme_row(im, row); break;
    case EXPORT_MEASURES: measure_row(im, row); break;
    case EXPORT_OBSERVATIONS: observation_row(im, row); break;
    case EXPORT_NARRATIVES: narrative_row(im, row); break;
    }
    if (im->o->progress && (im->r->rows & 4095) == 0) {
        size_t done, total;
        table_progress(im->t, &done, &total);
        im->o->progress(im->o->progress_ctx, done, total);
    }
    return 0;
}

static int load_ref(void *ctx, const char *ref, int64_t id)
{
    strmap_put(ctx, ref, strlen(ref), id);
    return 0;
}

static int load_titles(struct importer *im)
{
    struct source **v;
    size_t n;
    struct arena tmp;
    int rc;
    arena_init(&tmp);
    rc = store_sources_list(im->s, &tmp, &v, &n, im->e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        strmap_put(&im->titles, v[i]->title, strlen(v[i]->title),
                   pack_source(v[i]->id, v[i]->published));
    arena_release(&tmp);
    return rc;
}

static int import_run(struct importer *im)
{
    int rc;
    static const struct column_def *const defs[] = {
        [EXPORT_SOURCES] = SOURCE_COLS, [EXPORT_ACTIONS] = ACTION_COLS,
        [EXPORT_UPDATES] = UPDATE_COLS, [EXPORT_PROGRAMME] = PROGRAMME_COLS,
        [EXPORT_MEASURES] = MEASURE_COLS, [EXPORT_OBSERVATIONS] = OBSERVATION_COLS,
        [EXPORT_NARRATIVES] = NARRATIVE_COLS};

    im->defs = defs[im->what];
    for (int i = 0; i < MAX_COLS; i++)
        im->def_col[i] = -1;
    im->writing = 1;
    im->max_listed = im->o->max_listed ? im->o->max_listed : 1000;
    strmap_init(&im->refs);
    strmap_init(&im->titles);
    strmap_init(&im->seen);
    strmap_init(&im->mnames);
    /* Updates name actions only; sources and actions name sources; the
     * measures' files name measures. */
    rc = im->what == EXPORT_SOURCES || im->what == EXPORT_PROGRAMME || im->what >= EXPORT_MEASURES
             ? 0
             : store_action_refs(im->s, load_ref, &im->refs, im->e);
    if (rc == 0 && (im->what == EXPORT_SOURCES || im->what == EXPORT_ACTIONS))
        rc = load_titles(im);
    if (rc == 0 && im->what >= EXPORT_MEASURES)
        rc = load_measures(im);
    if (rc)
        goto out;
    rc = table_each(im->t, on_row, im, im->e);
    if (rc)
        goto out;
    if (!im->have_header) {
        rc = err_set(im->e, ERR_INPUT, "%s: empty file: no header row", im->display);
        goto out;
    }
    if (im->o->progress) {
        size_t done, total;
        table_progress(im->t, &done, &total);
        im->o->progress(im->o->progress_ctx, total ? total : done, total);
    }
    if (im->r->nproblems) {
        im->r->written = 0;
        im->r->sources_created = 0;
        rc = err_set(im->e, ERR_INPUT, "%s: %zu problem%s found; nothing was imported",
                     im->display, im->r->nproblems, im->r->nproblems == 1 ? "" : "s");
    }
out:
    strmap_release(&im->refs);
    strmap_release(&im->titles);
    strmap_release(&im->seen);
    strmap_release(&im->mnames);
    return rc;
}

int import_file(struct store *s, enum export_table what, const char *path,
                const struct import_opts *o, struct arena *a, struct import_result *r,
                struct err *e)
{
    struct importer im = {0};
    int rc;
    memset(r, 0, sizeof *r);
    im.s = s;
    im.what = what;
    im.o = o;
    im.a = a;
    im.r = r;
    im.e = e;
    im.display = o->display ? o->display : path;
    if ((rc = table_open(&im.t, path, im.display, o->sheet, e)))
        return rc;
    rc = import_run(&im);
    table_close(im.t);
    return rc;
}

int import_mem(struct store *s, enum export_table what, const void *data, size_t len,
               const struct import_opts *o, struct arena *a, struct import_result *r,
               struct err *e)
{
    struct importer im = {0};
    int rc;
    memset(r, 0, sizeof *r);
    im.s = s;
    im.what = what;
    im.o = o;
    im.a = a;
    im.r = r;
    im.e = e;
    im.display = o->display ? o->display : "upload";
    if ((rc = table_open_mem(&im.t, data, len, im.display, o->sheet, e)))
        return rc;
    rc = import_run(&im);
    table_close(im.t);
    return rc;
}
