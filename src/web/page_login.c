/* page_login.c -- signing in and out: GET and POST /login, POST /logout.
 *
 * The sign-in form is the example of a form page: GOV.UK form groups, an
 * error summary, the CSRF field, values kept when the form comes back with
 * errors. A failed sign-in is recorded (service/users.c), so it answers
 * 200 with the form again: an error status would roll the record back. The
 * answer to each failure is slowed, more with each one, after the
 * transaction has ended so that the wait holds no lock. */
#include <stdio.h>
#include <string.h>

#include "service/users.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"

/* Where to go after signing in: a path of this service, or the dashboard.
 * "//host" and "/\host" are other sites to a browser, so refused. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return "/";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\' || *p == 0x7f)
            return "/";
    return next;
}

/* The form, with what was typed and what was wrong. */
static int login_page(struct web_request *req, struct web_response *resp, int status,
                      const char *username, const struct web_field_error *errs, size_t nerr)
{
    const char *next = web_form(req, "next") ? web_form(req, "next") : web_query(req, "next");
    const char *user_error = NULL, *pass_error = NULL;
    struct html *h;

    for (size_t i = 0; i < nerr; i++) {
        if (errs[i].field && strcmp(errs[i].field, "username") == 0)
            user_error = errs[i].message;
        else if (errs[i].field && strcmp(errs[i].field, "password") == 0)
            pass_error = errs[i].message;
    }
    h = web_page_begin(req, resp, status, nerr ? "Error: Sign in" : "Sign in", NAV_NONE);
    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    web_error_summary(h, errs, nerr);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Sign in</h1>"
                "<form method=\"post\" action=\"/login\" novalidate=\"novalidate\">");
    web_csrf_field(req, h);
    if (next && strcmp(safe_next(next), "/") != 0) {
        html_lit(h, "<input type=\"hidden\" name=\"next\"");
        html_attr(h, "value", next);
        html_lit(h, "/>");
    }

    html_lit(h, "<div class=\"govuk-form-group");
    if (user_error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\"><label class=\"govuk-label\" for=\"username\">Username</label>");
    if (user_error) {
        html_lit(h, "<p id=\"username-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> ");
        html_text(h, user_error);
        html_lit(h, "</p>");
    }
    html_lit(h, "<input class=\"govuk-input govuk-!-width-one-half");
    if (user_error)
        html_lit(h, " govuk-input--error\" aria-describedby=\"username-error");
    html_lit(h, "\" id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\" "
                "spellcheck=\"false\" autocapitalize=\"none\"");
    html_attr(h, "value", username ? username : "");
    html_lit(h, "/></div>");

    /* GOV.UK's password input: a Show button once the script has run. */
    html_lit(h, "<div class=\"govuk-form-group govuk-password-input");
    if (pass_error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\" data-module=\"govuk-password-input\">"
                "<label class=\"govuk-label\" for=\"password\">Password</label>");
    if (pass_error) {
        html_lit(h, "<p id=\"password-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> ");
        html_text(h, pass_error);
        html_lit(h, "</p>");
    }
    html_lit(h, "<div class=\"govuk-input__wrapper govuk-password-input__wrapper\">"
                "<input class=\"govuk-input govuk-!-width-one-half govuk-password-input__input "
                "govuk-js-password-input-input");
    if (pass_error)
        html_lit(h, " govuk-input--error\" aria-describedby=\"password-error");
    html_lit(h, "\" id=\"password\" name=\"password\" type=\"password\" spellcheck=\"false\" "
                "autocomplete=\"current-password\" autocapitalize=\"none\"/>"
                "<button type=\"button\" class=\"govuk-button govuk-button--secondary "
                "govuk-password-input__toggle govuk-js-password-input-toggle\" "
                "data-module=\"govuk-button\" aria-controls=\"password\" "
                "aria-label=\"Show password\" hidden=\"hidden\">Show</button></div></div>");

    html_lit(h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Sign in</button></form>"
                "<p class=\"govuk-body\">If you have forgotten your password or do not have an "
                "account, ask an administrator of the register.</p></div></div>");
    return web_page_end(req, resp);
}

int page_login_form(struct web_request *req, struct web_response *resp)
{
    if (req->user)
        return web_redirect(resp, safe_next(web_query(req, "next")));
    return login_page(req, resp, 200, NULL, NULL, 0);
}

int page_login_post(struct web_request *req, struct web_response *resp)
{
    const char *username = web_form(req, "username"), *password = web_form(req, "password");
    struct web_field_error errs[2];
    struct login lg;
    struct err e = {0};
    size_t nerr = 0;
    int rc;

    if (!username || !*username)
        errs[nerr++] = (struct web_field_error){"username", "Enter your username"};
    if (!password || !*password)
        errs[nerr++] = (struct web_field_error){"password", "Enter your password"};
    if (nerr)
        return login_page(req, resp, 400, username, errs, nerr);
    if ((rc = users_login(req->store, username, password, req->remote_addr, req->session_hours,
                          req->arena, &lg, &e)))
        return web_fail(req, resp, &e);
    if (lg.result == LOGIN_LIMITED) {
        char retry[16];
        errs[0] = (struct web_field_error){
            NULL, "There have been too many failed attempts to sign in. Wait 15 minutes, "
                  "then try again."};
        snprintf(retry, sizeof retry, "%d", LOGIN_WINDOW_MINUTES * 60);
        web_set_header(resp, "Retry-After", retry);
        return login_page(req, resp, 429, username, errs, 1);
    }
    if (lg.result == LOGIN_WRONG) {
        long d = 250;
        for (long i = 1; i < lg.failures && d < 3000; i++)
            d *= 2;
        resp->delay_ms = d < 3000 ? (int)d : 3000;
        errs[0] = (struct web_field_error){"username", "The username or password is not right"};
        return login_page(req, resp, 200, username, errs, 1);
    }
    web_set_cookie(req, resp, WEB_SESSION_COOKIE, lg.token, (long)req->session_hours * 3600);
    web_set_cookie(req, resp, WEB_CSRF_COOKIE, NULL, 0);
    return web_redirect(resp, safe_next(web_form(req, "next")));
}

int page_logout(struct web_request *req, struct web_response *resp)
{
    struct err e = {0};
    const char *token = web_cookie(req, WEB_SESSION_COOKIE);
    if (req->session && token && users_logout(req->store, token, &e))
        return web_fail(req, resp, &e);
    web_set_cookie(req, resp, WEB_SESSION_COOKIE, NULL, 0);
    return web_redirect(resp, "/login");
}
