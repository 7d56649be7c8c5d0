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
#include "service/users.h"
#include "store/drafts.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/router.h"

#define PASSWORD "correct horse battery"
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
    struct source src = {0};
    struct action act = {0};
    int fd;

    snprintf(f->path, sizeof f->path, "/tmp/oversight-test-XXXXXX");
    fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    assert_int_equal(store_open(&s, f->path, STORE_CREATE, &e), 0);
    store_set_actor(s, "admin", moment_now());
    assert_int_equal(store_begin(s, &e), 0);
    u.name = "ed";
    u.role = ROLE_EDITOR;
    assert_int_equal(users_add(s, &u, PASSWORD, &e), 0);
    u.name = "vi";
    u.role = ROLE_VIEWER;
    assert_int_equal(users_add(s, &u, PASSWORD, &e), 0);
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

/* Sends one request; cookie, content type and body may be NULL. */
static struct call *send_ct(struct fixture *f, const char *method, const char *target,
                            const char *cookie, const char *ct, const char *body, size_t len)
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
    if (ct)
        c->h[nh++] = (struct web_header){"Content-Type", ct};
    c->req.headers = c->h;
    c->req.nheaders = nh;
    c->req.body = body ? body : "";
    c->req.body_len = body ? len : 0;
    buf_init(&c->resp.body, WEB_MAX_RESPONSE);
    web_app_handle(f->app, &c->req, &c->resp);
    return c;
}

static struct call *get(struct fixture *f, const char *target, const char *cookie)
{
    return send_ct(f, "GET", target, cookie, NULL, NULL, 0);
}

static struct call *post(struct fixture *f, const char *target, const char *cookie,
                         const char *body)
{
    return send_ct(f, "POST", target, cookie, "application/x-www-form-urlencoded", body,
                   strlen(body));
}

static void done(struct call *c)
{
    buf_release(&c->resp.body);
    arena_release(&c->arena);
    free(c);
}

static const char *location(const struct call *c)
{
    return web_response_header(&c->resp, "Location");
}

static void sign_in(struct fixture *f, const char *name, char *cookie, size_t n, char *csrf)
{
    char pre[64] = "", sess[64] = "", body[256];
    struct call *c = get(f, "/login", NULL);
    const char *p;
    for (size_t i = 0; i < c->resp.nheaders; i++)
        if (strncmp(c->resp.headers[i].value, WEB_CSRF_COOKIE "=", sizeof WEB_CSRF_COOKIE) == 0)
            snprintf(pre, sizeof pre, "%.43s", c->resp.headers[i].value + sizeof WEB_CSRF_COOKIE);
    done(c);
    snprintf(body, sizeof body, "csrf=%s&username=%s&password=correct+horse+battery", pre, name);
    snprintf(cookie, n, WEB_CSRF_COOKIE "=%s", pre);
    c = post(f, "/login", cookie, body);
    assert_int_equal(c->resp.status, 303);
    for (size_t i = 0; i < c->resp.nheaders; i++)
        if (strncmp(c->resp.headers[i].value, WEB_SESSION_COOKIE "=", sizeof WEB_SESSION_COOKIE) ==
            0)
            snprintf(sess, sizeof sess, "%.43s",
                     c->resp.headers[i].value + sizeof WEB_SESSION_COOKIE);
    done(c);
    snprintf(cookie, n, WEB_SESSION_COOKIE "=%s", sess);
    c = get(f, "/", cookie);
    assert_int_equal(c->resp.status, 200);
    p = strstr(c->resp.body.p, "name=\"csrf\" value=\"");
    assert_non_null(p);
    snprintf(csrf, 64, "%.43s", p + 19);
    done(c);
}

/* ---- a browser's part: multipart uploads and forms read from pages ---- */

#define BOUNDARY "----oversightTestBoundary7MA4YWxk"

static struct call *upload_to(struct fixture *f, const char *target, const char *cookie,
                              const char *csrf, const char *issued, const char *filename,
                              const void *data, size_t len)
{
    struct buf b;
    struct call *c;
    buf_init(&b, 0);
    buf_addf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n",
             csrf);
    if (issued)
        buf_addf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"issued\""
                     "\r\n\r\n%s\r\n",
                 issued);
    buf_addf(&b, "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"report\"; "
                 "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
             filename);
    buf_add(&b, data, len);
    buf_adds(&b, "\r\n--" BOUNDARY "--\r\n");
    c = send_ct(f, "POST", target, cookie, "multipart/form-data; boundary=" BOUNDARY, b.p, b.len);
    buf_release(&b);
    return c;
}

static struct call *upload(struct fixture *f, const char *cookie, const char *csrf,
                           const char *filename, const void *data, size_t len)
{
    return upload_to(f, SOURCE_URL "/extract", cookie, csrf, NULL, filename, data, len);
}

struct form {
    char *name[400], *value[400];
    size_t n;
};

static void form_release(struct form *fm)
{
    for (size_t i = 0; i < fm->n; i++)
        free(fm->name[i]), free(fm->value[i]);
    fm->n = 0;
}

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

static void form_set(struct form *fm, const char *name, const char *value)
{
    for (size_t i = 0; i < fm->n; i++)
        if (strcmp(fm->name[i], name) == 0) {
            free(fm->value[i]);
            fm->value[i] = strdup(value);
            return;
        }
    assert_true(fm->n < 400);
    fm->name[fm->n] = strdup(name);
    fm->value[fm->n++] = strdup(value);
}

static void form_unset(struct form *fm, const char *name)
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

/* What a browser would send from the page's form: hidden and text inputs,
 * ticked boxes, textareas, the selected options (the buttons are added by
 * the caller as the one clicked). */
static void form_read(const char *page, struct form *fm)
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
            form_set(fm, name, v);
        free(name);
        free(v);
    }
}

static char *form_body(const struct form *fm, const char *op)
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

/* Reads the form of the page at url, lets edit change it, and posts it to
 * target (the form's own action, or its import button's) with op. */
static struct call *submit(struct fixture *f, const char *cookie, const char *url,
                           const char *target, const char *op,
                           void (*edit)(struct form *fm))
{
    struct call *c = get(f, url, cookie);
    struct form fm;
    char *body;
    assert_int_equal(c->resp.status, 200);
    form_read(c->resp.body.p, &fm);
    done(c);
    if (edit)
        edit(&fm);
    body = form_body(&fm, op);
    c = post(f, target, cookie, body);
    free(body);
    form_release(&fm);
    return c;
}

/* ---- the register afterwards ----------------------------------------- */

struct reg {
    struct arena a;
    struct action **v;
    size_t n;
};

static void reg_read(struct fixture *f, struct reg *r)
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

static void contains(const struct call *c, const char *text)
{
    if (!strstr(c->resp.body.p, text))
        fail_msg("no \"%s\" in the page:\n%s", text, c->resp.body.p);
}

static void lacks(const struct call *c, const char *text)
{
    if (strstr(c->resp.body.p, text))
        fail_msg("\"%s\" should not be in the page", text);
}

static void drop_5_edit_1(struct form *fm)
{
    form_unset(fm, "keep-5");
    form_set(fm, "text-1", "The force should review vetting. || The force should publish "
                           "the results of the review.");
}

static void empty_text_1(struct form *fm)
{
    form_set(fm, "text-1", "  ");
}

static void ref_taken(struct form *fm)
{
    form_set(fm, "ref-3", "APEEL24-R-9");
}

static void test_upload_review_edit_import(void **state)
{
    struct fixture *f = *state;
    char cookie[128], csrf[64];
    struct call *c;
    struct reg r;
    const struct action *a;

    sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = get(f, SOURCE_URL "/extract", cookie);
    assert_int_equal(c->resp.status, 200);
    contains(c, "<h1 class=\"govuk-heading-l\">Draft the actions of a report</h1>");
    contains(c, "enctype=\"multipart/form-data\"");
    contains(c, "action=\"/sources/Anyshire%20PEEL%202024/extract\"");
    contains(c, "type=\"file\"");
    done(c);

    c = upload(f, cookie, csrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), SOURCE_URL "/extract/1");
    done(c);

    c = get(f, SOURCE_URL "/extract/1", cookie);
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
    done(c);

    /* drop 5, edit 1's text, merge 3 with 4 */
    c = submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1", "merge-3",
               drop_5_edit_1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), SOURCE_URL "/extract/1#draft-3");
    done(c);
    c = get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "4 drafts from anyshire.txt");
    contains(c, ">The force should train its call handlers. The force should do so before the "
                "end of the year.</textarea>");
    contains(c, "id=\"keep-4\" name=\"keep-4\"/>"); /* 5 is now 4, still dropped */
    done(c);

    /* split 1 at its mark */
    c = submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1", "split-1", NULL);
    assert_int_equal(c->resp.status, 303);
    done(c);
    c = get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "5 drafts from anyshire.txt");
    contains(c, "name=\"ref-2\" value=\"APEEL24-R-1-2\"");
    contains(c, ">The force should publish the results of the review.</textarea>");
    done(c);

    /* import: every ticked draft, as edited */
    c = submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1/import", NULL, NULL);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), SOURCE_URL);
    done(c);
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
    c = get(f, SOURCE_URL "/extract/1", cookie);
    assert_int_equal(c->resp.status, 200);
    contains(c, "These drafts were imported on ");
    lacks(c, "<textarea");
    done(c);
    {
        char body[256];
        snprintf(body, sizeof body, "csrf=%s&revision=4&keep-1=yes", csrf);
        c = post(f, SOURCE_URL "/extract/1/import", cookie, body);
        assert_int_equal(c->resp.status, 409);
        contains(c, "These drafts have already been imported.");
        done(c);
    }
    reg_read(f, &r);
    assert_int_equal(r.n, 4);
    arena_release(&r.a);
}

static void test_bad_draft_imports_nothing(void **state)
{
    struct fixture *f = *state;
    char cookie[128], csrf[64];
    struct call *c;
    struct reg r;

    sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = upload(f, cookie, csrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    assert_int_equal(c->resp.status, 303);
    done(c);

    c = submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1/import", NULL,
               empty_text_1);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<title>Error: Review the drafted actions");
    contains(c, "There is a problem");
    contains(c, "<a href=\"#text-1\">Draft 1: text is required</a>");
    contains(c, "id=\"text-1-error\"");
    done(c);

    c = submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1/import", NULL,
               ref_taken);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<a href=\"#ref-3\">Draft 3: ref \"APEEL24-R-9\" is already in the "
                "register</a>");
    /* what was typed is kept */
    contains(c, "name=\"ref-3\" value=\"APEEL24-R-9\"");
    done(c);

    reg_read(f, &r);
    assert_int_equal(r.n, 1);
    arena_release(&r.a);
    /* the drafts are still there to be corrected */
    c = get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "5 drafts from anyshire.txt");
    lacks(c, "These drafts were imported");
    done(c);
}

static void test_stale_form_is_refused(void **state)
{
    struct fixture *f = *state;
    char cookie[128], csrf[64], body[256];
    struct call *c;

    sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = upload(f, cookie, csrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    done(c);
    c = submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1", "merge-1", NULL);
    assert_int_equal(c->resp.status, 303);
    done(c);
    /* a form from the page before the merge */
    snprintf(body, sizeof body, "csrf=%s&revision=1&keep-1=yes&op=merge-1", csrf);
    c = post(f, SOURCE_URL "/extract/1", cookie, body);
    assert_int_equal(c->resp.status, 409);
    contains(c, "These drafts have changed since the page was loaded");
    done(c);
    c = get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "4 drafts from anyshire.txt");
    done(c);
    /* a split without its mark */
    c = submit(f, cookie, SOURCE_URL "/extract/1", SOURCE_URL "/extract/1", "split-2", NULL);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<a href=\"#text-2\">Draft 2: type || in the text where the second part "
                "begins, with text before and after it</a>");
    done(c);
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
    struct fixture *f = *state;
    char cookie[128], csrf[64], pdf[8192];
    size_t n;
    struct call *c;
    struct reg r;

    sign_in(f, "ed", cookie, sizeof cookie, csrf);
    n = make_pdf(pdf, sizeof pdf, LINES, 3, 0);
    c = upload(f, cookie, csrf, "peel.pdf", pdf, n);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), SOURCE_URL "/extract/1");
    done(c);
    c = get(f, SOURCE_URL "/extract/1", cookie);
    contains(c, "2 drafts from peel.pdf");
    contains(c, "Draft 2: Area for improvement 2, page 1</h2>");
    contains(c, "name=\"ref-2\" value=\"APEEL24-AFI-2\"");
    contains(c, ">The force should make sure its officers are trained.</textarea>");
    done(c);

    /* encrypted: a 400 page that says so */
    n = make_pdf(pdf, sizeof pdf, LINES, 3, 1);
    c = upload(f, cookie, csrf, "locked.pdf", pdf, n);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<title>Error: Draft the actions of a report");
    contains(c, "<a href=\"#report\">locked.pdf: the PDF is encrypted</a>");
    done(c);
    /* not a PDF at all, and nothing */
    c = upload(f, cookie, csrf, "garbage.pdf", "\x01\x02not a pdf\xff", 12);
    assert_int_equal(c->resp.status, 400);
    contains(c, "garbage.pdf: not a readable PDF (no PDF header)");
    done(c);
    c = upload(f, cookie, csrf, "", "", 0);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<a href=\"#report\">Select the report to upload</a>");
    done(c);
    /* a file name with markup in it */
    c = upload(f, cookie, csrf, "<img src=x onerror=alert(1)>.pdf", "x", 1);
    assert_int_equal(c->resp.status, 400);
    contains(c, "&lt;img src=x onerror=alert(1)&gt;.pdf: not a readable PDF");
    lacks(c, "<img src=x");
    done(c);

    reg_read(f, &r);
    assert_int_equal(r.n, 1);
    arena_release(&r.a);
}

/* A source without a published date: the upload asks when the actions
 * were issued, and the actions carry it. */
static void test_undated_source_asks_for_issued(void **state)
{
    static const char R[] = "Recommendations\n\n1. The force should vet its staff again.\n";
    struct fixture *f = *state;
    char cookie[128], csrf[64];
    struct call *c;
    struct reg r;
    const struct action *a;

    sign_in(f, "ed", cookie, sizeof cookie, csrf);
    c = get(f, "/sources/Vetting%20review/extract", cookie);
    contains(c, "<label class=\"govuk-label govuk-label--s\" for=\"issued\">Date the actions "
                "were issued</label>");
    done(c);
    c = upload_to(f, "/sources/Vetting%20review/extract", cookie, csrf, "", "v.txt", R,
                  sizeof R - 1);
    assert_int_equal(c->resp.status, 400);
    contains(c, "<a href=\"#issued\">Enter the date the actions were issued</a>");
    done(c);
    c = upload_to(f, "/sources/Vetting%20review/extract", cookie, csrf, "31/02/2024", "v.txt", R,
                  sizeof R - 1);
    assert_int_equal(c->resp.status, 400);
    contains(c, "value=\"31/02/2024\""); /* what was typed is kept */
    done(c);
    c = upload_to(f, "/sources/Vetting%20review/extract", cookie, csrf, "05/03/2024", "v.txt", R,
                  sizeof R - 1);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), "/sources/Vetting%20review/extract/1");
    done(c);
    c = submit(f, cookie, "/sources/Vetting%20review/extract/1",
               "/sources/Vetting%20review/extract/1/import", NULL, NULL);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(location(c), "/sources/Vetting%20review");
    done(c);
    reg_read(f, &r);
    assert_non_null(a = reg_find(&r, "VR-R-1"));
    assert_string_equal(a->text, "The force should vet its staff again.");
    assert_int_equal(action_issued(a), date_from_ymd(2024, 3, 5));
    arena_release(&r.a);
}

static void test_viewer_is_refused(void **state)
{
    struct fixture *f = *state;
    char cookie[128], csrf[64], ecookie[128], ecsrf[64], body[256];
    struct call *c;
    struct reg r;

    sign_in(f, "ed", ecookie, sizeof ecookie, ecsrf);
    c = upload(f, ecookie, ecsrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    assert_int_equal(c->resp.status, 303);
    done(c);

    sign_in(f, "vi", cookie, sizeof cookie, csrf);
    c = get(f, SOURCE_URL "/extract", cookie);
    assert_int_equal(c->resp.status, 403);
    done(c);
    c = upload(f, cookie, csrf, "anyshire.txt", REPORT, sizeof REPORT - 1);
    assert_int_equal(c->resp.status, 403);
    done(c);
    c = get(f, SOURCE_URL "/extract/1", cookie);
    assert_int_equal(c->resp.status, 403);
    lacks(c, "APEEL24-R-1");
    done(c);
    snprintf(body, sizeof body, "csrf=%s&revision=1&keep-1=yes&op=save", csrf);
    c = post(f, SOURCE_URL "/extract/1", cookie, body);
    assert_int_equal(c->resp.status, 403);
    done(c);
    c = post(f, SOURCE_URL "/extract/1/import", cookie, body);
    assert_int_equal(c->resp.status, 403);
    done(c);
    reg_read(f, &r);
    assert_int_equal(r.n, 1);
    arena_release(&r.a);

    /* and no one reaches drafts through another source's address */
    c = get(f, "/sources/999/extract/1", ecookie);
    assert_int_equal(c->resp.status, 404);
    done(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_upload_review_edit_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_draft_imports_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_form_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pdf_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undated_source_asks_for_issued, setup, teardown),
        cmocka_unit_test_setup_teardown(test_viewer_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
