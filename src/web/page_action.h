/* page_action.h -- what the action pages share: page_actions.c (the list
 * and its downloads), page_action.c (one action's page with its forms, and
 * the add and edit forms), page_action_forms.c (what those forms post).
 *
 * Who may do what to an action (DESIGN.md §2, domain/user.h): admins and
 * editors everything; the improvement board signs off, refuses sign-off,
 * writes off and supersedes; an owner records progress and proposes
 * closure on the actions whose owner or directorate is theirs; a viewer
 * reads. A restricted action (or one from a restricted source) is seen only
 * by users cleared for restricted items; to everyone else it does not
 * exist (404), so its reference is not given away. */
#ifndef OVERSIGHT_PAGE_ACTION_H
#define OVERSIGHT_PAGE_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "domain/user.h"
#include "format/html.h"
#include "web/http.h"
#include "web/layout.h"

#define ACTIONS_PER_PAGE 50

struct action_rights {
    int see;    /* cleared for it, if it is restricted */
    int mine;   /* its owner or directorate is the user's */
    int update; /* record progress, propose closure */
    int board;  /* sign off, refuse sign-off, write off, supersede */
    int keep;   /* reopen, revise the target date, void an update, edit */
};

/* Whether an action is restricted: its own marking, or its source's. */
int action_restricted(const struct action *act, enum marking source_marking);
/* Whether the action's owner or directorate is the user's (compared
 * without case or surrounding spaces; an empty one matches nothing). */
int action_is_mine(const struct user *u, const struct action *act);
void action_rights(const struct user *u, const struct action *act, enum marking source_marking,
                   struct action_rights *r);
/* Whether the user's role lets them do what the board does (sign off...),
 * and what an editor does (keep the register): for the role checks that
 * come first in a handler. */
int role_board(const struct user *u);
int role_keeper(const struct user *u);

/* "/actions/REF" followed by tail ("", "/updates", ...), REF
 * percent-encoded as one path segment (7/2023/P -> 7%2F2023%2FP). */
const char *action_path(struct arena *a, const char *ref, const char *tail);

/* Words for the register's vocabularies, as the pages show them (the
 * statuses' words and tags are view.h's, shared with the other pages). */
const char *kind_words(enum action_kind k);    /* "Area for improvement" */
const char *reason_words(enum close_reason r); /* "Written off" */

/* ---- form fields, in GOV.UK Frontend markup ---------------------------
 * Each field's id is its name. With an error the group, the message (whose
 * id is ID-error) and the input are marked as GOV.UK's pattern says, and
 * the input is described by the message (and the hint, ID-hint). */
struct field {
    const char *id;     /* and name; the error summary links to #id */
    const char *label;  /* the label, or the legend of a fieldset */
    const char *hint;   /* or NULL */
    const char *error;  /* or NULL */
    const char *value;  /* what the field shows (typed, or current) */
};
struct field_opt {
    const char *value, *text;
};
enum field_width { FW_FULL, FW_TWO_THIRDS, FW_HALF, FW_20, FW_10 };

void field_input(struct html *h, struct arena *a, const struct field *f, enum field_width w);
void field_textarea(struct html *h, struct arena *a, const struct field *f, int rows);
void field_select(struct html *h, struct arena *a, const struct field *f,
                  const struct field_opt *opts, size_t n);
void field_radios(struct html *h, struct arena *a, const struct field *f,
                  const struct field_opt *opts, size_t n, int small);
/* Checkboxes named f->id, each ticked when its bit (1 << i) is in ticked. */
void field_checkboxes(struct html *h, struct arena *a, const struct field *f,
                      const struct field_opt *opts, size_t n, unsigned ticked, int small);
/* GOV.UK date input: ID-day, ID-month, ID-year; f->value is "YYYY-MM-DD"
 * or NULL (on a form sent back, the typed parts are shown instead). */
void field_date(struct html *h, struct web_request *req, const struct field *f);
void field_file(struct html *h, struct arena *a, const struct field *f);

/* The error for field id among errs, or NULL. */
const char *field_error(const struct web_field_error *errs, size_t n, const char *id);
/* A form field, trimmed of surrounding spaces; NULL when absent or blank. */
const char *form_text(const struct web_request *req, const char *name);
/* Reads the date input name: 0 with *out (DATE_NONE when all three parts
 * are blank), or -1 when it is not a real date. */
int form_date(const struct web_request *req, const char *name, int32_t *out);

/* Reads the action ref (latest version, status as of today), its source
 * and the user's rights to it. Returns 0, or the status for the handler to
 * return: 404 (the same for a missing action and one the user may not
 * see), 500. */
int action_load(struct web_request *req, struct web_response *resp, const char *ref,
                struct action **act, struct source **src, struct action_rights *r);

/* ---- the pages the forms come back to ---------------------------------- */

/* The action's page: status 200, or 400/403 with errs (n of them) from the
 * form called form, which is shown open with what was typed. */
int action_page(struct web_request *req, struct web_response *resp, int status, const char *ref,
                const char *form, const struct web_field_error *errs, size_t n);
/* The form to add an action (act NULL) or edit one, likewise. */
int action_edit_page(struct web_request *req, struct web_response *resp, int status,
                     const struct action *act, const struct web_field_error *errs, size_t n);

#endif
