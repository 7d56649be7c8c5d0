/* view.h -- how the register's values look on its pages, shared by the
 * register's page handlers: dates and recorded moments in London time,
 * statuses as GOV.UK tags, what a user not cleared for restricted items
 * sees, the URLs of actions and sources, and GOV.UK form fields with their
 * error messages.
 *
 * Everything writes through the escaping builder (format/html.h); strings
 * returned live in the request's arena. */
#ifndef OVERSIGHT_VIEW_H
#define OVERSIGHT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "web/http.h"
#include "web/layout.h"

/* Whether the signed-in user may read restricted items' text (their
 * clearance is "restricted"). Everyone else sees the public version. */
int view_cleared(const struct web_request *req);
/* Whether a source or action is restricted (an action is also restricted
 * when its source is). */
int view_source_restricted(const struct source *s);

/* "22 February 2024"; nothing for DATE_NONE. */
void view_date(struct html *h, int32_t d);
/* A recorded moment (UTC, as the store writes it) in London time:
 * "22 February 2024, 10:15". Written as it is if it does not parse. */
void view_moment(struct html *h, const char *moment);
/* The moment (microseconds since the epoch, UTC) at which date d begins in
 * London: midnight GMT in winter, 23:00 UTC the day before in summer. */
int64_t view_london_midnight(int32_t d);

/* A status as a GOV.UK tag with its word ("Red", "Amber", ...). */
void view_status_tag(struct html *h, enum status s);
/* "Red", "Amber", "White", "Green", "Closed". */
const char *view_status_word(enum status s);

/* s percent-encoded as one URL component, in the arena. */
const char *view_urlenc(struct arena *a, const char *s);
/* /actions/REF with the ref encoded (7/2023/P: /actions/7%2F2023%2FP). */
const char *view_action_href(struct arena *a, const char *ref);
/* /sources/TITLE, or /sources/ID when the title would not name it (all
 * digits, "new") or the source is restricted and the reader not cleared
 * (so that the address does not carry its title). */
const char *view_source_href(struct arena *a, const struct source *s, int cleared);

/* A text, trimmed of spaces at both ends, in the arena; NULL stays NULL. */
const char *view_trim(struct arena *a, const char *s);

/* The message for field among errs, or NULL. */
const char *view_error_for(const struct web_field_error *errs, size_t n, const char *field);

/* A GOV.UK form group with a text input: id (also the name), label, an
 * optional hint, the value typed, the error (NULL: none). width is a GOV.UK
 * width class ("govuk-input--width-20", "govuk-!-width-one-half") or NULL;
 * type "text", "email", "password"; autocomplete or NULL. */
struct view_input {
    const char *id, *label, *hint, *value, *error;
    const char *width, *type, *autocomplete;
    int spellcheck_off;
};
void view_input(struct html *h, const struct view_input *in);

/* A choice among words: GOV.UK radios (inline when few) or a select.
 * values[i] is sent, labels[i] shown (NULL labels: the values). */
struct view_choice {
    const char *id, *legend, *hint, *value, *error;
    const char *const *values, *const *labels;
    size_t n;
    int inline_radios;
};
void view_radios(struct html *h, const struct view_choice *c);
void view_select(struct html *h, const struct view_choice *c);

/* A wide table's container: on a narrow screen it scrolls sideways
 * rather than the page, and can be scrolled from the keyboard (a focusable
 * region named label). */
void view_scroll_begin(struct html *h, const char *label);
void view_scroll_end(struct html *h);

/* Checks that a value sent for a choice is one of its values (a browser
 * sends only those; anything else is a hand-made request). */
int view_choice_ok(const struct view_choice *c, const char *v);

#endif
