/* drafts.h -- the store's part for drafting a report's actions on the web:
 * draft sets (the actions drafted from one uploaded report for one source,
 * as the editor reviews them before importing). Implemented in drafts.c over
 * the same connection as the rest of the store; the same rules hold
 * (store.h): reads into the caller's arena, writes only inside a
 * transaction, errors as err.h.
 *
 * Draft sets are working state, like sessions: they are not versioned, take
 * no change number, are not in a dump, and each save replaces the drafts of
 * the set. What is imported from them becomes register history through the
 * ordinary import. */
#ifndef OVERSIGHT_STORE_DRAFTS_H
#define OVERSIGHT_STORE_DRAFTS_H

#include "store/store.h"

/* One drafted action. NULL for what the report does not say. */
struct draft {
    const char *ref;          /* drafted, editable */
    enum action_kind kind;
    const char *number;       /* as printed in the report */
    const char *text;
    const char *deadline;     /* as printed: "By 31 March 2025" */
    const char *due;          /* target date: YYYY-MM-DD or a label */
    const char *addressee, *owner, *section;
    enum scope scope;
    int page;                 /* 0: not known (a draft split off keeps its page) */
    const char *duplicate_of; /* the ref of the register's action it repeats */
    int keep;                 /* to be imported */
};

struct draft_set {
    int64_t id, source_id;
    const char *report;       /* the uploaded file's name */
    const char *issued;       /* YYYY-MM-DD for the issued column, or NULL */
    const char *created_at, *created_by;
    const char *imported_at;  /* NULL until imported */
    int64_t revision;         /* 1 when made, one more at each save */
    struct draft *drafts;
    size_t n;
};

/* Saves a new set and its drafts (revision 1), setting ds->id. */
int store_draft_set_add(struct store *s, struct draft_set *ds, struct err *e);
/* The set with its drafts in order; ERR_NOTFOUND when there is none. */
int store_draft_set_get(struct store *s, int64_t id, struct arena *a, struct draft_set **out,
                        struct err *e);
/* Replaces the drafts of set id with d[0..n) if the set is still at
 * revision; ERR_CONFLICT when someone saved it since. The new revision is
 * revision + 1. */
int store_draft_set_save(struct store *s, int64_t id, int64_t revision, const struct draft *d,
                         size_t n, struct err *e);
/* Marks the set imported at the store's moment. */
int store_draft_set_imported(struct store *s, int64_t id, struct err *e);
/* Forgets the sets made before a moment, with their drafts. */
int store_draft_sets_prune(struct store *s, const char *before, struct err *e);

#endif
