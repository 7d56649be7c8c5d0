/* paper_committee.h -- the quarterly inspections paper: chooses the points,
 * reads the register as of them, computes the figures (domain/committee.c)
 * and writes them as JSON or as a struct doc for the other formats.
 * Shared by `oversight report committee` and the web application. */
#ifndef OVERSIGHT_PAPER_COMMITTEE_H
#define OVERSIGHT_PAPER_COMMITTEE_H

#include "base/buf.h"
#include "domain/committee.h"
#include "domain/timeline.h"
#include "format/doc.h"
#include "store/store.h"

struct paper_opts {
    const char *committee;    /* NULL: the committee setting */
    int32_t as_of;            /* a stored point; DATE_NONE: the latest on or before today */
    const char *recorded_at;  /* NULL: the register as it stands */
    int public_version;       /* leave restricted items' text out */
    const char *report_of, *author; /* override the settings */
};

struct paper_committee {
    const char *committee, *org, *report_of, *author;
    const char *recorded_at;
    struct point *point, *prev, *prev0;
    struct timelines tl;
    struct committee_report r;
    struct programme_item **programme;
    size_t nprogramme;
    int public_version;
    size_t restricted_left_out; /* items counted but not described */
    int has_restricted;         /* restricted items among those in the paper */
    char *restricted_source;    /* per source index: 1 if restricted */
    const char **notes;         /* latest note as of D per listed action */
};

/* Reads and computes. Errors: ERR_INPUT naming the stored points when as_of
 * is not one of them; ERR_CONFLICT with the reason when figures do not
 * reconcile. */
int paper_committee_load(struct store *s, const struct paper_opts *o, struct arena *a,
                         struct paper_committee *p, struct err *e);
int paper_committee_json(const struct paper_committee *p, struct buf *out, struct err *e);
void paper_committee_doc(const struct paper_committee *p, struct arena *a, struct doc *d);

/* Whether action i's text may be shown in this version of the paper. */
int paper_shows(const struct paper_committee *p, size_t action);

#endif
