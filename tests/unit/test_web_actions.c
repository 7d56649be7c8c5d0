/* test_web_actions.c -- the action pages driven through the whole
 * application without a server: the list's filters, sorting, pages and
 * downloads; an action whose ref holds slashes (7/2023/P) at its
 * percent-encoded address; who may post what (an owner of another
 * directorate, a viewer, a form without its CSRF token: 403 and nothing
 * written); sign-off refused to whoever set the action green, with the
 * register's message; hostile text escaped on every page; evidence files
 * checked by their bytes and given back as downloads; bodies over 20 MB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "service/changes.h"
#include "service/users.h"
#include "store/evidence.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/router.h"
#include "web_fixture.h"

#define HOSTILE "\"'><script>alert(1)</script>"
#define HOSTILE_ESCAPED "&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
#define HOSTILE_TEXT "\"'&gt;&lt;script&gt;alert(1)&lt;/script&gt;"

/* Signed-in users' cookies and CSRF tokens, made once. */
enum who { ED, VI, BO, OW, OX, CL, NWHO };
static const char *const NAMES[NWHO] = {"ed", "vi", "bo", "ow", "ox", "cl"};
static char cookies[NWHO][128], tokens[NWHO][64];

static struct web_fixture fx;
static long long peel_id; /* the source "PEEL 2023" */

static int64_t add_source(struct store *s, const char *title, const char *published,
                          enum marking marking)
{
    struct source src = {0};
    struct err e = {0};
    src.title = title;
    src.body = "HMICFRS";
    src.scope = SC_FORCE;
    src.kind = SK_INSPECTION;
    src.marking = marking;
    assert_int_equal(date_parse(published, 10, &src.published), 0);
    assert_int_equal(store_source_put(s, &src, &e), 0);
    return src.id;
}

static void add_action(struct store *s, int64_t source, const char *ref, const char *owner,
                       const char *directorate, const char *issued, const char *due,
                       enum marking marking, enum status st)
{
    struct action a = {0};
    struct due_change d = {0};
    struct update u = {0};
    struct err e = {0};
    a.ref = ref;
    a.source_id = source;
    a.kind = AK_RECOMMENDATION;
    a.text = "The force should improve its response.";
    a.owner = owner;
    a.directorate = directorate;
    a.marking = marking;
    a.issued = DATE_NONE;
    if (issued)
        assert_int_equal(date_parse(issued, 10, &a.issued), 0);
    assert_int_equal(store_action_put(s, &a, &e), 0);
    d.action_id = a.id;
    d.effective = DATE_NONE;
    d.due = due;
    assert_int_equal(store_due_add(s, &d, &e), 0);
    if (st != ST_WHITE) {
        u.action_id = a.id;
        assert_int_equal(date_parse("2024-01-10", 10, &u.date), 0);
        u.status = st;
        u.note = "Progress as planned";
        u.by = "importer";
        assert_int_equal(store_update_add(s, &u, &e), 0);
    }
}

/* ---- requests ------------------------------------------------------------ */

static struct web_call *send_ct(const char *method, const char *target, enum who who, int csrf,
                                const char *ct, const char *body, size_t len)
{
    const char *h[] = {"Cookie", who < NWHO ? cookies[who] : NULL,
                       "X-CSRF-Token", csrf && who < NWHO ? tokens[who] : NULL,
                       "Content-Type", ct, NULL};
    return wf_send(&fx, method, target, h, body, len);
}

static struct web_call *get(const char *target, enum who who)
{
    return send_ct("GET", target, who, 0, NULL, NULL, 0);
}

/* A urlencoded form post, with the user's CSRF token unless csrf is 0. */
static struct web_call *post(const char *target, enum who who, const char *body, int csrf)
{
    return send_ct("POST", target, who, csrf, "application/x-www-form-urlencoded", body,
                   strlen(body));
}

static struct web_call *post_multipart(const char *target, enum who who,
                                       const char *const *fields, const char *file_field,
                                       const char *filename, const void *data, size_t dlen)
{
    struct buf b;
    struct web_call *c;
    wf_multipart(&b, fields, file_field, filename, "application/octet-stream", data, dlen);
    c = send_ct("POST", target, who, 1, WF_MULTIPART, b.p, b.len);
    /* The response may point into the request's body (it does not here). */
    c->req.body = NULL;
    buf_release(&b);
    return c;
}

/* ---- reading the register ------------------------------------------------ */

struct reg {
    struct store *s;
    struct arena a;
};

static struct reg *reg_open(void)
{
    struct reg *r = calloc(1, sizeof *r);
    struct err e = {0};
    arena_init(&r->a);
    assert_int_equal(store_open(&r->s, fx.path, STORE_EXISTING, &e), 0);
    return r;
}

static void reg_close(struct reg *r)
{
    store_close(r->s);
    arena_release(&r->a);
    free(r);
}

static int count_entry(void *ctx, const struct audit_entry *en)
{
    (*(long long *)ctx)++;
    return 0;
}

/* How many changes the audit log holds: unchanged means nothing was written. */
static long long changes(void)
{
    struct reg *r = reg_open();
    struct err e = {0};
    long long n = 0;
    assert_int_equal(store_audit_each(r->s, NULL, 0, count_entry, &n, &e), 0);
    reg_close(r);
    return n;
}

static size_t updates_of(const char *ref, struct update ***out, struct reg *r)
{
    struct err e = {0};
    struct action *a;
    size_t n;
    assert_int_equal(store_action_find(r->s, ref, &r->a, &a, &e), 0);
    assert_int_equal(store_updates_of(r->s, a->id, &r->a, out, &n, &e), 0);
    return n;
}

static enum status status_of(const char *ref)
{
    struct reg *r = reg_open();
    struct err e = {0};
    struct action *a;
    enum status st;
    assert_int_equal(store_action_find(r->s, ref, &r->a, &a, &e), 0);
    st = a->status;
    reg_close(r);
    return st;
}

/* ---- setup --------------------------------------------------------------- */

static int setup(void **state)
{
    struct store *s;
    struct err e = {0};
    int64_t peel, roads, secret;

    setenv("OVERSIGHT_TODAY", "2024-02-22", 1);
    s = wf_register_create(&fx, "oversight-actions", "admin");
    assert_int_equal(store_setting_set(s, "org", "City Police", &e), 0);
    assert_int_equal(store_setting_set(s, "cutoff", "2023-03-01", &e), 0);
    wf_add_user(s, "ed", ROLE_EDITOR, MK_NONE, NULL, NULL);
    wf_add_user(s, "vi", ROLE_VIEWER, MK_NONE, NULL, NULL);
    wf_add_user(s, "bo", ROLE_BOARD, MK_NONE, NULL, NULL);
    wf_add_user(s, "ow", ROLE_OWNER, MK_NONE, "PA Director", NULL);
    wf_add_user(s, "ox", ROLE_OWNER, MK_NONE, "Head of Custody", "Specialist Operations");
    wf_add_user(s, "cl", ROLE_VIEWER, MK_RESTRICTED, NULL, NULL);
    peel = add_source(s, "PEEL 2023", "2023-05-01", MK_PUBLIC);
    peel_id = peel;
    roads = add_source(s, "Roads policing " HOSTILE, "2023-05-01", MK_PUBLIC);
    secret = add_source(s, "A restricted review", "2023-01-01", MK_RESTRICTED);
    add_action(s, peel, "7/2023/P", "PA Director", "Local Policing", NULL, "2023-12-31",
               MK_PUBLIC, ST_WHITE);
    for (int i = 1; i <= 120; i++) {
        static const enum status st[] = {ST_RED, ST_AMBER, ST_WHITE, ST_GREEN};
        char ref[16];
        snprintf(ref, sizeof ref, "A-%03d", i);
        /* A-120's owner would be a formula to a spreadsheet */
        add_action(s, roads, ref, i == 120 ? "=1+2" : i % 2 ? "Head of Roads" : "Head of Custody",
                   i % 2 ? "Local Policing" : "Specialist Operations",
                   i <= 60 ? "2023-01-15" : NULL, i % 3 == 0 ? "2023-06-30" : "2025-03-31",
                   MK_NONE, st[i % 4]);
    }
    add_action(s, secret, "R-1", "PA Director", "Local Policing", NULL, "2025-01-31", MK_NONE,
               ST_AMBER);
    wf_app_start(&fx, s, NULL, 0);
    for (int w = 0; w < NWHO; w++)
        wf_sign_in(&fx, NAMES[w], cookies[w], sizeof cookies[w], tokens[w]);
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    wf_app_stop(&fx);
    return 0;
}

/* How many times needle occurs in hay. */
static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* ---- the list -------------------------------------------------------------- */

static void test_list_filters_and_pages(void **state)
{
    struct web_call *c;

    c = get("/actions", VI);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "Showing <b>1</b> to <b>50</b> of <b>121</b> actions"));
    assert_non_null(strstr(wf_body(c), "1 restricted action is not shown"));
    assert_null(strstr(wf_body(c), ">R-1<"));
    assert_non_null(strstr(wf_body(c), "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">"));
    assert_non_null(strstr(wf_body(c), "href=\"/actions?page=3\" aria-label=\"Page 3\""));
    assert_non_null(strstr(wf_body(c), "rel=\"next\" href=\"/actions?page=2\""));
    assert_int_equal(count(wf_body(c), "<tr class=\"govuk-table__row\"><td"), 50);
    /* the status in words, in its colour */
    assert_non_null(strstr(wf_body(c), "<strong class=\"govuk-tag govuk-tag--red\">Red</strong>"));
    /* a viewer is offered no way to add one */
    assert_null(strstr(wf_body(c), "href=\"/actions/new\""));
    wf_done(c);

    c = get("/actions?page=3", VI);
    assert_non_null(strstr(wf_body(c), "Showing <b>101</b> to <b>121</b> of <b>121</b> actions"));
    assert_int_equal(count(wf_body(c), "<tr class=\"govuk-table__row\"><td"), 21);
    assert_non_null(strstr(wf_body(c), "aria-label=\"Page 3\" aria-current=\"page\""));
    wf_done(c);

    c = get("/actions?status=red&directorate=specialist+operations", VI);
    assert_non_null(strstr(wf_body(c), "of <b>30</b> actions"));
    assert_non_null(strstr(wf_body(c), ">A-004</a>"));
    assert_null(strstr(wf_body(c), ">A-001</a>"));
    /* each filter in use is a link that removes it */
    assert_non_null(strstr(wf_body(c), "href=\"/actions?directorate=specialist%20operations\"><span "
                                    "class=\"govuk-visually-hidden\">Remove this filter</span> Red"));
    wf_done(c);

    c = get("/actions?only=overdue", VI);
    assert_non_null(strstr(wf_body(c), "of <b>31</b> actions"));
    assert_non_null(strstr(wf_body(c), "<strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>"));
    wf_done(c);
    c = get("/actions?only=overdue&period=historic", VI);
    assert_non_null(strstr(wf_body(c), "of <b>15</b> actions"));
    wf_done(c);
    c = get("/actions?q=7%2F2023", VI);
    assert_non_null(strstr(wf_body(c), "Showing <b>1</b> to <b>1</b> of <b>1</b> action</p>"));
    assert_non_null(strstr(wf_body(c), "<a class=\"govuk-link\" href=\"/actions/7%2F2023%2FP\">7/2023/P</a>"));
    wf_done(c);
    c = get("/actions?status=closed", VI);
    assert_non_null(strstr(wf_body(c), "No actions match these filters."));
    wf_done(c);

    /* sorted by target date, soonest first (ties by reference) */
    c = get("/actions?sort=due", VI);
    {
        const char *first = strstr(wf_body(c), "<tbody");
        assert_non_null(first);
        first = strstr(first, "\">A-0");
        assert_non_null(first);
        assert_memory_equal(first, "\">A-003<", 8);
    }
    assert_non_null(strstr(wf_body(c), "aria-sort=\"ascending\"><a class=\"govuk-link "
                                    "govuk-link--no-visited-state\" href=\"/actions?sort=due\">"
                                    "Target date</a>"));
    wf_done(c);

    /* an owner sees which are theirs; a cleared user sees restricted ones */
    c = get("/actions?only=mine", OW);
    assert_non_null(strstr(wf_body(c), "of <b>1</b> action</p>"));
    assert_non_null(strstr(wf_body(c), "<strong class=\"govuk-tag govuk-tag--purple\">Yours</strong>"));
    wf_done(c);
    c = get("/actions?only=mine", CL);
    assert_non_null(strstr(wf_body(c), "No actions match"));
    wf_done(c);
    c = get("/actions?q=R-1", CL);
    assert_non_null(strstr(wf_body(c), ">R-1</a>"));
    assert_null(strstr(wf_body(c), "not shown"));
    wf_done(c);
    c = get("/actions/R-1", VI);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
    c = get("/actions/R-1", CL);
    assert_int_equal(c->resp.status, 200);
    wf_done(c);
}

static void test_downloads(void **state)
{
    struct web_call *c = get("/actions.csv?q=7%2F2023", VI);
    assert_int_equal(c->resp.status, 200);
    assert_string_equal(c->resp.content_type, "text/csv; charset=utf-8");
    assert_string_equal(wf_header(c, "Content-Disposition"),
                        "attachment; filename=\"actions-2024-02-22.csv\"");
    assert_string_equal(wf_body(c),
                        "ref,status,source,kind,text,owner,directorate,issued,due,overdue,"
                        "latest_note\n"
                        "7/2023/P,white,PEEL 2023,recommendation,The force should improve its "
                        "response.,PA Director,Local Policing,2023-05-01,2023-12-31,yes,\n");
    wf_done(c);
    c = get("/actions.csv?status=red", VI);
    assert_int_equal(count(wf_body(c), "\n"), 31);
    assert_non_null(strstr(wf_body(c), ",\"Roads policing \"\"'><script>alert(1)</script>\","));
    /* a cell that a spreadsheet would run as a formula is neutralised */
    assert_non_null(strstr(wf_body(c), ",'=1+2,"));
    wf_done(c);
    c = get("/actions.xlsx?status=red", VI);
    assert_int_equal(c->resp.status, 200);
    assert_string_equal(c->resp.content_type,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_memory_equal(c->resp.body.p, "PK\x03\x04", 4);
    wf_done(c);
    /* restricted actions stay out of downloads too */
    c = get("/actions.csv", VI);
    assert_null(strstr(wf_body(c), "R-1,"));
    assert_int_equal(count(wf_body(c), "\n"), 122);
    wf_done(c);
}

/* ---- one action at its encoded address ------------------------------------ */

static void test_encoded_ref(void **state)
{
    struct web_call *c;
    struct reg *r;
    struct update **u;

    c = get("/actions/7%2F2023%2FP", OW);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "<h1 class=\"govuk-heading-l\">7/2023/P</h1>"));
    assert_non_null(strstr(wf_body(c), "action=\"/actions/7%2F2023%2FP/updates\""));
    assert_non_null(strstr(wf_body(c), "<strong class=\"govuk-tag govuk-tag--purple\">Yours</strong>"));
    assert_non_null(strstr(wf_body(c), "31 December 2023 <strong class=\"govuk-tag govuk-tag--red\">"
                                    "Overdue</strong>"));
    /* an owner records progress; signing off is not theirs */
    assert_non_null(strstr(wf_body(c), "Record progress"));
    assert_null(strstr(wf_body(c), "/closure"));
    assert_null(strstr(wf_body(c), "Edit this action"));
    wf_done(c);

    c = post("/actions/7%2F2023%2FP/updates", OW,
             "form=update&update-status=amber&update-note=Plan+agreed", 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/actions/7%2F2023%2FP?saved=update");
    wf_done(c);
    r = reg_open();
    assert_int_equal(updates_of("7/2023/P", &u, r), 1);
    assert_int_equal(u[0]->status, ST_AMBER);
    assert_string_equal(u[0]->note, "Plan agreed");
    assert_string_equal(u[0]->recorded_by, "ow");
    reg_close(r);
    c = get("/actions/7%2F2023%2FP?saved=update", OW);
    assert_non_null(strstr(wf_body(c), "Progress recorded"));
    assert_non_null(strstr(wf_body(c), "Progress update <strong class=\"govuk-tag "
                                    "govuk-tag--orange\">Amber</strong>"));
    wf_done(c);

    /* a form with a mistake: 400, the error summary, what was typed kept */
    c = post("/actions/7%2F2023%2FP/updates", OW,
             "form=update&update-note=Half+done&update-date-day=31&update-date-month=2&"
             "update-date-year=2024",
             1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<title>Error: Action 7/2023/P"));
    assert_non_null(strstr(wf_body(c), "<a href=\"#update-status\">Select the status</a>"));
    assert_non_null(strstr(wf_body(c), "<a href=\"#update-date-day\">The date of this update must "
                                    "be a real date</a>"));
    assert_non_null(strstr(wf_body(c), ">Half done</textarea>"));
    assert_non_null(strstr(wf_body(c), "id=\"update-date-day\" name=\"update-date-day\" value=\"31\""));
    assert_non_null(strstr(wf_body(c), "aria-describedby=\"update-status-error\""));
    wf_done(c);
    r = reg_open();
    assert_int_equal(updates_of("7/2023/P", &u, r), 1);
    reg_close(r);
}

static void test_who_may_post(void **state)
{
    long long before = changes();
    struct web_call *c;

    /* an owner of another directorate */
    c = post("/actions/7%2F2023%2FP/updates", OX, "form=update&update-status=red", 1);
    assert_int_equal(c->resp.status, 403);
    assert_non_null(strstr(wf_body(c), "only on the actions whose owner or directorate is yours"));
    wf_done(c);
    assert_int_equal(changes(), before);

    /* a viewer, on every POST route the actions have */
    for (size_t i = 0; i < WEB_NROUTES; i++) {
        char target[128];
        const char *p = WEB_ROUTES[i].pattern;
        if (WEB_ROUTES[i].method != WEB_POST || strncmp(p, "/actions", 8) != 0)
            continue;
        {
            /* :ref is 7/2023/P, :id its first update (or none) */
            const char *k = strstr(p, ":ref"), *id;
            if (k)
                snprintf(target, sizeof target, "%.*s7%%2F2023%%2FP%s", (int)(k - p), p, k + 4);
            else
                snprintf(target, sizeof target, "%s", p);
            if ((id = strstr(target, ":id")))
                snprintf(target + (id - target), sizeof target - (size_t)(id - target), "1/void");
        }
        c = post(target, VI,
                 "form=update&update-status=red&reason=completed&close-reason=written_off&"
                 "close-note=x&refusal-reason=x&reopen-reason=x&ref=V-1&source=1&text=x",
                 1);
        if (c->resp.status != 403)
            fail_msg("viewer POST %s: %d", target, c->resp.status);
        wf_done(c);
        /* and the board may not record progress or keep the register */
        if (strstr(target, "/updates") || strcmp(target, "/actions") == 0) {
            c = post(target, BO, "form=update&update-status=red&ref=V-1&source=1&text=x", 1);
            if (c->resp.status != 403)
                fail_msg("board POST %s: %d", target, c->resp.status);
            wf_done(c);
        }
    }
    assert_int_equal(changes(), before);

    /* a form without its CSRF token */
    c = post("/actions/7%2F2023%2FP/updates", ED, "form=update&update-status=red", 0);
    assert_int_equal(c->resp.status, 403);
    assert_non_null(strstr(wf_body(c), "This form has expired"));
    wf_done(c);
    assert_int_equal(changes(), before);
}

static void test_sign_off_by_someone_else(void **state)
{
    struct web_call *c;
    long long before;

    /* the editor proposes closure, with a link as evidence */
    c = post("/actions/A-002/updates", ED,
             "form=green&green-note=Delivered&green-link=https%3A%2F%2Fintranet.example%2Fr", 1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    assert_int_equal(status_of("A-002"), ST_GREEN);
    c = get("/actions/A-002", ED);
    assert_non_null(strstr(wf_body(c), "You set this action green, so someone else must sign it off."));
    assert_non_null(strstr(wf_body(c), "<a class=\"govuk-link\" rel=\"noreferrer noopener\" "
                                    "href=\"https://intranet.example/r\">"));
    wf_done(c);

    before = changes();
    c = post("/actions/A-002/closure", ED, "form=signoff&reason=completed", 1);
    assert_int_equal(c->resp.status, 403);
    assert_non_null(strstr(wf_body(c), "A-002 was set green by ed: sign-off must be by someone else"));
    assert_non_null(strstr(wf_body(c), "There is a problem"));
    wf_done(c);
    assert_int_equal(changes(), before);
    assert_int_equal(status_of("A-002"), ST_GREEN);

    c = post("/actions/A-002/closure", BO, "form=signoff&reason=completed", 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/actions/A-002?saved=signoff");
    wf_done(c);
    assert_int_equal(status_of("A-002"), ST_CLOSED);

    /* proposing closure needs evidence */
    c = post("/actions/A-001/updates", ED, "form=green&green-note=Done", 1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<a href=\"#green-link\">Enter a link to the evidence, or "
                                    "attach it as a file</a>"));
    wf_done(c);

    /* the board refuses a sign-off: amber again, with the reason */
    c = post("/actions/A-006/refusal", BO, "refusal-reason=Evidence+is+a+draft", 1);
    assert_int_equal(c->resp.status, 400); /* A-006 is white: nothing to refuse */
    assert_non_null(strstr(wf_body(c), "A-006 is not awaiting sign-off: it is white"));
    wf_done(c);
    c = post("/actions/A-007/refusal", BO, "refusal-reason=Evidence+is+a+draft", 1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    assert_int_equal(status_of("A-007"), ST_AMBER);

    /* writing off needs a reason from the list and an explanation */
    c = post("/actions/A-005/closure", BO, "form=close&close-reason=completed", 1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "Select why the action is closed"));
    assert_non_null(strstr(wf_body(c), "Explain why the action is closed"));
    wf_done(c);
    c = post("/actions/A-005/closure", BO,
             "form=close&close-reason=superseded&close-by-ref=A-006&close-note=Merged", 1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    assert_int_equal(status_of("A-005"), ST_CLOSED);
    c = get("/actions/A-005", VI);
    assert_non_null(strstr(wf_body(c), "Superseded by <a class=\"govuk-link\" href=\"/actions/A-006\">"));
    wf_done(c);

    /* reopening, a revised target date and a voided update (editors) */
    c = post("/actions/A-005/reopening", BO, "reopen-status=amber&reopen-reason=x", 1);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    c = post("/actions/A-005/reopening", ED, "reopen-status=red&reopen-reason=Not+merged+after+all",
             1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    assert_int_equal(status_of("A-005"), ST_RED);
    c = post("/actions/A-005/target-dates", ED,
             "extend-due-day=30&extend-due-month=9&extend-due-year=2024&extend-reason=Supplier&"
             "extend-agreed=Improvement+board",
             1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    {
        struct reg *r = reg_open();
        struct update **u;
        size_t n = updates_of("A-005", &u, r);
        char target[96];
        long long seq;
        assert_int_equal(n, 3);
        seq = (long long)u[2]->seq;
        reg_close(r);
        snprintf(target, sizeof target, "/actions/A-005/updates/%lld/void", seq);
        c = post(target, ED, "form=void", 1);
        assert_int_equal(c->resp.status, 400);
        wf_done(c);
        c = post("/actions/A-006/updates/1/void", ED, "void-1-reason=x", 1);
        assert_int_equal(c->resp.status, 404);
        wf_done(c);
        {
            char b[128];
            snprintf(b, sizeof b, "void-%lld-reason=Recorded+on+the+wrong+action", seq);
            c = post(target, ED, b, 1);
            assert_int_equal(c->resp.status, 303);
            wf_done(c);
        }
    }
    assert_int_equal(status_of("A-005"), ST_CLOSED);
    c = get("/actions/A-005", VI);
    assert_non_null(strstr(wf_body(c), "This update is void</strong> and no longer counts: Recorded "
                                    "on the wrong action"));
    assert_non_null(strstr(wf_body(c), "Target date revised"));
    assert_non_null(strstr(wf_body(c), "New target date: 30 September 2024"));
    assert_non_null(strstr(wf_body(c), "Agreed by Improvement board"));
    wf_done(c);
}

/* ---- hostile text ------------------------------------------------------------ */

static void no_script(const struct web_call *c, const char *where)
{
    if (strstr(wf_body(c), "<script>alert"))
        fail_msg("%s: unescaped script", where);
    if (strstr(wf_body(c), "href=\"javascript"))
        fail_msg("%s: javascript link", where);
}

static void test_hostile_text_is_escaped(void **state)
{
    struct web_call *c;
    char form[1024];
    static const char fields[] =
        "ref=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&kind=afi"
        "&text=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"
        "&owner=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"
        "&directorate=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E"
        "&theme=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&marking=public"
        "&due=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    const char *page = "/actions/%22%27%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E";
    char target[160];

    snprintf(form, sizeof form, "%s&source=%lld", fields, peel_id);
    c = post("/actions", ED, form, 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"),
                        "/actions/%22%27%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E?saved=new");
    wf_done(c);

    /* a javascript: link is refused, and comes back escaped in its field */
    snprintf(target, sizeof target, "%s/updates", page);
    c = post(target, ED,
             "form=update&update-status=amber&update-link=javascript%3Aalert(1)&update-note="
             "%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
             1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "Enter a link that starts with https:// or http://"));
    assert_non_null(strstr(wf_body(c), "value=\"javascript:alert(1)\""));
    assert_non_null(strstr(wf_body(c), ">" HOSTILE_TEXT "</textarea>"));
    no_script(c, "update form sent back");
    wf_done(c);
    c = post(target, ED,
             "form=update&update-status=amber&update-link=https%3A%2F%2Fx.example%2F%22%3E%3Cscript"
             "%3Ealert(1)%3C%2Fscript%3E&update-note=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
             1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    snprintf(target, sizeof target, "%s/target-dates", page);
    c = post(target, ED,
             "extend-due-day=1&extend-due-month=1&extend-due-year=2026&extend-reason=%22%27%3E%3C"
             "script%3Ealert(1)%3C%2Fscript%3E&extend-agreed=%22%27%3E%3Cscript%3Ealert(1)%3C%2F"
             "script%3E",
             1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    snprintf(target, sizeof target, "%s/closure", page);
    c = post(target, BO,
             "form=close&close-reason=written_off&close-note=%22%27%3E%3Cscript%3Ealert(1)%3C%2F"
             "script%3E",
             1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);

    c = get(page, ED);
    assert_int_equal(c->resp.status, 200);
    no_script(c, "action page");
    assert_non_null(strstr(wf_body(c), "<h1 class=\"govuk-heading-l\">" HOSTILE_TEXT "</h1>"));
    assert_non_null(strstr(wf_body(c), "<title>Action " HOSTILE_TEXT));
    /* the link, percent-encoded where it would break out */
    assert_non_null(strstr(wf_body(c), "href=\"https://x.example/%22%3E%3Cscript%3Ealert(1)%3C/"
                                    "script%3E\""));
    assert_int_equal(count(wf_body(c), HOSTILE_TEXT) >= 8, 1);
    wf_done(c);
    snprintf(target, sizeof target, "%s/edit", page);
    c = get(target, ED);
    assert_int_equal(c->resp.status, 200);
    no_script(c, "edit page");
    assert_non_null(strstr(wf_body(c), "value=\"" HOSTILE_ESCAPED "\""));
    wf_done(c);
    c = get("/actions?q=alert", ED);
    no_script(c, "list");
    assert_non_null(strstr(wf_body(c), HOSTILE_TEXT));
    wf_done(c);
    c = get("/actions?owner=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&q=%3Cscript%3E", ED);
    no_script(c, "list filtered by hostile words");
    assert_non_null(strstr(wf_body(c), "value=\"" HOSTILE_ESCAPED "\" selected=\"selected\""));
    wf_done(c);
    /* a form sent back with hostile values in every field */
    c = post("/actions", ED,
             "ref=&source=999&text=%22%27%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&owner=%22%27%3E"
             "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
             1);
    assert_int_equal(c->resp.status, 400);
    no_script(c, "add form sent back");
    assert_non_null(strstr(wf_body(c), "<a href=\"#ref\">Enter the action's reference</a>"));
    assert_non_null(strstr(wf_body(c), "<a href=\"#source\">Select the source the action comes "
                                    "from</a>"));
    wf_done(c);
}

/* ---- evidence ---------------------------------------------------------------- */

static void test_evidence_files(void **state)
{
    static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\n\xE2\xE3\xCF\xD3\0binary\n%%EOF\n";
    static const char html[] = "<!DOCTYPE html><html><script>alert(1)</script></html>";
    const char *fields[] = {"form", "green", "green-note", "Report published", NULL};
    struct web_call *c;
    struct reg *r;
    struct update **u;
    size_t n;
    long long before = changes();
    char url[96];

    /* HTML called .pdf: refused by its bytes, nothing written */
    c = post_multipart("/actions/7%2F2023%2FP/updates", OW, fields, "green-file", "report.pdf",
                       html, sizeof html - 1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "The selected file is not a PDF: its contents do not match "
                                    "its name"));
    assert_non_null(strstr(wf_body(c), "<a href=\"#green-file\">"));
    wf_done(c);
    assert_int_equal(changes(), before);
    c = post_multipart("/actions/7%2F2023%2FP/updates", OW, fields, "green-file", "notes.html",
                       html, sizeof html - 1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "The selected file must be a PDF, Word document, Excel workbook"));
    wf_done(c);

    /* a PDF: kept, and given back as a download */
    c = post_multipart("/actions/7%2F2023%2FP/updates", OW, fields, "green-file",
                       "C:\\fakepath\\Report \xE2\x80\x93 final.pdf", pdf, sizeof pdf - 1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    r = reg_open();
    n = updates_of("7/2023/P", &u, r);
    assert_int_equal(u[n - 1]->status, ST_GREEN);
    {
        struct evidence **ev;
        size_t nev;
        struct err e = {0};
        assert_int_equal(store_evidence_of_action(r->s, u[n - 1]->action_id, &r->a, &ev, &nev, &e), 0);
        assert_int_equal(nev, 1);
        assert_string_equal(ev[0]->filename, "Report \xE2\x80\x93 final.pdf");
        assert_string_equal(ev[0]->content_type, "application/pdf");
        assert_int_equal(ev[0]->size, sizeof pdf - 1);
        assert_int_equal(strlen(ev[0]->sha256), 64);
        snprintf(url, sizeof url, "/actions/7%%2F2023%%2FP/evidence/%lld", (long long)ev[0]->seq);
    }
    reg_close(r);
    c = get("/actions/7%2F2023%2FP", VI);
    assert_non_null(strstr(wf_body(c), url));
    assert_non_null(strstr(wf_body(c), ">Report \xE2\x80\x93 final.pdf</a> (PDF, 45 bytes)"));
    wf_done(c);
    c = get(url, VI);
    assert_int_equal(c->resp.status, 200);
    assert_string_equal(c->resp.content_type, "application/pdf");
    assert_string_equal(wf_header(c, "Content-Disposition"),
                        "attachment; filename=\"Report ___ final.pdf\"; "
                        "filename*=UTF-8''Report%20%E2%80%93%20final.pdf");
    assert_string_equal(wf_header(c, "X-Content-Type-Options"), "nosniff");
    assert_int_equal(c->resp.static_len, sizeof pdf - 1);
    assert_memory_equal(c->resp.static_body, pdf, sizeof pdf - 1);
    wf_done(c);
    /* evidence of another action is not found through this one */
    snprintf(url + strlen(url) - 1, 8, "999");
    c = get(url, VI);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
}

static void test_too_large(void **state)
{
    const char *fields[] = {"form", "update", "update-status", "amber", NULL};
    size_t big = WEB_MAX_UPLOAD + 1;
    char *data = malloc(big);
    long long before = changes();
    struct web_call *c;

    memcpy(data, "%PDF-1.4\n", 9);
    memset(data + 9, 'x', big - 9);
    c = post_multipart("/actions/7%2F2023%2FP/updates", ED, fields, "update-file", "big.pdf", data,
                       big);
    assert_int_equal(c->resp.status, 413);
    wf_done(c);
    free(data);
    assert_int_equal(changes(), before);

    /* what the server refuses at its limit still gets the application's page */
    {
        struct web_call *r = wf_refused(&fx, "/actions/7%2F2023%2FP/updates", 413);
        assert_int_equal(r->resp.status, 413);
        assert_non_null(strstr(wf_body(r), "The form or file is too large"));
        wf_done(r);
    }
}

/* ---- adding and editing ----------------------------------------------------- */

static void test_add_and_edit(void **state)
{
    struct web_call *c;
    struct reg *r;
    struct err e = {0};
    struct action *a;
    int64_t seq;
    char b[512];

    c = get("/actions/new", OW);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    c = get("/actions/new", ED);
    assert_int_equal(c->resp.status, 200);
    snprintf(b, sizeof b, "<option value=\"%lld\">PEEL 2023</option>", peel_id);
    assert_non_null(strstr(wf_body(c), b));
    wf_done(c);
    snprintf(b, sizeof b, "ref=A-001&source=%lld&kind=afi&text=Dup&marking=public", peel_id);
    c = post("/actions", ED, b, 1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "An action with this reference is already in the register"));
    wf_done(c);
    snprintf(b, sizeof b,
             "ref=8%%2F2024%%2FP&source=%lld&kind=afi&text=New+one&owner=PA+Director&"
             "marking=public&issued-day=1&issued-month=2&issued-year=2024&due=31%%2F03%%2F2025",
             peel_id);
    c = post("/actions", ED, b, 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/actions/8%2F2024%2FP?saved=new");
    wf_done(c);
    r = reg_open();
    assert_int_equal(store_action_find(r->s, "8/2024/P", &r->a, &a, &e), 0);
    assert_string_equal(a->due, "2025-03-31");
    assert_int_equal(a->kind, AK_AFI);
    seq = a->seq;
    reg_close(r);

    /* saving what is there writes nothing; a change writes a new version */
    snprintf(b, sizeof b,
             "source=%lld&kind=afi&text=New+one&owner=PA+Director&marking=public&issued-day=1&"
             "issued-month=2&issued-year=2024", peel_id);
    c = post("/actions/8%2F2024%2FP", ED, b, 1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    r = reg_open();
    assert_int_equal(store_action_find(r->s, "8/2024/P", &r->a, &a, &e), 0);
    assert_int_equal(a->seq, seq);
    reg_close(r);
    snprintf(b, sizeof b,
             "source=%lld&kind=afi&text=New+one&owner=Head+of+Custody&marking=public&issued-day=1&"
             "issued-month=2&issued-year=2024", peel_id);
    c = post("/actions/8%2F2024%2FP", ED, b, 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/actions/8%2F2024%2FP?saved=edit");
    wf_done(c);
    r = reg_open();
    assert_int_equal(store_action_find(r->s, "8/2024/P", &r->a, &a, &e), 0);
    assert_true(a->seq > seq);
    assert_string_equal(a->owner, "Head of Custody");
    assert_string_equal(a->due, "2025-03-31");
    reg_close(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_filters_and_pages),
        cmocka_unit_test(test_downloads),
        cmocka_unit_test(test_encoded_ref),
        cmocka_unit_test(test_who_may_post),
        cmocka_unit_test(test_sign_off_by_someone_else),
        cmocka_unit_test(test_hostile_text_is_escaped),
        cmocka_unit_test(test_evidence_files),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_add_and_edit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
