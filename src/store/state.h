/* state.h -- the register as it stands, kept up to date by the store as
 * changes arrive, so that the pages and the API read the current register
 * without going through every version and update.
 *
 * For every action the store keeps one row (the table action_state): the
 * fields of its latest version that lists filter and sort on, its target
 * date now (the latest by effective date), its status now (its latest
 * non-void update by date, then change number), and its version; and, for
 * the whole register, the number of actions in each status and the owners
 * and directorates named. Adding an update, voiding one, putting an action
 * or a source and adding a target date keep them current in the same
 * transaction. A transaction that makes many changes (an import) stops
 * keeping them row by row and rebuilds them all when it commits, as do
 * restore and every migration. It is derived data: never dumped, rebuilt
 * from the versions whenever in doubt.
 *
 * "Now" is a date (normally today). Most actions' latest update and target
 * date are dated on or before it and the kept row is the answer; an action
 * whose latest update or target date is dated later is read the slow way,
 * as of the date, so that every answer is exactly what store_actions_as_of
 * says as of that date. */
#ifndef OVERSIGHT_STATE_H
#define OVERSIGHT_STATE_H

#include "store/store.h"

enum action_sort {
    ACTION_SORT_REF,    /* by reference */
    ACTION_SORT_STATUS, /* red, amber, white, green, closed; then by reference */
    ACTION_SORT_DUE,    /* target dates soonest first, then labels (ASCII case ignored),
                           then none; then by reference */
    ACTION_SORT_OWNER,  /* by owner (ASCII case ignored), none last; then by reference */
};

/* Which actions exist as of a date (those issued after it do not), which of
 * them to count and list, and which page of the list. Names (owner,
 * directorate, mine) are compared without ASCII case or surrounding spaces
 * and tabs. */
struct action_query {
    int32_t today;            /* DATE_NONE: date_today() */
    unsigned statuses;        /* bit (1u << status) per status wanted; 0: every status */
    int64_t source_id;        /* 0: any source */
    enum action_kind kind;    /* AK_NONE: any kind */
    const char *owner;        /* NULL: any owner */
    const char *directorate;  /* NULL: any directorate */
    /* mine: only a user's own actions, whose owner is mine_owner or whose
     * directorate is mine_directorate (a blank or NULL name is no one's, so
     * with both blank there are none). */
    int mine;
    const char *mine_owner, *mine_directorate;
    int overdue;              /* only those with a target date before today, not green or closed */
    int32_t issued_before;    /* only those issued before it (historic); DATE_NONE: no bound */
    int32_t issued_from;      /* only those issued on or after it (new); DATE_NONE: no bound */
    /* Only those with these words (ASCII case ignored) in the reference,
     * text, owner, directorate, theme, source title or latest note. */
    const char *words;
    int hide_restricted;      /* leave out restricted actions and those of restricted sources */
    enum action_sort sort;
    size_t offset, limit;     /* the page; limit 0: every one from offset on */
};

/* What a query matched. */
struct action_counts {
    size_t total;             /* matching every filter: the rows paged through */
    size_t status[ST__COUNT]; /* matching every filter but statuses, by status */
    size_t overdue;           /* of those, overdue (only when asked for: it takes a pass) */
    size_t hidden;            /* with hide_restricted: restricted actions existing (any filter) */
};

/* The actions of q's page, each with its status, status date, target dates
 * and latest note as of q->today exactly as store_actions_as_of reads them.
 * versions (if not NULL) gets each one's version (store_action_version);
 * counts (if not NULL) the totals. */
int store_actions_now(struct store *s, const struct action_query *q, int count_overdue,
                      struct arena *a, struct action ***out, int64_t **versions, size_t *n,
                      struct action_counts *counts, struct err *e);

/* The owners (which 0) or directorates (1) named by the register's
 * actions, each once, sorted (ASCII case ignored); with_restricted 0 leaves
 * out names only restricted actions have. */
int store_action_names(struct store *s, int which, int with_restricted, struct arena *a,
                       const char ***out, size_t *n, struct err *e);

/* How many sources the register holds (a page listing them all as options
 * may rather ask for a title when there are thousands). */
int store_source_count(struct store *s, size_t *n, struct err *e);

/* The action's version: the largest change number among its own versions,
 * its target dates, its updates and the voiding of its updates. Any change
 * to the action gives it a larger one, so a client that read version V may
 * ask for its change to be refused if the version is no longer V.
 * ERR_NOTFOUND for no such action. */
int store_action_version(struct store *s, int64_t action_id, int64_t *version, struct err *e);

/* The register's change counter as the current transaction began: every
 * change to the register (its settings and users too) moves it, so a page
 * rendered from the register at one value is the same page while it holds
 * (web/cache.h). */
int64_t store_register_version(const struct store *s);

/* Rebuilds the kept state from the versions (restore calls it; the store
 * does it itself after bulk changes and migrations). In a transaction. */
int store_state_rebuild(struct store *s, struct err *e);

/* Whether the kept state equals a rebuild from the versions: 0 and *same.
 * It is left rebuilt. In a write transaction. */
int store_state_verify(struct store *s, int *same, struct err *e);

#endif
