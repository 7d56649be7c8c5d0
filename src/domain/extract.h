/* extract.h -- finding the recommendations, areas for improvement and causes
 * of concern in the text of a published report. Pure: no I/O.
 *
 * The input is the report as lines of text, each with the page it is on, as
 * format/report_read.c produces them from a PDF, a DOCX or a text file (table
 * cells separated by tabs). The extractor removes running headers, footers
 * and page numbers, joins lines into paragraphs (undoing hyphenation at line
 * and page breaks), and takes as items only what the report presents as an
 * item:
 *   - a paragraph that starts with a label: "Area for improvement: The force
 *     should ...", "Recommendation 3: By 31 March 2024, chief constables
 *     should ...", "RECOMMENDATION 1 - That the force ...", or a label on a
 *     line of its own ("Cause of concern") followed by the paragraph;
 *   - the entries of numbered or bulleted lists, and action-like paragraphs,
 *     under a heading "Recommendations", "Areas for improvement" or "Causes
 *     of concern", or under an introduction that names them ("HMICFRS made
 *     the following recommendations:"); an introduction naming one item
 *     ("the force has one area for improvement which covers:") makes its
 *     whole list one item;
 *   - the rows of a table whose header names the kind (Recommendation | Owner
 *     | Timescale), with the owner and the timescale from their columns.
 * Words in prose are not items: "the report made 6 recommendations", "ten
 * areas for improvement were identified", a committee paper's own
 * "Recommendation: Members are asked to note the report", minutes, findings
 * of earlier inspections restated.
 *
 * Everything runs in time linear in the text. Ownership: every string of the
 * result lives in the arena passed in. */
#ifndef OVERSIGHT_EXTRACT_H
#define OVERSIGHT_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strmap.h"
#include "domain/model.h"

/* One line of the report. text need not be NUL-terminated and holds no
 * newline; tabs separate table cells. */
struct extract_line {
    const char *text;
    size_t len;
    int page;          /* 1-based */
    unsigned flags;
};

/* flags: the reader knows the line is a heading (a DOCX heading style). */
#define EXTRACT_HEADING 1u

/* One item found. NULL for what the report does not say. */
struct extract_item {
    enum action_kind kind;    /* AK_RECOMMENDATION, AK_AFI or AK_CAUSE_OF_CONCERN */
    const char *number;       /* as printed: "3", "2.1", "a" */
    const char *text;         /* joined across lines and pages */
    const char *deadline;     /* as printed: "By 31 March 2024", "within three months" */
    const char *due;          /* the deadline as a date "YYYY-MM-DD", or a calendar
                                 label ("March 2024"); NULL when neither */
    const char *addressee;    /* "chief constables", "the force", "the Home Office", ... */
    const char *owner;        /* a table's owner column */
    const char *section;      /* the heading it sits under */
    enum scope scope;         /* SC_REGIONAL for "Regional Recommendation: ...", else SC_NONE */
    int page;
    const char *duplicate_of; /* left NULL here; set by the caller's de-duplication */
};

/* Finds the items in lines[0..n), in the order of the report. An item whose
 * text repeats an earlier one of the same kind (a summary restating the
 * body) is given once. */
void extract_items(const struct extract_line *lines, size_t n, struct arena *a,
                   struct extract_item **items, size_t *nitems);

/* The deadline stated in text[0..len): *phrase gets the words as printed,
 * *due the date (YYYY-MM-DD) or calendar label ("March 2024") when it names
 * one, else NULL. Returns 1 if a deadline was found, else 0 (both NULL). */
int extract_deadline(const char *text, size_t len, struct arena *a, const char **phrase,
                     const char **due);

/* The body an item is addressed to: the subject of its "should", "must",
 * "needs to" or "to" ("chief constables", "all forces", "the force", "the
 * Home Office", "the College of Policing", "the NPCC" in those words; any
 * other short subject as printed). NULL when none is named. */
const char *extract_addressee(const char *text, size_t len, struct arena *a);

/* A ref prefix drafted from a source's title: its initials, acronyms whole,
 * a year as two digits ("PEEL 2022" -> "PEEL22", "Crime Data Integrity
 * Review" -> "CDIR"). Writes at most n - 1 characters; "EXT" if the title
 * gives nothing. */
void extract_ref_prefix(const char *title, char *buf, size_t n);

/* The short code of a kind in drafted refs: "R", "AFI", "CoC". */
const char *extract_kind_code(enum action_kind kind);

/* Texts already in the register, for finding an item that repeats one: the
 * same text ignoring case, whitespace and punctuation, or a very close one
 * (a normalised edit distance or a token-set similarity of at least 0.9).
 * Lifecycle: extract_index_init (no allocation; a holds the entries),
 * extract_index_release. */
struct extract_index {
    struct arena *a;
    struct extract_entry *v;
    size_t n, cap;
    struct strmap exact; /* normalised text -> entry */
};

void extract_index_init(struct extract_index *x, struct arena *a);
void extract_index_release(struct extract_index *x);
void extract_index_add(struct extract_index *x, const char *text, const char *ref);
/* The ref of the entry text repeats, or NULL. */
const char *extract_index_match(const struct extract_index *x, const char *text);
/* Whether two texts count as the same action (the test above). */
int extract_same_text(const char *a, const char *b);

#endif
