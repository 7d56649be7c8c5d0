/* measure_entry.c -- checking and recording a measure's values and
 * narratives, for the command line and the web alike. */
#include "service/measure_entry.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static size_t problem(struct entry_problem *probs, size_t n, enum entry_problem_kind kind,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static size_t problem(struct entry_problem *probs, size_t n, enum entry_problem_kind kind,
                      const char *fmt, ...)
{
    va_list ap;
    if (n >= ENTRY_MAX_PROBLEMS)
        return n;
    probs[n].kind = kind;
    va_start(ap, fmt);
    vsnprintf(probs[n].why, sizeof probs[n].why, fmt, ap);
    va_end(ap);
    return n + 1;
}

size_t entry_observation_check(const struct measure *m, const char *period, const char *value,
                               const char *den, struct arena *a, struct observation *o,
                               struct entry_problem probs[ENTRY_MAX_PROBLEMS])
{
    struct period p;
    char why[256], pbuf[PERIOD_BUFSZ];
    size_t n = 0;
    int value_ok = 0, den_ok = 0;

    memset(o, 0, sizeof *o);
    o->measure_id = m->id;
    o->denominator = NAN;
    o->is_void = value == NULL;
    if (!period || period_parse(period, strlen(period), &p))
        n = problem(probs, n, EP_PERIOD_FORM,
                    "\"%s\" is not a period (a month as 2023-10, a quarter as 2023/24 Q3)",
                    period ? period : "");
    else if (measure_period_fits(m, p, &p, why, sizeof why))
        n = problem(probs, n, EP_PERIOD_FIT, "%s", why);
    else
        o->period = arena_strdup(a, period_format(p, pbuf));
    if (!value)
        return n;
    if (measure_number_parse(value, strlen(value), &o->value))
        n = problem(probs, n, EP_VALUE_FORM, "\"%s\" is not a number", value);
    else
        value_ok = 1;
    if (den && *den) {
        if (measure_number_parse(den, strlen(den), &o->denominator) || !(o->denominator > 0))
            n = problem(probs, n, EP_DEN_FORM, "\"%s\" is not a number above 0", den);
        else if (m->unit != MU_PERCENTAGE)
            n = problem(probs, n, EP_DEN_UNIT,
                        "\"%s\" is a %s measure; a denominator goes with a percentage", m->name,
                        vocab_name(&VOCAB_UNIT, m->unit));
        else
            den_ok = 1;
        if (value_ok && den_ok && (o->value < 0 || o->value > o->denominator))
            n = problem(probs, n, EP_VALUE_RANGE,
                        "with a denominator the value is the numerator, from 0 to %g",
                        o->denominator);
        if (!den_ok)
            o->denominator = NAN;
    }
    return n;
}

int entry_observation_record(struct store *s, const struct measure *m, struct observation *o,
                             struct arena *a, const char **was, struct err *e)
{
    struct observation **have;
    size_t nhave;
    const char *earlier = NULL;
    char v[40], w[40];
    int rc;

    if ((rc = store_observations_of(s, m->id, NULL, a, &have, &nhave, e)))
        return rc;
    for (size_t i = 0; i < nhave; i++)
        if (strcmp(have[i]->period, o->period) == 0)
            earlier = isfinite(have[i]->denominator)
                          ? arena_printf(a, "%s of %s",
                                         measure_value_text(MU_COUNT, have[i]->value, v, sizeof v),
                                         measure_value_text(MU_COUNT, have[i]->denominator, w,
                                                            sizeof w))
                          : arena_strdup(a, measure_value_text(m->unit, have[i]->value, v,
                                                               sizeof v));
    if (was)
        *was = earlier;
    if (o->is_void && !earlier)
        return err_set(e, ERR_NOTFOUND, "\"%s\" has no value for %s", m->name, o->period);
    return store_observation_put(s, o, e);
}

size_t entry_narrative_check(const struct measure *m, const char *period, struct arena *a,
                             struct narrative *nv, struct entry_problem *prob)
{
    struct period p;
    char pbuf[PERIOD_BUFSZ];

    memset(nv, 0, sizeof *nv);
    nv->measure_id = m->id;
    if (!period || period_parse(period, strlen(period), &p))
        return problem(prob, 0, EP_PERIOD_FORM,
                       "\"%s\" is not a period (a quarter as 2023/24 Q3, a month as 2023-10)",
                       period ? period : "");
    nv->period = arena_strdup(a, period_format(period_normal(p), pbuf));
    return 0;
}

int entry_narrative_record(struct store *s, struct narrative *nv, struct arena *a,
                           struct err *e)
{
    struct narrative **have;
    size_t nhave;
    int rc;

    if (!(nv->reasons && *nv->reasons) && !(nv->response && *nv->response))
        return err_set(e, ERR_INPUT, "a narrative needs its reasons, its response or both");
    /* Giving one of the two keeps the other as it was. */
    if ((rc = store_narratives_of(s, nv->measure_id, NULL, a, &have, &nhave, e)))
        return rc;
    for (size_t i = 0; i < nhave; i++)
        if (strcmp(have[i]->period, nv->period) == 0) {
            if (!nv->reasons)
                nv->reasons = have[i]->reasons;
            if (!nv->response)
                nv->response = have[i]->response;
        }
    return store_narrative_put(s, nv, e);
}
