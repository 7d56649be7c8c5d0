/* spc.h -- statistical process control of a performance measure: XmR
 * (individuals) charts as NHS England's "Making Data Count" draws them
 * (DESIGN.md section 6). Pure computation, no I/O.
 *
 * A chart is computed from a series of values and its settings: segments
 * (rebases, or a baseline that fixes the limits), centre line and process
 * limits from the moving ranges, the four rules (beyond a limit, shift,
 * trend, two of three), each point's variation, and the chart's variation and
 * assurance. The direction of travel of the committee papers' tables
 * (arrow and colour) is derived from a computed chart.
 *
 * Lifecycle: spc_chart_init (no allocation), spc_compute (any number of
 * times: the chart's arrays are reused and grown as needed, so that charting
 * many series allocates only for the longest), spc_chart_release. */
#ifndef OVERSIGHT_SPC_H
#define OVERSIGHT_SPC_H

#include <stddef.h>

#include "base/err.h"

enum spc_improvement { SPC_NEITHER, SPC_UP, SPC_DOWN };

/* Fewer points than this behind a segment's limits makes them trial limits. */
#define SPC_TRIAL_BELOW 12

struct spc_settings {
    enum spc_improvement improvement;
    double target;        /* NAN: none */
    double limits_sigma;  /* the process limits' width in sigma; 3 */
    int shift;            /* points on one side of the mean that make a shift; 7 */
    int trend;            /* points each higher (lower) than the last that make a trend; 7 */
    size_t baseline;      /* the first N points of each segment fix its limits; 0: all */
    const size_t *rebase; /* 1-based points that start a new segment, ascending */
    size_t nrebase;
    int screen;           /* drop moving ranges above 3.267 MR-bar before averaging again */
};

/* The defaults of section 6: no direction, no target, 3 sigma, 7 and 7. */
void spc_settings_default(struct spc_settings *s);

/* The rules a point is flagged by (struct spc_point.rules). */
enum {
    SPC_BEYOND_LIMIT = 1,
    SPC_SHIFT = 2,
    SPC_TREND = 4,
    SPC_TWO_OF_THREE = 8,
};

enum spc_variation {
    SPC_COMMON_CAUSE,
    SPC_IMPROVEMENT,
    SPC_CONCERN,
    SPC_NEITHER_HIGH,
    SPC_NEITHER_LOW,
    SPC_NO_VERDICT, /* a segment without variation (MR-bar 0) or of one point */
};

enum spc_assurance { SPC_ASSURANCE_NONE, SPC_PASS, SPC_FAIL, SPC_HIT_OR_MISS };

/* Why the chart needs a second look; struct spc_chart.warnings is a set. */
enum {
    SPC_WARN_TRIAL = 1,         /* a segment's limits rest on fewer than 12 points */
    SPC_WARN_NO_VARIATION = 2,  /* a segment has MR-bar 0 (or one point): no verdict */
    SPC_WARN_NO_TWO_OF_THREE = 4, /* limits at 2 sigma or less leave no room for it */
    SPC_WARN_NO_DIRECTION = 8,  /* a target without an improvement direction */
};

struct spc_segment {
    size_t start, n;  /* 0-based first point and number of points */
    size_t nlimits;   /* points the mean and limits come from (a baseline's N) */
    double mean, mrbar, sigma; /* sigma = MR-bar x 2.66 / 3; NAN for one point */
    double lpl, upl, lower_2s, upper_2s;
    int trial;        /* nlimits < SPC_TRIAL_BELOW */
    int no_verdict;   /* mrbar is 0, or there is no moving range */
};

struct spc_point {
    size_t segment;   /* 0-based index into segments */
    double mean, lpl, upl, lower_2s, upper_2s; /* the segment's */
    unsigned rules;   /* SPC_BEYOND_LIMIT | ... */
    unsigned side;    /* private: which side the flags point to */
    enum spc_variation variation;
};

struct spc_chart {
    size_t n;
    struct spc_point *points;
    size_t nsegments;
    struct spc_segment *segments;
    enum spc_variation variation; /* the last point's */
    enum spc_assurance assurance; /* from the last segment's limits */
    int trial_limits;             /* some segment has trial limits */
    unsigned warnings;            /* SPC_WARN_* */
    double limits_sigma;
    enum spc_improvement improvement;
    /* private: capacities of the reused arrays */
    size_t cap_points, cap_segments;
};

void spc_chart_init(struct spc_chart *c);
void spc_chart_release(struct spc_chart *c);

/* Charts y[0..n). Returns 0, or ERR_INPUT with a message in e for a value
 * that is not finite, an empty series, or settings that do not fit it (a
 * rebase point outside 2..n or out of order, a shift or trend under 2, limits
 * not above 0). */
int spc_compute(struct spc_chart *c, const double *y, size_t n, const struct spc_settings *s,
                struct err *e);

/* The words of the interface: "common_cause", "improvement", ... ; NULL for
 * SPC_NO_VERDICT and SPC_ASSURANCE_NONE (JSON null). The rules' names in the
 * order beyond_limit, shift, trend, two_of_three. */
const char *spc_variation_name(enum spc_variation v);
const char *spc_assurance_name(enum spc_assurance a);
const char *spc_rule_name(unsigned rule);

/* Writes the text of one SPC_WARN_* the chart has into buf (naming the
 * segments concerned when there are several) and returns its length; 0 and
 * "" when the chart does not have it. */
size_t spc_warning_text(const struct spc_chart *c, unsigned warning, char *buf, size_t n);

/* The direction of travel of the papers' tables, read from the last point. */
enum spc_arrow { SPC_ARROW_UP, SPC_ARROW_DOWN, SPC_ARROW_RIGHT };
enum spc_colour { SPC_GREEN, SPC_RED, SPC_AMBER };
struct spc_travel {
    enum spc_arrow arrow;
    enum spc_colour colour;
    const char *text; /* "improvement", ..., "consistent performance at 100%" */
};

/* A special cause on the high side (beyond the upper limit, above the mean in
 * a shift or two of three, the end of a rising trend) points up, on the low
 * side down: green for improvement, red for concern, amber for a measure
 * without a direction. Common cause is amber, its arrow the last step's
 * (right when level). A percentage measure (percentage non-zero) whose last
 * segment sits without variation at 100 is a green right arrow, "consistent
 * performance at 100%"; any other chart without a verdict is an amber right
 * arrow, "no variation". */
void spc_travel(const struct spc_chart *c, const double *y, int percentage,
                struct spc_travel *t);
const char *spc_arrow_name(enum spc_arrow a);   /* "up", "down", "right" */
const char *spc_colour_name(enum spc_colour c); /* "green", "red", "amber" */

#endif
