/* measures.h -- performance measures: their records, the roll-up of monthly
 * data to the financial quarters the papers tabulate, the change on the
 * previous quarter as the papers word it, p-charts for rates with
 * denominators, the Wilson interval of a proportion, and the direction of
 * travel. Pure computation, no I/O.
 *
 * A measure has a unit (count, percentage, money), an improvement direction
 * and a frequency (monthly or quarterly). An observation is one period's
 * value; for a percentage it may carry a denominator, and then its value is
 * the numerator: positive outcomes of crimes, satisfied of respondents.
 *
 * Ownership: records and everything built here live in the caller's arena. */
#ifndef OVERSIGHT_MEASURES_H
#define OVERSIGHT_MEASURES_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/model.h"
#include "domain/period.h"
#include "domain/spc.h"

enum measure_unit { MU_NONE = 0, MU_COUNT, MU_PERCENTAGE, MU_MONEY, MU__COUNT };
enum measure_improvement { MI_NONE = 0, MI_UP, MI_DOWN, MI_NEITHER, MI__COUNT };
enum measure_frequency { MF_NONE = 0, MF_MONTHLY, MF_QUARTERLY, MF__COUNT };

extern const struct vocab VOCAB_UNIT, VOCAB_IMPROVEMENT, VOCAB_FREQUENCY;

/* A measure as its latest version (or as recorded at a moment) holds it. */
struct measure {
    int64_t id, seq;
    const char *name, *priority;
    enum measure_unit unit;
    enum measure_improvement improvement;
    double target; /* NAN: none */
    enum measure_frequency frequency;
    double limits;           /* the process limits' width in sigma; NAN: 3 */
    long baseline;           /* the first N points fix the limits; 0: none */
    const char *rebases;     /* "INDEX:reason;..." (1-based points), NULL: none */
    const char *annotations; /* "PERIOD:text;...", NULL: none */
    const char *numerator_label, *denominator_label; /* "positive outcomes", "crimes" */
    int removed;
    const char *recorded_at, *recorded_by;
};

/* One period's value. The latest row of a (measure, period) is the one that
 * counts; a void row removes the observation. */
struct observation {
    int64_t seq, measure_id;
    const char *period; /* canonical (period_format) */
    double value;       /* with a denominator: the numerator */
    double denominator; /* NAN: none */
    int is_void;
    const char *recorded_at, *recorded_by;
};

/* The papers' "Reasons" and "Response" for a measure in a period; the
 * latest row of a (measure, period) counts. */
struct narrative {
    int64_t seq, measure_id;
    const char *period;
    const char *reasons, *response;
    const char *recorded_at, *recorded_by;
};

/* ---- settings written as text ------------------------------------------ */

struct measure_rebase {
    size_t at; /* the 1-based point that starts a new segment */
    const char *reason;
};
struct measure_note {
    struct period period;
    const char *text;
};

/* Parse "18:new recording rules;30:..." and "2023-10:Christmas campaign;...".
 * Rebase points ascending from 2; texts non-empty. Returns 0, or -1 with
 * the reason in why. NULL or "" is an empty list. */
int measure_rebases_parse(const char *s, struct arena *a, struct measure_rebase **out, size_t *n,
                          char *why, size_t nwhy);
int measure_notes_parse(const char *s, struct arena *a, struct measure_note **out, size_t *n,
                        char *why, size_t nwhy);
/* A reason or note may not hold ';' (nor a rebase reason ':'), which
 * separate the entries; returns 0 when text is fit to be one. */
int measure_text_ok(const char *text);

/* The SPC settings of a measure: its direction, target, limits and baseline,
 * and its rebases (rebase_at holds nrebase points, the caller's). */
void measure_spc_settings(const struct measure *m, const struct measure_rebase *rb, size_t nrb,
                          size_t *rebase_at, struct spc_settings *s);
enum spc_improvement measure_spc_improvement(enum measure_improvement mi);

/* A number as spreadsheets and papers write it: "1101", "1,101", "-3.5",
 * "86%", "£101". Returns 0, or -1 for anything else (and for infinities). */
int measure_number_parse(const char *s, size_t n, double *out);

/* Whether an observation of period p fits the measure's frequency: a month
 * for a monthly measure, a quarter (financial, or calendar, which becomes
 * its financial quarter) for a quarterly one. Returns 0 with *out the period
 * to store, or -1 with the reason in why. */
int measure_period_fits(const struct measure *m, struct period p, struct period *out, char *why,
                        size_t nwhy);

/* ---- the series and its quarters --------------------------------------- */

/* A point of a measure's series: a month of a monthly measure, a financial
 * quarter of a quarterly one. value is the figure charted (a rate in % when
 * there is a denominator). */
struct measure_point {
    struct period period;
    double value;
    double num, den; /* den NAN: no denominator */
};

/* The measure's series from its observations: those of its frequency
 * (months, or quarters; a calendar quarter counts as its financial quarter)
 * ending on or before month index last_month, in period order. Observations
 * of another kind are left out and counted in *skipped; unreadable periods
 * too. */
void measure_series(const struct measure *m, struct observation *const *obs, size_t nobs,
                    int last_month, struct arena *a, struct measure_point **out, size_t *n,
                    size_t *skipped);
/* Whether every point has a denominator (and there is at least one). */
int measure_series_has_den(const struct measure_point *pts, size_t n);

/* A financial quarter of a measure: counts and money summed, a percentage
 * with denominators as the sum of numerators over the sum of denominators,
 * without as the mean of the months. */
struct measure_quarter {
    struct period quarter;
    int have;    /* any data in the quarter */
    int months;  /* monthly: months with data (of 3) */
    int partial; /* monthly: fewer than 3 months */
    double value;
    double num, den; /* with denominators: their sums; den NAN otherwise */
};
void measure_rollup(const struct measure *m, const struct measure_point *pts, size_t n,
                    struct period quarter, struct measure_quarter *out);

/* The change on the previous quarter, in the papers' words:
 *   "increased by 10% (+38)", "decreased by 13% (-57)", "remained the same",
 *   "increased by less than 1% (+2)", "increased from 0 to 5 (+5)";
 * money "(+£2.3m)"; a percentage in percentage points, "increased by 3
 * percentage points (from 18% to 21%)". The percentage is of the earlier
 * quarter, rounded half away from zero. A count or money summed over part of
 * a quarter is "not comparable" with a whole quarter. */
struct measure_change {
    int have; /* both quarters have data */
    double from, to, diff;
    double pct; /* NAN for a percentage measure, or from 0 */
    char text[192];
};
void measure_change(const struct measure *m, const struct measure_quarter *prev,
                    const struct measure_quarter *cur, struct measure_change *out);

/* A value as the papers write it: "1,101", "21%", "95.5%", "£101m",
 * "£12,500". */
char *measure_value_text(enum measure_unit u, double v, char *buf, size_t n);

/* ---- statistics ---------------------------------------------------------- */

/* The Wilson score interval at 95% (z = 1.96) of k successes in n trials,
 * as proportions from 0 to 1. n must be above 0. */
void measure_wilson95(double k, double n, double *lo, double *hi);

/* A p-chart of num[i] / den[i] in percent: the centre line of a segment is
 * the sum of its numerators over the sum of its denominators (p-bar), each
 * point's limits p-bar -+ L sqrt(p-bar (1 - p-bar) / den[i]), held within 0
 * to 100%, so that they narrow as the denominator grows. Segments, rules,
 * variation and assurance are as spc_compute's, with each point's own
 * limits; a segment's lpl and upl are those of its last point. y receives
 * the rates. Returns 0, or ERR_INPUT for a denominator not above 0, a
 * numerator outside 0..denominator, or settings that do not fit. */
int measure_pchart(struct spc_chart *c, const double *num, const double *den, size_t n,
                   const struct spc_settings *s, double *y, struct err *e);

/* Flagged points grouped into runs: consecutive points flagged by the same
 * rule on the same side of the mean (a trend: going the same way), from
 * point from on, rule by rule. A run's variation is what its side means for
 * the measure's direction, whatever else its points are flagged by. Returns
 * how many runs there are (writing at most cap into out). */
struct measure_exception {
    size_t first, last; /* 0-based points */
    unsigned rule;      /* one SPC_* rule */
    enum spc_variation variation;
    int high; /* above the mean, or a rising trend (1); else 0 */
};
size_t measure_exceptions(const struct spc_chart *c, const double *y, size_t from,
                          struct measure_exception *out, size_t cap);

/* The papers' legend for a direction of travel (seeds/002 Appendix A):
 * "improvement in the direction of travel", "a decreasing trend which is
 * positive", "consistent performance at 100%", "limited increases or
 * decreases within tolerance level", "an increasing trend that is
 * negative", "a decrease in performance". */
const char *measure_travel_words(const struct spc_travel *t);
/* "↑", "↓", "→" */
const char *measure_arrow_glyph(enum spc_arrow a);

#endif
