/* test_web_cache.c -- pages kept once rendered (web/cache.h): a WEB_CACHE
 * page is rendered once and then given from the cache, byte for byte, to
 * the same session; any change to the register (a setting, an update)
 * renders it again; another session, another query string or an error is
 * not given a kept page; and a route without the flag is always rendered. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/secret.h"
#include "service/users.h"
#include "web/app.h"
#include "web/cache.h"
#include "web/pages.h"
#include "web/router.h"

#define PASSWORD "correct horse battery"

static int renders;

/* A page that says how often pages have been rendered and the setting
 * "motto", and fails for ?fail. */
static int counted(struct web_request *req, struct web_response *resp)
{
    struct err e = {0};
    const char *m;
    renders++;
    if (web_query(req, "fail"))
        return 404;
    if (store_setting_get(req->store, "motto", req->arena, &m, &e))
        return web_fail(req, resp, &e);
    return web_text(resp, 200, arena_printf(req->arena, "render %d: %s", renders, m ? m : "-"));
}

static int set_motto(struct web_request *req, struct web_response *resp)
{
    struct err e = {0};
    if (store_setting_set(req->store, "motto", web_query(req, "to"), &e))
        return web_fail(req, resp, &e);
    return web_text(resp, 200, "set");
}

static const struct web_route ROUTES[] = {
    {WEB_GET, "/kept", counted, WEB_CACHE | WEB_API},
    {WEB_GET, "/fresh", counted, WEB_API},
    {WEB_POST, "/motto", set_motto, WEB_API},
};

struct fixture {
    char path[64];
    struct web_app *app;
    char token[2][SECRET_TOKEN_BUFSZ + 8];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct store *s;
    struct err e = {0};
    struct arena a;
    int fd;

    snprintf(f->path, sizeof f->path, "/tmp/oversight-test-XXXXXX");
    fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    arena_init(&a);
    assert_int_equal(store_open(&s, f->path, STORE_CREATE, &e), 0);
    store_set_actor(s, "admin", moment_now());
    assert_int_equal(store_begin(s, &e), 0);
    for (int i = 0; i < 2; i++) {
        struct user u = {0};
        u.name = i ? "bea" : "al";
        u.role = ROLE_ADMIN;
        assert_int_equal(users_add(s, &u, PASSWORD, &e), 0);
        assert_int_equal(users_token_add(s, u.name, "test", f->token[i], &a, &e), 0);
    }
    assert_int_equal(store_commit(s, &e), 0);
    store_close(s);
    arena_release(&a);
    assert_int_equal(web_app_new(&f->app, f->path, &e), 0);
    web_app_routes(f->app, ROUTES, sizeof ROUTES / sizeof *ROUTES);
    renders = 0;
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

/* The body of one request as user (0 or 1), with its status. */
static const char *get(struct fixture *f, int user, const char *method, const char *target,
                       int *status)
{
    static char out[256];
    struct arena arena;
    struct web_request req = {0};
    struct web_response resp = {0};
    struct web_header h[1];
    const char *q = strchr(target, '?');

    arena_init(&arena);
    req.arena = &arena;
    req.method_name = method;
    req.method = strcmp(method, "GET") == 0 ? WEB_GET : WEB_POST;
    req.path = q ? arena_strndup(&arena, target, (size_t)(q - target)) : target;
    req.query = q ? q + 1 : "";
    req.remote_addr = "127.0.0.1";
    h[0] = (struct web_header){"Authorization", arena_printf(&arena, "Bearer %s", f->token[user])};
    req.headers = h;
    req.nheaders = 1;
    req.body = "";
    buf_init(&resp.body, WEB_MAX_RESPONSE);
    web_app_handle(f->app, &req, &resp);
    *status = resp.status;
    snprintf(out, sizeof out, "%.*s", (int)resp.body.len, resp.body.p ? resp.body.p : "");
    buf_release(&resp.body);
    arena_release(&arena);
    return out;
}

static void test_kept_until_the_register_changes(void **state)
{
    struct fixture *f = *state;
    int st;

    assert_string_equal(get(f, 0, "GET", "/kept", &st), "render 1: -");
    assert_int_equal(st, 200);
    assert_string_equal(get(f, 0, "GET", "/kept", &st), "render 1: -");
    assert_int_equal(st, 200);
    assert_int_equal(renders, 1);
    /* another query string, another user: their own pages */
    assert_string_equal(get(f, 0, "GET", "/kept?page=2", &st), "render 2: -");
    assert_string_equal(get(f, 1, "GET", "/kept", &st), "render 3: -");
    assert_string_equal(get(f, 0, "GET", "/kept", &st), "render 1: -");
    /* a change to the register: rendered again, then kept again */
    assert_string_equal(get(f, 0, "POST", "/motto?to=onwards", &st), "set");
    assert_int_equal(st, 200);
    assert_string_equal(get(f, 0, "GET", "/kept", &st), "render 4: onwards");
    assert_string_equal(get(f, 0, "GET", "/kept", &st), "render 4: onwards");
    assert_int_equal(renders, 4);
    /* errors are not kept; a route without the flag is always rendered */
    get(f, 0, "GET", "/kept?fail=1", &st);
    assert_int_equal(st, 404);
    get(f, 0, "GET", "/kept?fail=1", &st);
    assert_int_equal(renders, 6);
    assert_string_equal(get(f, 0, "GET", "/fresh", &st), "render 7: onwards");
    assert_string_equal(get(f, 0, "GET", "/fresh", &st), "render 8: onwards");
}

/* The cache on its own: the least recently used goes first. */
static void put(struct web_cache *c, struct arena *a, int i)
{
    struct web_response r = {0};
    char key[32];
    r.arena = a;
    r.status = 200;
    r.content_type = "text/plain";
    buf_init(&r.body, 64);
    buf_adds(&r.body, "x");
    snprintf(key, sizeof key, "k%d", i);
    web_cache_put(c, key, &r);
    buf_release(&r.body);
}

static int kept(struct web_cache *c, struct arena *a, int i)
{
    struct web_response g = {0};
    char key[32];
    int hit;
    g.arena = a;
    buf_init(&g.body, 64);
    snprintf(key, sizeof key, "k%d", i);
    hit = web_cache_get(c, key, &g);
    if (hit)
        assert_string_equal(buf_str(&g.body), "x");
    buf_release(&g.body);
    return hit;
}

static void test_least_recently_used_goes(void **state)
{
    struct web_cache *c = web_cache_new();
    struct arena a;
    (void)state;
    arena_init(&a);
    for (int i = 0; i < WEB_CACHE_ENTRIES; i++)
        put(c, &a, i);
    assert_true(kept(c, &a, 0)); /* k0 used again: k1 is now the oldest */
    put(c, &a, WEB_CACHE_ENTRIES);
    for (int i = 0; i <= WEB_CACHE_ENTRIES; i++)
        assert_int_equal(kept(c, &a, i), i != 1);
    web_cache_free(c);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kept_until_the_register_changes, setup, teardown),
        cmocka_unit_test(test_least_recently_used_goes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
