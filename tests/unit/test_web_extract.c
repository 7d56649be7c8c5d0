/* test_web_extract.c -- drafting a source's actions from its report on the
 * web, driven without a server as a browser would: the upload form, a text
 * report and a PDF made here uploaded, the review's form read back from the
 * page and posted again with a draft dropped, two merged, one split and a
 * text edited, then imported; the register holds exactly the edited
 * actions. An import with a bad draft writes nothing and names the draft;
 * an encrypted PDF is a 400 page saying so; a viewer is refused; a form
 * from before a merge is refused; hostile text is escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "store/drafts.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/router.h"
#include "web_fixture.h"

#define SOURCE "Anyshire PEEL 2024"
#define SOURCE_URL "/sources/Anyshire%20PEEL%202024"

static const struct web_route ROUTES[] = {
    {WEB_GET, "/login", page_login_form, WEB_ANON},
    {WEB_POST, "/login", page_login_post, WEB_ANON},
    {WEB_GET, "/", page_dashboard, 0},
    {WEB_GET, "/sources/:source/extract", page_extract_form, 0},
    {WEB_POST, "/sources/:source/extract", page_extract_upload, 0},
    {WEB_GET, "/sources/:source/extract/:set", page_extract_review, 0},
    {WEB_POST, "/sources/:source/extract/:set", page_extract_save, 0},
    {WEB_POST, "/sources/:source/extract/:set/import", page_extract_import, 0},
};

/* The report: a recommendation the register already holds (2), two that
 * are one item read as two (3 and 4), and one with markup in it (5). */
static const char REPORT[] =
    "An inspection of Anyshire Police\n"
    "\n"
    "Recommendations\n"
    "\n"
    "1. By 31 March 2025, the force should review the vetting status of all officers.\n"
    "2. The force should improve its recording of demand.\n"
    "3. The force should train its call handlers.\n"
    "4. The force should do so before the end of the year.\n"
    "5. The force should stop <script>alert(1)</script> & \"quote\" its data.\n";

static int setup(void **state)
{
    struct web_fixture *f = calloc(1, sizeof *f);
    struct store *s = wf_register_create(f, "oversight-test", "admin");
    struct err e = {0};
    struct source src = {0};
    struct action act = {0};

    wf_add_user(s, "ed", ROLE_EDITOR, MK_NONE, NULL, NULL);
    wf_add_user(s, "vi", ROLE_VIEWER, MK_NONE, NULL, NULL);
    src.title = SOURCE;
    src.scope = SC_FORCE;
    src.kind = SK_INSPECTION;
    src.published = date_from_ymd(2024, 2, 1);
    assert_int_equal(store_source_put(s, &src, &e), 0);
    {
        struct source undated = {0};
        undated.title = "Vetting review";
        undated.published = DATE_NONE;
        assert_int_equal(store_source_put(s, &undated, &e), 0);
    }
    act.ref = "APEEL24-R-9";
    act.source_id = src.id;
    act.kind = AK_RECOMMENDATION;
    act.text = "The force should improve its recording of demand.";
    act.issued = DATE_NONE;
    assert_int_equal(store_action_put(s, &act, &e), 0);
    wf_app_start(f, s, ROUTES, sizeof ROUTES / sizeof *ROUTES);
    *state = f;
    return 0;
}

static const char *location(const struct web_call *c)
{
    return wf_header(c, "Location");
}

/* ---- a browser's part: uploads and forms read from pages ---- */

static struct web_call *upload_to(struct web_fixture *f, const char *target, const char *cookie,
                                  const char *csrf, const char *issued, const char *filename,
                                  const void *data, size_t len)
{
    const char *fields[] = {"csrf", csrf, "issued", issued, NULL};
    return wf_upload(f, target, cookie, fields, "report", filename, "application/octet-stream",
                     data, len);
}

static struct web_call *upload(struct web_fixture *f, const char *cookie, const char *csrf,
                               const char *filename, const void *data, size_t len)
{
    return upload_to(f, SOURCE_URL "/extract", cookie, csrf, NULL, filename, data, len);
}

/* ---- the register afterwards ----------------------------------------- */

struct reg {
    struct arena a;
    struct action **v;
    size_t n;
};

static void reg_read(struct web_fixture *f, struct reg *r)
{
    struct store *s;
    struct err e = {0};
    arena_init(&r->a);
    assert_int_equal(store_open(&s, f->path, STORE_EXISTING, &e), 0);
    assert_int_equal(store_begin(s, &e), 0);
    assert_int_equal(store_actions_as_of(s, date_from_ymd(9999, 12, 31), NULL, &r->a, &r->v,
                                         &r->n, &e),
                     0);
    store_rollback(s);
    store_close(s);
}

static const struct action *reg_find(const struct reg *r, const char *ref)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i]->ref, ref) == 0)
            return r->v[i];
    return NULL;
}

/* ---- the tests ---------------------------------------------------------- */

static void contains(const struct web_call *c, const char *text)
{
    if (!strstr(c->resp.body.p, text))
        fail_msg("no \"%s\" in the page:\n%s", text, c->resp.body.p);
}

static void lacks(const struct web_call *c, const char *text)
{
    if (strstr(c->resp.body.p, text))
        fail_msg("\"%s\" should not be in the page", text);
}

static void drop_5_edit_1(struct wf_form *fm)
{
    wf_form_unset(fm, "keep-5");
    wf_form_set(fm, "text-1", "The force should review vetting. || The force should publish "
                           "the results of the review.");
}

static void empty_text_1(struct wf_form *fm)
{
    wf_form_set(fm, "text-1", "  ");
}

static void ref_taken(struct wf_form *fm)
{
    wf_form_set(fm, "ref-3", "APEEL24-R-9");
}

static void test_upload_review_edit_import(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64];
    struct web_call *c;
    struct reg r;
    const struct action *a;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = wf_get(f, SOURCE_URL "/extract", cookie);
    assert_int_equal(c->resp.status, 200);
    contains(c, "<h1 class=\"govuk-heading-l\">Draft the actions of a report</h1>");
    contains(c, "enctype=\"multipart/form-data\"");
    contains(c, "action=\"/sources/Anyshire%20PEEL%202024/extract\"");
    contains(c, "type=\"file\"");
    wf_done(c);

    c = upload(f, cookie, csrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), SOURCE_URL "/extract/1");
    wf_done(c);

    c = wf_get(f, SOURCE_URL "/extract/1", cookie);
    assert_int_equal(c->resp.status, 200);
    contains(c, "5 drafts from anyshire.txt, uploaded by ed on ");
    contains(c, "4 are ticked to be imported; 1 looks like an action the register already holds.");
    contains(c, "<h2 class=\"govuk-summary-card__title\">Draft 1: Recommendation 1, page 1</h2>");
    contains(c, "name=\"ref-1\" value=\"APEEL24-R-1\"");
    contains(c, ">By 31 March 2025, the force should review the vetting status of all "
                "officers.</textarea>");
    contains(c, "<dt class=\"govuk-summary-list__key\">Deadline as printed</dt>"
                "<dd class=\"govuk-summary-list__value\">By 31 March 2025</dd>");
    contains(c, "<dt class=\"govuk-summary-list__key\">Addressed to</dt>"
                "<dd class=\"govuk-summary-list__value\">the force</dd>");
    contains(c, "name=\"due-1\" value=\"2025-03-31\"");
    /* the repeat of the register's action: marked, named, not ticked */
    contains(c, "This looks like <a class=\"govuk-link\" href=\"/actions/APEEL24-R-9\">"
                "APEEL24-R-9</a>, which the register already holds.");
    contains(c, "id=\"keep-2\" name=\"keep-2\"/>");
    contains(c, "id=\"keep-1\" name=\"keep-1\" checked=\"checked\"/>");
    /* hostile text escaped */
    contains(c, "stop &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quote\" its data.</textarea>");
    lacks(c, "<script>alert");
    wf_done(c);

    /* drop 5, edit 1's text, merge 3 with 4 */
    c = wf_submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1", "merge-3",
               drop_5_edit_1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), SOURCE_URL "/extract/1#draft-3");
    wf_done(c);
    c = wf_get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "4 drafts from anyshire.txt");
    contains(c, ">The force should train its call handlers. The force should do so before the "
                "end of the year.</textarea>");
    contains(c, "id=\"keep-4\" name=\"keep-4\"/>"); /* 5 is now 4, still dropped */
    wf_done(c);

    /* split 1 at its mark */
    c = wf_submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1", "split-1", NULL);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    c = wf_get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "5 drafts from anyshire.txt");
    contains(c, "name=\"ref-2\" value=\"APEEL24-R-1-2\"");
    contains(c, ">The force should publish the results of the review.</textarea>");
    wf_done(c);

    /* import: every ticked draft, as edited */
    c = wf_submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1/import", NULL, NULL);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), SOURCE_URL);
    wf_done(c);
    reg_read(f, &r);
    assert_int_equal(r.n, 4); /* the register's one and three imported */
    assert_non_null(a = reg_find(&r, "APEEL24-R-1"));
    assert_string_equal(a->text, "The force should review vetting.");
    assert_string_equal(a->source_title, SOURCE);
    assert_int_equal(a->kind, AK_RECOMMENDATION);
    assert_string_equal(a->due, "2025-03-31");
    assert_non_null(a = reg_find(&r, "APEEL24-R-1-2"));
    assert_string_equal(a->text, "The force should publish the results of the review.");
    assert_non_null(a = reg_find(&r, "APEEL24-R-3"));
    assert_string_equal(a->text, "The force should train its call handlers. The force should "
                                 "do so before the end of the year.");
    assert_int_equal(action_issued(a), date_from_ymd(2024, 2, 1));
    assert_null(reg_find(&r, "APEEL24-R-2"));
    assert_null(reg_find(&r, "APEEL24-R-4"));
    assert_null(reg_find(&r, "APEEL24-R-5"));
    arena_release(&r.a);

    /* the drafts are done with */
    c = wf_get(f, SOURCE_URL "/extract/1", cookie);
    assert_int_equal(c->resp.status, 200);
    contains(c, "These drafts were imported on ");
    lacks(c, "<textarea");
    wf_done(c);
    {
        char body[256];
        snprintf(body, sizeof body, "csrf=%s&revision=4&keep-1=yes", csrf);
        c = wf_post(f, SOURCE_URL "/extract/1/import", cookie, body);
        assert_int_equal(c->resp.status, 409);
        contains(c, "These drafts have already been imported.");
        wf_done(c);
    }
    reg_read(f, &r);
    assert_int_equal(r.n, 4);
    arena_release(&r.a);
}

static void test_bad_draft_imports_nothing(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64];
    struct web_call *c;
    struct reg r;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = upload(f, cookie, csrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);

    c = wf_submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1/import", NULL,
               empty_text_1);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<title>Error: Review the drafted actions");
    contains(c, "There is a problem");
    contains(c, "<a href=\"#text-1\">Draft 1: text is required</a>");
    contains(c, "id=\"text-1-error\"");
    wf_done(c);

    c = wf_submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1/import", NULL,
               ref_taken);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<a href=\"#ref-3\">Draft 3: ref \"APEEL24-R-9\" is already in the "
                "register</a>");
    /* what was typed is kept */
    contains(c, "name=\"ref-3\" value=\"APEEL24-R-9\"");
    wf_done(c);

    reg_read(f, &r);
    assert_int_equal(r.n, 1);
    arena_release(&r.a);
    /* the drafts are still there to be corrected */
    c = wf_get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "5 drafts from anyshire.txt");
    lacks(c, "These drafts were imported");
    wf_done(c);
}

static void test_stale_form_is_refused(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], body[256];
    struct web_call *c;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = upload(f, cookie, csrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    wf_done(c);
    c = wf_submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1", "merge-1", NULL);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    /* a form from the page before the merge */
    snprintf(body, sizeof body, "csrf=%s&revision=1&keep-1=yes&op=merge-1", csrf);
    c = wf_post(f, SOURCE_URL "/extract/1", cookie, body);
    assert_int_equal(c->resp.status, 409);
    contains(c, "These drafts have changed since the page was loaded");
    wf_done(c);
    c = wf_get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "4 drafts from anyshire.txt");
    wf_done(c);
    /* a split without its mark */
    c = wf_submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1", "split-2", NULL);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<a href=\"#text-2\">Draft 2: type || in the text where the second part "
                "begins, with text before and after it</a>");
    wf_done(c);
}

/* A one-page PDF of lines of text, as small as a PDF can be. */
static size_t make_pdf(char *out, size_t cap, const char *const *lines, size_t n, int encrypted)
{
    char content[2048], obj[8][2600];
    size_t clen = 0, len = 0, off[8], nobj = 5;
    int y = 740;

    for (size_t i = 0; i < n; i++, y -= 16)
        clen += (size_t)snprintf(content + clen, sizeof content - clen,
                                 "BT /F1 11 Tf 72 %d Td (%s) Tj ET\n", y, lines[i]);
    snprintf(obj[0], sizeof obj[0], "<< /Type /Catalog /Pages 2 0 R >>");
    snprintf(obj[1], sizeof obj[1], "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    snprintf(obj[2], sizeof obj[2],
             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 "
             "4 0 R >> >> /Contents 5 0 R >>");
    snprintf(obj[3], sizeof obj[3], "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    snprintf(obj[4], sizeof obj[4], "<< /Length %zu >>\nstream\n%sendstream", clen, content);
    if (encrypted) {
        /* the standard handler with passwords nobody knows */
        snprintf(obj[5], sizeof obj[5],
                 "<< /Filter /Standard /V 1 /R 2 /O <%064d> /U <%064d> /P -4 >>", 1, 2);
        nobj = 6;
    }
    len += (size_t)snprintf(out + len, cap - len, "%%PDF-1.4\n");
    for (size_t i = 0; i < nobj; i++) {
        off[i] = len;
        len += (size_t)snprintf(out + len, cap - len, "%zu 0 obj\n%s\nendobj\n", i + 1, obj[i]);
    }
    {
        size_t xref = len;
        len += (size_t)snprintf(out + len, cap - len, "xref\n0 %zu\n0000000000 65535 f \n",
                                nobj + 1);
        for (size_t i = 0; i < nobj; i++)
            len += (size_t)snprintf(out + len, cap - len, "%010zu 00000 n \n", off[i]);
        len += (size_t)snprintf(out + len, cap - len, "trailer\n<< /Size %zu /Root 1 0 R",
                                nobj + 1);
        if (encrypted)
            len += (size_t)snprintf(out + len, cap - len,
                                    " /Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> "
                                    "<00112233445566778899aabbccddeeff>]");
        len += (size_t)snprintf(out + len, cap - len, " >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    }
    assert_true(len < cap);
    return len;
}

static void test_pdf_reports(void **state)
{
    static const char *const LINES[] = {
        "Areas for improvement",
        "Area for improvement 1: The force should improve how it records stalking.",
        "Area for improvement 2: The force should make sure its officers are trained.",
    };
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], pdf[8192];
    size_t n;
    struct web_call *c;
    struct reg r;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    n = make_pdf(pdf, sizeof pdf, LINES, 3, 0);
    c = upload(f, cookie, csrf, "peel.pdf", pdf, n);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), SOURCE_URL "/extract/1");
    wf_done(c);
    c = wf_get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "2 drafts from peel.pdf");
    contains(c, "Draft 2: Area for improvement 2, page 1</h2>");
    contains(c, "name=\"ref-2\" value=\"APEEL24-AFI-2\"");
    contains(c, ">The force should make sure its officers are trained.</textarea>");
    wf_done(c);

    /* encrypted: a 400 page that says so */
    n = make_pdf(pdf, sizeof pdf, LINES, 3, 1);
    c = upload(f, cookie, csrf, "locked.pdf", pdf, n);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<title>Error: Draft the actions of a report");
    contains(c, "<a href=\"#report\">locked.pdf: the PDF is encrypted</a>");
    wf_done(c);
    /* not a PDF at all, and nothing */
    c = upload(f, cookie, csrf, "garbage.pdf", "\x01\x02not a pdf\xff", 12);
    assert_int_equal(c->resp.status, 400);
    contains(c, "garbage.pdf: not a readable PDF (no PDF header)");
    wf_done(c);
    c = upload(f, cookie, csrf, "", "", 0);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<a href=\"#report\">Select the report to upload</a>");
    wf_done(c);
    /* a file name with markup in it */
    c = upload(f, cookie, csrf, "<img src=x onerror=alert(1)>.pdf", "x", 1);
    assert_int_equal(c->resp.status, 400);
    contains(c, "&lt;img src=x onerror=alert(1)&gt;.pdf: not a readable PDF");
    lacks(c, "<img src=x");
    wf_done(c);

    reg_read(f, &r);
    assert_int_equal(r.n, 1);
    arena_release(&r.a);
}

/* A source without a published date: the upload asks when the actions
 * were issued, and the actions carry it. */
static void test_undated_source_asks_for_issued(void **state)
{
    static const char R[] = "Recommendations\n\n1. The force should vet its staff again.\n";
    struct web_fixture *f = *state;
    char cookie[128], csrf[64];
    struct web_call *c;
    struct reg r;
    const struct action *a;

    wf_sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = wf_get(f, "/sources/Vetting%20review/extract", cookie);
    contains(c, "<label class=\"govuk-label govuk-label--s\" for=\"issued\">Date the actions "
                "were issued</label>");
    wf_done(c);
    c = upload_to(f, "/sources/Vetting%20review/extract", cookie, csrf, "", "v.txt", R,
                  sizeof R - 1);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<a href=\"#issued\">Enter the date the actions were issued</a>");
    wf_done(c);
    c = upload_to(f, "/sources/Vetting%20review/extract", cookie, csrf, "31/02/2024", "v.txt", R,
                  sizeof R - 1);
    assert_int_equal(c->resp.status, 400);
    contains(c, "value=\"31/02/2024\""); /* what was typed is kept */
    wf_done(c);
    c = upload_to(f, "/sources/Vetting%20review/extract", cookie, csrf, "05/03/2024", "v.txt", R,
                  sizeof R - 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), "/sources/Vetting%20review/extract/1");
    wf_done(c);
    c = wf_submit(f, cookie, "/sources/Vetting%20review/extract/1",
               "/sources/Vetting%20review/extract/1/import", NULL, NULL);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), "/sources/Vetting%20review");
    wf_done(c);
    reg_read(f, &r);
    assert_non_null(a = reg_find(&r, "VR-R-1"));
    assert_string_equal(a->text, "The force should vet its staff again.");
    assert_int_equal(action_issued(a), date_from_ymd(2024, 3, 5));
    arena_release(&r.a);
}

static void test_viewer_is_refused(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64], ecookie[128], ecsrf[64], body[256];
    struct web_call *c;
    struct reg r;

    wf_sign_in(f, "ed", ecookie, sizeof ecookie, ecsrf);
    c = upload(f, ecookie, ecsrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);

    wf_sign_in(f, "vi", cookie, sizeof cookie, csrf);
    c = wf_get(f, SOURCE_URL "/extract", cookie);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    c = upload(f, cookie, csrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    c = wf_get(f, SOURCE_URL "/extract/1", cookie);
    assert_int_equal(c->resp.status, 403);
    lacks(c, "APEEL24-R-1");
    wf_done(c);
    snprintf(body, sizeof body, "csrf=%s&revision=1&keep-1=yes&op=save", csrf);
    c = wf_post(f, SOURCE_URL "/extract/1", cookie, body);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    c = wf_post(f, SOURCE_URL "/extract/1/import", cookie, body);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    reg_read(f, &r);
    assert_int_equal(r.n, 1);
    arena_release(&r.a);

    /* and no one reaches drafts through another source's address */
    c = wf_get(f, "/sources/999/extract/1", ecookie);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_upload_review_edit_import, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_bad_draft_imports_nothing, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_stale_form_is_refused, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_pdf_reports, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_undated_source_asks_for_issued, setup, wf_teardown),
        cmocka_unit_test_setup_teardown(test_viewer_is_refused, setup, wf_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
