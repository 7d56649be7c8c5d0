/* routes.c -- the routing table: every URL the web application answers.
 *
 * To add a page: write its handler in a page_*.c (or api_*.c) file,
 * declare it in pages.h, and add a line here. Patterns are matched over
 * the undecoded path (router.h), first match wins. Flags (router.h): a
 * route answers only signed-in users unless WEB_ANON; WEB_API makes its
 * errors JSON. The role a page needs is checked in its handler
 * (web_require), CSRF for every POST by the application (app.h). */
#include "web/pages.h"
#include "web/router.h"

const struct web_route WEB_ROUTES[] = {
    /* open to everyone */
    {WEB_GET, "/health", page_health, WEB_ANON},
    {WEB_GET, "/assets/:version/*name", page_asset, WEB_ANON | WEB_NO_STORE},
    {WEB_GET, "/login", page_login_form, WEB_ANON},
    {WEB_POST, "/login", page_login_post, WEB_ANON},
    /* signed in */
    {WEB_POST, "/logout", page_logout, 0},
    {WEB_GET, "/", page_dashboard, 0},
    /* the JSON API */
    {WEB_GET, "/api/me", api_me, WEB_API},
};

const size_t WEB_NROUTES = sizeof WEB_ROUTES / sizeof WEB_ROUTES[0];
