/* committee.c -- the quarterly inspections paper's figures (DESIGN.md §4). */
#include "domain/committee.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

/* An action is listed at d (relative to the point before, p) if it exists at
 * d and is outstanding, or its green or closed status at d differs from its
 * status at p (or it did not exist at p). */
static int listed_at(const struct tl_action *t, int32_t d, int32_t p, enum status *st, int *is_new)
{
    enum status s = tl_status_at(t, d);
    enum status sp = p == DATE_NONE ? ST_NONE : tl_status_at(t, p);
    *st = s;
    *is_new = s != sp;
    if (s == ST_NONE)
        return 0;
    return status_outstanding(s) || s != sp;
}

static void count(struct cm_counts *c, enum status s, int is_new)
{
    switch (s) {
    case ST_RED: c->red++, c->new_red += is_new; break;
    case ST_AMBER: c->amber++, c->new_amber += is_new; break;
    case ST_WHITE: c->white++, c->new_white += is_new; break;
    case ST_GREEN: c->green++, c->new_green += is_new; break;
    case ST_CLOSED: c->closed++, c->new_closed += is_new; break;
    default: return;
    }
    c->outstanding = c->red + c->amber + c->white;
}

static void add_counts(struct cm_counts *to, const struct cm_counts *c)
{
    to->red += c->red, to->amber += c->amber, to->white += c->white;
    to->green += c->green, to->closed += c->closed;
    to->new_red += c->new_red, to->new_amber += c->new_amber, to->new_white += c->new_white;
    to->new_green += c->new_green, to->new_closed += c->new_closed;
    to->outstanding += c->outstanding;
}

static int same_counts(const struct cm_counts *x, const struct cm_counts *y)
{
    return memcmp(x, y, sizeof *x) == 0;
}

int32_t cm_three_months_before(int32_t d)
{
    int y, m, day;
    date_to_ymd(d, &y, &m, &day);
    m -= 3;
    if (m < 1)
        m += 12, y--;
    while (!date_valid_ymd(y, m, day))
        day--;
    return date_from_ymd(y, m, day);
}

/* Walks an action's history from `from` (exclusive) to `to`, counting the
 * moves into and out of "open" (existing and not closed), one status per
 * day (the day's last). Also counts closures after recent_from. */
static void flow_of(const struct tl_action *t, int32_t from, int32_t to, int32_t recent_from,
                    struct cm_flow *f, int *closed_recent)
{
    int32_t issued = action_issued(t->a);
    enum status prev = tl_status_at(t, from);
    int32_t last = from;
    size_t i = 0;

    if (issued == DATE_NONE || issued > to)
        return;
    f->open_at_start += prev != ST_NONE && prev != ST_CLOSED;
    while (i < t->nev && t->ev[i].date <= from)
        i++;
    for (;;) {
        /* The next day something may change: the issue date, or an event. */
        int32_t next = INT32_MAX;
        enum status now;
        if (issued > last && issued <= to)
            next = issued;
        if (i < t->nev && t->ev[i].date < next && t->ev[i].date <= to)
            next = t->ev[i].date;
        if (next == INT32_MAX)
            break;
        now = tl_status_at(t, next);
        if (prev == ST_NONE) {
            f->opened += now != ST_NONE && now != ST_CLOSED;
        } else if (prev == ST_CLOSED && now != ST_CLOSED) {
            f->reopened++;
        } else if (prev != ST_CLOSED && now == ST_CLOSED) {
            f->closed++;
            if (next > recent_from)
                (*closed_recent)++;
        }
        prev = now;
        last = next;
        while (i < t->nev && t->ev[i].date <= next)
            i++;
    }
}

/* Closures in (recent_from, to] alone, when the flow starts later. */
static int closed_between(const struct tl_action *t, int32_t from, int32_t to)
{
    struct cm_flow f = {0};
    int n = 0;
    flow_of(t, from, to, from, &f, &n);
    return n;
}

static struct cm_directorate *directorate(struct committee_report *r, struct arena *a,
                                          const char *name, size_t *cap)
{
    size_t lo = 0, hi = r->ndirs;
    if (!name || !*name)
        name = "(no directorate)";
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(r->dirs[mid].name, name);
        if (c == 0)
            return &r->dirs[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (r->ndirs == *cap) {
        struct cm_directorate *n;
        *cap = *cap ? *cap * 2 : 16;
        n = arena_alloc(a, *cap * sizeof *n);
        if (r->ndirs)
            memcpy(n, r->dirs, r->ndirs * sizeof *n);
        r->dirs = n;
    }
    memmove(&r->dirs[lo + 1], &r->dirs[lo], (r->ndirs - lo) * sizeof *r->dirs);
    memset(&r->dirs[lo], 0, sizeof *r->dirs);
    r->dirs[lo].name = name;
    r->ndirs++;
    return &r->dirs[lo];
}

struct pub_sort {
    const struct timelines *tl;
};
static const struct timelines *sort_tl;

static int by_published(const void *x, const void *y)
{
    const struct source *a = sort_tl->sources[*(const size_t *)x];
    const struct source *b = sort_tl->sources[*(const size_t *)y];
    if (a->published != b->published)
        return a->published < b->published ? -1 : 1;
    return strcmp(a->title, b->title);
}

static int cm_source_order(const void *x, const void *y)
{
    const struct cm_source *a = x, *b = y;
    if (a->is_new != b->is_new)
        return a->is_new ? -1 : 1;
    return by_published(&a->source, &b->source);
}

int committee_compute(const struct timelines *tl, int32_t as_of, int32_t since, int32_t before,
                      int32_t cutoff, int32_t baseline, struct arena *a,
                      struct committee_report *r, char *why, size_t whylen)
{
    struct cm_source *per = arena_alloc(a, (tl->nsources ? tl->nsources : 1) * sizeof *per);
    char *appears = arena_alloc(a, tl->nsources ? tl->nsources : 1);
    size_t dircap = 0, nlisted_prev = 0;
    struct cm_counts all_listed[2] = {{0}};

    memset(r, 0, sizeof *r);
    r->as_of = as_of;
    r->since = since;
    r->before = before;
    r->cutoff = cutoff;
    r->recent_from = cm_three_months_before(as_of);
    r->flow.from = baseline != DATE_NONE ? baseline : since != DATE_NONE ? since : as_of;
    if (r->flow.from > as_of)
        r->flow.from = as_of;
    r->listed = arena_alloc(a, (tl->n ? tl->n : 1) * sizeof *r->listed);

    for (size_t s = 0; s < tl->nsources; s++) {
        const struct source *src = tl->sources[s];
        per[s].source = s;
        if (!source_kind_is_inspection(src->kind))
            continue; /* never appears: its actions are skipped below too */
        per[s].scope = src->scope ? src->scope : SC_NATIONAL;
        per[s].is_new = src->published != DATE_NONE && src->published <= as_of &&
                        (since == DATE_NONE || src->published > since);
        appears[s] = (char)per[s].is_new;
        if (per[s].scope == SC_REGIONAL && per[s].is_new)
            r->has_regional = 1;
    }

    for (size_t i = 0; i < tl->n; i++) {
        const struct tl_action *t = &tl->v[i];
        struct cm_source *cs = &per[t->source];
        enum status s;
        int is_new, closed_recent = 0;
        struct cm_directorate *dir;

        if (!action_kind_is_inspection(t->a->kind) ||
            !source_kind_is_inspection(tl->sources[t->source]->kind))
            continue;
        if (listed_at(t, as_of, since, &s, &is_new)) {
            count(&cs->current, s, is_new);
            count(&all_listed[0], s, is_new);
            appears[t->source] = 1;
            r->listed[r->nlisted].action = i;
            r->listed[r->nlisted].status = s;
            r->listed[r->nlisted].is_new = is_new;
            r->nlisted++;
        }
        if (s != ST_NONE)
            cs->actions++;
        if (since != DATE_NONE && listed_at(t, since, before, &s, &is_new)) {
            count(&cs->previous, s, is_new);
            count(&all_listed[1], s, is_new);
            appears[t->source] = 1;
            nlisted_prev++;
        }

        s = tl_status_at(t, as_of);
        if (s == ST_NONE)
            continue;
        if (status_outstanding(s)) {
            enum scope sc = per[t->source].scope;
            if (cutoff != DATE_NONE && action_issued(t->a) < cutoff)
                r->outstanding.historic[sc]++;
            else
                r->outstanding.fresh[sc]++;
        }
        flow_of(t, r->flow.from, as_of, r->recent_from, &r->flow, &closed_recent);
        if (r->flow.from > r->recent_from)
            closed_recent = closed_between(t, r->recent_from, as_of);
        r->flow.open_now += s != ST_CLOSED;
        if (status_outstanding(s) || closed_recent) {
            dir = directorate(r, a, t->a->directorate, &dircap);
            dir->red += s == ST_RED;
            dir->amber += s == ST_AMBER;
            dir->white += s == ST_WHITE;
            dir->outstanding += status_outstanding(s);
            dir->closed_recent += closed_recent;
        }
    }

    /* The sources that appear, new reports first, each group by date. */
    r->sources = arena_alloc(a, (tl->nsources ? tl->nsources : 1) * sizeof *r->sources);
    r->published = arena_alloc(a, (tl->nsources ? tl->nsources : 1) * sizeof *r->published);
    for (size_t s = 0; s < tl->nsources; s++) {
        if (per[s].is_new) {
            r->published[r->npublished++] = s;
            r->npublished_with_actions += per[s].actions > 0;
        }
        if (!appears[s])
            continue;
        r->sources[r->nsources++] = per[s];
        r->nnew += per[s].is_new;
        if (per[s].scope == SC_REGIONAL)
            r->has_regional = 1;
        for (int k = 0; k < 2; k++) {
            const struct cm_counts *c = k ? &per[s].previous : &per[s].current;
            add_counts(&r->total[k], c);
            add_counts(&r->by_scope[per[s].scope][k], c);
            add_counts(&r->by_group[!per[s].is_new][per[s].scope][k], c);
        }
    }
    sort_tl = tl;
    qsort(r->sources, r->nsources, sizeof *r->sources, cm_source_order);
    qsort(r->published, r->npublished, sizeof *r->published, by_published);

    /* The figures that must agree. */
    for (int k = 0; k < 2; k++)
        if (!same_counts(&r->total[k], &all_listed[k])) {
            snprintf(why, whylen, "the %s column's totals (%d outstanding) differ from the actions "
                                  "listed (%d outstanding)",
                     k ? "previous" : "current", r->total[k].outstanding,
                     all_listed[k].outstanding);
            return -1;
        }
    if (r->flow.open_at_start + r->flow.opened + r->flow.reopened - r->flow.closed !=
        r->flow.open_now) {
        snprintf(why, whylen, "open at the start (%d) + opened (%d) + reopened (%d) - closed (%d) "
                              "= %d, but %d are open now",
                 r->flow.open_at_start, r->flow.opened, r->flow.reopened, r->flow.closed,
                 r->flow.open_at_start + r->flow.opened + r->flow.reopened - r->flow.closed,
                 r->flow.open_now);
        return -1;
    }
    {
        int outstanding = 0;
        for (int sc = 0; sc < SC__COUNT; sc++)
            outstanding += r->outstanding.historic[sc] + r->outstanding.fresh[sc];
        if (outstanding != r->total[0].outstanding) {
            snprintf(why, whylen, "outstanding by scope and age (%d) differs from the table (%d)",
                     outstanding, r->total[0].outstanding);
            return -1;
        }
    }
    (void)nlisted_prev;
    return 0;
}

const char *cm_counts_text(const struct cm_counts *c, struct arena *a)
{
    char buf[256];
    size_t n = 0;
#define PART(v, word)                                                                          \
    if ((v) > 0)                                                                               \
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d %s", n ? " " : "", (v), (word))
    buf[0] = '\0';
    PART(c->new_red, "NEW RED");
    PART(c->red - c->new_red, "RED");
    PART(c->amber, "AMBER");
    PART(c->white, "WHITE");
    PART(c->new_green, "NEW GREEN");
    PART(c->green - c->new_green, "GREEN");
    PART(c->closed, "CLOSED");
#undef PART
    return arena_strdup(a, buf);
}
