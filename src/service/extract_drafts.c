/* extract_drafts.c -- drafting a report's items as actions: refs, the
 * register's repeats, merging and splitting, and the import of the kept
 * drafts through the same code as `oversight import actions`. */
#include "service/extract_drafts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "format/csv_write.h"
#include "service/import.h"

int drafts_register(struct store *s, struct arena *a, struct extract_index *idx,
                    struct strmap *refs, struct err *e)
{
    struct action **v;
    size_t n;
    int rc;

    /* every action, whenever issued */
    if ((rc = store_actions_as_of(s, date_from_ymd(9999, 12, 31), NULL, a, &v, &n, e)))
        return rc;
    for (size_t i = 0; i < n; i++) {
        extract_index_add(idx, v[i]->text, v[i]->ref);
        strmap_put(refs, v[i]->ref, strlen(v[i]->ref), 1);
    }
    return 0;
}

size_t drafts_mark_items(const struct extract_index *idx, struct extract_item *it, size_t n)
{
    size_t dups = 0;
    for (size_t i = 0; i < n; i++) {
        it[i].duplicate_of = extract_index_match(idx, it[i].text);
        dups += it[i].duplicate_of != NULL;
    }
    return dups;
}

void drafts_mark(const struct extract_index *idx, struct draft *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i].duplicate_of = d[i].text && *d[i].text ? extract_index_match(idx, d[i].text) : NULL;
}

/* The item's number as a ref may carry it: letters, digits and dots. */
static void ref_number(const char *number, char *num, size_t n)
{
    size_t o = 0;
    for (const char *p = number; p && *p && o + 1 < n; p++)
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            *p == '.')
            num[o++] = *p;
    num[o] = '\0';
}

/* Whether the items of a kind to be drafted all have numbers, none twice:
 * then their refs carry them, else the items of that kind are counted. */
static int printed_numbers(const struct extract_item *it, size_t n, enum action_kind kind)
{
    struct strmap seen;
    int ok = 1;
    strmap_init(&seen);
    for (size_t i = 0; i < n && ok; i++) {
        char num[32];
        if (it[i].kind != kind || it[i].duplicate_of)
            continue;
        ref_number(it[i].number, num, sizeof num);
        ok = num[0] && strmap_put(&seen, num, strlen(num), 1);
    }
    strmap_release(&seen);
    return ok;
}

const char *drafts_unique_ref(struct strmap *refs, const char *base, struct arena *a)
{
    char ref[300];
    int64_t v;

    snprintf(ref, sizeof ref, "%s", base);
    for (int k = 2; strmap_get(refs, ref, strlen(ref), &v); k++)
        snprintf(ref, sizeof ref, "%.280s-%d", base, k);
    strmap_put(refs, ref, strlen(ref), 1);
    return arena_strdup(a, ref);
}

/* A ref for the item: PREFIX-KIND-NUMBER ("CDIR-R-3"), made unique against
 * the register and the refs drafted. */
static const char *draft_ref(const char *prefix, const struct extract_item *it, int printed,
                             int seq, struct strmap *refs, struct arena *a)
{
    char num[32], base[96];

    ref_number(printed ? it->number : NULL, num, sizeof num);
    if (!num[0])
        snprintf(num, sizeof num, "%d", seq);
    snprintf(base, sizeof base, "%s-%s-%s", prefix, extract_kind_code(it->kind), num);
    return drafts_unique_ref(refs, base, a);
}

static void draft_of(struct draft *d, const struct extract_item *it)
{
    memset(d, 0, sizeof *d);
    d->kind = it->kind;
    d->number = it->number;
    d->text = it->text;
    d->deadline = it->deadline;
    d->due = it->due;
    d->addressee = it->addressee;
    d->owner = it->owner;
    d->section = it->section;
    d->scope = it->scope;
    d->page = it->page;
    d->duplicate_of = it->duplicate_of;
    d->keep = it->duplicate_of == NULL;
}

void drafts_from_items(const struct extract_item *it, size_t n, const char *title,
                       int with_duplicates, struct strmap *refs, struct arena *a,
                       struct draft **out, size_t *nout)
{
    char prefix[16];
    int seq[AK__COUNT] = {0}, printed[AK__COUNT];
    struct draft *d = arena_alloc(a, (n ? n : 1) * sizeof *d);
    size_t k = 0;

    extract_ref_prefix(title, prefix, sizeof prefix);
    for (int i = 0; i < AK__COUNT; i++)
        printed[i] = printed_numbers(it, n, (enum action_kind)i);
    for (size_t i = 0; i < n; i++) {
        if (it[i].duplicate_of && !with_duplicates)
            continue;
        draft_of(&d[k], &it[i]);
        if (!it[i].duplicate_of) {
            seq[it[i].kind]++;
            d[k].ref = draft_ref(prefix, &it[i], printed[it[i].kind], seq[it[i].kind], refs, a);
        }
        k++;
    }
    /* The repeats' refs come after, numbered on from the others of their
     * kind, so that drafting them changes no other ref. */
    for (size_t i = 0, j = 0; i < n; i++) {
        if (it[i].duplicate_of && !with_duplicates)
            continue;
        if (it[i].duplicate_of) {
            seq[it[i].kind]++;
            d[j].ref = draft_ref(prefix, &it[i], printed[it[i].kind] && it[i].number,
                                 seq[it[i].kind], refs, a);
        }
        j++;
    }
    *out = d;
    *nout = k;
}

/* s with spaces, tabs and line ends trimmed from both ends, into a. */
static const char *trim(const char *s, size_t n, struct arena *a)
{
    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return arena_strndup(a, s, n);
}

static const char *either(const char *x, const char *y)
{
    return x && *x ? x : y;
}

int drafts_merge(struct draft *d, size_t *n, size_t i, struct arena *a)
{
    struct draft *x, *y;

    if (i + 1 >= *n)
        return -1;
    x = &d[i];
    y = &d[i + 1];
    x->text = arena_printf(a, "%s%s%s", x->text ? x->text : "",
                           x->text && *x->text && y->text && *y->text ? " " : "",
                           y->text ? y->text : "");
    x->number = either(x->number, y->number);
    x->deadline = either(x->deadline, y->deadline);
    x->due = either(x->due, y->due);
    x->addressee = either(x->addressee, y->addressee);
    x->owner = either(x->owner, y->owner);
    x->section = either(x->section, y->section);
    if (!x->scope)
        x->scope = y->scope;
    if (x->page <= 0)
        x->page = y->page;
    x->keep = x->keep || y->keep;
    memmove(y, y + 1, (*n - i - 2) * sizeof *d);
    (*n)--;
    return 0;
}

size_t drafts_split(struct draft **dp, size_t *n, size_t i, struct strmap *refs,
                    struct arena *a)
{
    const struct draft *old = &(*dp)[i];
    const char *text = old->text ? old->text : "", *p, *mark;
    const char **parts;
    size_t nparts = 0, cap = 1;
    struct draft *d;

    for (p = text; (mark = strstr(p, DRAFT_SPLIT_MARK)); p = mark + strlen(DRAFT_SPLIT_MARK))
        cap++;
    parts = arena_alloc(a, cap * sizeof *parts);
    for (p = text;; p = mark + strlen(DRAFT_SPLIT_MARK)) {
        const char *t;
        mark = strstr(p, DRAFT_SPLIT_MARK);
        t = trim(p, mark ? (size_t)(mark - p) : strlen(p), a);
        if (*t)
            parts[nparts++] = t;
        if (!mark)
            break;
    }
    if (nparts < 2)
        return 0;
    d = arena_alloc(a, (*n + nparts - 1) * sizeof *d);
    memcpy(d, *dp, i * sizeof *d);
    for (size_t k = 0; k < nparts; k++) {
        struct draft *x = &d[i + k];
        *x = *old;
        x->text = parts[k];
        if (k > 0) {
            x->number = NULL;
            x->ref = drafts_unique_ref(refs, old->ref && *old->ref ? old->ref : "EXT", a);
        }
        /* What a part does not state itself it shares with the whole. */
        if (!extract_deadline(x->text, strlen(x->text), a, &x->deadline, &x->due)) {
            x->deadline = old->deadline;
            x->due = old->due;
        } else if (!x->due) {
            x->due = old->due;
        }
        if (!(x->addressee = extract_addressee(x->text, strlen(x->text), a)))
            x->addressee = old->addressee;
    }
    memcpy(d + i + nparts, *dp + i + 1, (*n - i - 1) * sizeof *d);
    *dp = d;
    *n += nparts - 1;
    return nparts;
}

/* Counts the line ends in s[0..n). */
static long line_ends(const char *s, size_t n)
{
    long k = 0;
    for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))); p++)
        k++;
    return k;
}

int drafts_csv(struct buf *b, const struct draft *d, size_t n, const char *title,
               const char *issued, long *line)
{
    static const char *const HEAD[] = {"ref",   "source", "text",  "kind",    "owner",
                                       "directorate", "theme", "risk", "scope", "marking",
                                       "issued", "due"};
    int rc = csv_write_row(b, HEAD, sizeof HEAD / sizeof HEAD[0]);
    long at = 1 + line_ends(buf_str(b), b->len); /* the line the next row begins on */

    for (size_t i = 0; i < n && !rc; i++) {
        const char *row[12];
        size_t before = b->len;
        if (line)
            line[i] = 0;
        if (!d[i].keep)
            continue;
        row[0] = d[i].ref ? d[i].ref : "";
        row[1] = title;
        row[2] = d[i].text ? d[i].text : "";
        row[3] = vocab_name(&VOCAB_ACTION_KIND, d[i].kind);
        row[4] = d[i].owner ? d[i].owner : "";
        row[5] = row[6] = row[7] = "";
        row[8] = d[i].scope ? vocab_name(&VOCAB_SCOPE, d[i].scope) : "";
        row[9] = "public";
        row[10] = issued ? issued : "";
        row[11] = d[i].due ? d[i].due : "";
        rc = csv_write_row(b, row, 12);
        if (line)
            line[i] = at;
        at += line_ends(b->p + before, b->len - before);
    }
    return rc;
}

/* "drafts:LINE:FIELD: message" or "drafts:LINE: message" as the import
 * writes them (table_where), back to the draft whose row begins on LINE. */
static void problem_of(const char *p, const char *display, const long *line, size_t n,
                       struct arena *a, struct draft_problem *out)
{
    size_t dl = strlen(display);
    const char *q, *f;
    char *end;
    long ln;

    out->draft = -1;
    out->field = NULL;
    out->message = p;
    if (strncmp(p, display, dl) != 0 || p[dl] != ':')
        return;
    q = p + dl + 1;
    ln = strtol(q, &end, 10);
    if (end == q || *end != ':')
        return;
    for (size_t i = 0; i < n; i++)
        if (line[i] == ln)
            out->draft = (long)i;
    f = end + 1;
    if (*f == ' ') {
        out->message = f + 1;
    } else if ((q = strstr(f, ": "))) {
        out->field = arena_strndup(a, f, (size_t)(q - f));
        out->message = q + 2;
    }
}

int drafts_import(struct store *s, const struct draft *d, size_t n, const char *title,
                  const char *issued, struct arena *a, size_t *written,
                  struct draft_problem **problems, size_t *nproblems, struct err *e)
{
    static const char DISPLAY[] = "drafts";
    struct import_opts o = {0};
    struct import_result r;
    struct buf b;
    long *line = arena_alloc(a, (n ? n : 1) * sizeof *line);
    int rc;

    *written = 0;
    *problems = NULL;
    *nproblems = 0;
    buf_init(&b, BUF_MAX_DEFAULT);
    if ((rc = drafts_csv(&b, d, n, title, issued, line))) {
        err_set(e, rc, "the drafts are larger than an import may be");
        goto out;
    }
    o.display = DISPLAY;
    rc = import_mem(s, EXPORT_ACTIONS, b.p, b.len, &o, a, &r, e);
    if (rc == ERR_INPUT && r.nlisted) {
        *problems = arena_alloc(a, r.nlisted * sizeof **problems);
        for (size_t i = 0; i < r.nlisted; i++)
            problem_of(r.problems[i], DISPLAY, line, n, a, &(*problems)[i]);
        *nproblems = r.nlisted;
    }
    if (rc == 0)
        *written = r.written;
out:
    buf_release(&b);
    return rc;
}
