/* layout.c -- the page chrome, the form pieces and the error pages. */
#include "web/layout.h"

#include <stdio.h>
#include <string.h>

#include "domain/user.h"
#include "web/app.h"
#include "web/assets.h"

/* Each item only for the roles its page lets in, so that no link leads
 * to "You cannot do this". */
static const struct nav_item {
    enum web_nav nav;
    const char *label, *href;
    enum role need;
} NAV[] = {
    {NAV_DASHBOARD, "Dashboard", "/", ROLE_VIEWER},
    {NAV_ACTIONS, "Actions", "/actions", ROLE_VIEWER},
    {NAV_SOURCES, "Sources", "/sources", ROLE_VIEWER},
    {NAV_MEASURES, "Measures", "/measures", ROLE_VIEWER},
    {NAV_IMPORT, "Import", "/import", ROLE_EDITOR},
    {NAV_PAPERS, "Papers", "/papers", ROLE_VIEWER},
    {NAV_AUDIT, "Audit log", "/audit", ROLE_ADMIN},
    {NAV_USERS, "Users", "/users", ROLE_ADMIN},
};

static const char *asset(struct web_request *req, const char *name)
{
    return arena_printf(req->arena, "/assets/%s/%s", WEB_ASSET_VERSION, name);
}

static void header(struct web_request *req, struct html *h)
{
    html_lit(h, "<header class=\"moj-header\"><div class=\"moj-header__container\">"
                "<div class=\"moj-header__logo\">");
    if (req->org && *req->org) {
        html_lit(h, "<a class=\"moj-header__link moj-header__link--organisation-name\" href=\"/\">");
        html_text(h, req->org);
        html_lit(h, "</a> ");
    }
    html_lit(h, "<a class=\"moj-header__link moj-header__link--service-name\" href=\"/\">"
                "oversight</a></div>");
    if (req->user) {
        html_lit(h, "<div class=\"moj-header__content\">"
                    "<nav class=\"moj-header__navigation\" aria-label=\"Account\">"
                    "<ul class=\"moj-header__navigation-list\">"
                    "<li class=\"moj-header__navigation-item\">"
                    "<span class=\"govuk-visually-hidden\">Signed in as </span>");
        html_text(h, req->user->name);
        html_lit(h, "</li>");
        /* Only a browser session can sign out; an API token has no page. */
        if (req->session) {
            html_lit(h, "<li class=\"moj-header__navigation-item\">"
                        "<form class=\"app-header__signout\" method=\"post\" action=\"/logout\">");
            web_csrf_field(req, h);
            html_lit(h, "<button type=\"submit\" class=\"app-header__signout-button\">"
                        "Sign out</button></form></li>");
        }
        html_lit(h, "</ul></nav></div>");
    }
    html_lit(h, "</div></header>");
}

static void navigation(struct web_request *req, struct html *h, enum web_nav current)
{
    if (!req->user)
        return;
    html_lit(h, "<div class=\"govuk-service-navigation\" data-module=\"govuk-service-navigation\">"
                "<div class=\"govuk-width-container\">"
                "<div class=\"govuk-service-navigation__container\">"
                "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">"
                "<button type=\"button\" class=\"govuk-service-navigation__toggle "
                "govuk-js-service-navigation-toggle\" aria-controls=\"navigation\" "
                "hidden=\"hidden\" aria-hidden=\"true\">Menu</button>"
                "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">");
    for (size_t i = 0; i < sizeof NAV / sizeof *NAV; i++) {
        const struct nav_item *it = &NAV[i];
        if (!role_allows(req->user->role, it->need))
            continue;
        if (it->nav == current) {
            html_lit(h, "<li class=\"govuk-service-navigation__item "
                        "govuk-service-navigation__item--active\">"
                        "<a class=\"govuk-service-navigation__link\" aria-current=\"page\"");
            html_url(h, "href", it->href);
            html_lit(h, "><strong class=\"govuk-service-navigation__active-fallback\">");
            html_text(h, it->label);
            html_lit(h, "</strong></a></li>");
        } else {
            html_lit(h, "<li class=\"govuk-service-navigation__item\">"
                        "<a class=\"govuk-service-navigation__link\"");
            html_url(h, "href", it->href);
            html_lit(h, ">");
            html_text(h, it->label);
            html_lit(h, "</a></li>");
        }
    }
    html_lit(h, "</ul></nav></div></div></div>");
}

struct html *web_page_begin(struct web_request *req, struct web_response *resp, int status,
                            const char *title, enum web_nav current)
{
    struct html *h = &resp->html;

    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
    buf_reset(&resp->body);
    html_init(h, &resp->body);
    html_lit(h, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\"><head>"
                "<meta charset=\"utf-8\"/><title>");
    html_text(h, title);
    html_lit(h, " \xE2\x80\x93 oversight</title>"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, "
                "viewport-fit=cover\"/><meta name=\"theme-color\" content=\"#0b0c0c\"/>"
                "<link rel=\"icon\" type=\"image/svg+xml\"");
    html_url(h, "href", asset(req, "favicon.svg"));
    html_lit(h, "/><link rel=\"stylesheet\"");
    html_url(h, "href", asset(req, "app.css"));
    html_lit(h, "/><script type=\"module\"");
    html_url(h, "src", asset(req, "app.js"));
    html_lit(h, "></script></head><body class=\"govuk-template__body\"><script");
    /* Marks the page as scripted before it is drawn, as GOV.UK Frontend's
     * inline snippet would, from a file since the policy forbids inline
     * script. */
    html_url(h, "src", asset(req, "js-enabled.js"));
    html_lit(h, "></script><a href=\"#main-content\" class=\"govuk-skip-link\" "
                "data-module=\"govuk-skip-link\">Skip to main content</a>");
    header(req, h);
    navigation(req, h, current);
    html_lit(h, "<div class=\"govuk-width-container\">"
                "<main class=\"govuk-main-wrapper\" id=\"main-content\">");
    return h;
}

int web_page_end(struct web_request *req, struct web_response *resp)
{
    struct html *h = &resp->html;
    html_lit(h, "</main></div><footer class=\"govuk-footer\"><div class=\"govuk-width-container\">"
                "<div class=\"govuk-footer__meta\">"
                "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">"
                "<p class=\"govuk-body-s govuk-!-margin-bottom-0\">oversight");
    if (req->org && *req->org) {
        html_lit(h, " for ");
        html_text(h, req->org);
    }
    html_lit(h, ": the register of inspection, audit and committee actions.</p>"
                "</div></div></div></footer></body></html>\n");
    if (html_status(h)) {
        web_log(req, "the page is larger than the response limit");
        return 500;
    }
    return 0;
}

void web_csrf_field(const struct web_request *req, struct html *h)
{
    html_lit(h, "<input type=\"hidden\" name=\"csrf\"");
    html_attr(h, "value", req->csrf ? req->csrf : "");
    html_lit(h, "/>");
}

void web_error_summary(struct html *h, const struct web_field_error *errs, size_t n)
{
    if (!n)
        return;
    html_lit(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
                "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">"
                "There is a problem</h2><div class=\"govuk-error-summary__body\">"
                "<ul class=\"govuk-list govuk-error-summary__list\">");
    for (size_t i = 0; i < n; i++) {
        html_lit(h, "<li>");
        if (errs[i].field) {
            char href[128];
            snprintf(href, sizeof href, "#%s", errs[i].field);
            html_lit(h, "<a");
            html_url(h, "href", href);
            html_lit(h, ">");
            html_text(h, errs[i].message);
            html_lit(h, "</a>");
        } else {
            html_text(h, errs[i].message);
        }
        html_lit(h, "</li>");
    }
    html_lit(h, "</ul></div></div></div>");
}

static const struct error_words {
    int status;
    const char *title, *text;
} ERRORS[] = {
    {400, "Sorry, there is a problem with the request",
     "The address or the form could not be understood. Check it and try again."},
    {403, "You cannot do this", "Your account does not allow it. If you need to, ask an administrator."},
    {404, "Page not found",
     "If you typed the web address, check it is correct. If you pasted the web address, check "
     "you copied the entire address."},
    {405, "Sorry, this page cannot be used that way",
     "Go back to the page you came from and use its links and buttons."},
    {409, "Sorry, that has changed", "Someone else changed it first. Go back, reload the page "
                                     "and try again."},
    {413, "The form or file is too large",
     "A form can send at most 1 MB, and an upload at most 20 MB."},
    {415, "Sorry, that kind of upload is not accepted",
     "Send the form from its page, or the file as a form upload."},
    {429, "Too many attempts", "Wait a few minutes and try again."},
    {431, "The request is too large",
     "Your browser sent more than this service accepts. Clear the cookies for this site and "
     "try again."},
    {503, "Sorry, the service is unavailable", "Try again later."},
};

void web_error_page(struct web_request *req, struct web_response *resp, int status)
{
    const char *title = "Sorry, there is a problem with the service", *text = "Try again later.";
    struct html *h;

    for (size_t i = 0; i < sizeof ERRORS / sizeof *ERRORS; i++)
        if (ERRORS[i].status == status) {
            title = ERRORS[i].title;
            text = ERRORS[i].text;
        }
    if (resp->message)
        text = resp->message;
    h = web_page_begin(req, resp, status, title, NAV_NONE);
    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                "<h1 class=\"govuk-heading-l\">");
    html_text(h, title);
    html_lit(h, "</h1><p class=\"govuk-body\">");
    html_text(h, text);
    html_lit(h, "</p>");
    if (!req->user && status != 431 && status != 503)
        html_lit(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/login\">"
                    "Sign in</a></p>");
    else if (req->user)
        html_lit(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">"
                    "Go to the dashboard</a></p>");
    html_lit(h, "</div></div>");
    if (web_page_end(req, resp))
        web_text(resp, status, title);
    resp->status = status;
}
