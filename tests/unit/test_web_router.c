/* test_web_router.c -- routing over the undecoded path: an encoded slash
 * stays inside its segment (the ref 7/2023/P at /actions/7%2F2023%2FP),
 * 404 and 405 with Allow, bad escapes, rest-of-path patterns, and the real
 * table's open routes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "web/router.h"

static int h_list(struct web_request *r, struct web_response *p) { return 0; }
static int h_show(struct web_request *r, struct web_response *p) { return 0; }
static int h_update(struct web_request *r, struct web_response *p) { return 0; }
static int h_asset(struct web_request *r, struct web_response *p) { return 0; }
static int h_root(struct web_request *r, struct web_response *p) { return 0; }

static const struct web_route T[] = {
    {WEB_GET, "/", h_root, 0},
    {WEB_GET, "/actions", h_list, 0},
    {WEB_GET, "/actions/:ref", h_show, 0},
    {WEB_POST, "/actions/:ref/updates", h_update, 0},
    {WEB_GET, "/assets/:version/*name", h_asset, WEB_ANON},
};
#define NT (sizeof T / sizeof T[0])

struct m {
    struct arena a;
    const struct web_route *route;
    const char **names, **params, *allow;
    size_t n;
    int rc;
};

static void route(struct m *m, enum web_method meth, const char *path)
{
    arena_init(&m->a);
    m->rc = router_match(T, NT, meth, path, &m->a, &m->route, &m->names, &m->params, &m->n,
                         &m->allow);
}

static void test_encoded_slash_stays_in_its_segment(void **state)
{
    struct m m;
    route(&m, WEB_GET, "/actions/7%2F2023%2FP");
    assert_int_equal(m.rc, 0);
    assert_ptr_equal(m.route->handler, h_show);
    assert_int_equal(m.n, 1);
    assert_string_equal(m.names[0], "ref");
    assert_string_equal(m.params[0], "7/2023/P");
    arena_release(&m.a);

    /* the same ref written raw is three segments, a different path */
    route(&m, WEB_GET, "/actions/7/2023/P");
    assert_int_equal(m.rc, 404);
    arena_release(&m.a);

    route(&m, WEB_POST, "/actions/7%2F2023%2FP/updates");
    assert_int_equal(m.rc, 0);
    assert_ptr_equal(m.route->handler, h_update);
    assert_string_equal(m.params[0], "7/2023/P");
    arena_release(&m.a);

    /* spaces, UTF-8 and a percent sign in a ref */
    route(&m, WEB_GET, "/actions/PEEL%2022%20%E2%80%93%20AFI%25");
    assert_int_equal(m.rc, 0);
    assert_string_equal(m.params[0], "PEEL 22 \xE2\x80\x93 AFI%");
    arena_release(&m.a);
}

static void test_not_found_and_method_not_allowed(void **state)
{
    struct m m;
    route(&m, WEB_GET, "/nowhere");
    assert_int_equal(m.rc, 404);
    arena_release(&m.a);
    route(&m, WEB_GET, "/actions/");
    assert_int_equal(m.rc, 404); /* an empty segment is no ref */
    arena_release(&m.a);
    route(&m, WEB_GET, "actions");
    assert_int_equal(m.rc, 404);
    arena_release(&m.a);

    route(&m, WEB_DELETE, "/actions/A-1");
    assert_int_equal(m.rc, 405);
    assert_string_equal(m.allow, "GET, HEAD");
    arena_release(&m.a);
    route(&m, WEB_GET, "/actions/A-1/updates");
    assert_int_equal(m.rc, 405);
    assert_string_equal(m.allow, "POST");
    arena_release(&m.a);

    /* HEAD is answered by GET routes */
    route(&m, WEB_HEAD, "/actions");
    assert_int_equal(m.rc, 0);
    assert_ptr_equal(m.route->handler, h_list);
    arena_release(&m.a);
    route(&m, WEB_GET, "/");
    assert_int_equal(m.rc, 0);
    assert_ptr_equal(m.route->handler, h_root);
    arena_release(&m.a);
}

static void test_bad_escapes_are_bad_requests(void **state)
{
    static const char *const bad[] = {"/actions/A%2", "/actions/A%zz", "/actions/A%00B",
                                      "/actions/%FF%FE", "/actions/%C0%AF"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct m m;
        route(&m, WEB_GET, bad[i]);
        assert_int_equal(m.rc, 400);
        arena_release(&m.a);
    }
}

static void test_literal_segments_compare_decoded(void **state)
{
    struct m m;
    route(&m, WEB_GET, "/%61ctions");
    assert_int_equal(m.rc, 0);
    assert_ptr_equal(m.route->handler, h_list);
    arena_release(&m.a);
}

static void test_rest_of_path_is_kept_raw(void **state)
{
    struct m m;
    route(&m, WEB_GET, "/assets/abc123/images/icon%20x.svg");
    assert_int_equal(m.rc, 0);
    assert_ptr_equal(m.route->handler, h_asset);
    assert_int_equal(m.n, 2);
    assert_string_equal(m.params[0], "abc123");
    assert_string_equal(m.names[1], "name");
    assert_string_equal(m.params[1], "images/icon%20x.svg");
    arena_release(&m.a);
    route(&m, WEB_GET, "/assets/abc123");
    assert_int_equal(m.rc, 404);
    arena_release(&m.a);
}

/* The real table: /health, /login and the assets are open to visitors;
 * everything else needs a signed-in user. */
static void test_only_login_health_and_assets_are_open(void **state)
{
    for (size_t i = 0; i < WEB_NROUTES; i++) {
        const char *p = WEB_ROUTES[i].pattern;
        int open = (WEB_ROUTES[i].flags & WEB_ANON) != 0;
        int allowed = strcmp(p, "/login") == 0 || strcmp(p, "/health") == 0 ||
                      strncmp(p, "/assets/", 8) == 0;
        if (open && !allowed)
            fail_msg("route %s is open to visitors who have not signed in", p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoded_slash_stays_in_its_segment),
        cmocka_unit_test(test_not_found_and_method_not_allowed),
        cmocka_unit_test(test_bad_escapes_are_bad_requests),
        cmocka_unit_test(test_literal_segments_compare_decoded),
        cmocka_unit_test(test_rest_of_path_is_kept_raw),
        cmocka_unit_test(test_only_login_health_and_assets_are_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
