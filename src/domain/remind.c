/* remind.c -- choosing each user's reminder digest. */
#include "domain/remind.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"

static int same(const char *x, const char *y)
{
    return x && y && *x && strcasecmp(x, y) == 0;
}

int remind_is_users(const struct tl_action *t, const struct user *u)
{
    return same(t->a->owner, u->owner_name) || same(t->a->directorate, u->directorate);
}

static const struct timelines *sort_tl;
static int32_t sort_date;

static int by_urgency(const void *x, const void *y)
{
    const struct tl_action *a = &sort_tl->v[*(const size_t *)x];
    const struct tl_action *b = &sort_tl->v[*(const size_t *)y];
    int32_t da = tl_due_date_at(a, sort_date), db = tl_due_date_at(b, sort_date);
    if (da != db)
        return da < db ? -1 : 1;
    return strcmp(a->a->ref, b->a->ref);
}

static int by_name(const void *x, const void *y)
{
    return strcasecmp(*(const char *const *)x, *(const char *const *)y);
}

int remind_compute(const struct timelines *tl, struct user *const *users, size_t nusers,
                   int32_t as_of, int days, struct arena *a, struct remind_plan *p)
{
    size_t *due = arena_alloc(a, (tl->n + 1) * sizeof *due), ndue = 0;
    memset(p, 0, sizeof *p);
    p->as_of = as_of;
    p->until = as_of + days;

    /* The outstanding actions with a target date up to `until`. */
    for (size_t i = 0; i < tl->n; i++) {
        int32_t d = tl_due_date_at(&tl->v[i], as_of);
        if (status_outstanding(tl_status_at(&tl->v[i], as_of)) && d != DATE_NONE && d <= p->until)
            due[ndue++] = i;
    }
    sort_tl = tl;
    sort_date = as_of;
    qsort(due, ndue, sizeof *due, by_urgency);

    p->digests = arena_alloc(a, (nusers + 1) * sizeof *p->digests);
    for (size_t k = 0; k < nusers; k++) {
        const struct user *u = users[k];
        struct remind_digest *dg = &p->digests[p->ndigests];
        if (u->disabled || !u->email || !*u->email)
            continue;
        dg->user = u;
        dg->actions = arena_alloc(a, (ndue + 1) * sizeof *dg->actions);
        dg->n = dg->overdue = 0;
        for (size_t i = 0; i < ndue; i++)
            if (remind_is_users(&tl->v[due[i]], u)) {
                dg->actions[dg->n++] = due[i];
                dg->overdue += tl_due_date_at(&tl->v[due[i]], as_of) < as_of;
            }
        if (dg->n)
            p->ndigests++;
    }

    /* Owners of outstanding actions whom no active user answers to. */
    p->orphans = arena_alloc(a, (tl->n + 1) * sizeof *p->orphans);
    for (size_t i = 0; i < tl->n; i++) {
        const struct tl_action *t = &tl->v[i];
        int answered = 0, listed = 0;
        if (!t->a->owner || !*t->a->owner || !status_outstanding(tl_status_at(t, as_of)))
            continue;
        /* Answered when some active user would be reminded of it. */
        for (size_t k = 0; k < nusers && !answered; k++)
            answered = !users[k]->disabled && remind_is_users(t, users[k]);
        for (size_t j = 0; j < p->norphans && !listed; j++)
            listed = strcasecmp(p->orphans[j], t->a->owner) == 0;
        if (!answered && !listed)
            p->orphans[p->norphans++] = t->a->owner;
    }
    qsort(p->orphans, p->norphans, sizeof *p->orphans, by_name);
    return 0;
}
