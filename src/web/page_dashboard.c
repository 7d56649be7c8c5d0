/* page_dashboard.c -- GET /: the first page after signing in. It says who
 * is signed in and leads to the register; the register's own figures will
 * join it. */
#include "domain/user.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"

static const char *const ROLE_WORDS[ROLE__COUNT] = {
    [ROLE_ADMIN] = "an administrator",
    [ROLE_EDITOR] = "an editor of the register",
    [ROLE_BOARD] = "a member of the improvement board",
    [ROLE_OWNER] = "an action owner",
    [ROLE_VIEWER] = "a reader of the register",
};

int page_dashboard(struct web_request *req, struct web_response *resp)
{
    const struct user *u = req->user;
    struct html *h;
    int rc;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    h = web_page_begin(req, resp, 200, "Dashboard", NAV_DASHBOARD);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Dashboard</h1>"
                "<p class=\"govuk-body\">You are signed in as <strong>");
    html_text(h, u->name);
    html_lit(h, "</strong>, ");
    html_text(h, ROLE_WORDS[u->role] ? ROLE_WORDS[u->role] : "a user");
    if (u->owner_name && *u->owner_name) {
        html_lit(h, ", answering for actions owned by ");
        html_text(h, u->owner_name);
    }
    if (u->directorate && *u->directorate) {
        if (u->owner_name && *u->owner_name)
            html_lit(h, " and the ");
        else
            html_lit(h, ", answering for the ");
        html_text(h, u->directorate);
        html_lit(h, " directorate");
    }
    html_lit(h, ".</p><h2 class=\"govuk-heading-m\">The register</h2>"
                "<ul class=\"govuk-list\">"
                "<li><a class=\"govuk-link\" href=\"/actions\">Actions</a>: every action, its "
                "status and its history</li>"
                "<li><a class=\"govuk-link\" href=\"/sources\">Sources</a>: the reports, audits "
                "and meetings the actions come from</li>"
                "<li><a class=\"govuk-link\" href=\"/papers\">Papers</a>: the committee papers</li>"
                "</ul>");
    return web_page_end(req, resp);
}
