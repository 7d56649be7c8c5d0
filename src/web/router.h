/* router.h -- which handler answers a request: a table of method and path
 * pattern, matched over the path as received, segment by segment.
 *
 * Routing works on the undecoded path: the path is split at '/' first and
 * each segment is percent-decoded on its own afterwards, so an encoded
 * slash stays inside its segment -- the action whose ref is 7/2023/P has
 * its page at /actions/7%2F2023%2FP, and that path matches "/actions/:ref"
 * with ref = "7/2023/P".
 *
 * A pattern is "/" or a sequence of "/segment" where a segment is literal
 * text (compared with the decoded segment), ":name" (any one non-empty
 * segment, decoded, available as web_param(req, "name")), or, last, "*name"
 * (the rest of the path, one or more segments, NOT decoded). GET routes
 * answer HEAD as well. */
#ifndef OVERSIGHT_ROUTER_H
#define OVERSIGHT_ROUTER_H

#include <stddef.h>

#include "base/arena.h"
#include "web/http.h"

/* What a route needs around its handler (app.c provides it). */
enum {
    WEB_ANON = 1,     /* answers visitors who have not signed in */
    WEB_NO_STORE = 2, /* needs no register (no connection, no transaction) */
    WEB_API = 4,      /* a JSON API route: errors as JSON, 401 rather than a sign-in redirect */
    WEB_CACHE = 8,    /* a GET page kept once rendered, until the register changes (cache.h) */
};

struct web_route {
    enum web_method method;
    const char *pattern;
    /* Fills resp and returns 0, or returns an HTTP status >= 400 for the
     * application to answer with its standard error page (app.h). */
    int (*handler)(struct web_request *req, struct web_response *resp);
    int flags;
};

/* The routing table, in routes.c. */
extern const struct web_route WEB_ROUTES[];
extern const size_t WEB_NROUTES;

/* Finds the route for method and the raw path among routes[0..n). Returns 0
 * and sets *route, req-style param_names/params/nparams (in arena a); or
 * 404 when no pattern matches the path, 405 when patterns match but none
 * for this method (with the allowed methods in *allow, "GET, POST"), 400
 * when a segment that had to be decoded holds a bad %-escape, a NUL or
 * bytes that are not UTF-8. */
int router_match(const struct web_route *routes, size_t n, enum web_method method,
                 const char *path, struct arena *a, const struct web_route **route,
                 const char ***names, const char ***params, size_t *nparams, const char **allow);

#endif
