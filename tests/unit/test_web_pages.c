/* test_web_pages.c -- the register's pages, driven through the application
 * with its real routing table and no server, over the demonstration
 * register (the demo directory's files) with a hostile source, action,
 * update and user added, and a restricted source: every page renders for a
 * viewer; the editors' and administrators' pages refuse the others with 403
 * and write nothing; the dashboard's figures agree with the register read
 * another way; an import preview names every bad row as the command line
 * does and writes nothing, even for a good file, and the confirm step
 * imports the file checked, all or nothing; every paper download has its
 * type and the very bytes `oversight report` writes; forms refuse bad input
 * with 400 and write nothing; restricted text reaches only those cleared
 * for it; hostile strings come out escaped everywhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/date.h"
#include "cli/cli.h"
#include "format/html.h"
#include "service/changes.h"
#include "service/import.h"
#include "service/users.h"
#include "store/users.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/router.h"
#include "web_fixture.h"

#define COMMITTEE "Strategic Planning and Performance Committee"
#define HOSTILE_TITLE "<script>alert(\"title\")</script> & Co"
#define HOSTILE_TEXT "<img src=x onerror=alert(1)>"
#define HOSTILE_OWNER "<b>Owner</b>"
#define HOSTILE_DIR "<i>Dir</i> & \"Q\""
#define HOSTILE_NOTE "<script>note()</script>"

/* ---- the register ------------------------------------------------------- */

static int setup(void **state)
{
    struct web_fixture *f = calloc(1, sizeof *f);
    struct store *s;
    struct err e = {0};
    struct arena a;
    struct source src = {0};
    struct action act = {0};
    struct change ch = {0};
    static const char *const points[] = {"2023-09-14", "2023-11-23", "2024-02-22"};

    setenv("TZ", "Europe/London", 1);
    setenv("OVERSIGHT_TODAY", "2024-02-22", 1);
    arena_init(&a);
    s = wf_register_create(f, "oversight-pages", "admin");
    assert_int_equal(store_setting_set(s, "org", "Police <b>&</b> Co", &e), 0);
    assert_int_equal(store_setting_set(s, "committee", COMMITTEE, &e), 0);
    wf_import_demo(s, EXPORT_SOURCES, "sources.csv", &a);
    wf_import_demo(s, EXPORT_ACTIONS, "actions.csv", &a);
    wf_import_demo(s, EXPORT_UPDATES, "updates.csv", &a);
    wf_import_demo(s, EXPORT_PROGRAMME, "programme.csv", &a);
    for (size_t i = 0; i < sizeof points / sizeof *points; i++) {
        struct point p = {0};
        assert_int_equal(date_parse(points[i], 10, &p.date), 0);
        p.committee = COMMITTEE;
        p.label = "Q <b>label</b>";
        assert_int_equal(store_point_add(s, &p, &e), 0);
    }
    /* What a hostile editor might type. */
    src.title = HOSTILE_TITLE;
    src.body = "<u>body</u>";
    src.kind = SK_INSPECTION;
    src.scope = SC_FORCE;
    src.marking = MK_PUBLIC;
    assert_int_equal(date_parse("2024-01-10", 10, &src.published), 0);
    assert_int_equal(store_source_put(s, &src, &e), 0);
    act.ref = "H-1";
    act.source_id = src.id;
    act.source_published = src.published;
    act.kind = AK_RECOMMENDATION;
    act.text = HOSTILE_TEXT;
    act.owner = HOSTILE_OWNER;
    act.directorate = HOSTILE_DIR;
    act.issued = DATE_NONE;
    assert_int_equal(store_action_put(s, &act, &e), 0);
    ch.ref = "H-1";
    assert_int_equal(date_parse("2024-02-22", 10, &ch.date), 0);
    ch.status = ST_RED;
    ch.note = HOSTILE_NOTE;
    ch.by = "<q>by</q>";
    assert_int_equal(change_update(s, &ch, &a, NULL, &e), 0);
    /* A restricted source, for readers with and without clearance. */
    memset(&src, 0, sizeof src);
    src.title = "Secret review <x>";
    src.kind = SK_REVIEW;
    src.scope = SC_FORCE;
    src.marking = MK_RESTRICTED;
    assert_int_equal(date_parse("2024-01-12", 10, &src.published), 0);
    assert_int_equal(store_source_put(s, &src, &e), 0);
    memset(&act, 0, sizeof act);
    act.ref = "S-1";
    act.source_id = src.id;
    act.source_published = src.published;
    act.kind = AK_RECOMMENDATION;
    act.text = "Secret text";
    act.issued = DATE_NONE;
    assert_int_equal(store_action_put(s, &act, &e), 0);
    memset(&ch, 0, sizeof ch);
    ch.ref = "S-1";
    assert_int_equal(date_parse("2024-02-21", 10, &ch.date), 0);
    ch.status = ST_AMBER;
    ch.note = "Secret note";
    assert_int_equal(change_update(s, &ch, &a, NULL, &e), 0);
    wf_add_user(s, "admin", ROLE_ADMIN, MK_RESTRICTED, "<em>Boss</em>", HOSTILE_DIR);
    wf_add_user(s, "ed", ROLE_EDITOR, MK_NONE, NULL, NULL);
    wf_add_user(s, "vi", ROLE_VIEWER, MK_NONE, NULL, NULL);
    wf_add_user(s, "bo", ROLE_BOARD, MK_NONE, NULL, NULL);
    wf_app_start(f, s, NULL, 0);
    arena_release(&a);
    *state = f;
    return 0;
}

/* ---- requests ------------------------------------------------------------ */

/* Posts the form's fields and, unless filename is NULL, a CSV file. */
static struct web_call *upload(struct web_fixture *f, const char *target, const char *cookie,
                               const char *const *fields, const char *filename,
                               const void *data, size_t len)
{
    return wf_upload(f, target, cookie, fields, filename ? "file" : NULL, filename, "text/csv",
                     data, len);
}

/* ---- reading the register another way ----------------------------------- */

static int has_action(struct web_fixture *f, const char *ref)
{
    struct store *s = wf_store_read(f->path);
    struct arena a;
    struct action *act;
    struct err e = {0};
    int rc;
    arena_init(&a);
    rc = store_action_find(s, ref, &a, &act, &e);
    arena_release(&a);
    wf_store_done(s);
    assert_true(rc == 0 || rc == ERR_NOTFOUND);
    return rc == 0;
}

/* ---- the tests ----------------------------------------------------------- */

static void test_every_page_renders_for_a_viewer(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64];
    static const struct {
        const char *path, *text;
    } pages[] = {
        {"/", "<h1 class=\"govuk-heading-l\">Dashboard</h1>"},
        {"/sources", "<h1 class=\"govuk-heading-l\">Sources</h1>"},
        {"/sources?kind=audit", ">IT Asset Management</a>"},
        {"/sources/PEEL%202021%2F22%3A%20An%20inspection%20of%20City%20of%20London%20Police",
         ">PEEL22-AFI-8</a>"},
        {"/papers", "<h1 class=\"govuk-heading-l\">Papers</h1>"},
        {"/papers/committee", "As at 22 February 2024, "},
        {"/papers/committee?point=2023-11-23%20Strategic%20Planning%20and%20Performance"
         "%20Committee",
         "<option value=\"2023-11-23 Strategic Planning and Performance Committee\" "
         "selected=\"selected\">23 November 2023 (Q &lt;b&gt;label&lt;/b&gt;)</option>"},
        {"/papers/audit", "<h1 class=\"govuk-heading-l\">Audit actions</h1>"},
        {"/papers/references", "7/2023/P"},
        {"/papers/plan", "<article class=\"paper\">"},
        {"/papers/board", "<article class=\"paper\">"},
        {"/papers/points", "<caption class=\"govuk-table__caption govuk-table__caption--m\">"
                           "Strategic Planning and Performance Committee</caption>"},
    };
    struct web_call *c;

    wf_sign_in(f, "vi", cookie, sizeof cookie, csrf);
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        c = wf_get(f, pages[i].path, cookie);
        if (c->resp.status != 200 || !strstr(wf_body(c), pages[i].text))
            fail_msg("GET %s: %d, looking for %s", pages[i].path, c->resp.status, pages[i].text);
        /* a viewer is offered no changes */
        assert_null(strstr(wf_body(c), "href=\"/sources/new\""));
        assert_null(strstr(wf_body(c), "action=\"/papers/points\""));
        wf_done(c);
    }
    /* a viewer without clearance sees the public version, and is told */
    c = wf_get(f, "/papers/committee", cookie);
    assert_non_null(strstr(wf_body(c), "You see the public versions of the papers"));
    assert_null(strstr(wf_body(c), "id=\"public\""));
    wf_done(c);
    c = wf_get(f, "/sources/no%20such%20source", cookie);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
    c = wf_get(f, "/papers/nothing.docx", cookie);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
    c = wf_get(f, "/papers/committee.exe", cookie);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
    c = wf_get(f, "/papers/committee?as_of=2024-01-01", cookie);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "2024-01-01 is not a reporting point of Strategic Planning"));
    wf_done(c);
}

static void test_roles(void **state)
{
    struct web_fixture *f = *state;
    char vi[128], bo[128], ed[128], ad[128], csrf_vi[64], csrf_bo[64], csrf_ed[64], csrf_ad[64];
    char b[256];
    struct web_call *c;
    static const char *const editors[] = {"/import", "/sources/new",
                                          "/sources/Fraud%3A%20Time%20to%20choose/edit"};
    static const char *const admins[] = {"/audit", "/users", "/users/new",
                                         "/users/vi/password"};

    wf_sign_in(f, "vi", vi, sizeof vi, csrf_vi);
    wf_sign_in(f, "bo", bo, sizeof bo, csrf_bo);
    wf_sign_in(f, "ed", ed, sizeof ed, csrf_ed);
    wf_sign_in(f, "admin", ad, sizeof ad, csrf_ad);
    for (size_t i = 0; i < sizeof editors / sizeof *editors; i++) {
        c = wf_get(f, editors[i], vi);
        assert_int_equal(c->resp.status, 403);
        wf_done(c);
        c = wf_get(f, editors[i], bo);
        assert_int_equal(c->resp.status, 403);
        wf_done(c);
        c = wf_get(f, editors[i], ed);
        assert_int_equal(c->resp.status, 200);
        wf_done(c);
    }
    for (size_t i = 0; i < sizeof admins / sizeof *admins; i++) {
        c = wf_get(f, admins[i], ed);
        assert_int_equal(c->resp.status, 403);
        assert_non_null(strstr(wf_body(c), "You cannot do this"));
        wf_done(c);
        c = wf_get(f, admins[i], ad);
        assert_int_equal(c->resp.status, 200);
        wf_done(c);
    }
    /* posts: refused, and nothing written */
    snprintf(b, sizeof b, "csrf=%s&title=Viewer+source&kind=&scope=&assurance=&marking=public",
             csrf_vi);
    c = wf_post(f, "/sources", vi, b);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&committee=X&date=2024-03-01", csrf_bo);
    c = wf_post(f, "/papers/points", bo, b);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&disabled=1", csrf_ed);
    c = wf_post(f, "/users/vi/disabled", ed, b);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&password=a+new+password+here", csrf_ed);
    c = wf_post(f, "/users/vi/password", ed, b);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    {
        static const char *const fields[] = {"csrf", NULL, "what", "sources", NULL};
        const char *fl[5];
        memcpy(fl, fields, sizeof fl);
        fl[1] = csrf_vi;
        c = upload(f, "/import/preview", vi, fl, "s.csv", "title\nViewer import\n", 20);
        assert_int_equal(c->resp.status, 403);
        wf_done(c);
    }
    {
        struct store *s = wf_store_read(f->path);
        struct arena a;
        struct source *src;
        struct err e = {0};
        arena_init(&a);
        assert_int_equal(store_source_find(s, "Viewer source", &a, &src, &e), ERR_NOTFOUND);
        assert_int_equal(store_source_find(s, "Viewer import", &a, &src, &e), ERR_NOTFOUND);
        arena_release(&a);
        wf_store_done(s);
    }
    /* the navigation shows administrators' pages to administrators only */
    c = wf_get(f, "/", ed);
    assert_null(strstr(wf_body(c), "href=\"/audit\""));
    wf_done(c);
    c = wf_get(f, "/", ad);
    assert_non_null(strstr(wf_body(c), "href=\"/audit\""));
    wf_done(c);
}

/* The dashboard's figures against the register read through the store's
 * own as-of query (SQL, not the timelines the page reads). */
static void test_dashboard_figures(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], want[256];
    struct store *s = wf_store_read(f->path);
    struct arena a;
    struct action **v;
    size_t n;
    long outstanding = 0, green = 0, overdue = 0, closed = 0;
    int32_t today = date_today();
    struct err e = {0};
    struct web_call *c;
    const char *p;

    arena_init(&a);
    assert_int_equal(store_actions_as_of(s, today, NULL, &a, &v, &n, &e), 0);
    for (size_t i = 0; i < n; i++) {
        int32_t due;
        outstanding += status_outstanding(v[i]->status);
        green += v[i]->status == ST_GREEN;
        closed += v[i]->status == ST_CLOSED;
        if (status_outstanding(v[i]->status) && v[i]->due &&
            date_parse(v[i]->due, strlen(v[i]->due), &due) == 0 && due < today)
            overdue++;
    }
    arena_release(&a);
    wf_store_done(s);
    assert_true(outstanding > 0 && green > 0 && overdue > 0);

    wf_sign_in(f, "vi", cookie, sizeof cookie, csrf);
    c = wf_get(f, "/", cookie);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "You are signed in as <strong>vi</strong>"));
    assert_non_null(strstr(wf_body(c), "The register today, 22 February 2024."));
#define FIGURE "<p class=\"app-figure__value\">%ld</p><p class=\"app-figure__label\">"
    snprintf(want, sizeof want, FIGURE "outstanding actions", outstanding);
    assert_non_null(strstr(wf_body(c), want));
    snprintf(want, sizeof want,
             FIGURE "<a class=\"govuk-link\" href=\"/actions?only=overdue\">overdue actions", overdue);
    assert_non_null(strstr(wf_body(c), want));
    snprintf(want, sizeof want,
             FIGURE "<a class=\"govuk-link\" href=\"/actions?status=green\">green actions", green);
    assert_non_null(strstr(wf_body(c), want));
    snprintf(want, sizeof want, FIGURE "closed actions", closed);
    assert_non_null(strstr(wf_body(c), want));
#undef FIGURE
    /* the chart inline, with its figures as a table */
    assert_non_null(strstr(wf_body(c), "<svg"));
    snprintf(want, sizeof want, "Total outstanding</th><td class=\"govuk-table__cell "
                                "govuk-table__cell--numeric\">%ld</td>", outstanding);
    assert_non_null(strstr(wf_body(c), want));
    /* latest updates: the most recent first, with who and when */
    p = strstr(wf_body(c), "<h2 class=\"govuk-heading-m\">Latest updates</h2>");
    assert_non_null(p);
    assert_non_null(strstr(p, "22 February 2024</td><td class=\"govuk-table__cell\"><a "
                              "class=\"govuk-link\" href=\"/actions/H-1\">H-1</a>"));
    assert_non_null(strstr(p, "&lt;q&gt;by&lt;/q&gt;<br/><span class=\"govuk-body-s "
                              "app-secondary\">recorded by admin, "));
    {
        size_t rows = 0;
        for (const char *q = strstr(p, "<tbody"); q && (q = strstr(q, "<tr ")); q++)
            rows++;
        assert_int_equal(rows, 10);
    }
    wf_done(c);
}

static void test_source_forms(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], b[1024];
    struct web_call *c;
    struct store *s;
    struct arena a;
    struct source *src;
    struct err e = {0};
    int64_t seq;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    /* nothing typed: 400, the error summary, nothing written */
    snprintf(b, sizeof b, "csrf=%s&title=&body=&kind=&scope=&published=31%%2F2%%2F2024"
                          "&assurance=&marking=public", csrf);
    c = wf_post(f, "/sources", cookie, b);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<title>Error: Add a source"));
    assert_non_null(strstr(wf_body(c), "<a href=\"#title\">Enter the source's title</a>"));
    assert_non_null(strstr(wf_body(c), "<a href=\"#published\">Enter the published date as a real "
                                    "date, like 27/3/2024</a>"));
    assert_non_null(strstr(wf_body(c), "value=\"31/2/2024\""));
    wf_done(c);
    /* a title already taken; a kind not offered */
    snprintf(b, sizeof b, "csrf=%s&title=Fraud%%3A+Time+to+choose&kind=poem&scope=&assurance="
                          "&marking=public", csrf);
    c = wf_post(f, "/sources", cookie, b);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "A source titled \"Fraud: Time to choose\" is already "
                                    "in the register"));
    assert_non_null(strstr(wf_body(c), "Choose the kind of source from the list"));
    wf_done(c);
    /* a good one: 303 to its page */
    snprintf(b, sizeof b, "csrf=%s&title=Web+review+%%2F+2024&body=The+force&kind=review"
                          "&scope=force&published=1%%2F3%%2F2024&assurance=&marking=public", csrf);
    c = wf_post(f, "/sources", cookie, b);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/sources/Web%20review%20%2F%202024");
    wf_done(c);
    c = wf_get(f, "/sources/Web%20review%20%2F%202024", cookie);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "<h1 class=\"govuk-heading-l\">Web review / 2024</h1>"));
    assert_non_null(strstr(wf_body(c), "1 March 2024"));
    assert_non_null(strstr(wf_body(c), "No actions for the force."));
    wf_done(c);

    s = wf_store_read(f->path);
    arena_init(&a);
    assert_int_equal(store_source_find(s, "Web review / 2024", &a, &src, &e), 0);
    seq = src->seq;
    wf_store_done(s);
    /* saving it unchanged writes no version; a change writes one */
    snprintf(b, sizeof b, "csrf=%s&title=Web+review+%%2F+2024&body=The+force&kind=review"
                          "&scope=force&published=2024-03-01&assurance=&marking=public", csrf);
    c = wf_post(f, "/sources/Web%20review%20%2F%202024", cookie, b);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    s = wf_store_read(f->path);
    assert_int_equal(store_source_find(s, "Web review / 2024", &a, &src, &e), 0);
    assert_int_equal(src->seq, seq);
    wf_store_done(s);
    snprintf(b, sizeof b, "csrf=%s&title=Web+review+2024&body=The+force&kind=review"
                          "&scope=national&published=2024-03-01&assurance=&marking=public", csrf);
    c = wf_post(f, "/sources/Web%20review%20%2F%202024", cookie, b);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/sources/Web%20review%202024");
    wf_done(c);
    s = wf_store_read(f->path);
    assert_int_equal(store_source_find(s, "Web review 2024", &a, &src, &e), 0);
    assert_true(src->seq > seq);
    assert_int_equal(src->scope, SC_NATIONAL);
    assert_int_equal(store_source_find(s, "Web review / 2024", &a, &src, &e), ERR_NOTFOUND);
    wf_store_done(s);
    arena_release(&a);
    /* the edit form shows what is there */
    c = wf_get(f, "/sources/Web%20review%202024/edit", cookie);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "<option value=\"national\" selected=\"selected\">"));
    assert_non_null(strstr(wf_body(c), "value=\"2024-03-01\""));
    wf_done(c);
}

static const char GOOD_CSV[] =
    "ref,source,text,due\n"
    "W-1,Fraud: Time to choose,First action,2024-05-01\n"
    "W-2,Fraud: Time to choose,Second action,\n";

static const char BAD_CSV[] =
    "ref,source,text,due\n"
    "B-1,Fraud: Time to choose,A good row,2024-05-01\n"
    "B-2,Fraud: Time to choose,A bad date,2024-13-45\n"
    "B-3,No <such> source,An unknown source,\n";

/* The problems the importer lists for data, named display, read on its own
 * in a transaction rolled back. */
static struct import_result problems(struct web_fixture *f, const char *display, const void *data,
                                     size_t len, struct arena *a)
{
    struct store *s;
    struct import_opts o = {0};
    struct import_result r;
    struct err e = {0};
    assert_int_equal(store_open(&s, f->path, STORE_EXISTING, &e), 0);
    store_set_actor(s, "test", moment_now());
    assert_int_equal(store_begin(s, &e), 0);
    o.display = display;
    assert_int_equal(import_mem(s, EXPORT_ACTIONS, data, len, &o, a, &r, &e), ERR_INPUT);
    store_rollback(s);
    store_close(s);
    return r;
}

static void assert_lists(const struct web_call *c, const struct import_result *r)
{
    struct buf esc;
    struct html h;
    assert_true(r->nlisted > 0);
    for (size_t i = 0; i < r->nlisted; i++) {
        buf_init(&esc, 1 << 16);
        html_init(&h, &esc);
        html_lit(&h, "<li>");
        html_text(&h, r->problems[i]);
        html_lit(&h, "</li>");
        if (!strstr(wf_body(c), esc.p))
            fail_msg("the preview does not list %s", esc.p);
        buf_release(&esc);
    }
}

static void test_import_preview_lists_bad_rows_and_writes_nothing(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64];
    const char *fields[] = {"csrf", NULL, "what", "actions", NULL};
    struct arena a;
    struct import_result r;
    struct web_call *c;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    fields[1] = csrf;
    arena_init(&a);

    /* CSV: every bad row, named FILE:LINE:FIELD as the command line names it */
    c = upload(f, "/import/preview", cookie, fields, "C:\\data\\bad.csv", BAD_CSV,
               sizeof BAD_CSV - 1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<a href=\"#problems\">bad.csv has 2 problems, listed below. "
                                    "Nothing was imported.</a>"));
    assert_non_null(strstr(wf_body(c), "<li>bad.csv:3:due: "));
    assert_non_null(strstr(wf_body(c), "<li>bad.csv:4:source: no source titled \"No &lt;such&gt; "
                                    "source\""));
    r = problems(f, "bad.csv", BAD_CSV, sizeof BAD_CSV - 1, &a);
    assert_int_equal(r.nproblems, 2);
    assert_lists(c, &r);
    wf_done(c);
    assert_false(has_action(f, "B-1"));

    /* XLSX: cells named SHEET!B5 */
    {
        char path[64];
        lxw_workbook *wb;
        lxw_worksheet *ws;
        FILE *fp;
        static char data[1 << 16];
        size_t len;
        static const char *const rows[][4] = {
            {"ref", "source", "text", "kind"},
            {"X-1", "Fraud: Time to choose", "Good", "recommendation"},
            {"X-2", "Fraud: Time to choose", "Bad", "poem"},
        };
        snprintf(path, sizeof path, "/tmp/oversight-pages-XXXXXX");
        close(mkstemp(path));
        wb = workbook_new(path);
        ws = workbook_add_worksheet(wb, "Actions");
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 4; k++)
                worksheet_write_string(ws, (lxw_row_t)i, (lxw_col_t)k, rows[i][k], NULL);
        assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
        fp = fopen(path, "rb");
        assert_non_null(fp);
        len = fread(data, 1, sizeof data, fp);
        fclose(fp);
        unlink(path);
        c = upload(f, "/import/preview", cookie, fields, "bad.xlsx", data, len);
        assert_int_equal(c->resp.status, 400);
        assert_non_null(strstr(wf_body(c), "<li>bad.xlsx:Actions!D3: "));
        r = problems(f, "bad.xlsx", data, len, &a);
        assert_lists(c, &r);
        wf_done(c);
        assert_false(has_action(f, "X-1"));
    }

    /* a good file: how much it would write, and still nothing written */
    c = upload(f, "/import/preview", cookie, fields, "good.csv", GOOD_CSV, sizeof GOOD_CSV - 1);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "good.csv has no problems"));
    assert_non_null(strstr(wf_body(c), "2 rows: 2 actions to import."));
    wf_done(c);
    assert_false(has_action(f, "W-1"));

    /* the form's own errors */
    fields[3] = "everything";
    c = upload(f, "/import/preview", cookie, fields, NULL, NULL, 0);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<a href=\"#what\">Choose what the file holds</a>"));
    assert_non_null(strstr(wf_body(c), "<a href=\"#file\">Choose the file to import</a>"));
    wf_done(c);
    arena_release(&a);
}

/* The digest the preview page gives its confirm form, for good.csv. */
static void preview_digest(struct web_fixture *f, const char *cookie, const char *csrf,
                           const char *data, size_t len, char *digest)
{
    const char *fields[] = {"csrf", csrf, "what", "actions", NULL};
    struct web_call *c = upload(f, "/import/preview", cookie, fields, "good.csv", data, len);
    const char *p;
    assert_int_equal(c->resp.status, 200);
    p = strstr(wf_body(c), "name=\"digest\" value=\"");
    assert_non_null(p);
    snprintf(digest, 65, "%.64s", p + 21);
    wf_done(c);
}

static void test_import_confirm_imports_all_or_nothing(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], digest[65];
    const char *fields[] = {"csrf", NULL, "what", "actions", "digest", NULL, NULL};
    static const char OTHER[] = "ref,source,text\nW-9,Fraud: Time to choose,Another file\n";
    static const char CLASH[] = "ref,source,text\n"
                                "C-1,Fraud: Time to choose,First\n"
                                "C-2,Fraud: Time to choose,Second\n";
    struct web_call *c;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    fields[1] = csrf;
    preview_digest(f, cookie, csrf, GOOD_CSV, sizeof GOOD_CSV - 1, digest);
    fields[5] = digest;

    /* another file than the one checked: refused, nothing written */
    c = upload(f, "/import", cookie, fields, "good.csv", OTHER, sizeof OTHER - 1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "This is not the file that was checked"));
    wf_done(c);
    assert_false(has_action(f, "W-9"));
    assert_false(has_action(f, "W-1"));

    /* the file checked: imported, all of it */
    c = upload(f, "/import", cookie, fields, "good.csv", GOOD_CSV, sizeof GOOD_CSV - 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/import?imported=2&what=actions");
    wf_done(c);
    assert_true(has_action(f, "W-1"));
    assert_true(has_action(f, "W-2"));
    c = wf_get(f, "/import?imported=2&what=actions", cookie);
    assert_non_null(strstr(wf_body(c), "Imported 2 actions."));
    wf_done(c);

    /* checked clean, but before the confirm another import takes one of its
     * refs: the confirm names the row now bad and writes none of the file */
    preview_digest(f, cookie, csrf, CLASH, sizeof CLASH - 1, digest);
    {
        static const char ONE[] = "ref,source,text\nC-2,Fraud: Time to choose,Meanwhile\n";
        char d2[65];
        const char *fc[] = {"csrf", csrf, "what", "actions", "digest", d2, NULL};
        preview_digest(f, cookie, csrf, ONE, sizeof ONE - 1, d2);
        c = upload(f, "/import", cookie, fc, "one.csv", ONE, sizeof ONE - 1);
        assert_int_equal(c->resp.status, 303);
        wf_done(c);
    }
    assert_true(has_action(f, "C-2"));
    c = upload(f, "/import", cookie, fields, "good.csv", CLASH, sizeof CLASH - 1);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<li>good.csv:3:ref: ref \"C-2\" is already in the "
                                    "register</li>"));
    wf_done(c);
    assert_false(has_action(f, "C-1"));
}

static void test_paper_downloads_are_the_reports_bytes(void **state)
{
    struct web_fixture *f = *state;
    char ad[128], vi[128], csrf[64];
    static const struct {
        const char *ext, *type;
    } formats[] = {
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"csv", "text/csv; charset=utf-8"},
        {"md", "text/markdown; charset=utf-8"},
        {"html", "text/html; charset=utf-8"},
        {"json", "application/json"},
    };
    static const struct {
        const char *query, *who, *name, *args[8];
    } papers[] = {
        {"committee.%s?as_of=2024-02-22&committee=Strategic%%20Planning%%20and%%20Performance"
         "%%20Committee",
         "admin", "committee-2024-02-22",
         {"report", "committee", "--as-of", "2024-02-22", "--committee", COMMITTEE}},
        {"committee.%s?as_of=2023-11-23&committee=Strategic%%20Planning%%20and%%20Performance"
         "%%20Committee",
         "vi", "committee-2023-11-23-public",
         {"report", "committee", "--as-of", "2023-11-23", "--committee", COMMITTEE, "--public"}},
        {"audit.%s?as_of=2024-02-22", "admin", "audit-2024-02-22",
         {"report", "audit", "--as-of", "2024-02-22"}},
        {"references.%s", "admin", "references-2024-02-22", {"report", "references"}},
        {"board.%s?as_of=2024-02-22", "vi", "board-2024-02-22-public",
         {"report", "board", "--as-of", "2024-02-22", "--public"}},
        {"plan.%s?as_of=2024-02-22&plan=Neighbourhood%%20Policing%%20and%%20Engagement%%20"
         "Strategy%%20Implementation%%20Plan",
         "admin", "plan-2024-02-22",
         {"report", "plan", "Neighbourhood Policing and Engagement Strategy Implementation Plan",
          "--as-of", "2024-02-22"}},
    };

    wf_sign_in(f, "admin", ad, sizeof ad, csrf);
    wf_sign_in(f, "vi", vi, sizeof vi, csrf);
    for (size_t p = 0; p < sizeof papers / sizeof *papers; p++)
        for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) {
            char target[512], disp[256], *argv[12] = {0}, *want;
            size_t argc = 0, len;
            struct web_call *c;
            snprintf(target, sizeof target, "/papers/");
            snprintf(target + 8, sizeof target - 8, papers[p].query, formats[k].ext);
            c = wf_get(f, target, strcmp(papers[p].who, "vi") == 0 ? vi : ad);
            if (c->resp.status != 200)
                fail_msg("GET %s: %d", target, c->resp.status);
            assert_string_equal(c->resp.content_type, formats[k].type);
            snprintf(disp, sizeof disp, "attachment; filename=\"%s.%s\"", papers[p].name,
                     formats[k].ext);
            assert_string_equal(wf_header(c, "Content-Disposition"), disp);
            for (; argc < 8 && papers[p].args[argc]; argc++)
                argv[argc] = (char *)papers[p].args[argc];
            argv[argc++] = "--format";
            argv[argc++] = (char *)formats[k].ext;
            want = wf_report_bytes(f->path, &len, (int)argc, argv);
            if (c->resp.body.len != len || memcmp(c->resp.body.p, want, len) != 0)
                fail_msg("GET %s: %zu bytes differ from oversight report's %zu", target,
                         c->resp.body.len, len);
            free(want);
            wf_done(c);
        }
}

static void test_points(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], b[512];
    struct web_call *c;
    struct store *s;
    struct arena a;
    struct point **v;
    size_t n;
    struct err e = {0};

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    snprintf(b, sizeof b, "csrf=%s&committee=" COMMITTEE "&date=2024-02-22&label=", csrf);
    c = wf_post(f, "/papers/points", cookie, b);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "Strategic Planning and Performance Committee already has a "
                                    "reporting point on 22 February 2024"));
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&committee=&date=30%%2F2%%2F2024&label=", csrf);
    c = wf_post(f, "/papers/points", cookie, b);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<a href=\"#committee\">Enter the committee or board</a>"));
    assert_non_null(strstr(wf_body(c), "<a href=\"#date\">Enter the date as a real date"));
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&committee=Audit+Panel&date=16%%2F5%%2F2024&label=Q4", csrf);
    c = wf_post(f, "/papers/points", cookie, b);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/papers/points");
    wf_done(c);
    s = wf_store_read(f->path);
    arena_init(&a);
    assert_int_equal(store_points_list(s, "Audit Panel", &a, &v, &n, &e), 0);
    assert_int_equal(n, 1);
    assert_string_equal(v[0]->label, "Q4");
    assert_int_equal(store_points_list(s, "", &a, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    arena_release(&a);
    wf_store_done(s);
}

static void test_audit_log(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64];
    struct web_call *c;

    wf_sign_in(f, "admin", cookie, sizeof cookie, csrf);
    c = wf_get(f, "/audit", cookie);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "; page 1 of "));
    assert_non_null(strstr(wf_body(c), "aria-label=\"Page 2\""));
    wf_done(c);
    c = wf_get(f, "/audit?ref=H-1", cookie);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "2 changes."));
    assert_non_null(strstr(wf_body(c), "red on 2024-02-22: &lt;script&gt;note()&lt;/script&gt;"));
    wf_done(c);
    c = wf_get(f, "/audit?who=nobody", cookie);
    assert_non_null(strstr(wf_body(c), "No changes match."));
    wf_done(c);
    c = wf_get(f, "/audit?from=2000-01-01&to=2000-01-31", cookie);
    assert_non_null(strstr(wf_body(c), "No changes match."));
    wf_done(c);
    c = wf_get(f, "/audit?from=31%2F2%2F2024", cookie);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<a href=\"#from\">Enter the first day as a date"));
    wf_done(c);
    c = wf_get(f, "/audit?page=9999", cookie);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
}

static void test_users(void **state)
{
    struct web_fixture *f = *state;
    char ad[128], csrf[64], b[512], other[128], csrf2[64];
    struct web_call *c;

    wf_sign_in(f, "admin", ad, sizeof ad, csrf);
    snprintf(b, sizeof b, "csrf=%s&name=%%3Cx%%3E&role=god&clearance=public&password=short", csrf);
    c = wf_post(f, "/users", ad, b);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "<a href=\"#role\">Choose a role</a>"));
    assert_non_null(strstr(wf_body(c), "href=\"#password\""));
    assert_non_null(strstr(wf_body(c), "href=\"#name\""));
    assert_non_null(strstr(wf_body(c), "value=\"&lt;x&gt;\""));
    assert_null(strstr(wf_body(c), "value=\"short\""));
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&name=olive&role=owner&owner_name=PA+Director"
                          "&directorate=Local+Policing&email=olive%%40example.org"
                          "&clearance=restricted&password=correct+horse+battery", csrf);
    c = wf_post(f, "/users", ad, b);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/users?changed=added&user=olive");
    wf_done(c);
    c = wf_post(f, "/users", ad, b);
    assert_int_equal(c->resp.status, 400);
    assert_non_null(strstr(wf_body(c), "There is already a user called olive"));
    wf_done(c);
    c = wf_get(f, "/users?changed=added&user=olive", ad);
    assert_non_null(strstr(wf_body(c), "olive was added."));
    assert_non_null(strstr(wf_body(c), "PA Director<br/>Local Policing"));
    wf_done(c);
    wf_sign_in(f, "olive", other, sizeof other, csrf2);

    /* disabling ends their session */
    snprintf(b, sizeof b, "csrf=%s&disabled=1", csrf);
    c = wf_post(f, "/users/olive/disabled", ad, b);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    c = wf_get(f, "/", other);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    c = wf_post(f, "/users/admin/disabled", ad, b);
    assert_int_equal(c->resp.status, 400);
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&disabled=0", csrf);
    c = wf_post(f, "/users/olive/disabled", ad, b);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    c = wf_post(f, "/users/nobody/disabled", ad, b);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);

    /* a new password */
    snprintf(b, sizeof b, "csrf=%s&password=too+short", csrf);
    c = wf_post(f, "/users/olive/password", ad, b);
    assert_int_equal(c->resp.status, 400);
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&password=correct+horse+battery", csrf);
    c = wf_post(f, "/users/olive/password", ad, b);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), "/users?changed=password&user=olive");
    wf_done(c);
    wf_sign_in(f, "olive", other, sizeof other, csrf2);
}

/* Restricted text only for those cleared for it. */
static void test_restricted_text(void **state)
{
    struct web_fixture *f = *state;
    char vi[128], ed[128], ad[128], csrf[64], path[64], edit[80];
    struct store *s = wf_store_read(f->path);
    struct arena a;
    struct source *src;
    struct err e = {0};
    struct web_call *c;

    arena_init(&a);
    assert_int_equal(store_source_find(s, "Secret review <x>", &a, &src, &e), 0);
    snprintf(path, sizeof path, "/sources/%lld", (long long)src->id);
    snprintf(edit, sizeof edit, "%s/edit", path);
    arena_release(&a);
    wf_store_done(s);

    wf_sign_in(f, "vi", vi, sizeof vi, csrf);
    wf_sign_in(f, "ed", ed, sizeof ed, csrf);
    wf_sign_in(f, "admin", ad, sizeof ad, csrf);
    c = wf_get(f, "/sources", vi);
    assert_null(strstr(wf_body(c), "Secret review"));
    {
        char want[128];
        snprintf(want, sizeof want, "<a class=\"govuk-link\" href=\"%s\">Restricted source</a>",
                 path);
        assert_non_null(strstr(wf_body(c), want));
    }
    wf_done(c);
    c = wf_get(f, path, vi);
    assert_int_equal(c->resp.status, 200);
    assert_non_null(strstr(wf_body(c), "This source is restricted."));
    assert_non_null(strstr(wf_body(c), ">S-1</a></td><td class=\"govuk-table__cell\">(restricted)"));
    assert_null(strstr(wf_body(c), "Secret"));
    wf_done(c);
    c = wf_get(f, "/", vi);
    assert_non_null(strstr(wf_body(c), ">S-1</a>"));
    assert_null(strstr(wf_body(c), "Secret note"));
    wf_done(c);
    c = wf_get(f, "/papers/committee", vi);
    assert_null(strstr(wf_body(c), "Secret"));
    wf_done(c);
    c = wf_get(f, edit, ed);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);

    c = wf_get(f, "/", ad);
    assert_non_null(strstr(wf_body(c), "Secret note"));
    wf_done(c);
    c = wf_get(f, "/sources", ad);
    assert_non_null(strstr(wf_body(c), ">Secret review &lt;x&gt;</a>"));
    wf_done(c);
    c = wf_get(f, edit, ad);
    assert_int_equal(c->resp.status, 200);
    wf_done(c);
}

/* Every hostile string comes out escaped, on every page that shows it. */
static void test_hostile_strings_are_escaped(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64];
    static const char *const pages[] = {
        "/", "/sources", "/sources/%3Cscript%3Ealert(%22title%22)%3C%2Fscript%3E%20%26%20Co",
        "/papers/committee", "/papers/board", "/papers/points", "/audit", "/audit?ref=H-1",
        "/users", "/papers/committee.html?as_of=2024-02-22"};
    static const char *const raw[] = {"<script>alert", "<img src=x", "<b>Owner", "<i>Dir",
                                      "<script>note", "<q>by", "<em>Boss", "<b>label",
                                      "<u>body"};
    size_t seen_title = 0, seen_text = 0, seen_dir = 0;

    wf_sign_in(f, "admin", cookie, sizeof cookie, csrf);
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        struct web_call *c = wf_get(f, pages[i], cookie);
        if (c->resp.status != 200)
            fail_msg("GET %s: %d", pages[i], c->resp.status);
        for (size_t k = 0; k < sizeof raw / sizeof *raw; k++)
            if (strstr(wf_body(c), raw[k]))
                fail_msg("GET %s: %s is not escaped", pages[i], raw[k]);
        seen_title += strstr(wf_body(c), "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; "
                                      "&amp; Co") != NULL ||
                      strstr(wf_body(c), "&lt;script&gt;alert(\"title\")&lt;/script&gt; &amp; Co") !=
                          NULL;
        seen_text += strstr(wf_body(c), "&lt;img src=x onerror=alert(1)&gt;") != NULL;
        seen_dir += strstr(wf_body(c), "&lt;i&gt;Dir&lt;/i&gt; &amp;") != NULL;
        wf_done(c);
    }
    /* and they were there to be escaped */
    assert_true(seen_title >= 3);
    assert_true(seen_text >= 2);
    assert_true(seen_dir >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_page_renders_for_a_viewer),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_dashboard_figures),
        cmocka_unit_test(test_source_forms),
        cmocka_unit_test(test_import_preview_lists_bad_rows_and_writes_nothing),
        cmocka_unit_test(test_import_confirm_imports_all_or_nothing),
        cmocka_unit_test(test_paper_downloads_are_the_reports_bytes),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_audit_log),
        cmocka_unit_test(test_users),
        cmocka_unit_test(test_restricted_text),
        cmocka_unit_test(test_hostile_strings_are_escaped),
    };
    return cmocka_run_group_tests(tests, setup, wf_teardown);
}
