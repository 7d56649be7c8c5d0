/* web_fixture.c -- the web application's unit tests' shared pieces
 * (web_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "web_fixture.h"

#include "base/date.h"
#include "cli/cli.h"
#include "format/html.h"
#include "service/import.h"
#include "service/users.h"

/* ---- the register ------------------------------------------------------- */

void wf_temp_path(char *path, size_t n, const char *prefix)
{
    int fd;
    snprintf(path, n, "/tmp/%s-XXXXXX", prefix);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
}

void wf_remove_register(const char *path)
{
    char p[96];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

struct store *wf_register_create(struct web_fixture *f, const char *prefix, const char *actor)
{
    struct store *s;
    struct err e = {0};
    wf_temp_path(f->path, sizeof f->path, prefix);
    assert_int_equal(store_open(&s, f->path, STORE_CREATE, &e), 0);
    store_set_actor(s, actor, moment_now());
    assert_int_equal(store_begin(s, &e), 0);
    return s;
}

void wf_app_start(struct web_fixture *f, struct store *s, const struct web_route *routes,
                  size_t nroutes)
{
    struct err e = {0};
    assert_int_equal(store_commit(s, &e), 0);
    store_close(s);
    assert_int_equal(web_app_new(&f->app, f->path, &e), 0);
    if (routes)
        web_app_routes(f->app, routes, nroutes);
}

void wf_app_stop(struct web_fixture *f)
{
    web_app_free(f->app);
    f->app = NULL;
    wf_remove_register(f->path);
}

int wf_teardown(void **state)
{
    struct web_fixture *f = *state;
    wf_app_stop(f);
    free(f);
    return 0;
}

void wf_add_user(struct store *s, const char *name, enum role role, enum marking clearance,
                 const char *owner, const char *directorate)
{
    struct user u = {0};
    struct err e = {0};
    u.name = name;
    u.role = role;
    u.clearance = clearance;
    u.owner_name = owner;
    u.directorate = directorate;
    assert_int_equal(users_add(s, &u, WF_PASSWORD, &e), 0);
}

void wf_import_demo(struct store *s, enum export_table t, const char *file, struct arena *a)
{
    const char *src = getenv("OVERSIGHT_SRC");
    char path[1024];
    struct import_opts o = {0};
    struct import_result r;
    struct err e = {0};
    snprintf(path, sizeof path, "%s/demo/%s", src ? src : ".", file);
    if (import_file(s, t, path, &o, a, &r, &e)) {
        for (size_t i = 0; i < r.nlisted; i++)
            fprintf(stderr, "%s\n", r.problems[i]);
        fail_msg("%s: %s", path, e.msg);
    }
}

/* ---- requests ----------------------------------------------------------- */

struct web_call *wf_send(struct web_fixture *f, const char *method, const char *target,
                         const char *const *headers, const char *body, size_t len)
{
    struct web_call *c = calloc(1, sizeof *c);
    const char *q = strchr(target, '?');
    size_t nh = 0;

    arena_init(&c->arena);
    c->req.arena = &c->arena;
    c->req.method_name = method;
    c->req.method = strcmp(method, "GET") == 0 ? WEB_GET : WEB_POST;
    c->req.path = q ? arena_strndup(&c->arena, target, (size_t)(q - target)) : target;
    c->req.query = q ? q + 1 : "";
    c->req.remote_addr = "127.0.0.1";
    for (size_t i = 0; headers && headers[i]; i += 2) {
        if (!headers[i + 1])
            continue;
        assert_true(nh < sizeof c->h / sizeof *c->h);
        c->h[nh++] = (struct web_header){headers[i], arena_strdup(&c->arena, headers[i + 1])};
    }
    c->req.headers = c->h;
    c->req.nheaders = nh;
    c->req.body = body ? body : "";
    c->req.body_len = body ? len : 0;
    buf_init(&c->resp.body, WEB_MAX_RESPONSE);
    web_app_handle(f->app, &c->req, &c->resp);
    return c;
}

struct web_call *wf_get(struct web_fixture *f, const char *target, const char *cookie)
{
    const char *h[] = {"Cookie", cookie, NULL};
    return wf_send(f, "GET", target, h, NULL, 0);
}

struct web_call *wf_post(struct web_fixture *f, const char *target, const char *cookie,
                         const char *body)
{
    const char *h[] = {"Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded",
                       NULL};
    return wf_send(f, "POST", target, h, body, strlen(body));
}

struct web_call *wf_refused(struct web_fixture *f, const char *path, int status)
{
    struct web_call *c = calloc(1, sizeof *c);
    arena_init(&c->arena);
    c->req.arena = &c->arena;
    c->req.method = WEB_POST;
    c->req.method_name = "POST";
    c->req.path = path;
    c->req.query = "";
    c->req.body = "";
    c->req.refused = status;
    buf_init(&c->resp.body, WEB_MAX_RESPONSE);
    web_app_handle(f->app, &c->req, &c->resp);
    return c;
}

void wf_done(struct web_call *c)
{
    buf_release(&c->resp.body);
    arena_release(&c->arena);
    free(c);
}

const char *wf_body(const struct web_call *c)
{
    return c->resp.body.p ? c->resp.body.p : "";
}

const char *wf_header(const struct web_call *c, const char *name)
{
    return web_response_header(&c->resp, name);
}

const char *wf_set_cookie(const struct web_call *c, const char *name, char *out, size_t n)
{
    size_t k = strlen(name);
    for (size_t i = 0; i < c->resp.nheaders; i++) {
        const char *v = c->resp.headers[i].value;
        if (strcmp(c->resp.headers[i].name, "Set-Cookie") == 0 && strncmp(v, name, k) == 0 &&
            v[k] == '=') {
            snprintf(out, n, "%.*s", (int)strcspn(v + k + 1, ";"), v + k + 1);
            return v;
        }
    }
    return NULL;
}

void wf_sign_in(struct web_fixture *f, const char *name, char *cookie, size_t n, char *csrf)
{
    char pre[64], sess[64], body[256];
    struct web_call *c = wf_get(f, "/login", NULL);
    const char *p;

    assert_non_null(wf_set_cookie(c, WEB_CSRF_COOKIE, pre, sizeof pre));
    wf_done(c);
    snprintf(body, sizeof body, "csrf=%s&username=%s&password=correct+horse+battery", pre, name);
    snprintf(cookie, n, WEB_CSRF_COOKIE "=%s", pre);
    c = wf_post(f, "/login", cookie, body);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/");
    assert_non_null(wf_set_cookie(c, WEB_SESSION_COOKIE, sess, sizeof sess));
    wf_done(c);
    snprintf(cookie, n, WEB_SESSION_COOKIE "=%s", sess);
    c = wf_get(f, "/", cookie);
    assert_int_equal(c->resp.status, 200);
    p = strstr(wf_body(c), "name=\"csrf\" value=\"");
    assert_non_null(p);
    snprintf(csrf, 64, "%.43s", p + 19);
    wf_done(c);
}

/* ---- multipart bodies --------------------------------------------------- */

void wf_multipart(struct buf *b, const char *const *fields, const char *file_field,
                  const char *filename, const char *type, const void *data, size_t len)
{
    buf_init(b, (size_t)64 << 20);
    for (size_t i = 0; fields && fields[i]; i += 2)
        if (fields[i + 1])
            buf_addf(b,
                     "--" WF_BOUNDARY "\r\n"
                     "Content-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n",
                     fields[i], fields[i + 1]);
    if (file_field) {
        buf_addf(b,
                 "--" WF_BOUNDARY "\r\n"
                 "Content-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                 "Content-Type: %s\r\n\r\n",
                 file_field, filename, type);
        buf_add(b, data, len);
        buf_adds(b, "\r\n");
    }
    buf_adds(b, "--" WF_BOUNDARY "--\r\n");
}

struct web_call *wf_upload(struct web_fixture *f, const char *target, const char *cookie,
                           const char *const *fields, const char *file_field,
                           const char *filename, const char *type, const void *data,
                           size_t len)
{
    const char *h[] = {"Cookie", cookie, "Content-Type", WF_MULTIPART, NULL};
    struct buf b;
    struct web_call *c;
    wf_multipart(&b, fields, file_field, filename, type, data, len);
    c = wf_send(f, "POST", target, h, b.p, b.len);
    c->req.body = NULL; /* released here */
    buf_release(&b);
    return c;
}

/* ---- forms read from a page ------------------------------------------- */

/* The text of an attribute value or element content with the builder's
 * escapes undone. */
static char *unescape(const char *s, size_t n)
{
    static const struct {
        const char *ent, *ch;
    } E[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    char *o = malloc(n + 1), *w = o;
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < sizeof E / sizeof *E; k++)
            if (strncmp(s + i, E[k].ent, strlen(E[k].ent)) == 0)
                break;
        if (k < sizeof E / sizeof *E) {
            *w++ = *E[k].ch;
            i += strlen(E[k].ent);
        } else {
            *w++ = s[i++];
        }
    }
    *w = '\0';
    return o;
}

/* Whether s[0..n) holds needle. */
static int within(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

static char *attr(const char *tag, const char *tag_end, const char *name)
{
    char pat[32];
    const char *p, *q;
    snprintf(pat, sizeof pat, " %s=\"", name);
    p = strstr(tag, pat);
    if (!p || p > tag_end)
        return NULL;
    p += strlen(pat);
    q = strchr(p, '"');
    return unescape(p, (size_t)(q - p));
}

void wf_form_set(struct wf_form *fm, const char *name, const char *value)
{
    for (size_t i = 0; i < fm->n; i++)
        if (strcmp(fm->name[i], name) == 0) {
            free(fm->value[i]);
            fm->value[i] = strdup(value);
            return;
        }
    assert_true(fm->n < sizeof fm->name / sizeof *fm->name);
    fm->name[fm->n] = strdup(name);
    fm->value[fm->n++] = strdup(value);
}

void wf_form_unset(struct wf_form *fm, const char *name)
{
    for (size_t i = 0; i < fm->n; i++)
        if (strcmp(fm->name[i], name) == 0) {
            free(fm->name[i]), free(fm->value[i]);
            memmove(&fm->name[i], &fm->name[i + 1], (fm->n - i - 1) * sizeof *fm->name);
            memmove(&fm->value[i], &fm->value[i + 1], (fm->n - i - 1) * sizeof *fm->value);
            fm->n--;
            return;
        }
}

void wf_form_read(const char *page, struct wf_form *fm)
{
    const char *p = strstr(page, "<form method=\"post\" novalidate");
    const char *end;
    fm->n = 0;
    assert_non_null(p);
    end = strstr(p, "</form>");
    while ((p = strchr(p + 1, '<')) && p < end) {
        const char *te = strchr(p, '>');
        char *name = NULL, *v = NULL;
        if (strncmp(p, "<input", 6) == 0) {
            char *type = attr(p, te, "type");
            name = attr(p, te, "name");
            if (strcmp(type, "checkbox") == 0) {
                if (within(p, (size_t)(te - p), "checked="))
                    v = attr(p, te, "value");
            } else {
                v = attr(p, te, "value");
                if (!v)
                    v = strdup("");
            }
            free(type);
        } else if (strncmp(p, "<textarea", 9) == 0) {
            const char *ce = strstr(te, "</textarea>");
            name = attr(p, te, "name");
            v = unescape(te + 1, (size_t)(ce - te - 1));
        } else if (strncmp(p, "<select", 7) == 0) {
            const char *se = strstr(te, "</select>"), *o;
            name = attr(p, te, "name");
            for (o = te; (o = strstr(o, "<option")) && o < se; o++)
                if (within(o, (size_t)(strchr(o, '>') - o), "selected="))
                    v = attr(o, strchr(o, '>'), "value");
        }
        if (name && v)
            wf_form_set(fm, name, v);
        free(name);
        free(v);
    }
}

char *wf_form_body(const struct wf_form *fm, const char *op)
{
    struct buf b;
    buf_init(&b, 0);
    for (size_t i = 0; i < fm->n; i++) {
        buf_adds(&b, i ? "&" : "");
        html_urlenc(&b, fm->name[i]);
        buf_addc(&b, '=');
        html_urlenc(&b, fm->value[i]);
    }
    if (op) {
        buf_adds(&b, "&op=");
        html_urlenc(&b, op);
    }
    return buf_detach(&b, NULL);
}

void wf_form_release(struct wf_form *fm)
{
    for (size_t i = 0; i < fm->n; i++)
        free(fm->name[i]), free(fm->value[i]);
    fm->n = 0;
}

struct web_call *wf_submit(struct web_fixture *f, const char *cookie, const char *url,
                           const char *target, const char *op,
                           void (*edit)(struct wf_form *fm))
{
    struct web_call *c = wf_get(f, url, cookie);
    struct wf_form fm;
    char *body;
    assert_int_equal(c->resp.status, 200);
    wf_form_read(c->resp.body.p, &fm);
    wf_done(c);
    if (edit)
        edit(&fm);
    body = wf_form_body(&fm, op);
    c = wf_post(f, target, cookie, body);
    free(body);
    wf_form_release(&fm);
    return c;
}

/* ---- the register read another way ------------------------------------- */

struct store *wf_store_read(const char *path)
{
    struct store *s;
    struct err e = {0};
    assert_int_equal(store_open(&s, path, STORE_EXISTING, &e), 0);
    assert_int_equal(store_begin_read(s, &e), 0);
    return s;
}

void wf_store_done(struct store *s)
{
    struct err e = {0};
    store_commit(s, &e);
    store_close(s);
}

char *wf_report_bytes(const char *path, size_t *len, int argc, char **argv)
{
    struct cli_ctx c = {0};
    char *out = NULL;
    int rc;
    c.db_path = path;
    c.store = wf_store_read(path);
    arena_init(&c.arena);
    c.out = open_memstream(&out, len);
    rc = CMD_REPORT.run(&c, argc, argv);
    fclose(c.out);
    if (rc)
        fail_msg("oversight report: %s", c.err.msg);
    arena_release(&c.arena);
    wf_store_done(c.store);
    return out;
}
