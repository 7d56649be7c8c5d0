/* cache.h -- pages kept once rendered, for the routes flagged WEB_CACHE:
 * the actions list and the dashboard, read far more often than the
 * register changes.
 *
 * A page is kept under a key naming everything it depends on (app.c builds
 * it): the route and the request target, who is signed in and their
 * session (its CSRF token is in the page), today's date, and the
 * register's change counter as the request's transaction began (store/
 * state.h: every change to the register, users and settings included,
 * moves it). So a kept page is never stale: the first request after any
 * change renders afresh, and what it renders is kept in turn. Only 200
 * responses are kept, at most WEB_CACHE_ENTRIES of them and
 * WEB_CACHE_BYTES in all, the least recently used going first. Shared by
 * the server's worker threads (a mutex). */
#ifndef OVERSIGHT_WEB_CACHE_H
#define OVERSIGHT_WEB_CACHE_H

#include <stddef.h>

#include "web/http.h"

#define WEB_CACHE_ENTRIES 256
#define WEB_CACHE_BYTES ((size_t)64 << 20)

struct web_cache;

struct web_cache *web_cache_new(void);
void web_cache_free(struct web_cache *c);

/* The page kept under key into resp (its status, type, headers and body,
 * copied): 1, or 0 when none is. */
int web_cache_get(struct web_cache *c, const char *key, struct web_response *resp);
/* Keeps resp (a 200 with its body in resp->body) under key. */
void web_cache_put(struct web_cache *c, const char *key, const struct web_response *resp);

#endif
