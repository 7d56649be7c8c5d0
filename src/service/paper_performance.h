/* paper_performance.h -- the quarterly performance report (seeds/002 item 5):
 * every measure of the plan under its priority, the last four financial
 * quarters, the change on the previous quarter in the papers' words, its
 * control chart with the exceptions found and the rule that found each, the
 * direction of travel, and the quarter's reasons and response. Read from
 * the register, computed with domain/measures.c and domain/spc.c, written
 * as JSON or as a struct doc for the other formats.
 *
 * The web application's pages use the same: paper_performance_load for the
 * list of measures with their latest arrows (each perf_measure's travel),
 * paper_performance_find for one measure, perf_measure_svg for its chart and
 * perf_measure_json for its data and narrative.
 *
 * Ownership: everything lives in the arena given to the load; nothing needs
 * releasing (a perf_measure's chart is in the arena too, never to be given
 * to spc_chart_release). */
#ifndef OVERSIGHT_PAPER_PERFORMANCE_H
#define OVERSIGHT_PAPER_PERFORMANCE_H

#include "base/buf.h"
#include "domain/measures.h"
#include "format/doc.h"
#include "format/svg.h"
#include "store/store.h"

struct perf_opts {
    const char *as_of;       /* a period (a quarter, or a month: its quarter, up to that
                                month); NULL: the latest quarter with complete data */
    const char *recorded_at; /* NULL: the register as it stands */
    const char *committee;   /* whose reporting point dates the paper; NULL: the setting */
};

/* An exception: a run of points one rule flagged, in words. */
struct perf_exception {
    struct measure_exception ex;
    const char *when; /* "October to December 2023" */
    const char *text; /* "3 points above the upper process limit (beyond a limit): concern" */
};

struct perf_measure {
    const struct measure *m;
    char number[48]; /* "1.2": the priority's place and the measure's in it */
    struct observation **obs;
    size_t nobs;
    struct narrative **narratives;
    size_t nnarratives;
    const struct narrative *narrative; /* the report's quarter's, or NULL */
    struct measure_point *pts;         /* the series up to the as-of month */
    size_t npts, skipped;
    const char **labels; /* per point: "Oct 2023" or "Q3 2023/24" */
    double *y;           /* the values charted: a rate in % on a p-chart */
    int pchart;          /* every point has a denominator: a p-chart */
    int charted;         /* two points or more: the chart was computed */
    struct spc_chart chart;
    struct spc_settings settings;
    struct measure_rebase *rebases;
    size_t nrebases;
    struct measure_note *notes;
    size_t nnotes;
    const char *warnings; /* the chart's warnings, "; "-joined; NULL: none */
    int has_travel;
    struct spc_travel travel;
    struct measure_quarter q[4];       /* the four quarters, oldest first */
    struct measure_change change;      /* the last on the one before */
    double wilson_lo, wilson_hi;       /* the last quarter's 95% interval, %; NAN: none */
    struct perf_exception *exceptions; /* those reaching into the four quarters */
    size_t nexceptions;
};

struct perf_priority {
    const char *name;
    size_t first, n; /* its measures: v[first .. first + n) */
};

struct paper_performance {
    const char *org, *committee, *plan, *report_of, *author;
    struct period quarter; /* the report's */
    int last_month;        /* the as-of month index */
    struct period quarters[4];
    int32_t date;           /* the paper's: the committee's first point after the quarter */
    struct perf_measure *v; /* grouped by priority, in the order first recorded */
    size_t n;
    struct perf_priority *priorities;
    size_t npriorities;
};

/* Reads and computes. Errors: ERR_USAGE for an as-of that is not a period,
 * ERR_INPUT when the register holds no measures. */
int paper_performance_load(struct store *s, const struct perf_opts *o, struct arena *a,
                           struct paper_performance *p, struct err *e);
int paper_performance_json(const struct paper_performance *p, struct buf *out, struct err *e);
void paper_performance_doc(const struct paper_performance *p, struct arena *a, struct doc *d);

/* One measure by name, or NULL. */
const struct perf_measure *paper_performance_find(const struct paper_performance *p,
                                                  const char *name);
/* Its control chart as SVG (id: unique in the page; width 0: the default),
 * with its size in *l (may be NULL). ERR_INPUT when it has no chart. */
int perf_measure_svg(const struct perf_measure *pm, const char *id, int width, struct buf *out,
                     struct svg_layout *l, struct err *e);
/* Its figures, chart, exceptions, direction of travel and narrative as one
 * JSON object (as in the report's "measures"). */
int perf_measure_json(const struct paper_performance *p, const struct perf_measure *pm,
                      struct buf *out, struct err *e);
/* The direction of travel in a table cell: "↑ Concern" and its RAG style. */
const char *perf_travel_cell(const struct perf_measure *pm, enum doc_style *style);

#endif
