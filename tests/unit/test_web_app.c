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
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/router.h"
#include "web_fixture.h"

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

static int setup(void **state)
{
    struct web_fixture *f = calloc(1, sizeof *f);
    struct store *s = wf_register_create(f, "oversight-test", "admin");
    struct err e = {0};

    assert_int_equal(store_setting_set(s, "org", "Police <b>&</b> Co", &e), 0);
    wf_add_user(s, "ed", ROLE_EDITOR, MK_NONE, NULL, NULL);
    wf_add_user(s, "vi", ROLE_VIEWER, MK_NONE, NULL, NULL);
    wf_app_start(f, s, ROUTES, sizeof ROUTES / sizeof *ROUTES);
    *state = f;
    return 0;
}

static void security_headers(const struct web_call *c)
{
    assert_string_equal(wf_header(c, "Content-Security-Policy"),
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' "
                        "data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    assert_string_equal(wf_header(c, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(wf_header(c, "X-Frame-Options"), "DENY");
    assert_string_equal(wf_header(c, "Referrer-Policy"), "same-origin");
    assert_non_null(wf_header(c, "Cache-Control"));
}

static const char *motto(struct web_fixture *f, char *out)
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
    struct web_fixture *f = *state;
    struct web_call *c;

    c = wf_get(f, "/", NULL);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/login");
    security_headers(c);
    wf_done(c);
    c = wf_get(f, "/api/me", NULL);
    assert_int_equal(c->resp.status, 401);
    assert_string_equal(c->resp.body.p,
                        "{\"error\":{\"status\":401,\"message\":\"Sign in, or send an API token.\"}}\n");
    security_headers(c);
    wf_done(c);
    c = wf_post(f, "/motto", NULL, "motto=x");
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/login");
    wf_done(c);
    c = wf_get(f, "/health", NULL);
    assert_int_equal(c->resp.status, 200);
    assert_string_equal(c->resp.body.p, "ok\n");
    security_headers(c);
    assert_string_equal(wf_header(c, "Cache-Control"), "no-store");
    wf_done(c);
    c = wf_get(f, "/nowhere", NULL);
    assert_int_equal(c->resp.status, 404);
    assert_non_null(strstr(c->resp.body.p, "<title>Page not found \xE2\x80\x93 oversight</title>"));
    security_headers(c);
    wf_done(c);
}

static void test_sign_in_sets_a_safe_cookie(void **state)
{
    struct web_fixture *f = *state;
    char pre[64], sess[64], cookie[128];
    struct web_call *c = wf_get(f, "/login?next=%2Fmotto", NULL);
    const char *sc;

    assert_int_equal(c->resp.status, 200);
    assert_non_null(wf_set_cookie(c, WEB_CSRF_COOKIE, pre, sizeof pre));
    /* the organisation's name is escaped in the header */
    assert_non_null(strstr(c->resp.body.p, ">Police &lt;b&gt;&amp;&lt;/b&gt; Co</a>"));
    wf_done(c);
    snprintf(cookie, sizeof cookie, WEB_CSRF_COOKIE "=%s", pre);
    c = wf_post(f, "/login", cookie, "username=ed&password=correct+horse+battery");
    assert_int_equal(c->resp.status, 403); /* no csrf field */
    assert_null(wf_set_cookie(c, WEB_SESSION_COOKIE, sess, sizeof sess));
    wf_done(c);
    {
        char body[256];
        snprintf(body, sizeof body,
                 "csrf=%s&username=ed&password=correct+horse+battery&next=%%2F%%2Fevil.example", pre);
        c = wf_post(f, "/login", cookie, body);
    }
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/"); /* not another site */
    sc = wf_set_cookie(c, WEB_SESSION_COOKIE, sess, sizeof sess);
    assert_non_null(sc);
    assert_int_equal(strlen(sess), 43);
    assert_non_null(strstr(sc, "; HttpOnly"));
    assert_non_null(strstr(sc, "; SameSite=Lax"));
    assert_null(strstr(sc, "Secure"));
    assert_non_null(strstr(sc, "Max-Age=28800"));
    wf_done(c);
}

static void test_post_without_csrf_changes_nothing(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], body[128], m[64];
    struct web_call *c;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = wf_post(f, "/motto", cookie, "motto=forged");
    assert_int_equal(c->resp.status, 403);
    assert_non_null(strstr(c->resp.body.p, "This form has expired"));
    security_headers(c);
    wf_done(c);
    c = wf_post(f, "/motto", cookie, "motto=forged&csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    assert_string_equal(motto(f, m), "(unset)");

    snprintf(body, sizeof body, "motto=kept&csrf=%s", csrf);
    c = wf_post(f, "/motto", cookie, body);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    assert_string_equal(motto(f, m), "kept");

    /* a handler's error after writing rolls the write back */
    snprintf(body, sizeof body, "motto=fail&csrf=%s", csrf);
    c = wf_post(f, "/motto", cookie, body);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(c->resp.body.p, "refused after writing"));
    wf_done(c);
    assert_string_equal(motto(f, m), "kept");
}

static void test_viewer_cannot_change_anything(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], body[128], m[64];
    struct web_call *c;

    wf_sign_in(f, "vi", cookie, sizeof cookie, csrf);
    snprintf(body, sizeof body, "motto=viewer&csrf=%s", csrf);
    c = wf_post(f, "/motto", cookie, body);
    assert_int_equal(c->resp.status, 403);
    assert_non_null(strstr(c->resp.body.p, "You cannot do this"));
    wf_done(c);
    assert_string_equal(motto(f, m), "(unset)");
    /* the viewer's navigation has no admin pages */
    c = wf_get(f, "/", cookie);
    assert_null(strstr(c->resp.body.p, "href=\"/users\""));
    assert_non_null(strstr(c->resp.body.p, "href=\"/actions\""));
    wf_done(c);
}

static void test_sign_out_ends_the_session(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], body[128], gone[64];
    struct web_call *c;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    snprintf(body, sizeof body, "csrf=%s", csrf);
    c = wf_post(f, "/logout", cookie, body);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/login");
    assert_non_null(strstr(wf_set_cookie(c, WEB_SESSION_COOKIE, gone, sizeof gone), "Max-Age=0"));
    wf_done(c);
    c = wf_get(f, "/", cookie);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
}

/* With the setting that says the deployment is served over HTTPS, cookies
 * are Secure and browsers are told to keep to HTTPS. */
static void test_https_setting_makes_cookies_secure(void **state)
{
    struct web_fixture *f = *state;
    struct store *s;
    struct err e = {0};
    char pre[64];
    struct web_call *c;
    const char *sc;

    assert_int_equal(store_open(&s, f->path, STORE_EXISTING, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_setting_set(s, "web_https", "yes", &e), 0);
    assert_int_equal(store_setting_set(s, "web_session_hours", "2", &e), 0);
    assert_int_equal(store_commit(s, &e), 0);
    store_close(s);
    c = wf_get(f, "/login", NULL);
    sc = wf_set_cookie(c, WEB_CSRF_COOKIE, pre, sizeof pre);
    assert_non_null(sc);
    assert_non_null(strstr(sc, "; Secure"));
    assert_string_equal(wf_header(c, "Strict-Transport-Security"), "max-age=31536000");
    wf_done(c);
    {
        char cookie[128], body[256], sess[64];
        snprintf(cookie, sizeof cookie, WEB_CSRF_COOKIE "=%s", pre);
        snprintf(body, sizeof body, "csrf=%s&username=ed&password=correct+horse+battery", pre);
        c = wf_post(f, "/login", cookie, body);
        assert_int_equal(c->resp.status, 303);
        sc = wf_set_cookie(c, WEB_SESSION_COOKIE, sess, sizeof sess);
        assert_non_null(sc);
        assert_non_null(strstr(sc, "; HttpOnly; SameSite=Lax; Secure; Max-Age=7200"));
        wf_done(c);
    }
}

static void test_refused_requests_get_pages_and_headers(void **state)
{
    struct web_fixture *f = *state;
    struct web_call *c = wf_refused(f, "/login", 413);

    assert_int_equal(c->resp.status, 413);
    assert_non_null(strstr(c->resp.body.p, "The form or file is too large"));
    security_headers(c);
    wf_done(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_visitors_must_sign_in, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_sign_in_sets_a_safe_cookie, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_post_without_csrf_changes_nothing, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_viewer_cannot_change_anything, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_sign_out_ends_the_session, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_https_setting_makes_cookies_secure, setup,
                                        wf_teardown),
        cmocka_unit_test_setup_teardown(test_refused_requests_get_pages_and_headers, setup,
                                        wf_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
