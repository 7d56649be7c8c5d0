/* committee.h -- the figures of the quarterly inspections paper (DESIGN.md
 * §4, "The committee table, exactly"), computed from the register's
 * timelines as of a reporting point D, its previous point P and the point
 * before that, P0. Pure: no I/O; the paper's formats are built from this.
 *
 * Every figure here is counted once, from the timelines, and the totals are
 * sums of the rows they total; committee_compute also re-derives the figures
 * that must agree (the flow identity, the table's totals against the listed
 * actions) and fails with the reason if any do not. */
#ifndef OVERSIGHT_COMMITTEE_H
#define OVERSIGHT_COMMITTEE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/timeline.h"

struct cm_counts {
    int red, amber, white, green, closed;
    int new_red, new_amber, new_white, new_green, new_closed;
    int outstanding; /* red + amber + white */
};

struct cm_source {
    size_t source;   /* index into timelines.sources */
    int is_new;      /* published after P, on or before D */
    int actions;     /* its actions existing at D */
    enum scope scope;/* the column it sits in (SC_NATIONAL when the source names none) */
    struct cm_counts current, previous;
};

struct cm_listed {
    size_t action;   /* index into timelines.v */
    enum status status;
    int is_new;
};

struct cm_directorate {
    const char *name;
    int red, amber, white, outstanding;
    int closed_recent; /* closed in the three months to D */
};

struct cm_flow {
    int32_t from;      /* the baseline (or P when no baseline is set) */
    int open_at_start, opened, reopened, closed, open_now;
};

/* Outstanding at D by scope (national, force, regional) and historic/new. */
struct cm_split {
    int historic[SC__COUNT], fresh[SC__COUNT];
};

struct committee_report {
    int32_t as_of, since, before;     /* D, P, P0 (DATE_NONE if none) */
    int32_t cutoff;                    /* DATE_NONE if unset */
    int32_t recent_from;               /* start of the three months to D */
    struct cm_source *sources;         /* appearing: new reports, then previous */
    size_t nsources, nnew;
    struct cm_counts total[2];         /* [0] current, [1] previous */
    struct cm_counts by_scope[SC__COUNT][2];
    struct cm_counts by_group[2][SC__COUNT][2]; /* [0 new, 1 previous reports][scope][cur/prev] */
    size_t *published;                 /* sources published in (P, D], by date */
    size_t npublished, npublished_with_actions;
    struct cm_split outstanding;
    struct cm_flow flow;
    struct cm_directorate *dirs;       /* by name */
    size_t ndirs;
    struct cm_listed *listed;          /* listed at D, by ref */
    size_t nlisted;
    int has_regional;
};

/* Computes the paper. baseline: DATE_NONE to count flows from P. Returns 0,
 * or -1 with the reason in why when the figures fail to reconcile. */
int committee_compute(const struct timelines *tl, int32_t as_of, int32_t since, int32_t before,
                      int32_t cutoff, int32_t baseline, struct arena *a,
                      struct committee_report *out, char *why, size_t whylen);

/* A source's count written the way the papers do: "1 NEW RED 2 AMBER",
 * or "" when it has nothing listed. */
const char *cm_counts_text(const struct cm_counts *c, struct arena *a);

/* The three months before d: the same day three months earlier (clamped to
 * the month's end), exclusive. */
int32_t cm_three_months_before(int32_t d);

#endif
