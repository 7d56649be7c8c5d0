/* remind.h -- who is reminded of what: each user's actions (their owner name
 * or directorate, DESIGN.md §7) that are overdue or due within N days, and
 * the owners in the register whom no user answers to. Pure. */
#ifndef OVERSIGHT_REMIND_H
#define OVERSIGHT_REMIND_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/timeline.h"
#include "domain/user.h"

struct remind_digest {
    const struct user *user;
    size_t *actions;   /* overdue first, then by target date */
    size_t n, overdue;
};

struct remind_plan {
    int32_t as_of, until;        /* due on or before until (as_of + days) */
    struct remind_digest *digests; /* one per active user with an email and actions */
    size_t ndigests;
    const char **orphans;        /* owners of outstanding actions no active user answers to
                                  * (by owner name or directorate) */
    size_t norphans;
};

/* Whether action t is the user's: its owner is the user's owner name, or its
 * directorate the user's directorate (both compared without regard to case). */
int remind_is_users(const struct tl_action *t, const struct user *u);

int remind_compute(const struct timelines *tl, struct user *const *users, size_t nusers,
                   int32_t as_of, int days, struct arena *a, struct remind_plan *out);

#endif
