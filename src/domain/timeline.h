/* timeline.h -- every action with its whole dated status history, as one
 * register reads at one recorded moment: what the papers compute from.
 *
 * The store fills a struct timelines in one pass over the updates; the
 * domain then answers "status as of D" for any number of dates without going
 * back to the store. Events are non-void updates in (date, seq) order. */
#ifndef OVERSIGHT_TIMELINE_H
#define OVERSIGHT_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"

struct tl_event {
    int64_t seq;       /* the update's id, to fetch its note */
    int32_t date;
    uint8_t status;    /* enum status */
    uint8_t has_note;
};

struct tl_due {
    int32_t effective; /* DATE_NONE: the original target */
    const char *due;   /* "YYYY-MM-DD" or a label */
    const char *reason, *agreed_by; /* for a revision */
};

struct tl_action {
    struct action *a;  /* the version as recorded at the moment (status fields unused) */
    size_t source;     /* index into timelines.sources */
    struct tl_event *ev;
    size_t nev;
    struct tl_due *dues;
    size_t ndues;
};

struct timelines {
    struct source **sources; /* by title */
    size_t nsources;
    struct tl_action *v;     /* by ref */
    size_t n;
};

/* Status as of date: ST_NONE if not issued by then, white with no update. */
enum status tl_status_at(const struct tl_action *t, int32_t date);
/* The event that set the status as of date, or NULL. */
const struct tl_event *tl_event_at(const struct tl_action *t, int32_t date);
/* The latest event on or before date that carries a note, or NULL. */
const struct tl_event *tl_note_at(const struct tl_action *t, int32_t date);
/* Target date as of date (NULL if none), and the original. */
const char *tl_due_at(const struct tl_action *t, int32_t date);
const char *tl_due_original(const struct tl_action *t);
/* The revision in force at date (NULL: none, the original stands). */
const struct tl_due *tl_revision_at(const struct tl_action *t, int32_t date);
/* The target date at date as a day number; DATE_NONE when none or a label. */
int32_t tl_due_date_at(const struct tl_action *t, int32_t date);

#endif
