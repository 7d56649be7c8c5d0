/* test_web_api.c -- the JSON API, driven through the application without a
 * server: every route under /api is in the OpenAPI document, which is
 * JSON; an update is 201 with its id and the action's new version, and
 * then in the history; an If-Match naming an old version is 409 and
 * records nothing; bad input 400 with the reason; roles 403; unknown and
 * restricted actions 404; the list's filters and counts; the committee
 * paper is the service's JSON, byte for byte. */
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
#include "service/paper_committee.h"
#include "service/users.h"
#include "store/store.h"
#include "web/api.h"
#include "web/app.h"
#include "web/json.h"
#include "web/router.h"
#include "web_fixture.h"

enum who { ADMIN, BOARD, OWNER, VIEWER, CLEARED, NWHO };
static const char *const NAMES[NWHO] = {"ada", "bob", "olly", "vic", "cleo"};

struct fixture {
    struct web_fixture web;
    char token[NWHO][SECRET_TOKEN_BUFSZ + 8];
};

static int32_t D(const char *s)
{
    int32_t d;
    assert_int_equal(date_parse(s, strlen(s), &d), 0);
    return d;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct store *s;
    struct err e = {0};
    struct arena a;
    struct source src = {0}, secret = {0};
    struct point p = {0};

    arena_init(&a);
    s = wf_register_create(&f->web, "oversight-test", "clerk");
    assert_int_equal(store_setting_set(s, "committee", "Audit Committee", &e), 0);
    src.title = "PEEL 2022";
    src.scope = SC_FORCE;
    src.published = D("2022-10-14");
    assert_int_equal(store_source_put(s, &src, &e), 0);
    secret.title = "Covert policing";
    secret.scope = SC_FORCE;
    secret.published = D("2022-10-14");
    secret.marking = MK_RESTRICTED;
    assert_int_equal(store_source_put(s, &secret, &e), 0);
    for (int i = 0; i < 6; i++) {
        struct action act = {0};
        act.ref = i == 5 ? "7/2023/S" : arena_printf(&a, "7/2023/%c", 'A' + i);
        act.source_id = i == 5 ? secret.id : src.id;
        act.kind = AK_RECOMMENDATION;
        act.text = "The force should do something";
        act.owner = i % 2 ? "PA Director" : "FCIR";
        act.issued = DATE_NONE;
        assert_int_equal(store_action_put(s, &act, &e), 0);
    }
    p.committee = "Audit Committee";
    p.date = D("2023-01-31");
    assert_int_equal(store_point_add(s, &p, &e), 0);
    for (int w = 0; w < NWHO; w++) {
        static const enum role roles[NWHO] = {ROLE_ADMIN, ROLE_BOARD, ROLE_OWNER, ROLE_VIEWER,
                                              ROLE_VIEWER};
        wf_add_user(s, NAMES[w], roles[w], w == CLEARED ? MK_RESTRICTED : MK_NONE,
                    w == OWNER ? " pa director " : NULL, NULL);
        assert_int_equal(users_token_add(s, NAMES[w], "test", f->token[w], &a, &e), 0);
    }
    wf_app_start(&f->web, s, NULL, 0);
    arena_release(&a);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    wf_app_stop(&f->web);
    free(f);
    return 0;
}

/* One request as who, with a JSON body (or none) and an If-Match header
 * (or none); the response's JSON is parsed into c->json. */
static struct web_call *send(struct fixture *f, enum who w, const char *method,
                             const char *target, const char *body, const char *if_match)
{
    char auth[sizeof f->token[0] + 8];
    const char *h[] = {"Authorization", auth, "Content-Type", body ? "application/json" : NULL,
                       "If-Match", if_match, NULL};
    struct web_call *c;
    struct err e = {0};

    snprintf(auth, sizeof auth, "Bearer %s", f->token[w]);
    c = wf_send(&f->web, method, target, h, body, body ? strlen(body) : 0);
    if (c->resp.static_body)
        assert_int_equal(json_parse((const char *)c->resp.static_body, c->resp.static_len,
                                    &c->arena, &c->json, &e),
                         0);
    else
        assert_int_equal(json_parse(c->resp.body.p, c->resp.body.len, &c->arena, &c->json, &e),
                         0);
    assert_string_equal(c->resp.content_type, "application/json");
    return c;
}

static int64_t num(const struct json_value *v, const char *key)
{
    const struct json_value *m = json_get(v, key);
    assert_non_null(m);
    assert_int_equal(m->type, JSON_NUMBER);
    return m->integer;
}

static const char *str(const struct json_value *v, const char *key)
{
    const struct json_value *m = json_get(v, key);
    assert_non_null(m);
    return json_str(m) ? json_str(m) : "(null)";
}

static const char *message(const struct web_call *c)
{
    return str(json_get(c->json, "error"), "message");
}

/* The action's version and the number of updates in its history. */
static void action(struct fixture *f, const char *ref, int64_t *version, size_t *nupdates,
                   const char **status)
{
    struct web_call *c = send(f, ADMIN, "GET", ref, NULL, NULL);
    assert_int_equal(c->resp.status, 200);
    *version = num(c->json, "version");
    assert_string_equal(web_response_header(&c->resp, "ETag"),
                        arena_printf(&c->arena, "\"%lld\"", (long long)*version));
    *nupdates = json_get(c->json, "updates")->n;
    if (status) {
        static char st[16];
        snprintf(st, sizeof st, "%s", str(c->json, "status"));
        *status = st;
    }
    wf_done(c);
}

/* ---- the tests ---------------------------------------------------------- */

static void test_openapi_describes_every_route(void **state)
{
    struct fixture *f = *state;
    struct web_call *c = send(f, VIEWER, "GET", "/api/openapi.json", NULL, NULL);
    const struct json_value *paths;
    char routed[64][256];
    size_t nrouted = 0;

    assert_int_equal(c->resp.status, 200);
    assert_string_equal(str(c->json, "openapi"), "3.0.3");
    paths = json_get(c->json, "paths");
    assert_non_null(paths);
    for (size_t i = 0; i < WEB_NROUTES; i++) {
        const struct web_route *r = &WEB_ROUTES[i];
        static const char *const methods[] = {"", "get", "head", "post", "put", "patch", "delete"};
        char path[256], *o = path;
        const struct json_value *item;
        if (strncmp(r->pattern, "/api/", 5) != 0)
            continue;
        assert_true(r->flags & WEB_API);
        /* /api/actions/:ref -> /api/actions/{ref} */
        for (const char *p = r->pattern; *p;) {
            if (*p == ':') {
                size_t n = strcspn(p + 1, "/");
                o += sprintf(o, "{%.*s}", (int)n, p + 1);
                p += 1 + n;
            } else {
                *o++ = *p++;
            }
        }
        *o = '\0';
        assert_true(nrouted < 64);
        snprintf(routed[nrouted++], sizeof routed[0], "%s", path);
        item = json_get(paths, path);
        if (!item)
            fail_msg("%s is not in the OpenAPI document", path);
        if (!json_get(item, methods[r->method]))
            fail_msg("%s %s is not in the OpenAPI document", methods[r->method], path);
    }
    /* and nothing documented that is not routed */
    for (size_t i = 0; i < paths->n; i++) {
        size_t j = 0;
        while (j < nrouted && strcmp(routed[j], paths->members[i].key) != 0)
            j++;
        if (j == nrouted)
            fail_msg("%s is documented but not routed", paths->members[i].key);
    }
    wf_done(c);
}

static void test_update_conflict_and_history(void **state)
{
    struct fixture *f = *state;
    struct web_call *c;
    int64_t v0, v1, v2;
    size_t n0, n1;
    const char *st;
    char etag[32];

    action(f, "/api/actions/7%2F2023%2FB", &v0, &n0, &st);
    assert_string_equal(st, "white");
    assert_int_equal(n0, 0);

    /* the owner of 7/2023/B (PA Director) records progress */
    c = send(f, OWNER, "POST", "/api/actions/7%2F2023%2FB/updates",
             "{\"status\": \"amber\", \"note\": \"Started\", \"date\": \"2023-05-01\"}", NULL);
    assert_int_equal(c->resp.status, 201);
    v1 = num(c->json, "version");
    assert_true(v1 > v0);
    assert_int_equal(num(c->json, "id"), v1);
    assert_string_equal(str(c->json, "ref"), "7/2023/B");
    assert_string_equal(str(c->json, "status"), "amber");
    assert_string_equal(str(c->json, "date"), "2023-05-01");
    assert_string_equal(str(c->json, "by"), "olly");
    assert_string_equal(web_response_header(&c->resp, "Location"), "/api/actions/7%2F2023%2FB");
    wf_done(c);
    action(f, "/api/actions/7%2F2023%2FB", &v2, &n1, &st);
    assert_int_equal(v2, v1);
    assert_int_equal(n1, 1);
    assert_string_equal(st, "amber");

    /* with the version it read: refused once another change came between */
    snprintf(etag, sizeof etag, "\"%lld\"", (long long)v0);
    c = send(f, ADMIN, "POST", "/api/actions/7%2F2023%2FB/updates", "{\"status\": \"red\"}", etag);
    assert_int_equal(c->resp.status, 409);
    assert_int_equal(num(json_get(c->json, "error"), "version"), v1);
    wf_done(c);
    action(f, "/api/actions/7%2F2023%2FB", &v2, &n1, &st);
    assert_int_equal(n1, 1); /* nothing recorded */
    assert_string_equal(st, "amber");
    snprintf(etag, sizeof etag, "\"%lld\"", (long long)v1);
    c = send(f, ADMIN, "POST", "/api/actions/7%2F2023%2FB/updates", "{\"status\": \"red\"}", etag);
    assert_int_equal(c->resp.status, 201);
    wf_done(c);
    c = send(f, ADMIN, "POST", "/api/actions/7%2F2023%2FB/updates", "{\"status\": \"red\"}",
             "W/\"1\", 12x");
    assert_int_equal(c->resp.status, 400);
    wf_done(c);
    action(f, "/api/actions/7%2F2023%2FB", &v2, &n1, &st);
    assert_int_equal(n1, 2);
    assert_string_equal(st, "red");

    /* closing needs the board and a reason; reopening an editor or admin */
    c = send(f, OWNER, "POST", "/api/actions/7%2F2023%2FB/updates",
             "{\"status\": \"closed\", \"reason\": \"written_off\", \"note\": \"n/a\"}", NULL);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    c = send(f, BOARD, "POST", "/api/actions/7%2F2023%2FB/updates",
             "{\"status\": \"closed\", \"reason\": \"completed\"}", NULL);
    assert_int_equal(c->resp.status, 403); /* a rule: only a green action is signed off */
    assert_non_null(strstr(message(c), "only a green action"));
    wf_done(c);
    c = send(f, BOARD, "POST", "/api/actions/7%2F2023%2FB/updates",
             "{\"status\": \"closed\", \"reason\": \"written_off\", \"note\": \"Overtaken\"}", NULL);
    assert_int_equal(c->resp.status, 201);
    assert_string_equal(str(c->json, "reason"), "written_off");
    wf_done(c);
    c = send(f, OWNER, "POST", "/api/actions/7%2F2023%2FB/updates", "{\"status\": \"amber\"}",
             NULL);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    c = send(f, ADMIN, "POST", "/api/actions/7%2F2023%2FB/updates", "{\"status\": \"amber\"}",
             NULL);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(message(c), "reopening it needs a \"reason\""));
    wf_done(c);
    c = send(f, ADMIN, "POST", "/api/actions/7%2F2023%2FB/updates",
             "{\"status\": \"amber\", \"reason\": \"Not done after all\"}", NULL);
    assert_int_equal(c->resp.status, 201);
    wf_done(c);
    action(f, "/api/actions/7%2F2023%2FB", &v2, &n1, &st);
    assert_int_equal(n1, 4);
    assert_string_equal(st, "amber");
}

static void test_refusals(void **state)
{
    struct fixture *f = *state;
    static const struct {
        enum who w;
        const char *target, *body;
        int status;
        const char *words;
    } cases[] = {
        {VIEWER, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"amber\"}", 403, "role"},
        {OWNER, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"amber\"}", 403, "yours"},
        {ADMIN, "/api/actions/7%2F2023%2FZ/updates", "{\"status\":\"amber\"}", 404, "no action"},
        {ADMIN, "/api/actions/7%2F2023%2FS/updates", "{\"status\":\"amber\"}", 404, "no action"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"purple\"}", 400, "purple"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"note\":\"x\"}", 400, "required"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "[1]", 400, "JSON object"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"amber\",\"x\":1}", 400, "\"x\""},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":7}", 400, "string"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"amber\",\"date\":\"2023-02-30\"}",
         400, "real date"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"amber\",\"date\":\"2999-01-01\"}",
         400, "past"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"amber\",\"date\":\"2020-01-01\"}",
         400, "before the action was issued"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"green\"}", 400, "evidenced"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"closed\"}", 400, "reason"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates",
         "{\"status\":\"closed\",\"reason\":\"superseded\",\"note\":\"x\",\"by_ref\":\"NOPE\"}", 400,
         "no action NOPE"},
        {ADMIN, "/api/actions/7%2F2023%2FA/updates", "{\"status\":\"amber\",\"reason\":\"x\"}", 400,
         "closure or a reopening"},
        {VIEWER, "/api/actions/7%2F2023%2FS", NULL, 404, "no action"},
        {VIEWER, "/api/actions?colour=red", NULL, 400, "colour"},
        {VIEWER, "/api/actions?status=purple", NULL, 400, "purple"},
        {VIEWER, "/api/actions?limit=0", NULL, 400, "limit"},
        {VIEWER, "/api/actions?source=Covert+policing", NULL, 400, "no source"},
        {VIEWER, "/api/actions?period=new", NULL, 400, "cut-off"},
        {VIEWER, "/api/reports/committee?as_of=2023-01-30", NULL, 400, "not a reporting point"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct web_call *c = send(f, cases[i].w, cases[i].body ? "POST" : "GET", cases[i].target,
                              cases[i].body, NULL);
        if (c->resp.status != cases[i].status || !strstr(message(c), cases[i].words))
            fail_msg("case %zu: %d %s", i, c->resp.status, message(c));
        wf_done(c);
    }
    /* none of them changed anything */
    {
        int64_t v;
        size_t n;
        action(f, "/api/actions/7%2F2023%2FA", &v, &n, NULL);
        assert_int_equal(n, 0);
    }
}

static void test_list_filters_and_counts(void **state)
{
    struct fixture *f = *state;
    struct web_call *c;
    const struct json_value *list;

    c = send(f, OWNER, "POST", "/api/actions/7%2F2023%2FD/updates", "{\"status\":\"red\"}", NULL);
    assert_int_equal(c->resp.status, 201);
    wf_done(c);

    c = send(f, VIEWER, "GET", "/api/actions", NULL, NULL);
    assert_int_equal(c->resp.status, 200);
    assert_int_equal(num(c->json, "total"), 5);
    assert_int_equal(num(c->json, "restricted_not_shown"), 1);
    assert_int_equal(num(json_get(c->json, "counts"), "white"), 4);
    assert_int_equal(num(json_get(c->json, "counts"), "red"), 1);
    list = json_get(c->json, "actions");
    assert_int_equal(list->n, 5);
    assert_string_equal(str(list->items[0], "ref"), "7/2023/A");
    assert_string_equal(str(list->items[3], "status"), "red");
    wf_done(c);

    c = send(f, CLEARED, "GET", "/api/actions?status=outstanding&sort=status&limit=2", NULL, NULL);
    assert_int_equal(num(c->json, "total"), 6);
    assert_int_equal(num(c->json, "restricted_not_shown"), 0);
    list = json_get(c->json, "actions");
    assert_int_equal(list->n, 2);
    assert_string_equal(str(list->items[0], "ref"), "7/2023/D");
    assert_string_equal(str(list->items[1], "ref"), "7/2023/A");
    wf_done(c);

    c = send(f, OWNER, "GET", "/api/actions?mine=true&status=white", NULL, NULL);
    /* B, D and 7/2023/S are PA Director's; D is red, S restricted */
    assert_int_equal(num(c->json, "total"), 1);
    wf_done(c);
    c = send(f, VIEWER, "GET", "/api/actions?owner=pa%20DIRECTOR&offset=1&limit=1", NULL, NULL);
    assert_int_equal(num(c->json, "total"), 2);
    list = json_get(c->json, "actions");
    assert_int_equal(list->n, 1);
    assert_string_equal(str(list->items[0], "ref"), "7/2023/D");
    wf_done(c);
    c = send(f, VIEWER, "GET", "/api/actions?q=2023%2FE", NULL, NULL);
    assert_int_equal(num(c->json, "total"), 1);
    wf_done(c);

    c = send(f, VIEWER, "GET", "/api/sources", NULL, NULL);
    assert_int_equal(json_get(c->json, "sources")->n, 1);
    assert_int_equal(num(c->json, "restricted_not_shown"), 1);
    wf_done(c);
}

static void test_report_is_the_papers_json(void **state)
{
    struct fixture *f = *state;
    struct web_call *c = send(f, VIEWER, "GET", "/api/reports/committee?as_of=2023-01-31", NULL, NULL);
    struct store *s;
    struct err e = {0};
    struct arena a;
    struct paper_opts o = {0};
    struct paper_committee p;
    struct buf b;

    assert_int_equal(c->resp.status, 200);
    arena_init(&a);
    buf_init(&b, BUF_MAX_DEFAULT);
    assert_int_equal(store_open(&s, f->web.path, STORE_EXISTING, &e), 0);
    assert_int_equal(store_begin_read(s, &e), 0);
    o.as_of = D("2023-01-31");
    o.public_version = 1; /* vic is not cleared */
    assert_int_equal(paper_committee_load(s, &o, &a, &p, &e), 0);
    assert_int_equal(paper_committee_json(&p, &b, &e), 0);
    store_rollback(s);
    store_close(s);
    assert_int_equal(c->resp.body.len, b.len);
    assert_memory_equal(c->resp.body.p, b.p, b.len);
    assert_string_equal(str(c->json, "as_of"), "2023-01-31");
    buf_release(&b);
    arena_release(&a);
    wf_done(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_openapi_describes_every_route, setup, teardown),
        cmocka_unit_test_setup_teardown(test_update_conflict_and_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_filters_and_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_is_the_papers_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
