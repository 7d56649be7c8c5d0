/* measure_entry.h -- a measure's value for a period, and the period's
 * reasons and response, checked against the measure and recorded: what
 * `oversight observe`, `oversight narrate` and the measure page's form
 * share, so that the command line and the web apply the same rules.
 *
 * Checking is separate from recording so that a form can report every
 * problem at once and write nothing until all is well. A problem says which
 * part of the entry it is about (its kind) and why, in a sentence that
 * quotes what was typed; the command line prefixes the part's name, a page
 * words its own message from the kind. Recording writes one new row through
 * the store (nothing is overwritten); the caller's transaction commits or
 * rolls back. Strings written live in the caller's arena. */
#ifndef OVERSIGHT_MEASURE_ENTRY_H
#define OVERSIGHT_MEASURE_ENTRY_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/measures.h"
#include "store/store.h"

enum entry_problem_kind {
    EP_PERIOD_FORM,  /* not a period at all */
    EP_PERIOD_FIT,   /* a period, but not of the measure's frequency */
    EP_VALUE_FORM,   /* the value is not a number */
    EP_DEN_FORM,     /* the denominator is not a number above 0 */
    EP_DEN_UNIT,     /* a denominator given for a measure that is not a percentage */
    EP_VALUE_RANGE,  /* with a denominator, a numerator outside 0 to it */
};

struct entry_problem {
    enum entry_problem_kind kind;
    char why[384]; /* "\"2023-13\" is not a period (a month as 2023-10, ...)" */
};

/* The most problems one entry can have: its period, value and denominator. */
#define ENTRY_MAX_PROBLEMS 3

/* Checks a value typed for a period of m: the period must parse and fit the
 * measure's frequency (a month, or a quarter of a quarterly measure); the
 * value must be a number; a denominator (NULL or "": none) must be a number
 * above 0, for a percentage measure, and the value then the numerator, from
 * 0 to it. value NULL checks the period alone, for withdrawing its value.
 * Fills *o (period canonical; is_void when value is NULL) and returns how
 * many problems there are (written to probs, in the order period, value,
 * denominator); 0: o may be recorded. */
size_t entry_observation_check(const struct measure *m, const char *period, const char *value,
                               const char *den, struct arena *a, struct observation *o,
                               struct entry_problem probs[ENTRY_MAX_PROBLEMS]);

/* Records o (checked) for m. *was (may be NULL) is set to the period's
 * earlier value as text ("409", "381 of 1,816"), or NULL when it had none.
 * Withdrawing a period without a value is ERR_NOTFOUND. */
int entry_observation_record(struct store *s, const struct measure *m, struct observation *o,
                             struct arena *a, const char **was, struct err *e);

/* Checks the period of a narrative: any period (usually the report's
 * quarter; a calendar quarter becomes its financial quarter). Fills
 * nv->measure_id and nv->period; returns 0, or 1 with the problem in *prob. */
size_t entry_narrative_check(const struct measure *m, const char *period, struct arena *a,
                             struct narrative *nv, struct entry_problem *prob);

/* Records nv (checked): reasons or response NULL keeps what the period
 * already has, so giving one keeps the other. At least one must be given
 * (ERR_INPUT). */
int entry_narrative_record(struct store *s, struct narrative *nv, struct arena *a,
                           struct err *e);

#endif
