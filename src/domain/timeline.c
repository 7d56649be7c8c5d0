/* timeline.c -- as-of lookups on an action's dated history. */
#include "domain/timeline.h"

#include <string.h>

#include "base/date.h"

/* Index of the last event dated on or before date, or -1. Events are in
 * (date, seq) order, so the last of several on one date wins. */
static long last_on_or_before(const struct tl_action *t, int32_t date)
{
    size_t lo = 0, hi = t->nev;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->ev[mid].date <= date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

enum status tl_status_at(const struct tl_action *t, int32_t date)
{
    long i;
    if (action_issued(t->a) == DATE_NONE || action_issued(t->a) > date)
        return ST_NONE;
    i = last_on_or_before(t, date);
    return i < 0 ? ST_WHITE : (enum status)t->ev[i].status;
}

const struct tl_event *tl_event_at(const struct tl_action *t, int32_t date)
{
    long i = last_on_or_before(t, date);
    return i < 0 ? NULL : &t->ev[i];
}

const struct tl_event *tl_note_at(const struct tl_action *t, int32_t date)
{
    for (long i = last_on_or_before(t, date); i >= 0; i--)
        if (t->ev[i].has_note)
            return &t->ev[i];
    return NULL;
}

const char *tl_due_at(const struct tl_action *t, int32_t date)
{
    const char *due = NULL;
    int32_t best = DATE_NONE;
    /* dues are in recording order: the latest recorded with the latest
     * effective date on or before date wins. */
    for (size_t i = 0; i < t->ndues; i++) {
        int32_t eff = t->dues[i].effective;
        if (eff != DATE_NONE && eff > date)
            continue;
        if (!due || eff >= best) {
            due = t->dues[i].due;
            best = eff;
        }
    }
    return due;
}

const struct tl_due *tl_revision_at(const struct tl_action *t, int32_t date)
{
    const struct tl_due *best = NULL;
    for (size_t i = 0; i < t->ndues; i++) {
        int32_t eff = t->dues[i].effective;
        if (eff == DATE_NONE || eff > date)
            continue;
        if (!best || eff >= best->effective)
            best = &t->dues[i];
    }
    return best;
}

int32_t tl_due_date_at(const struct tl_action *t, int32_t date)
{
    const char *due = tl_due_at(t, date);
    int32_t d;
    if (!due || date_parse(due, strlen(due), &d))
        return DATE_NONE;
    return d;
}

const char *tl_due_original(const struct tl_action *t)
{
    return t->ndues ? t->dues[0].due : NULL;
}
