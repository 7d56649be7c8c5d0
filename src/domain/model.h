/* model.h -- the register's vocabulary: statuses, kinds, scopes, markings and
 * the records the domain computes on. Pure data and word parsing, no I/O.
 *
 * Every enumeration has a canonical name (the word written in files, JSON and
 * the store) and a parser that also accepts the words trackers use (DESIGN.md
 * §3), in any case. Index 0 of each is "none/unknown" where a field is
 * optional. */
#ifndef OVERSIGHT_MODEL_H
#define OVERSIGHT_MODEL_H

#include <stddef.h>
#include <stdint.h>

enum status { ST_NONE = 0, ST_WHITE, ST_AMBER, ST_RED, ST_GREEN, ST_CLOSED, ST__COUNT };
enum action_kind {
    AK_NONE = 0, AK_RECOMMENDATION, AK_AFI, AK_CAUSE_OF_CONCERN, AK_AUDIT_ACTION,
    AK_REFERENCE, AK_DELIVERABLE, AK__COUNT
};
enum source_kind {
    SK_NONE = 0, SK_INSPECTION, SK_JOINT_INSPECTION, SK_AUDIT, SK_REVIEW, SK_MEETING,
    SK_PLAN, SK__COUNT
};
enum scope { SC_NONE = 0, SC_NATIONAL, SC_FORCE, SC_REGIONAL, SC__COUNT };
enum marking { MK_NONE = 0, MK_PUBLIC, MK_RESTRICTED, MK__COUNT };
enum assurance { AS_NONE = 0, AS_SUBSTANTIAL, AS_REASONABLE, AS_LIMITED, AS_NO, AS__COUNT };
enum risk { RK_NONE = 0, RK_HIGH, RK_MEDIUM, RK_LOW, RK__COUNT };
enum close_reason {
    CR_NONE = 0, CR_COMPLETED, CR_SUPERSEDED, CR_WRITTEN_OFF, CR_NOT_APPLICABLE,
    CR_CLOSED_BY_ISSUER, CR__COUNT
};

/* One vocabulary: its canonical names, indexed by the enum, and the extra
 * words accepted on input. */
struct vocab {
    const char *what;             /* "status", "kind", ... for messages */
    const char *const *names;     /* canonical, [0] = "" */
    int count;
    const struct vocab_alias {
        const char *word;
        int value;
    } *aliases;
};

extern const struct vocab VOCAB_STATUS, VOCAB_ACTION_KIND, VOCAB_SOURCE_KIND, VOCAB_SCOPE,
    VOCAB_MARKING, VOCAB_ASSURANCE, VOCAB_RISK, VOCAB_CLOSE_REASON;

/* Parses a word (trimmed, any case, spaces/hyphens/underscores alike) into its
 * value. Returns the value (>= 1), 0 for an empty string, -1 if unknown. */
int vocab_parse(const struct vocab *v, const char *s, size_t n);
/* The canonical name ("" for 0). */
const char *vocab_name(const struct vocab *v, int value);
/* "white, amber, red, green, closed" for messages. */
const char *vocab_list(const struct vocab *v, char *buf, size_t n);

/* A source as its latest version (or as of a moment) holds it. Strings belong
 * to the arena the record was read into. */
struct source {
    int64_t id;          /* identity across versions */
    int64_t seq;         /* the version's change number */
    const char *title, *body;
    enum source_kind kind;
    enum scope scope;
    enum marking marking;
    enum assurance assurance;
    int32_t published;   /* DATE_NONE if unknown */
    const char *recorded_at, *recorded_by;
};

/* An action, its latest version, its target dates, and (when read as of a
 * date) its status then. */
struct action {
    int64_t id, seq;
    const char *ref;
    int64_t source_id;
    const char *source_title;
    enum scope source_scope;
    int32_t source_published;
    enum action_kind kind;
    const char *text, *owner, *directorate, *theme;
    enum risk risk;
    enum scope scope;      /* the action's own scope; SC_NONE: the source's */
    enum marking marking;
    int32_t issued;        /* as entered; DATE_NONE: the source's published date */
    const char *due;       /* target date at the as-of date: "YYYY-MM-DD" or a label; NULL none */
    const char *due_original;
    const char *recorded_at, *recorded_by;
    /* As of a date: */
    enum status status;    /* ST_NONE: did not exist then */
    int32_t status_date;   /* date of the update that set it; DATE_NONE if none */
    const char *last_note;
};

/* The date an action counts as issued: its own, else its source's. */
static inline int32_t action_issued(const struct action *a)
{
    return a->issued != INT32_MIN ? a->issued : a->source_published;
}

/* Whether a is overdue at date: a target date before it, and not green or
 * closed (a label for a target, "Q3 2024/25", is never overdue). */
int action_overdue(const struct action *a, int32_t date);

/* A dated status change or progress note. */
struct update {
    int64_t seq, action_id;
    const char *ref;
    int32_t date;
    enum status status;
    const char *note, *by, *reason, *by_ref;
    const char *recorded_at, *recorded_by;
    int is_void;
    const char *void_reason, *voided_at, *voided_by;
};

/* A target date, original or revised, effective from a date. */
struct due_change {
    int64_t seq, action_id;
    int32_t effective;     /* DATE_NONE: the original target */
    const char *due, *reason, *agreed_by, *recorded_at, *recorded_by;
};

/* A reporting point of a committee. */
struct point {
    int64_t seq;
    const char *committee, *label;
    int32_t date;
    const char *recorded_at, *recorded_by;
};

/* An item of the inspection programme: an inspection planned, under way or
 * done, and the report expected from it. */
struct programme_item {
    int64_t id, seq;
    const char *title, *kind;
    int32_t fieldwork_start, fieldwork_end; /* DATE_NONE if unknown */
    const char *expected;  /* expected publication: a date, or words ("Spring 2024") */
    const char *status;    /* planned, fieldwork, awaiting_report, published, cancelled */
    const char *note;
    const char *recorded_at, *recorded_by;
};

/* The inspection register (the committee's HMICFRS paper) holds inspections,
 * joint inspections and reviews and their recommendations, AFIs and causes of
 * concern; audits, committee meetings and plans keep registers of their own,
 * with papers of their own. */
static inline int source_kind_is_inspection(enum source_kind k)
{
    return k != SK_AUDIT && k != SK_MEETING && k != SK_PLAN;
}
static inline int action_kind_is_inspection(enum action_kind k)
{
    return k != AK_AUDIT_ACTION && k != AK_REFERENCE && k != AK_DELIVERABLE;
}

/* outstanding = red + amber + white; open = not closed. */
static inline int status_outstanding(enum status s)
{
    return s == ST_WHITE || s == ST_AMBER || s == ST_RED;
}

#endif
