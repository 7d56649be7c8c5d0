/* http.h -- an HTTP request and its response as the web application sees
 * them, independent of the server library (server.c is the only file that
 * knows libmicrohttpd).
 *
 * Memory: everything a request holds -- its headers, body, parsed fields,
 * the records a handler reads -- comes from req->arena and is freed at once
 * when the response has been sent; nothing is freed individually. Strings
 * returned by the accessors below live as long as the request. */
#ifndef OVERSIGHT_HTTP_H
#define OVERSIGHT_HTTP_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "format/html.h"

/* Limits the server enforces before a request reaches the application. */
#define WEB_MAX_HEADER_BYTES 16384        /* request line and headers: past it, 431 */
#define WEB_MAX_HEADERS 100               /* header lines: past it, 431 */
#define WEB_MAX_BODY ((size_t)1 << 20)    /* a form or JSON body: past it, 413 */
#define WEB_MAX_UPLOAD ((size_t)20 << 20) /* a file in a multipart/form-data body */
#define WEB_MAX_UPLOAD_BODY (WEB_MAX_UPLOAD + ((size_t)64 << 10)) /* with its form fields */
#define WEB_MAX_RESPONSE ((size_t)64 << 20)

enum web_method { WEB_GET = 1, WEB_HEAD, WEB_POST, WEB_PUT, WEB_PATCH, WEB_DELETE, WEB_OTHER };

struct web_header {
    const char *name, *value;
};

/* A form field: a name=value pair of an application/x-www-form-urlencoded
 * body or query, or a text part of a multipart/form-data body. Both are
 * NUL-terminated and valid UTF-8 without NUL bytes. */
struct web_field {
    const char *name, *value;
};

struct multipart_part;
struct json_value;
struct web_app;
struct web_route;
struct store;
struct user;
struct session;

struct web_request {
    struct arena *arena;
    enum web_method method;
    const char *method_name;
    const char *path;         /* as received, NOT percent-decoded; without the query */
    const char *query;        /* as received after '?', "" when none */
    const struct web_header *headers;
    size_t nheaders;
    const char *body;         /* NUL-terminated; may also hold NULs (uploads) */
    size_t body_len;
    const char *remote_addr;  /* "127.0.0.1", "::1" */
    int refused;              /* 413 or 431 when the server refused it at a limit; else 0 */

    /* Filled in by the application (app.c) before a handler runs. */
    struct web_app *app;
    const struct web_route *route;
    const char **param_names; /* the route's :name segments (without ':') */
    const char **params;      /* and their values, each segment percent-decoded alone */
    size_t nparams;
    struct store *store;      /* the register, inside this request's transaction */
    struct user *user;        /* who is signed in; NULL: nobody */
    struct session *session;  /* their browser session; NULL when signed in by API token */
    const char *csrf;         /* the token this visitor's forms must carry */
    const char *org;          /* the organisation's name (setting "org"), or NULL */
    int https;                /* the deployment is served over HTTPS (setting "web_https") */
    int session_hours;        /* how long a sign-in lasts (setting "web_session_hours") */
    struct web_field *query_fields, *form;
    size_t nquery, nform;
    struct multipart_part *parts; /* every part of a multipart/form-data body */
    size_t nparts;
    struct json_value *json;  /* an application/json body */
};

/* The header's value (name compared without case), or NULL. */
const char *web_header(const struct web_request *req, const char *name);
/* The value of cookie name (from every Cookie header), or NULL. */
const char *web_cookie(const struct web_request *req, const char *name);
/* A query parameter, a form field (urlencoded or multipart text part), or a
 * path parameter of the route (by its :name in the pattern): NULL if none. */
const char *web_query(const struct web_request *req, const char *name);
const char *web_form(const struct web_request *req, const char *name);
const char *web_param(const struct web_request *req, const char *name);

struct web_response {
    int status;
    const char *content_type;    /* default: text/html; charset=utf-8 */
    struct web_header *headers;  /* in the request's arena */
    size_t nheaders, cap;
    struct buf body;
    struct html html;            /* writes into body (layout.h) */
    const unsigned char *static_body; /* when set, sent instead of body, not copied */
    size_t static_len;
    const char *message;         /* for an error page: the sentence to show, or NULL */
    int delay_ms;                /* wait this long, after the transaction, before answering */
    struct arena *arena;
};

/* Adds a header (name and value copied into the request's arena). A
 * header the application always sets (security headers, Cache-Control) is
 * only added when the handler has not set it. */
void web_set_header(struct web_response *resp, const char *name, const char *value);
const char *web_response_header(const struct web_response *resp, const char *name);
/* A 303 See Other to a path of this service. */
int web_redirect(struct web_response *resp, const char *location);
/* A plain-text or JSON body with its status. */
int web_text(struct web_response *resp, int status, const char *text);
int web_json(struct web_response *resp, int status, const struct buf *json);
/* The status's reason phrase ("Not Found"). */
const char *web_status_text(int status);

/* Percent-decodes s[0..n) into the arena: NULL when it holds a bad escape,
 * a NUL, or bytes that are not UTF-8. plus: '+' is a space (forms, queries). */
char *web_pct_decode(struct arena *a, const char *s, size_t n, int plus);
/* Whether s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int web_utf8_valid(const char *s, size_t n);

#endif
