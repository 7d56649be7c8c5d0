/* test_web_app.c -- the application's rules for every request, driven
 * without a server: visitors are sent to sign in (401 for the API); a POST
 * without its CSRF token is refused with 403 and changes nothing; a viewer
 * cannot change anything; a handler's error rolls its writes back; every
 * response carries the security headers; signing in sets an HttpOnly,
 * SameSite=Lax session cookie; values are escaped in pages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "service/users.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/router.h"

#define PASSWORD "correct horse battery"

/* A change for the tests: sets the setting "motto" to the form's value;
 * editors only. Fails after writing when the value is "fail". */
static int set_motto(struct web_request *req, struct web_response *resp)
{
    struct err e = {0};
    const char *v = web_form(req, "motto");
    int rc;
    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    if (store_setting_set(req->store, "motto", v ? v : "", &e))
        return web_fail(req, resp, &e);
    if (v && strcmp(v, "fail") == 0)
        return web_error(resp, 400, "refused after writing");
    return web_redirect(resp, "/");
}

static const struct web_route ROUTES[] = {
    {WEB_GET, "/health", page_health, WEB_ANON},
    {WEB_GET, "/login", page_login_form, WEB_ANON},
    {WEB_POST, "/login", page_login_post, WEB_ANON},
    {WEB_POST, "/logout", page_logout, 0},
    {WEB_GET, "/", page_dashboard, 0},
    {WEB_GET, "/api/me", api_me, WEB_API},
    {WEB_POST, "/motto", set_motto, 0},
};

struct fixture {
    char path[64];
    struct web_app *app;
};

struct call {
    struct arena arena;
    struct web_request req;
    struct web_response resp;
    struct web_header h[8];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct store *s;
    struct err e = {0};
    struct user u = {0};
    int fd;

    snprintf(f->path, sizeof f->path, "/tmp/oversight-test-XXXXXX");
    fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    assert_int_equal(store_open(&s, f->path, STORE_CREATE, &e), 0);
    store_set_actor(s, "admin", moment_now());
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_setting_set(s, "org", "Police <b>&</b> Co", &e), 0);
    u.name = "ed";
    u.role = ROLE_EDITOR;
    assert_int_equal(users_add(s, &u, PASSWORD, &e), 0);
    u.name = "vi";
    u.role = ROLE_VIEWER;
    assert_int_equal(users_add(s, &u, PASSWORD, &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    store_close(s);
    assert_int_equal(web_app_new(&f->app, f->path, &e), 0);
    web_app_routes(f->app, ROUTES, sizeof ROUTES / sizeof *ROUTES);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char p[80];
    web_app_free(f->app);
    unlink(f->path);
    snprintf(p, sizeof p, "%s-wal", f->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", f->path);
    unlink(p);
    free(f);
    return 0;
}

/* Sends one request; cookie and content type may be NULL. */
static struct call *send(struct fixture *f, const char *method, const char *target,
                         const char *cookie, const char *body)
{
    struct call *c = calloc(1, sizeof *c);
    const char *q = strchr(target, '?');
    size_t nh = 0;

    arena_init(&c->arena);
    c->req.arena = &c->arena;
    c->req.method_name = method;
    c->req.method = strcmp(method, "GET") == 0 ? WEB_GET : WEB_POST;
    c->req.path = q ? arena_strndup(&c->arena, target, (size_t)(q - target)) : target;
    c->req.query = q ? q + 1 : "";
    c->req.remote_addr = "127.0.0.1";
    if (cookie)
        c->h[nh++] = (struct web_header){"Cookie", cookie};
    if (body)
        c->h[nh++] = (struct web_header){"Content-Type", "application/x-www-form-urlencoded"};
    c->req.headers = c->h;
    c->req.nheaders = nh;
    c->req.body = body ? body : "";
    c->req.body_len = body ? strlen(body) : 0;
    buf_init(&c->resp.body, WEB_MAX_RESPONSE);
    web_app_handle(f->app, &c->req, &c->resp);
    return c;
}

static void done(struct call *c)
{
    buf_release(&c->resp.body);
    arena_release(&c->arena);
    free(c);
}

static const char *header(const struct call *c, const char *name)
{
    return web_response_header(&c->resp, name);
}

/* The value of a cookie the response sets, into the caller's buffer. */
static const char *set_cookie(const struct call *c, const char *name, char *out, size_t n)
{
    for (size_t i = 0; i < c->resp.nheaders; i++) {
        const char *v = c->resp.headers[i].value;
        if (strcmp(c->resp.headers[i].name, "Set-Cookie") == 0 &&
            strncmp(v, name, strlen(name)) == 0 && v[strlen(name)] == '=') {
            snprintf(out, n, "%.*s", (int)strcspn(v + strlen(name) + 1, ";"),
                     v + strlen(name) + 1);
            return c->resp.headers[i].value;
        }
    }
    return NULL;
}

static void security_headers(const struct call *c)
{
    assert_string_equal(header(c, "Content-Security-Policy"),
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                        "data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    assert_string_equal(header(c, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(header(c, "X-Frame-Options"), "DENY");
    assert_string_equal(header(c, "Referrer-Policy"), "same-origin");
    assert_non_null(header(c, "Cache-Control"));
}

/* Signs in as name: returns the session cookie header value to send, and
 * the session's CSRF token in csrf. */
static void sign_in(struct fixture *f, const char *name, char *cookie, size_t n, char *csrf)
{
    char pre[64], sess[64], body[256];
    struct call *c = send(f, "GET", "/login", NULL, NULL);
    const char *p;
    assert_non_null(set_cookie(c, WEB_CSRF_COOKIE, pre, sizeof pre));
    done(c);
    snprintf(body, sizeof body, "csrf=%s&username=%s&password=correct+horse+battery", pre, name);
    snprintf(cookie, n, WEB_CSRF_COOKIE "=%s", pre);
    c = send(f, "POST", "/login", cookie, body);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(header(c, "Location"), "/");
    assert_non_null(set_cookie(c, WEB_SESSION_COOKIE, sess, sizeof sess));
    done(c);
    snprintf(cookie, n, WEB_SESSION_COOKIE "=%s", sess);
    c = send(f, "GET", "/", cookie, NULL);
    assert_int_equal(c->resp.status, 200);
    p = strstr(c->resp.body.p, "name=\"csrf\" value=\"");
    assert_non_null(p);
    snprintf(csrf, 64, "%.43s", p + 19);
    done(c);
}

static const char *motto(struct fixture *f, char *out)
{
    struct store *s;
    struct err e = {0};
    struct arena a;
    const char *v;
    arena_init(&a);
    assert_int_equal(store_open(&s, f->path, STORE_EXISTING, &e), 0);
    assert_int_equal(store_setting_get(s, "motto", &a, &v, &e), 0);
    snprintf(out, 64, "%s", v ? v : "(unset)");
    store_close(s);
    arena_release(&a);
    return out;
}

static void test_visitors_must_sign_in(void **state)
{
    struct fixture *f = *state;
    struct call *c;

    c = send(f, "GET", "/", NULL, NULL);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(header(c, "Location"), "/login");
    security_headers(c);
    done(c);
    c = send(f, "GET", "/api/me", NULL, NULL);
    assert_int_equal(c->resp.status, 401);
    assert_string_equal(c->resp.body.p,
                        "{\"error\":{\"status\":401,\"message\":\"Sign in, or send an API token.\"}}\n");
    security_headers(c);
    done(c);
    c = send(f, "POST", "/motto", NULL, "motto=x");
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(header(c, "Location"), "/login");
    done(c);
    c = send(f, "GET", "/health", NULL, NULL);
    assert_int_equal(c->resp.status, 200);
    assert_string_equal(c->resp.body.p, "ok\n");
    security_headers(c);
    assert_string_equal(header(c, "Cache-Control"), "no-store");
    done(c);
    c = send(f, "GET", "/nowhere", NULL, NULL);
    assert_int_equal(c->resp.status, 404);
    assert_non_null(strstr(c->resp.body.p, "<title>Page not found \xE2\x80\x93 oversight</title>"));
    security_headers(c);
    done(c);
}

static void test_sign_in_sets_a_safe_cookie(void **state)
{
    struct fixture *f = *state;
    char pre[64], sess[64], cookie[128];
    struct call *c = send(f, "GET", "/login?next=%2Fmotto", NULL, NULL);
    const char *sc;

    assert_int_equal(c->resp.status, 200);
    assert_non_null(set_cookie(c, WEB_CSRF_COOKIE, pre, sizeof pre));
    /* the organisation's name is escaped in the header */
    assert_non_null(strstr(c->resp.body.p, ">Police &lt;b&gt;&amp;&lt;/b&gt; Co</a>"));
    done(c);
    snprintf(cookie, sizeof cookie, WEB_CSRF_COOKIE "=%s", pre);
    c = send(f, "POST", "/login", cookie, "username=ed&password=correct+horse+battery");
    assert_int_equal(c->resp.status, 403); /* no csrf field */
    assert_null(set_cookie(c, WEB_SESSION_COOKIE, sess, sizeof sess));
    done(c);
    {
        char body[256];
        snprintf(body, sizeof body,
                 "csrf=%s&username=ed&password=correct+horse+battery&next=%%2F%%2Fevil.example", pre);
        c = send(f, "POST", "/login", cookie, body);
    }
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(header(c, "Location"), "/"); /* not another site */
    sc = set_cookie(c, WEB_SESSION_COOKIE, sess, sizeof sess);
    assert_non_null(sc);
    assert_int_equal(strlen(sess), 43);
    assert_non_null(strstr(sc, "; HttpOnly"));
    assert_non_null(strstr(sc, "; SameSite=Lax"));
    assert_null(strstr(sc, "Secure"));
    assert_non_null(strstr(sc, "Max-Age=28800"));
    done(c);
}

static void test_post_without_csrf_changes_nothing(void **state)
{
    struct fixture *f = *state;
    char cookie[128], csrf[64], body[128], m[64];
    struct call *c;

    sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = send(f, "POST", "/motto", cookie, "motto=forged");
    assert_int_equal(c->resp.status, 403);
    assert_non_null(strstr(c->resp.body.p, "This form has expired"));
    security_headers(c);
    done(c);
    c = send(f, "POST", "/motto", cookie, "motto=forged&csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_int_equal(c->resp.status, 403);
    done(c);
    assert_string_equal(motto(f, m), "(unset)");

    snprintf(body, sizeof body, "motto=kept&csrf=%s", csrf);
    c = send(f, "POST", "/motto", cookie, body);
    assert_int_equal(c->resp.status, 303);
    done(c);
    assert_string_equal(motto(f, m), "kept");

    /* a handler's error after writing rolls the write back */
    snprintf(body, sizeof body, "motto=fail&csrf=%s", csrf);
    c = send(f, "POST", "/motto", cookie, body);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(c->resp.body.p, "refused after writing"));
    done(c);
    assert_string_equal(motto(f, m), "kept");
}

static void test_viewer_cannot_change_anything(void **state)
{
    struct fixture *f = *state;
    char cookie[128], csrf[64], body[128], m[64];
    struct call *c;

    sign_in(f, "vi", cookie, sizeof cookie, csrf);
    snprintf(body, sizeof body, "motto=viewer&csrf=%s", csrf);
    c = send(f, "POST", "/motto", cookie, body);
    assert_int_equal(c->resp.status, 403);
    assert_non_null(strstr(c->resp.body.p, "You cannot do this"));
    done(c);
    assert_string_equal(motto(f, m), "(unset)");
    /* the viewer's navigation has no admin pages */
    c = send(f, "GET", "/", cookie, NULL);
    assert_null(strstr(c->resp.body.p, "href=\"/users\""));
    assert_non_null(strstr(c->resp.body.p, "href=\"/actions\""));
    done(c);
}

static void test_sign_out_ends_the_session(void **state)
{
    struct fixture *f = *state;
    char cookie[128], csrf[64], body[128], gone[64];
    struct call *c;

    sign_in(f, "ed", cookie, sizeof cookie, csrf);
    snprintf(body, sizeof body, "csrf=%s", csrf);
    c = send(f, "POST", "/logout", cookie, body);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(header(c, "Location"), "/login");
    assert_non_null(strstr(set_cookie(c, WEB_SESSION_COOKIE, gone, sizeof gone), "Max-Age=0"));
    done(c);
    c = send(f, "GET", "/", cookie, NULL);
    assert_int_equal(c->resp.status, 303);
    done(c);
}

/* With the setting that says the deployment is served over HTTPS, cookies
 * are Secure and browsers are told to keep to HTTPS. */
static void test_https_setting_makes_cookies_secure(void **state)
{
    struct fixture *f = *state;
    struct store *s;
    struct err e = {0};
    char pre[64];
    struct call *c;
    const char *sc;

    assert_int_equal(store_open(&s, f->path, STORE_EXISTING, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_setting_set(s, "web_https", "yes", &e), 0);
    assert_int_equal(store_setting_set(s, "web_session_hours", "2", &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    store_close(s);
    c = send(f, "GET", "/login", NULL, NULL);
    sc = set_cookie(c, WEB_CSRF_COOKIE, pre, sizeof pre);
    assert_non_null(sc);
    assert_non_null(strstr(sc, "; Secure"));
    assert_string_equal(header(c, "Strict-Transport-Security"), "max-age=31536000");
    done(c);
    {
        char cookie[128], body[256], sess[64];
        snprintf(cookie, sizeof cookie, WEB_CSRF_COOKIE "=%s", pre);
        snprintf(body, sizeof body, "csrf=%s&username=ed&password=correct+horse+battery", pre);
        c = send(f, "POST", "/login", cookie, body);
        assert_int_equal(c->resp.status, 303);
        sc = set_cookie(c, WEB_SESSION_COOKIE, sess, sizeof sess);
        assert_non_null(sc);
        assert_non_null(strstr(sc, "; HttpOnly; SameSite=Lax; Secure; Max-Age=7200"));
        done(c);
    }
}

static void test_refused_requests_get_pages_and_headers(void **state)
{
    struct fixture *f = *state;
    struct call *c = calloc(1, sizeof *c);

    arena_init(&c->arena);
    c->req.arena = &c->arena;
    c->req.method = WEB_POST;
    c->req.method_name = "POST";
    c->req.path = "/login";
    c->req.query = "";
    c->req.body = "";
    c->req.refused = 413;
    buf_init(&c->resp.body, WEB_MAX_RESPONSE);
    web_app_handle(f->app, &c->req, &c->resp);
    assert_int_equal(c->resp.status, 413);
    assert_non_null(strstr(c->resp.body.p, "The form or file is too large"));
    security_headers(c);
    done(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_visitors_must_sign_in, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sign_in_sets_a_safe_cookie, setup, teardown),
        cmocka_unit_test_setup_teardown(test_post_without_csrf_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_viewer_cannot_change_anything, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sign_out_ends_the_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_https_setting_makes_cookies_secure, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_refused_requests_get_pages_and_headers, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
