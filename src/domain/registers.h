/* registers.h -- the figures of the other registers' papers (DESIGN.md §4
 * items 2-5): the audit actions paper, the committee's outstanding
 * references, a delivery plan, and the improvement board's pack. Pure: each
 * computes from the register's timelines as of a date.
 *
 * Conventions the registers share with the inspection register: an audit
 * action's business area is its directorate; a reference's meeting item and
 * a deliverable's objective are the action's theme. */
#ifndef OVERSIGHT_REGISTERS_H
#define OVERSIGHT_REGISTERS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/timeline.h"

/* ---- audit actions (seeds/003, section 2) ---- */

/* Which audit actions are monitored centrally. The default is seeds/003's
 * rule: every high-risk action, and medium-risk actions from audits graded
 * limited or no assurance. */
enum audit_medium { AUDIT_MEDIUM_NONE, AUDIT_MEDIUM_LIMITED, AUDIT_MEDIUM_ALL };
struct audit_rule {
    enum audit_medium medium;
    int low; /* low-risk actions too */
};
/* Parses the audit_monitoring setting: "high", "high+limited-medium" (the
 * default, also NULL or ""), "high+medium", "all". -1 if unknown. */
int audit_rule_parse(const char *s, struct audit_rule *out);

struct audit_count {
    const char *name; /* area or quarter label */
    int past, next, later, total;
};

struct audit_by_source {
    size_t source;         /* index into timelines.sources */
    int monitored, past, high, medium;
    size_t latest;         /* action with the latest narrative, or (size_t)-1 */
    int32_t latest_date;
};

struct audit_report {
    int32_t as_of, horizon;  /* due in [as_of, horizon]: "the coming three quarters" */
    size_t *monitored;       /* outstanding monitored actions, by ref */
    size_t nmonitored;
    int high, medium, low;
    int past, next, later;   /* past their deadline; due in the coming three quarters; later */
    int undated;             /* of later: no target date (a label or none) */
    struct audit_count *quarters; /* by financial quarter of the due date, in order */
    size_t nquarters;
    struct audit_count *areas;    /* by business area (directorate), most first */
    size_t nareas;
    struct audit_by_source *audits; /* by audit, most overdue first */
    size_t naudits;
};

int audit_compute(const struct timelines *tl, int32_t as_of, const struct audit_rule *rule,
                  struct arena *a, struct audit_report *out);

/* ---- outstanding references (the committee's action log) ---- */

struct reference_row {
    size_t action;
    enum status status;
    int32_t meeting;   /* the meeting the reference was made at (its source's date) */
};

struct references_report {
    int32_t as_of, previous; /* previous: the last meeting before as_of, DATE_NONE if none */
    struct reference_row *rows;
    size_t nrows;
};

/* References outstanding at as_of, and those completed since the previous
 * meeting (listed once, then dropped). */
int references_compute(const struct timelines *tl, int32_t as_of, struct arena *a,
                       struct references_report *out);
/* "In Progress", "Complete", ... as the paper writes a reference's status. */
const char *reference_status_words(enum status s);

/* ---- a delivery plan ---- */

struct plan_objective {
    const char *name;    /* the objective heading (the deliverables' theme) */
    size_t *actions;     /* its deliverables, in number order (0.1, 1.1, 1.2, 10.1) */
    size_t n;
};

struct plan_report {
    size_t source;
    int32_t as_of;
    struct plan_objective *objectives; /* in the order of their first deliverable */
    size_t nobjectives;
    int counts[ST__COUNT];             /* deliverables by status at as_of */
    size_t total;
};

/* Returns -1 if source has no deliverables existing at as_of. */
int plan_compute(const struct timelines *tl, size_t source, int32_t as_of, struct arena *a,
                 struct plan_report *out);
/* Compares refs as numbered headings compare: "1.2" < "1.10" < "2.1". */
int plan_number_cmp(const char *x, const char *y);

/* ---- the improvement board's pack ---- */

struct board_owner {
    const char *directorate, *owner;
    size_t *actions;       /* open actions, overdue first, then by target date */
    size_t n;
    int overdue;
};

struct board_month {
    int32_t start, end;    /* the calendar month */
};

struct board_progress {
    const char *directorate;
    int closed[3], green[3]; /* per month, oldest first */
};

struct board_report {
    int32_t as_of;
    struct board_owner *owners; /* by directorate, then owner */
    size_t nowners;
    size_t nopen, noverdue;
    size_t *greens;           /* awaiting sign-off, oldest green first */
    size_t ngreens;
    size_t *extended;         /* open actions whose target date has been revised */
    size_t nextended;
    struct board_month months[3];
    struct board_progress *progress; /* by directorate */
    size_t nprogress;
};

int board_compute(const struct timelines *tl, int32_t as_of, struct arena *a,
                  struct board_report *out);

/* Whether action t is overdue at date: a target date before it, and not
 * green or closed. */
int tl_overdue_at(const struct tl_action *t, int32_t date);

#endif
