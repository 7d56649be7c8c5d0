/* changes.h -- the changes people make to actions, with the register's rules
 * (DESIGN.md §3): progress updates, closure and sign-off, reopening, revised
 * target dates and voided updates. Shared by the command line and the web.
 *
 * Each function checks its rule, then writes one new row through the store
 * (nothing is overwritten). The caller's transaction commits or rolls back.
 * A refused change returns ERR_DENIED or ERR_INPUT with the reason in e. */
#ifndef OVERSIGHT_CHANGES_H
#define OVERSIGHT_CHANGES_H

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

struct change {
    const char *ref;
    int32_t date;            /* effective date; DATE_NONE: today */
    enum status status;      /* update: the new status (not closed); reopen: default amber */
    const char *note;
    const char *by;          /* the person named as making it (default: the login) */
    enum close_reason reason;
    const char *reason_text; /* reopen, extend, void: why */
    const char *by_ref;      /* superseded by this ref */
    const char *due;         /* extend: the revised target date */
    const char *agreed_by;   /* extend */
};

/* Each sets *seq (if not NULL) to the change number of the row written. */
int change_update(struct store *s, const struct change *c, struct arena *a, int64_t *seq,
                  struct err *e);
int change_close(struct store *s, const struct change *c, struct arena *a, int64_t *seq,
                 struct err *e);
int change_reopen(struct store *s, const struct change *c, struct arena *a, int64_t *seq,
                  struct err *e);
int change_extend(struct store *s, const struct change *c, struct arena *a, int64_t *seq,
                  struct err *e);
int change_void(struct store *s, int64_t update_seq, const char *reason, struct arena *a,
                struct err *e);

#endif
