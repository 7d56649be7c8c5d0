/* page_users.c -- the people who sign in, for administrators:
 *
 *   GET  /users                  every user, with their role and status
 *   GET  /users/new              the form to add one
 *   POST /users                  adds them
 *   POST /users/:name/disabled   disables (disabled=1) or enables (0) them
 *   GET  /users/:name/password   the form to set a new password
 *   POST /users/:name/password   sets it; their sessions end
 *
 * The rules (names, passwords, what disabling ends) are service/users.c's,
 * the same the command line's `oversight user` follows; every change is a
 * new version of the user, shown in the audit log without the password's
 * hash. */
#include <stdio.h>
#include <string.h>

#include "domain/user.h"
#include "service/users.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/view.h"

static const char *const ROLE_VALUES[] = {"admin", "editor", "board", "owner", "viewer"};
static const char *const ROLE_LABELS[] = {
    "Administrator: everything, users and settings included",
    "Editor: keeps the register (sources, actions, imports, papers)",
    "Improvement board: reviews progress and signs closures off",
    "Action owner: records progress on their own actions",
    "Viewer: reads the register and the papers, changes nothing",
};
static const char *const ROLE_SHORT[ROLE__COUNT] = {
    [ROLE_ADMIN] = "Administrator", [ROLE_EDITOR] = "Editor", [ROLE_BOARD] = "Improvement board",
    [ROLE_OWNER] = "Action owner",  [ROLE_VIEWER] = "Viewer",
};
static const char *const CLEARANCE_VALUES[] = {"public", "restricted"};
static const char *const CLEARANCE_LABELS[] = {"Public items only",
                                               "Restricted items too"};

#define NWORDS(v) (sizeof v / sizeof *v)

static void th(struct html *h, const char *text)
{
    html_lit(h, "<th scope=\"col\" class=\"govuk-table__header\">");
    html_text(h, text);
    html_lit(h, "</th>");
}

/* A banner after a change, naming a user that exists (the address cannot
 * make it say anything else). */
static void banner(struct web_request *req, struct html *h, struct user **v, size_t n)
{
    const char *changed = web_query(req, "changed"), *who = web_query(req, "user");
    const char *what = NULL;
    int known = 0;
    if (!changed || !who)
        return;
    for (size_t i = 0; i < n; i++)
        known |= strcmp(v[i]->name, who) == 0;
    if (!known)
        return;
    if (strcmp(changed, "added") == 0)
        what = " was added.";
    else if (strcmp(changed, "password") == 0)
        what = "'s password was changed, and their sessions ended.";
    else if (strcmp(changed, "disabled") == 0)
        what = " was disabled, and their sessions ended.";
    else if (strcmp(changed, "enabled") == 0)
        what = " was enabled.";
    if (!what)
        return;
    html_lit(h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                "role=\"alert\" aria-labelledby=\"govuk-notification-banner-title\" "
                "data-module=\"govuk-notification-banner\">"
                "<div class=\"govuk-notification-banner__header\">"
                "<h2 class=\"govuk-notification-banner__title\" "
                "id=\"govuk-notification-banner-title\">Success</h2></div>"
                "<div class=\"govuk-notification-banner__content\">"
                "<p class=\"govuk-notification-banner__heading\">");
    html_text(h, who);
    html_text(h, what);
    html_lit(h, "</p></div></div>");
}

int page_users(struct web_request *req, struct web_response *resp)
{
    struct user **v;
    size_t n;
    struct err e = {0};
    struct html *h;
    int rc;

    if ((rc = web_require(req, ROLE_ADMIN)))
        return rc;
    if ((rc = store_users_list(req->store, req->arena, &v, &n, &e)))
        return web_fail(req, resp, &e);
    h = web_page_begin(req, resp, 200, "Users", NAV_USERS);
    banner(req, h, v, n);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Users</h1>"
                "<p class=\"govuk-body\">The people who sign in, what their role lets them do, "
                "and the owner and directorate they answer for in the register.</p>"
                "<a href=\"/users/new\" role=\"button\" draggable=\"false\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">Add a user</a>");
    view_scroll_begin(h, "Users");
    html_lit(h, "<table class=\"govuk-table app-table--users\">"
                "<caption class=\"govuk-table__caption "
                "govuk-visually-hidden\">Users</caption><thead class=\"govuk-table__head\">"
                "<tr class=\"govuk-table__row\">");
    th(h, "Name"), th(h, "Role"), th(h, "Answers for"), th(h, "Email"), th(h, "Clearance");
    th(h, "Status"), th(h, "Change");
    html_lit(h, "</tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < n; i++) {
        const struct user *u = v[i];
        const char *base = arena_printf(req->arena, "/users/%s", view_urlenc(req->arena, u->name));
        html_lit(h, "<tr class=\"govuk-table__row\">"
                    "<th scope=\"row\" class=\"govuk-table__header\">");
        html_text(h, u->name);
        html_lit(h, "</th><td class=\"govuk-table__cell\">");
        html_text(h, u->role > ROLE_NONE && u->role < ROLE__COUNT ? ROLE_SHORT[u->role] : "");
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, u->owner_name);
        if (u->owner_name && *u->owner_name && u->directorate && *u->directorate)
            html_lit(h, "<br/>");
        html_text(h, u->directorate);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, u->email);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, u->clearance == MK_RESTRICTED ? "Restricted" : "Public");
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        if (u->disabled)
            html_lit(h, "<strong class=\"govuk-tag govuk-tag--grey\">Disabled</strong>");
        else
            html_lit(h, "<strong class=\"govuk-tag govuk-tag--green\">Active</strong>");
        html_lit(h, "</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\"");
        html_url(h, "href", arena_printf(req->arena, "%s/password", base));
        html_lit(h, ">Set a new password<span class=\"govuk-visually-hidden\"> for ");
        html_text(h, u->name);
        html_lit(h, "</span></a>");
        /* One cannot disable oneself: it would leave the page one is on. */
        if (strcmp(u->name, req->user->name) != 0) {
            html_lit(h, "<form method=\"post\" class=\"app-inline-form\"");
            html_url(h, "action", arena_printf(req->arena, "%s/disabled", base));
            html_lit(h, ">");
            web_csrf_field(req, h);
            if (u->disabled)
                html_lit(h, "<input type=\"hidden\" name=\"disabled\" value=\"0\"/>"
                            "<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
                            "app-button--small\" data-module=\"govuk-button\">Enable");
            else
                html_lit(h, "<input type=\"hidden\" name=\"disabled\" value=\"1\"/>"
                            "<button type=\"submit\" class=\"govuk-button govuk-button--warning "
                            "app-button--small\" data-module=\"govuk-button\">Disable");
            html_lit(h, "<span class=\"govuk-visually-hidden\"> ");
            html_text(h, u->name);
            html_lit(h, "</span></button></form>");
        }
        html_lit(h, "</td></tr>");
    }
    html_lit(h, "</tbody></table>");
    view_scroll_end(h);
    return web_page_end(req, resp);
}

/* ---- adding a user ------------------------------------------------------- */

struct user_form {
    const char *name, *role, *owner_name, *directorate, *email, *clearance, *password;
};

static int user_form_page(struct web_request *req, struct web_response *resp, int status,
                          const struct user_form *f, const struct web_field_error *errs,
                          size_t nerr)
{
    struct html *h = web_page_begin(req, resp, status, nerr ? "Error: Add a user" : "Add a user",
                                    NAV_USERS);
    struct view_input in;
    struct view_choice c;

    html_lit(h, "<a class=\"govuk-back-link\" href=\"/users\">Users</a>"
                "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    web_error_summary(h, errs, nerr);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Add a user</h1>"
                "<form method=\"post\" action=\"/users\" novalidate=\"novalidate\">");
    web_csrf_field(req, h);
    in = (struct view_input){"name", "Username", "What they sign in as: letters, digits and "
                             ". _ - @",
                             f->name, view_error_for(errs, nerr, "name"), "govuk-input--width-20",
                             NULL, "off", 1};
    view_input(h, &in);
    c = (struct view_choice){"role", "Role", NULL, f->role, view_error_for(errs, nerr, "role"),
                             ROLE_VALUES, ROLE_LABELS, NWORDS(ROLE_VALUES), 0};
    view_radios(h, &c);
    in = (struct view_input){"owner_name", "Owner name (optional)",
                             "The owner they answer for, as the register writes it: for "
                             "example, PA Director",
                             f->owner_name, view_error_for(errs, nerr, "owner_name"),
                             "govuk-!-width-one-half", NULL, "off", 0};
    view_input(h, &in);
    in = (struct view_input){"directorate", "Directorate (optional)", NULL, f->directorate,
                             view_error_for(errs, nerr, "directorate"), "govuk-!-width-one-half",
                             NULL, "off", 0};
    view_input(h, &in);
    in = (struct view_input){"email", "Email address (optional)", NULL, f->email,
                             view_error_for(errs, nerr, "email"), NULL, "email", "off", 1};
    view_input(h, &in);
    c = (struct view_choice){"clearance", "May they read restricted items?",
                             "Without clearance they see the public versions of the papers",
                             f->clearance ? f->clearance : "public",
                             view_error_for(errs, nerr, "clearance"), CLEARANCE_VALUES,
                             CLEARANCE_LABELS, NWORDS(CLEARANCE_VALUES), 0};
    view_radios(h, &c);
    in = (struct view_input){"password", "Password", "At least 12 characters. Give it to them "
                             "by a safe route; they cannot change it themselves yet",
                             NULL, view_error_for(errs, nerr, "password"),
                             "govuk-!-width-one-half", "password", "new-password", 1};
    view_input(h, &in);
    html_lit(h, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">Add the user</button>"
                "<a class=\"govuk-link\" href=\"/users\">Cancel</a></div></form></div></div>");
    return web_page_end(req, resp);
}

int page_user_new(struct web_request *req, struct web_response *resp)
{
    struct user_form f = {0};
    int rc;
    if ((rc = web_require(req, ROLE_ADMIN)))
        return rc;
    return user_form_page(req, resp, 200, &f, NULL, 0);
}

static int too_long(const char *s)
{
    return s && strlen(s) > 200;
}

int page_user_create(struct web_request *req, struct web_response *resp)
{
    struct user_form f;
    struct user u = {0};
    struct web_field_error errs[8];
    struct view_choice roles = {0}, clearances = {0};
    struct err e = {0};
    const char *problem;
    size_t nerr = 0;
    int rc;

    if ((rc = web_require(req, ROLE_ADMIN)))
        return rc;
    f.name = view_trim(req->arena, web_form(req, "name"));
    f.role = web_form(req, "role");
    f.owner_name = view_trim(req->arena, web_form(req, "owner_name"));
    f.directorate = view_trim(req->arena, web_form(req, "directorate"));
    f.email = view_trim(req->arena, web_form(req, "email"));
    f.clearance = web_form(req, "clearance");
    f.password = web_form(req, "password");
    roles.values = ROLE_VALUES, roles.n = NWORDS(ROLE_VALUES);
    clearances.values = CLEARANCE_VALUES, clearances.n = NWORDS(CLEARANCE_VALUES);

    if (!f.name || !*f.name)
        errs[nerr++] = (struct web_field_error){"name", "Enter a username"};
    else if ((problem = user_name_problem(f.name)))
        errs[nerr++] = (struct web_field_error){"name", problem};
    if (!view_choice_ok(&roles, f.role))
        errs[nerr++] = (struct web_field_error){"role", "Choose a role"};
    if (too_long(f.owner_name))
        errs[nerr++] = (struct web_field_error){"owner_name", "The owner name must be 200 "
                                                              "characters or fewer"};
    if (too_long(f.directorate))
        errs[nerr++] = (struct web_field_error){"directorate", "The directorate must be 200 "
                                                               "characters or fewer"};
    if (too_long(f.email) || (f.email && *f.email && !strchr(f.email, '@')))
        errs[nerr++] = (struct web_field_error){"email", "Enter an email address like "
                                                         "name@example.org, or leave it empty"};
    if (!view_choice_ok(&clearances, f.clearance))
        errs[nerr++] = (struct web_field_error){"clearance", "Choose whether they may read "
                                                             "restricted items"};
    if (!f.password || !*f.password)
        errs[nerr++] = (struct web_field_error){"password", "Enter a password"};
    else if ((problem = user_password_problem(f.password)))
        errs[nerr++] = (struct web_field_error){"password", problem};
    if (nerr)
        return user_form_page(req, resp, 400, &f, errs, nerr);

    u.name = f.name;
    u.role = (enum role)vocab_parse(&VOCAB_ROLE, f.role, strlen(f.role));
    u.owner_name = f.owner_name && *f.owner_name ? f.owner_name : NULL;
    u.directorate = f.directorate && *f.directorate ? f.directorate : NULL;
    u.email = f.email && *f.email ? f.email : NULL;
    u.clearance = strcmp(f.clearance, "restricted") == 0 ? MK_RESTRICTED : MK_NONE;
    rc = users_add(req->store, &u, f.password, &e);
    if (rc == ERR_CONFLICT) {
        errs[0] = (struct web_field_error){
            "name", arena_printf(req->arena, "There is already a user called %s", f.name)};
        return user_form_page(req, resp, 400, &f, errs, 1);
    }
    if (rc)
        return web_fail(req, resp, &e);
    return web_redirect(resp, arena_printf(req->arena, "/users?changed=added&user=%s",
                                           view_urlenc(req->arena, u.name)));
}

/* ---- disabling, passwords ------------------------------------------------ */

int page_user_disabled(struct web_request *req, struct web_response *resp)
{
    const char *name = web_param(req, "name"), *d = web_form(req, "disabled");
    struct err e = {0};
    int rc, disable;

    if ((rc = web_require(req, ROLE_ADMIN)))
        return rc;
    if (!d || (strcmp(d, "0") != 0 && strcmp(d, "1") != 0))
        return web_error(resp, 400, "Say whether to disable the user (1) or enable them (0).");
    disable = d[0] == '1';
    if (disable && strcmp(name, req->user->name) == 0)
        return web_error(resp, 400, "You cannot disable your own account: ask another "
                                    "administrator.");
    if ((rc = users_set_disabled(req->store, name, disable, req->arena, &e)))
        return rc == ERR_NOTFOUND ? web_error(resp, 404, "There is no such user.")
                                  : web_fail(req, resp, &e);
    return web_redirect(resp, arena_printf(req->arena, "/users?changed=%s&user=%s",
                                           disable ? "disabled" : "enabled",
                                           view_urlenc(req->arena, name)));
}

static int password_page(struct web_request *req, struct web_response *resp, int status,
                         const struct user *u, const char *error)
{
    struct web_field_error err = {"password", error};
    const char *title = arena_printf(req->arena, "%sA new password for %s", error ? "Error: " : "",
                                     u->name);
    struct html *h = web_page_begin(req, resp, status, title, NAV_USERS);
    struct view_input in = {"password", "New password", "At least 12 characters. Their "
                            "sessions end, so they sign in again with it",
                            NULL, error, "govuk-!-width-one-half", "password", "new-password", 1};

    html_lit(h, "<a class=\"govuk-back-link\" href=\"/users\">Users</a>"
                "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    web_error_summary(h, &err, error ? 1 : 0);
    html_lit(h, "<h1 class=\"govuk-heading-l\">A new password for ");
    html_text(h, u->name);
    html_lit(h, "</h1><form method=\"post\" novalidate=\"novalidate\"");
    html_url(h, "action",
             arena_printf(req->arena, "/users/%s/password", view_urlenc(req->arena, u->name)));
    html_lit(h, ">");
    web_csrf_field(req, h);
    /* A field for the user's name helps password managers file the new
     * password under the right account. */
    html_lit(h, "<input type=\"hidden\" name=\"username\" autocomplete=\"username\"");
    html_attr(h, "value", u->name);
    html_lit(h, "/>");
    view_input(h, &in);
    html_lit(h, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">Set the password</button>"
                "<a class=\"govuk-link\" href=\"/users\">Cancel</a></div></form></div></div>");
    return web_page_end(req, resp);
}

static int user_named(struct web_request *req, struct web_response *resp, struct user **u)
{
    struct err e = {0};
    int rc = store_user_find(req->store, web_param(req, "name"), req->arena, u, &e);
    if (rc == ERR_NOTFOUND)
        return web_error(resp, 404, "There is no such user.");
    return rc ? web_fail(req, resp, &e) : 0;
}

int page_user_password_form(struct web_request *req, struct web_response *resp)
{
    struct user *u;
    int rc;
    if ((rc = web_require(req, ROLE_ADMIN)) || (rc = user_named(req, resp, &u)))
        return rc;
    return password_page(req, resp, 200, u, NULL);
}

int page_user_password(struct web_request *req, struct web_response *resp)
{
    const char *password = web_form(req, "password"), *problem;
    struct user *u;
    struct err e = {0};
    int rc;

    if ((rc = web_require(req, ROLE_ADMIN)) || (rc = user_named(req, resp, &u)))
        return rc;
    if (!password || !*password)
        return password_page(req, resp, 400, u, "Enter the new password");
    if ((problem = user_password_problem(password)))
        return password_page(req, resp, 400, u, problem);
    if ((rc = users_set_password(req->store, u->name, password, req->arena, &e)))
        return web_fail(req, resp, &e);
    /* A new password for oneself ends one's own session too. */
    if (strcmp(u->name, req->user->name) == 0)
        return web_redirect(resp, "/login");
    return web_redirect(resp, arena_printf(req->arena, "/users?changed=password&user=%s",
                                           view_urlenc(req->arena, u->name)));
}
