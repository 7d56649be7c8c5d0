/* app.c -- every request's way through the application: route, register
 * connection and transaction, identity, body, the checks every route gets,
 * the handler, commit or rollback, security headers, the log line. */
#include "web/app.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "base/secret.h"
#include "base/xalloc.h"
#include "service/users.h"
#include "store/state.h"
#include "web/cache.h"
#include "web/form.h"
#include "web/json.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/router.h"

struct web_app {
    char *db_path;
    const struct web_route *routes; /* WEB_ROUTES, or a test's own table */
    size_t nroutes;
    /* Each worker thread keeps its own connection, opened on its first
     * request and closed when the thread ends (SQLite connections are not
     * shared between threads here: the store opens them NOMUTEX). */
    pthread_key_t store_key;
    struct web_cache *cache; /* pages of WEB_CACHE routes, once rendered */
};

/* The policy allows our own files only: no inline script or style, no
 * framing, forms posting only here. */
static const char CSP[] = "default-src 'self'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
                          "base-uri 'none'";

static void close_store(void *s)
{
    store_close(s);
}

int web_app_new(struct web_app **out, const char *db_path, struct err *e)
{
    struct web_app *app = xcalloc(1, sizeof *app);
    if (pthread_key_create(&app->store_key, close_store) != 0) {
        free(app);
        return err_set(e, ERR_IO, "cannot create thread-local storage");
    }
    app->db_path = xstrdup(db_path);
    app->routes = WEB_ROUTES;
    app->nroutes = WEB_NROUTES;
    app->cache = web_cache_new();
    *out = app;
    return 0;
}

void web_app_routes(struct web_app *app, const struct web_route *routes, size_t n)
{
    app->routes = routes;
    app->nroutes = n;
}

void web_app_free(struct web_app *app)
{
    struct store *s;
    if (!app)
        return;
    /* The calling thread's connection, if it served requests itself (tests). */
    if ((s = pthread_getspecific(app->store_key))) {
        store_close(s);
        pthread_setspecific(app->store_key, NULL);
    }
    pthread_key_delete(app->store_key);
    web_cache_free(app->cache);
    free(app->db_path);
    free(app);
}

static struct store *thread_store(struct web_app *app, struct err *e)
{
    struct store *s = pthread_getspecific(app->store_key);
    if (!s && store_open(&s, app->db_path, STORE_EXISTING, e) == 0)
        pthread_setspecific(app->store_key, s);
    return s;
}

void web_log(const struct web_request *req, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "oversight serve: %s %s: %s\n", req->method_name ? req->method_name : "?",
            req->path ? req->path : "?", msg);
}

int web_require(const struct web_request *req, enum role need)
{
    return req->user && role_allows(req->user->role, need) ? 0 : 403;
}

int web_error(struct web_response *resp, int status, const char *message)
{
    resp->message = message ? arena_strdup(resp->arena, message) : NULL;
    return status;
}

int web_fail(struct web_request *req, struct web_response *resp, const struct err *e)
{
    switch (e->code) {
    case ERR_NOTFOUND: return web_error(resp, 404, e->msg);
    case ERR_INPUT:
    case ERR_USAGE: return web_error(resp, 400, e->msg);
    case ERR_DENIED: return web_error(resp, 403, e->msg);
    case ERR_CONFLICT: return web_error(resp, 409, e->msg);
    case ERR_LIMIT: return web_error(resp, 413, e->msg);
    default:
        web_log(req, "%s", e->msg);
        return 500;
    }
}

void web_set_cookie(const struct web_request *req, struct web_response *resp, const char *name,
                    const char *value, long max_age)
{
    char *c;
    if (value)
        c = arena_printf(resp->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
                         req->https ? "; Secure" : "");
    else
        c = arena_printf(resp->arena, "%s=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s", name,
                         req->https ? "; Secure" : "");
    if (value && max_age > 0)
        c = arena_printf(resp->arena, "%s; Max-Age=%ld", c, max_age);
    web_set_header(resp, "Set-Cookie", c);
}

/* A token we issued: 43 characters of base64url. Anything else in a
 * cookie is ignored rather than compared. */
static int token_shaped(const char *t)
{
    size_t n = t ? strlen(t) : 0;
    if (n != 43)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
              (t[i] >= '0' && t[i] <= '9') || t[i] == '-' || t[i] == '_'))
            return 0;
    return 1;
}

static int is_write(enum web_method m)
{
    return m != WEB_GET && m != WEB_HEAD;
}

/* The settings every page needs, read inside the request's transaction so
 * a change applies from the next request on. */
static int read_settings(struct web_request *req, struct err *e)
{
    const char *v;
    int rc;
    if ((rc = store_setting_get(req->store, "org", req->arena, &req->org, e)) ||
        (rc = store_setting_get(req->store, "web_https", req->arena, &v, e)))
        return rc;
    req->https = v && (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 ||
                       strcmp(v, "1") == 0 || strcasecmp(v, "on") == 0);
    if ((rc = store_setting_get(req->store, "web_session_hours", req->arena, &v, e)))
        return rc;
    req->session_hours = v ? atoi(v) : 0;
    if (req->session_hours < 1 || req->session_hours > 24 * 30)
        req->session_hours = SESSION_HOURS_DEFAULT;
    return 0;
}

/* Who is asking: an API token (Authorization: Bearer), else a session
 * cookie. An unknown or expired credential leaves the visitor anonymous. */
static int identify(struct web_request *req, int *bearer_bad, struct err *e)
{
    const char *auth = web_header(req, "Authorization"), *cookie;
    int rc;

    *bearer_bad = 0;
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        rc = users_token_user(req->store, auth + 7 + strspn(auth + 7, " "), req->arena,
                              &req->user, e);
        if (rc == ERR_NOTFOUND)
            *bearer_bad = 1;
        return rc == ERR_NOTFOUND ? 0 : rc;
    }
    cookie = web_cookie(req, WEB_SESSION_COOKIE);
    if (!token_shaped(cookie))
        return 0;
    rc = users_session(req->store, cookie, req->arena, &req->session, &req->user, e);
    if (rc == 0)
        req->csrf = req->session->csrf;
    return rc == ERR_NOTFOUND ? 0 : rc;
}

/* The body, by its Content-Type, into req->form / parts / json. */
static int parse_body(struct web_request *req, struct web_response *resp)
{
    const char *ct = web_header(req, "Content-Type");
    struct err e = {0};
    size_t ctlen;

    if (req->body_len == 0 && !ct)
        return 0;
    ctlen = ct ? strcspn(ct, "; \t") : 0;
    if (ct && ctlen == 33 && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
        if (form_parse(req->body, req->body_len, req->arena, &req->form, &req->nform, &e))
            return web_error(resp, e.code == ERR_LIMIT ? 413 : 400, e.msg);
        return 0;
    }
    if (ct && ctlen == 19 && strncasecmp(ct, "multipart/form-data", 19) == 0) {
        if (multipart_parse(ct, req->body, req->body_len, req->arena, &req->parts, &req->nparts,
                            &e))
            return web_error(resp, e.code == ERR_LIMIT ? 413 : 400, e.msg);
        /* Parts without a filename are form fields; a file's part over the
         * size of an ordinary body is not. */
        req->form = arena_alloc(req->arena, (req->nparts ? req->nparts : 1) * sizeof *req->form);
        for (size_t i = 0; i < req->nparts; i++) {
            const struct multipart_part *p = &req->parts[i];
            if (p->filename)
                continue;
            if (p->len > WEB_MAX_BODY)
                return web_error(resp, 413, "A form field is larger than 1 MB.");
            if (memchr(p->data, '\0', p->len) || !web_utf8_valid(p->data, p->len))
                return web_error(resp, 400, "A form field is not UTF-8 text.");
            req->form[req->nform].name = p->name;
            req->form[req->nform++].value = arena_strndup(req->arena, p->data, p->len);
        }
        return 0;
    }
    if (ct && ctlen == 16 && strncasecmp(ct, "application/json", 16) == 0) {
        if (json_parse(req->body, req->body_len, req->arena, &req->json, &e))
            return web_error(resp, e.code == ERR_LIMIT ? 413 : 400, e.msg);
        return 0;
    }
    if (req->body_len == 0)
        return 0;
    return 415;
}

/* Every POST (PUT, PATCH, DELETE) from a browser carries its CSRF token:
 * the session's, or for a visitor not signed in the one in their CSRF
 * cookie. A request signed with an API token is not a browser's and cannot
 * be forged by a page, so it needs none. */
static int check_csrf(struct web_request *req, struct web_response *resp, int bearer)
{
    const char *sent = web_form(req, "csrf");
    if (!is_write(req->method) || bearer)
        return 0;
    if (!sent)
        sent = web_header(req, "X-CSRF-Token");
    if (sent && req->csrf && token_shaped(req->csrf) && secret_equal(sent, req->csrf))
        return 0;
    return web_error(resp, 403,
                     "This form has expired or did not come from this service. Go back, "
                     "reload the page and try again.");
}

static void error_response(struct web_request *req, struct web_response *resp, int status)
{
    if (req->route && (req->route->flags & WEB_API)) {
        struct buf b;
        int first = 1;
        buf_init(&b, 1 << 16);
        buf_adds(&b, "{\"error\":{");
        jsonw_key(&b, &first, "status");
        jsonw_int(&b, status);
        jsonw_key(&b, &first, "message");
        jsonw_str(&b, resp->message ? resp->message : web_status_text(status));
        buf_adds(&b, "}}\n");
        web_json(resp, status, &b);
        buf_release(&b);
        return;
    }
    web_error_page(req, resp, status);
}

static void security_headers(const struct web_request *req, struct web_response *resp)
{
    web_set_header(resp, "Content-Security-Policy", CSP);
    web_set_header(resp, "X-Content-Type-Options", "nosniff");
    web_set_header(resp, "X-Frame-Options", "DENY");
    web_set_header(resp, "Referrer-Policy", "same-origin");
    if (req->https)
        web_set_header(resp, "Strict-Transport-Security", "max-age=31536000");
    if (!web_response_header(resp, "Cache-Control"))
        web_set_header(resp, "Cache-Control", "no-store");
}

/* Where a visitor who must sign in first is sent: /login, remembering the
 * page they asked for (only for GET: a form post is not repeated). */
static void to_login(struct web_request *req, struct web_response *resp)
{
    struct buf b;
    buf_init(&b, 16384);
    buf_adds(&b, "/login");
    if (req->method == WEB_GET && strcmp(req->path, "/") != 0) {
        const char *next = *req->query ? arena_printf(req->arena, "%s?%s", req->path, req->query)
                                       : req->path;
        buf_adds(&b, "?next=");
        if (html_urlenc(&b, next))
            buf_reset(&b), buf_adds(&b, "/login");
    }
    web_redirect(resp, buf_str(&b));
    buf_release(&b);
}

/* The key a WEB_CACHE page is kept under (cache.h): everything it depends
 * on. The session's CSRF token is in the page; the register's change
 * counter covers the register, its settings and its users. */
static const char *cache_key(const struct web_request *req)
{
    return arena_printf(req->arena, "%s\n%s?%s\n%lld\n%s\n%lld\n%ld\n%d", req->route->pattern,
                        req->path, req->query, (long long)req->user->id,
                        req->csrf ? req->csrf : "", (long long)store_register_version(req->store),
                        (long)date_today(), req->https);
}

void web_app_handle(struct web_app *app, struct web_request *req, struct web_response *resp)
{
    struct err e = {0};
    const char *allow = NULL, *key = NULL;
    int status = 0, bearer_bad = 0, flags = 0, new_csrf = 0;
    int64_t t0 = moment_now();

    req->app = app;
    resp->arena = req->arena;
    if (!resp->status)
        resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    if (req->refused) {
        status = req->refused;
        goto answer;
    }
    status = router_match(app->routes, app->nroutes, req->method, req->path, req->arena,
                          &req->route, &req->param_names, &req->params, &req->nparams, &allow);
    if (status == 405)
        web_set_header(resp, "Allow", allow);
    flags = req->route ? req->route->flags : 0;
    if (!(flags & WEB_NO_STORE)) {
        /* Error pages for unknown paths want the register too: to show who
         * is signed in and the organisation's name. */
        req->store = thread_store(app, &e);
        if (!req->store) {
            web_log(req, "%s", e.msg);
            status = 503;
            goto answer;
        }
        store_set_actor(req->store, "web", moment_now());
        if ((req->route && is_write(req->method) ? store_begin(req->store, &e)
                                                 : store_begin_read(req->store, &e)) ||
            read_settings(req, &e) || identify(req, &bearer_bad, &e)) {
            web_log(req, "%s", e.msg);
            status = 503;
            goto answer;
        }
        if (req->user)
            store_set_actor(req->store, req->user->name, moment_now());
    }
    if (status)
        goto answer;
    if (form_parse(req->query, strlen(req->query), req->arena, &req->query_fields, &req->nquery,
                   &e)) {
        status = web_error(resp, 400, e.msg);
        goto answer;
    }
    if (!(flags & WEB_ANON) && !req->user) {
        if (flags & WEB_API) {
            web_set_header(resp, "WWW-Authenticate", "Bearer");
            status = web_error(resp, 401, bearer_bad ? "This API token is not valid."
                                                     : "Sign in, or send an API token.");
        } else {
            to_login(req, resp);
        }
        goto answer;
    }
    if (!req->user && !(flags & WEB_NO_STORE)) {
        const char *c = web_cookie(req, WEB_CSRF_COOKIE);
        if (token_shaped(c)) {
            req->csrf = c;
        } else {
            char *t = arena_alloc(req->arena, SECRET_TOKEN_BUFSZ);
            secret_token(t, NULL);
            req->csrf = t;
            new_csrf = 1;
        }
    }
    if (is_write(req->method) && ((status = parse_body(req, resp)) ||
                                  (status = check_csrf(req, resp, req->user && !req->session))))
        goto answer;
    if ((flags & WEB_CACHE) && req->method == WEB_GET && req->user && req->store)
        key = cache_key(req);
    if (key && web_cache_get(app->cache, key, resp)) {
        status = 0;
    } else {
        status = req->route->handler(req, resp);
        if (key && !status)
            web_cache_put(app->cache, key, resp);
    }

answer:
    if (status)
        error_response(req, resp, status);
    if (req->store) {
        if (resp->status < 400) {
            if (store_commit(req->store, &e)) {
                web_log(req, "%s", e.msg);
                resp->message = NULL;
                error_response(req, resp, 500);
            }
        } else {
            store_rollback(req->store);
        }
    }
    if (new_csrf && resp->content_type && strncmp(resp->content_type, "text/html", 9) == 0)
        web_set_cookie(req, resp, WEB_CSRF_COOKIE, req->csrf, 0);
    security_headers(req, resp);
    fprintf(stderr, "%s %s %s %d %zu %lldms\n", req->remote_addr ? req->remote_addr : "-",
            req->method_name ? req->method_name : "-", req->path ? req->path : "-", resp->status,
            resp->static_body ? resp->static_len : resp->body.len,
            (long long)((moment_now() - t0) / 1000));
    if (resp->delay_ms > 0)
        usleep((useconds_t)resp->delay_ms * 1000);
}
