/* app.h -- the web application: what happens to every request between the
 * server (server.c) and a route's handler, and the helpers handlers use.
 *
 * For each request, web_app_handle: finds the route (router.h); opens this
 * worker thread's connection to the register if it has none; begins one
 * transaction (BEGIN for GET and HEAD, BEGIN IMMEDIATE otherwise); reads
 * the settings the pages need; finds who is signed in (session cookie, or
 * an API token in "Authorization: Bearer"); parses the body (form,
 * multipart or JSON, by Content-Type); refuses visitors who have not signed
 * in (a redirect to /login, or 401 for the API) unless the route is
 * WEB_ANON; refuses with 403 any POST from a browser that does not carry
 * its CSRF token; runs the handler; commits when the status is below 400
 * and rolls back otherwise; and puts the security headers on every
 * response, error pages and assets included.
 *
 * A handler therefore never opens, commits or rolls back anything, and
 * never checks CSRF; it checks the role it needs with web_require, and
 * returns 0 with resp filled, or an HTTP status for the standard error
 * page. */
#ifndef OVERSIGHT_APP_H
#define OVERSIGHT_APP_H

#include "base/err.h"
#include "domain/user.h"
#include "web/http.h"

struct web_app;

/* The application over the register at db_path (which must exist). */
int web_app_new(struct web_app **out, const char *db_path, struct err *e);
void web_app_free(struct web_app *app);
/* Answers from another routing table than WEB_ROUTES (tests). */
struct web_route;
void web_app_routes(struct web_app *app, const struct web_route *routes, size_t n);
/* Answers one complete request (called from the server's worker threads,
 * concurrently: everything per request is in req and resp). */
void web_app_handle(struct web_app *app, struct web_request *req, struct web_response *resp);

/* Names of the cookies: the session, and the CSRF token of a visitor not
 * yet signed in (double-submitted by the sign-in form). */
#define WEB_SESSION_COOKIE "oversight_session"
#define WEB_CSRF_COOKIE "oversight_csrf"

/* 0 when the signed-in user's role allows what role need is for
 * (role_allows in domain/user.h), else 403: `if ((rc = web_require(req,
 * ROLE_EDITOR))) return rc;` */
int web_require(const struct web_request *req, enum role need);

/* An error status with the sentence its page shows instead of the
 * standard one: `return web_error(resp, 404, "There is no action 7/2023/P");` */
int web_error(struct web_response *resp, int status, const char *message);
/* The status for a failed store or service call (ERR_NOTFOUND 404,
 * ERR_INPUT 400, ERR_DENIED 403, ERR_CONFLICT 409, ERR_LIMIT 413, anything
 * else 500), with the error's message shown, except for 500, whose message
 * goes to the log and not to the page. */
int web_fail(struct web_request *req, struct web_response *resp, const struct err *e);

/* Sets (value non-NULL) or clears a cookie: Path=/, HttpOnly, SameSite=Lax,
 * Secure when the deployment is served over HTTPS; max_age seconds (0: for
 * the browser's session only). */
void web_set_cookie(const struct web_request *req, struct web_response *resp, const char *name,
                    const char *value, long max_age);

/* Writes a line to the server's log (standard error) with the request. */
void web_log(const struct web_request *req, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
