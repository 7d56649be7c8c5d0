/* store.h -- the register's storage: the one interface the rest of oversight
 * uses to read and write the register. All SQL lives behind it (sqlite.c now;
 * PostgreSQL later implements the same functions).
 *
 * Nothing is overwritten. Every change is a new row carrying a change number
 * (seq, one sequence across the whole register), the moment it was recorded
 * and who recorded it; the version tables are themselves the audit log.
 *
 * Transactions: every command or request is one transaction, opened with
 * store_begin and ended with store_commit or store_rollback. Writes outside a
 * transaction are refused.
 *
 * Ownership: records are read into the caller's arena; nothing returned needs
 * freeing. Errors follow err.h. */
#ifndef OVERSIGHT_STORE_H
#define OVERSIGHT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/model.h"

struct store;

enum store_open_mode { STORE_EXISTING, STORE_CREATE };

/* Opens the register at target (a SQLite file path). STORE_EXISTING refuses a
 * missing file; STORE_CREATE refuses an existing register. Migrations are
 * applied on open; a register written by a newer oversight is refused. */
int store_open(struct store **out, const char *target, enum store_open_mode mode, struct err *e);
void store_close(struct store *s);

/* Who and when every change of the coming transaction is recorded as. */
void store_set_actor(struct store *s, const char *who, int64_t now);
const char *store_actor(const struct store *s);
const char *store_now(const struct store *s); /* the moment, formatted */

int store_begin(struct store *s, struct err *e);
/* A read transaction (BEGIN, not BEGIN IMMEDIATE): for a web request that
 * only reads, so readers never wait for the write lock. Writing in it may
 * fail with a busy error; writers use store_begin. */
int store_begin_read(struct store *s, struct err *e);
int store_commit(struct store *s, struct err *e);
void store_rollback(struct store *s);

/* Settings: the latest value of key, or NULL when unset. */
int store_setting_get(struct store *s, const char *key, struct arena *a, const char **out,
                      struct err *e);
int store_setting_set(struct store *s, const char *key, const char *value, struct err *e);
/* Calls fn for every setting, in key order. */
int store_settings_each(struct store *s, int (*fn)(void *ctx, const char *key, const char *value),
                        void *ctx, struct err *e);

/* Sources. find: ERR_NOTFOUND when no source has that title. put: writes a new
 * version (a new source when src->id is 0, then setting src->id). */
int store_source_find(struct store *s, const char *title, struct arena *a, struct source **out,
                      struct err *e);
int store_source_get(struct store *s, int64_t id, struct arena *a, struct source **out,
                     struct err *e);
int store_source_put(struct store *s, struct source *src, struct err *e);
int store_sources_list(struct store *s, struct arena *a, struct source ***out, size_t *n,
                       struct err *e);

/* Actions. find reads the latest version with its current target dates.
 * put writes a new version (a new action when a->id is 0: the ref must be
 * new). */
int store_action_find(struct store *s, const char *ref, struct arena *a, struct action **out,
                      struct err *e);
int store_action_put(struct store *s, struct action *act, struct err *e);
/* Every ref in the register with its action id, for imports. */
int store_action_refs(struct store *s, int (*fn)(void *ctx, const char *ref, int64_t id),
                      void *ctx, struct err *e);
/* Source titles with ids, likewise. */
int store_source_titles(struct store *s, int (*fn)(void *ctx, const char *title, int64_t id),
                        void *ctx, struct err *e);

/* Every action as of date (its status, target date and latest note then),
 * in ref order; those issued after date are left out. recorded_at, if not
 * NULL, ignores every version recorded after that moment. */
int store_actions_as_of(struct store *s, int32_t date, const char *recorded_at, struct arena *a,
                        struct action ***out, size_t *n, struct err *e);

/* Every source and action as recorded at a moment (NULL: now), each action
 * with its non-void updates in (date, seq) order and its target dates: one
 * pass over the updates, for the papers. */
struct timelines;
int store_timelines(struct store *s, const char *recorded_at, struct arena *a,
                    struct timelines *out, struct err *e);
/* The note of update seq (NULL if none). */
int store_update_note(struct store *s, int64_t seq, struct arena *a, const char **out,
                      struct err *e);

/* Target dates. */
int store_due_add(struct store *s, struct due_change *d, struct err *e);
int store_due_history(struct store *s, int64_t action_id, struct arena *a,
                      struct due_change ***out, size_t *n, struct err *e);

/* Updates. add sets u->seq. The status as of date is the latest non-void
 * update dated on or before it (ties: the last recorded). */
int store_update_add(struct store *s, struct update *u, struct err *e);
int store_update_get(struct store *s, int64_t seq, struct arena *a, struct update **out,
                     struct err *e);
int store_update_void(struct store *s, int64_t seq, const char *reason, struct err *e);
/* All updates of an action (void ones included), in (date, seq) order. */
int store_updates_of(struct store *s, int64_t action_id, struct arena *a, struct update ***out,
                     size_t *n, struct err *e);
/* The action's status as of date, with the update that set it (NULL: white). */
int store_status_at(struct store *s, int64_t action_id, int32_t date, struct arena *a,
                    struct update **out, struct err *e);

/* A setting's value as recorded at a moment (NULL: the latest). */
int store_setting_at(struct store *s, const char *key, const char *recorded_at, struct arena *a,
                     const char **out, struct err *e);

/* Reporting points. */
int store_point_add(struct store *s, struct point *p, struct err *e);
int store_points_list(struct store *s, const char *committee, struct arena *a,
                      struct point ***out, size_t *n, struct err *e);
/* The same as recorded at a moment (NULL: now). */
int store_points_at(struct store *s, const char *committee, const char *recorded_at,
                    struct arena *a, struct point ***out, size_t *n, struct err *e);

/* The inspection programme: inspections planned, under way and done, and the
 * reports expected from them. put writes a new version (a new item when
 * item->id is 0). */
int store_programme_find(struct store *s, const char *title, struct arena *a,
                         struct programme_item **out, struct err *e);
int store_programme_put(struct store *s, struct programme_item *item, struct err *e);
int store_programme_list(struct store *s, const char *recorded_at, struct arena *a,
                         struct programme_item ***out, size_t *n, struct err *e);

/* The audit log: every change, oldest first, from change seq since_seq on,
 * optionally only those about one action. fn gets one entry at a time. */
struct audit_entry {
    int64_t seq;
    const char *recorded_at, *recorded_by;
    const char *what;   /* "source", "action", "target date", "update", "void", "setting", "point",
                           "programme", "user", "measure", "observation", "narrative" */
    const char *subject;/* the ref, title, key or date it is about */
    const char *field;  /* the field changed, or NULL for a whole record */
    const char *old_value, *new_value;
};
int store_audit_each(struct store *s, const char *since, int64_t action_id,
                     int (*fn)(void *ctx, const struct audit_entry *en), void *ctx,
                     struct err *e);

/* Exports, in the files of DESIGN.md §5 (rows of text cells, "" for none). */
/* (EXPORT_PROGRAMME and the measures' three are imported only.) */
enum export_table { EXPORT_SOURCES, EXPORT_ACTIONS, EXPORT_UPDATES, EXPORT_PROGRAMME,
                    EXPORT_MEASURES, EXPORT_OBSERVATIONS, EXPORT_NARRATIVES };
const char *const *store_export_header(enum export_table t, size_t *ncols);
int store_export_each(struct store *s, enum export_table t,
                      int (*fn)(void *ctx, const char *const *cells), void *ctx, struct err *e);

/* The whole register as JSON Lines (dump) and back into an empty one. */
int store_dump(struct store *s, FILE *out, struct err *e);
int store_restore(struct store *s, FILE *in, const char *display, struct err *e);
/* Whether the register holds anything besides its settings. */
int store_is_empty(struct store *s, int *empty, struct err *e);

/* ---- performance measures (measures.c) --------------------------------
 * Measures, their observations and their narratives (domain/measures.h),
 * kept like everything else: every put is a new row with the next change
 * number, and nothing is overwritten. Where recorded_at is taken, the
 * register is read as recorded at that moment (NULL: as it stands). */
struct measure;
struct observation;
struct narrative;
/* find: the measure now named name (not removed); ERR_NOTFOUND otherwise.
 * put: a new version (a new measure when m->id is 0, then setting m->id),
 * setting m->seq; ERR_CONFLICT when another measure has the name. */
int store_measure_find(struct store *s, const char *name, struct arena *a, struct measure **out,
                       struct err *e);
int store_measure_put(struct store *s, struct measure *m, struct err *e);
/* Every measure not removed, in the order they were first recorded. */
int store_measures_list(struct store *s, const char *recorded_at, struct arena *a,
                        struct measure ***out, size_t *n, struct err *e);
/* Records a period's value, or (o->is_void) withdraws it; sets o->seq. */
int store_observation_put(struct store *s, struct observation *o, struct err *e);
/* The observations that count: the latest row of each period, withdrawn
 * periods left out, in period order. */
int store_observations_of(struct store *s, int64_t measure_id, const char *recorded_at,
                          struct arena *a, struct observation ***out, size_t *n, struct err *e);
/* The narrative of a period; the latest of each period counts. */
int store_narrative_put(struct store *s, struct narrative *nv, struct err *e);
int store_narratives_of(struct store *s, int64_t measure_id, const char *recorded_at,
                        struct arena *a, struct narrative ***out, size_t *n, struct err *e);

#endif
