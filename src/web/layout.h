/* layout.h -- the page chrome every HTML page shares, in GOV.UK Frontend
 * and MoJ Frontend markup: head, skip link, header (organisation, service
 * name, who is signed in, Sign out), navigation, <main id="main-content">,
 * footer; and the pieces forms share (CSRF field, error summary) and the
 * error pages.
 *
 * A page handler writes its content between web_page_begin and
 * web_page_end through the builder web_page_begin returns (format/html.h:
 * markup only from literals, every value through html_text/html_attr/
 * html_url), for example:
 *
 *     struct html *h = web_page_begin(req, resp, 200, "Actions", NAV_ACTIONS);
 *     html_lit(h, "<h1 class=\"govuk-heading-l\">Actions</h1>");
 *     return web_page_end(req, resp);
 */
#ifndef OVERSIGHT_LAYOUT_H
#define OVERSIGHT_LAYOUT_H

#include <stddef.h>

#include "web/http.h"

/* The navigation items; NAV_NONE marks none as current. */
enum web_nav {
    NAV_NONE, NAV_DASHBOARD, NAV_ACTIONS, NAV_SOURCES, NAV_IMPORT, NAV_PAPERS, NAV_AUDIT,
    NAV_USERS, NAV_MEASURES
};

/* Begins an HTML page with status and title (the tab reads "title – oversight";
 * a page showing form errors puts "Error: " before its title, as GOV.UK
 * pages do). Empties the body first, so a handler may start over. */
struct html *web_page_begin(struct web_request *req, struct web_response *resp, int status,
                            const char *title, enum web_nav current);
/* Closes the page. Returns 0, or 500 if the page could not be written (over
 * the response size limit), for the handler to return. */
int web_page_end(struct web_request *req, struct web_response *resp);

/* The hidden field every form carries: <input type="hidden" name="csrf" ...>. */
void web_csrf_field(const struct web_request *req, struct html *h);

/* The GOV.UK error summary ("There is a problem") linking each message to
 * the input whose id is field. */
struct web_field_error {
    const char *field;
    const char *message;
};
void web_error_summary(struct html *h, const struct web_field_error *errs, size_t n);

/* The page for an error status (4xx, 5xx), in the layout, with
 * resp->message when set or the standard words for that status. */
void web_error_page(struct web_request *req, struct web_response *resp, int status);

#endif
