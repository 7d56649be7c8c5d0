/* registers.c -- the audit, references, delivery plan and board papers. */
#include "domain/registers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

int tl_overdue_at(const struct tl_action *t, int32_t date)
{
    enum status s = tl_status_at(t, date);
    int32_t due = tl_due_date_at(t, date);
    return status_outstanding(s) && due != DATE_NONE && due < date;
}

/* A growable array of size_t in an arena. */
struct idx {
    size_t *v, n, cap;
};

static void idx_push(struct idx *x, struct arena *a, size_t i)
{
    if (x->n == x->cap) {
        size_t *n;
        x->cap = x->cap ? x->cap * 2 : 16;
        n = arena_alloc(a, x->cap * sizeof *n);
        if (x->n)
            memcpy(n, x->v, x->n * sizeof *n);
        x->v = n;
    }
    x->v[x->n++] = i;
}

/* ---- audit ---------------------------------------------------------------- */

int audit_rule_parse(const char *s, struct audit_rule *out)
{
    out->low = 0;
    if (!s || !*s || strcmp(s, "high+limited-medium") == 0) {
        out->medium = AUDIT_MEDIUM_LIMITED;
        return 0;
    }
    if (strcmp(s, "high") == 0)
        out->medium = AUDIT_MEDIUM_NONE;
    else if (strcmp(s, "high+medium") == 0)
        out->medium = AUDIT_MEDIUM_ALL;
    else if (strcmp(s, "all") == 0)
        out->medium = AUDIT_MEDIUM_ALL, out->low = 1;
    else
        return -1;
    return 0;
}

static int monitored(const struct timelines *tl, const struct tl_action *t,
                     const struct audit_rule *rule)
{
    const struct source *src = tl->sources[t->source];
    if (t->a->kind != AK_AUDIT_ACTION)
        return 0;
    switch (t->a->risk) {
    case RK_HIGH: return 1;
    case RK_MEDIUM:
        return rule->medium == AUDIT_MEDIUM_ALL ||
               (rule->medium == AUDIT_MEDIUM_LIMITED &&
                (src->assurance == AS_LIMITED || src->assurance == AS_NO));
    case RK_LOW: return rule->low;
    default: return 0;
    }
}

/* Finds or adds name in a list of counts kept sorted by name. */
static struct audit_count *count_of(struct audit_count **v, size_t *n, size_t *cap,
                                    struct arena *a, const char *name)
{
    size_t lo = 0, hi = *n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp((*v)[mid].name, name);
        if (c == 0)
            return &(*v)[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (*n == *cap) {
        struct audit_count *nv;
        *cap = *cap ? *cap * 2 : 16;
        nv = arena_alloc(a, *cap * sizeof *nv);
        if (*n)
            memcpy(nv, *v, *n * sizeof *nv);
        *v = nv;
    }
    memmove(&(*v)[lo + 1], &(*v)[lo], (*n - lo) * sizeof **v);
    memset(&(*v)[lo], 0, sizeof **v);
    (*v)[lo].name = arena_strdup(a, name);
    (*n)++;
    return &(*v)[lo];
}

static int area_order(const void *x, const void *y)
{
    const struct audit_count *a = x, *b = y;
    if (a->total != b->total)
        return a->total > b->total ? -1 : 1;
    return strcmp(a->name, b->name);
}

static int audit_order(const void *x, const void *y)
{
    const struct audit_by_source *a = x, *b = y;
    if (a->past != b->past)
        return a->past > b->past ? -1 : 1;
    if (a->monitored != b->monitored)
        return a->monitored > b->monitored ? -1 : 1;
    return a->source < b->source ? -1 : a->source > b->source;
}

int audit_compute(const struct timelines *tl, int32_t as_of, const struct audit_rule *rule,
                  struct arena *a, struct audit_report *r)
{
    struct idx mon = {0};
    size_t qcap = 0, acap = 0;
    struct audit_by_source *per = arena_alloc(a, (tl->nsources + 1) * sizeof *per);
    int fy, q;

    memset(r, 0, sizeof *r);
    r->as_of = as_of;
    date_fin_quarter(as_of, &fy, &q);
    q += 2;
    if (q > 4)
        q -= 4, fy++;
    r->horizon = date_fin_quarter_end(fy, q);
    for (size_t s = 0; s < tl->nsources; s++) {
        per[s].source = s;
        per[s].latest = (size_t)-1;
        per[s].latest_date = DATE_NONE;
    }
    for (size_t i = 0; i < tl->n; i++) {
        const struct tl_action *t = &tl->v[i];
        enum status st = tl_status_at(t, as_of);
        int32_t due;
        struct audit_count *area, *quarter;
        const char *bucket;
        const struct tl_event *note;
        if (!status_outstanding(st) || !monitored(tl, t, rule))
            continue;
        idx_push(&mon, a, i);
        r->high += t->a->risk == RK_HIGH;
        r->medium += t->a->risk == RK_MEDIUM;
        r->low += t->a->risk == RK_LOW;
        due = tl_due_date_at(t, as_of);
        area = count_of(&r->areas, &r->nareas, &acap, a,
                        t->a->directorate && *t->a->directorate ? t->a->directorate
                                                                : "(no business area)");
        if (due == DATE_NONE) {
            bucket = "later";
            r->undated++;
            quarter = count_of(&r->quarters, &r->nquarters, &qcap, a, "(no date)");
        } else {
            char label[16];
            bucket = due < as_of ? "past" : due <= r->horizon ? "next" : "later";
            quarter = count_of(&r->quarters, &r->nquarters, &qcap, a,
                               date_fin_quarter_label(due, label));
        }
#define TALLY(c)                                                                               \
    do {                                                                                       \
        if (bucket[0] == 'p')                                                                  \
            (c)->past++;                                                                       \
        else if (bucket[0] == 'n')                                                             \
            (c)->next++;                                                                       \
        else                                                                                   \
            (c)->later++;                                                                      \
        (c)->total++;                                                                          \
    } while (0)
        TALLY(area);
        TALLY(quarter);
#undef TALLY
        if (bucket[0] == 'p')
            r->past++;
        else if (bucket[0] == 'n')
            r->next++;
        else
            r->later++;
        per[t->source].monitored++;
        per[t->source].past += bucket[0] == 'p';
        per[t->source].high += t->a->risk == RK_HIGH;
        per[t->source].medium += t->a->risk == RK_MEDIUM;
        note = tl_note_at(t, as_of);
        if (note && (per[t->source].latest_date == DATE_NONE ||
                     note->date >= per[t->source].latest_date)) {
            per[t->source].latest = i;
            per[t->source].latest_date = note->date;
        }
    }
    r->monitored = mon.v;
    r->nmonitored = mon.n;
    qsort(r->areas, r->nareas, sizeof *r->areas, area_order);
    r->audits = arena_alloc(a, (tl->nsources + 1) * sizeof *r->audits);
    for (size_t s = 0; s < tl->nsources; s++)
        if (per[s].monitored)
            r->audits[r->naudits++] = per[s];
    qsort(r->audits, r->naudits, sizeof *r->audits, audit_order);
    /* Quarter labels sort as text ("2019/20 Q3"); "(no date)" sorts first: move it last. */
    if (r->nquarters && r->quarters[0].name[0] == '(') {
        struct audit_count nodate = r->quarters[0];
        memmove(&r->quarters[0], &r->quarters[1], (r->nquarters - 1) * sizeof *r->quarters);
        r->quarters[r->nquarters - 1] = nodate;
    }
    return 0;
}

/* ---- outstanding references ---------------------------------------------- */

const char *reference_status_words(enum status s)
{
    switch (s) {
    case ST_WHITE: return "Not started";
    case ST_AMBER: return "In Progress";
    case ST_RED: return "Delayed";
    case ST_GREEN:
    case ST_CLOSED: return "Complete";
    default: return "";
    }
}

static int32_t meeting_date(const struct timelines *tl, const struct tl_action *t)
{
    int32_t p = tl->sources[t->source]->published;
    return p != DATE_NONE ? p : action_issued(t->a);
}

static const struct timelines *ref_tl;
static int reference_order(const void *x, const void *y)
{
    const struct reference_row *a = x, *b = y;
    if (a->meeting != b->meeting)
        return a->meeting < b->meeting ? -1 : 1;
    return plan_number_cmp(ref_tl->v[a->action].a->ref, ref_tl->v[b->action].a->ref);
}

int references_compute(const struct timelines *tl, int32_t as_of, struct arena *a,
                       struct references_report *r)
{
    memset(r, 0, sizeof *r);
    r->as_of = as_of;
    r->previous = DATE_NONE;
    for (size_t s = 0; s < tl->nsources; s++) {
        const struct source *src = tl->sources[s];
        if (src->kind == SK_MEETING && src->published != DATE_NONE && src->published < as_of &&
            (r->previous == DATE_NONE || src->published > r->previous))
            r->previous = src->published;
    }
    r->rows = arena_alloc(a, (tl->n + 1) * sizeof *r->rows);
    for (size_t i = 0; i < tl->n; i++) {
        const struct tl_action *t = &tl->v[i];
        enum status s = tl_status_at(t, as_of), before;
        /* The list at a meeting holds references made at earlier meetings. */
        if (t->a->kind != AK_REFERENCE || s == ST_NONE || meeting_date(tl, t) >= as_of)
            continue;
        before = r->previous == DATE_NONE ? ST_NONE : tl_status_at(t, r->previous);
        /* Done references show once: at the first meeting after they were done. */
        if (!status_outstanding(s) && (before == ST_GREEN || before == ST_CLOSED))
            continue;
        r->rows[r->nrows].action = i;
        r->rows[r->nrows].status = s;
        r->rows[r->nrows].meeting = meeting_date(tl, t);
        r->nrows++;
    }
    ref_tl = tl;
    qsort(r->rows, r->nrows, sizeof *r->rows, reference_order);
    return 0;
}

/* ---- delivery plans ------------------------------------------------------- */

int plan_number_cmp(const char *x, const char *y)
{
    while (*x && *y) {
        if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
            char *ex, *ey;
            unsigned long vx = strtoul(x, &ex, 10), vy = strtoul(y, &ey, 10);
            if (vx != vy)
                return vx < vy ? -1 : 1;
            x = ex, y = ey;
        } else {
            if (*x != *y)
                return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
            x++, y++;
        }
    }
    return *x ? 1 : *y ? -1 : 0;
}

static const struct timelines *plan_tl;
static int deliverable_order(const void *x, const void *y)
{
    return plan_number_cmp(plan_tl->v[*(const size_t *)x].a->ref,
                           plan_tl->v[*(const size_t *)y].a->ref);
}

int plan_compute(const struct timelines *tl, size_t source, int32_t as_of, struct arena *a,
                 struct plan_report *r)
{
    struct idx all = {0};
    memset(r, 0, sizeof *r);
    r->source = source;
    r->as_of = as_of;
    for (size_t i = 0; i < tl->n; i++)
        if (tl->v[i].source == source && tl_status_at(&tl->v[i], as_of) != ST_NONE)
            idx_push(&all, a, i);
    if (!all.n)
        return -1;
    plan_tl = tl;
    qsort(all.v, all.n, sizeof *all.v, deliverable_order);
    r->objectives = arena_alloc(a, all.n * sizeof *r->objectives);
    for (size_t k = 0; k < all.n; k++) {
        const struct tl_action *t = &tl->v[all.v[k]];
        const char *name = t->a->theme && *t->a->theme ? t->a->theme : "Deliverables";
        struct plan_objective *o = NULL;
        for (size_t j = 0; j < r->nobjectives; j++)
            if (strcmp(r->objectives[j].name, name) == 0)
                o = &r->objectives[j];
        if (!o) {
            o = &r->objectives[r->nobjectives++];
            o->name = name;
            o->actions = arena_alloc(a, all.n * sizeof *o->actions);
        }
        o->actions[o->n++] = all.v[k];
        r->counts[tl_status_at(t, as_of)]++;
        r->total++;
    }
    return 0;
}

/* ---- the board pack ------------------------------------------------------- */

static const struct timelines *board_tl;
static int32_t board_date;

static int open_order(const void *x, const void *y)
{
    const struct tl_action *a = &board_tl->v[*(const size_t *)x], *b = &board_tl->v[*(const size_t *)y];
    int oa = tl_overdue_at(a, board_date), ob = tl_overdue_at(b, board_date);
    int32_t da = tl_due_date_at(a, board_date), db = tl_due_date_at(b, board_date);
    int c;
    c = strcmp(a->a->directorate ? a->a->directorate : "", b->a->directorate ? b->a->directorate : "");
    if (c)
        return c;
    c = strcmp(a->a->owner ? a->a->owner : "", b->a->owner ? b->a->owner : "");
    if (c)
        return c;
    if (oa != ob)
        return oa ? -1 : 1;
    if (da != db)
        return da == DATE_NONE ? 1 : db == DATE_NONE ? -1 : da < db ? -1 : 1;
    return strcmp(a->a->ref, b->a->ref);
}

static int green_order(const void *x, const void *y)
{
    const struct tl_event *a = tl_event_at(&board_tl->v[*(const size_t *)x], board_date);
    const struct tl_event *b = tl_event_at(&board_tl->v[*(const size_t *)y], board_date);
    int32_t da = a ? a->date : DATE_NONE, db = b ? b->date : DATE_NONE;
    if (da != db)
        return da < db ? -1 : 1;
    return strcmp(board_tl->v[*(const size_t *)x].a->ref, board_tl->v[*(const size_t *)y].a->ref);
}

static struct board_progress *progress_of(struct board_report *r, struct arena *a,
                                          const char *dir, size_t *cap)
{
    for (size_t i = 0; i < r->nprogress; i++)
        if (strcmp(r->progress[i].directorate, dir) == 0)
            return &r->progress[i];
    if (r->nprogress == *cap) {
        struct board_progress *n;
        *cap = *cap ? *cap * 2 : 16;
        n = arena_alloc(a, *cap * sizeof *n);
        if (r->nprogress)
            memcpy(n, r->progress, r->nprogress * sizeof *n);
        r->progress = n;
    }
    memset(&r->progress[r->nprogress], 0, sizeof *r->progress);
    r->progress[r->nprogress].directorate = dir;
    return &r->progress[r->nprogress++];
}

static int progress_order(const void *x, const void *y)
{
    return strcmp(((const struct board_progress *)x)->directorate,
                  ((const struct board_progress *)y)->directorate);
}

int board_compute(const struct timelines *tl, int32_t as_of, struct arena *a,
                  struct board_report *r)
{
    struct idx open = {0}, greens = {0}, extended = {0};
    size_t pcap = 0;
    int y, m, d;

    memset(r, 0, sizeof *r);
    r->as_of = as_of;
    date_to_ymd(as_of, &y, &m, &d);
    for (int k = 2; k >= 0; k--) {
        int mm = m - k, yy = y;
        if (mm < 1)
            mm += 12, yy--;
        r->months[2 - k].start = date_from_ymd(yy, mm, 1);
        r->months[2 - k].end = mm == 12 ? date_from_ymd(yy + 1, 1, 1) - 1
                                        : date_from_ymd(yy, mm + 1, 1) - 1;
    }
    if (r->months[2].end > as_of)
        r->months[2].end = as_of;

    for (size_t i = 0; i < tl->n; i++) {
        const struct tl_action *t = &tl->v[i];
        enum status s = tl_status_at(t, as_of);
        const char *dir = t->a->directorate && *t->a->directorate ? t->a->directorate
                                                                  : "(no directorate)";
        /* The board oversees inspection and audit actions; references and
         * deliverables have their committee and their plan. */
        if (s == ST_NONE || t->a->kind == AK_REFERENCE || t->a->kind == AK_DELIVERABLE)
            continue;
        if (s != ST_CLOSED) {
            idx_push(&open, a, i);
            r->noverdue += (size_t)tl_overdue_at(t, as_of);
            if (tl_revision_at(t, as_of))
                idx_push(&extended, a, i);
        }
        if (s == ST_GREEN)
            idx_push(&greens, a, i);
        /* Moves into closed and into green in each of the three months. */
        for (size_t k = 0; k < t->nev; k++) {
            const struct tl_event *ev = &t->ev[k];
            enum status now, before;
            if (ev->date < r->months[0].start || ev->date > as_of)
                continue;
            if (k + 1 < t->nev && t->ev[k + 1].date == ev->date)
                continue; /* only the day's last status counts */
            now = (enum status)ev->status;
            before = tl_status_at(t, ev->date - 1);
            if (now == before)
                continue;
            for (int mo = 0; mo < 3; mo++) {
                if (ev->date < r->months[mo].start || ev->date > r->months[mo].end)
                    continue;
                if (now == ST_CLOSED)
                    progress_of(r, a, dir, &pcap)->closed[mo]++;
                else if (now == ST_GREEN)
                    progress_of(r, a, dir, &pcap)->green[mo]++;
            }
        }
    }
    board_tl = tl;
    board_date = as_of;
    qsort(open.v, open.n, sizeof *open.v, open_order);
    qsort(greens.v, greens.n, sizeof *greens.v, green_order);
    qsort(r->progress, r->nprogress, sizeof *r->progress, progress_order);
    r->nopen = open.n;
    r->greens = greens.v;
    r->ngreens = greens.n;
    r->extended = extended.v;
    r->nextended = extended.n;
    r->owners = arena_alloc(a, (open.n + 1) * sizeof *r->owners);
    for (size_t k = 0; k < open.n; k++) {
        const struct tl_action *t = &tl->v[open.v[k]];
        const char *dir = t->a->directorate ? t->a->directorate : "";
        const char *own = t->a->owner ? t->a->owner : "";
        struct board_owner *o = r->nowners ? &r->owners[r->nowners - 1] : NULL;
        if (!o || strcmp(o->directorate, dir) || strcmp(o->owner, own)) {
            o = &r->owners[r->nowners++];
            o->directorate = dir;
            o->owner = own;
            o->actions = &open.v[k];
            o->n = 0;
        }
        o->n++;
        o->overdue += tl_overdue_at(t, as_of);
    }
    return 0;
}
