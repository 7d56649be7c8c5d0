/* remind.h -- the reminder digests: one email to each user with the actions
 * that are theirs and due soon or overdue, and to the strategy team (editors
 * and admins) the owners no user answers to; sent over SMTP with libcurl to
 * the server the settings name (smtp_host, smtp_port, smtp_starttls,
 * smtp_from), or printed instead (dry run). */
#ifndef OVERSIGHT_SERVICE_REMIND_H
#define OVERSIGHT_SERVICE_REMIND_H

#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

struct remind_opts {
    int days;       /* due within this many days (and everything overdue) */
    int dry_run;    /* print the messages to out instead of sending */
    FILE *out;
};

struct remind_result {
    size_t sent, users, orphans;
};

int remind_run(struct store *s, const struct remind_opts *o, struct arena *a,
               struct remind_result *r, struct err *e);

#endif
