/* page_import.c -- importing a CSV file or an XLSX workbook from the
 * browser, in two steps, as `oversight import` does it in one:
 *
 *   GET  /import          the form: what the file holds, the file
 *   POST /import/preview  checks the file: every bad row named as the
 *                         command line names it (FILE:LINE:FIELD: message,
 *                         FILE:SHEET!B5: message), or how much it would write
 *   POST /import          imports it, all or nothing
 *
 * The check is the import itself (service/import.c, import_mem) run inside
 * the request's transaction and then rolled back, so that it finds exactly
 * what the real import would: a file that previews clean imports clean
 * unless the register changes in between, and then the import refuses it
 * with the new problems, writing nothing.
 *
 * Between the two steps the browser sends the file again, and the confirm
 * form carries a digest of the file and the choices made (BLAKE2b) so that
 * the import refuses any other file than the one checked. We keep nothing on
 * the server between requests: no upload table in the register, which holds
 * the register's history and nothing else, no files on disk to expire and
 * clean up (an upload may hold restricted text), nothing in one server
 * process's memory that another process or a restart would not have. The
 * cost is choosing the file twice, which the confirm page says plainly. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "domain/user.h"
#include "service/import.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/view.h"

static const char *const WHAT_VALUES[] = {"sources", "actions", "updates", "programme"};
static const char *const WHAT_LABELS[] = {
    "Sources: reports, audits, meetings and plans",
    "Actions: recommendations, areas for improvement, audit actions and the rest",
    "Updates: status changes and progress notes",
    "The inspection programme",
};
static const enum export_table WHAT_TABLES[] = {EXPORT_SOURCES, EXPORT_ACTIONS, EXPORT_UPDATES,
                                                EXPORT_PROGRAMME};
/* Singular and plural, for "42 actions". */
static const char *const WHAT_ONE[] = {"source", "action", "update", "programme item"};
static const char *const WHAT_MANY[] = {"sources", "actions", "updates", "programme items"};
#define NWHAT (sizeof WHAT_VALUES / sizeof *WHAT_VALUES)

#define DIGEST_HEX (2 * crypto_generichash_BYTES + 1)

/* What the form sent. */
struct upload {
    const char *what, *sheet, *digest;
    int what_i;             /* index into WHAT_*, -1 when none or unknown */
    int create_sources, ignore_unknown;
    const char *display;    /* the file's name in messages */
    const char *data;
    size_t len;
};

static void read_upload(struct web_request *req, struct upload *u)
{
    const struct multipart_part *p = multipart_get(req->parts, req->nparts, "file");
    const char *name;

    memset(u, 0, sizeof *u);
    u->what = web_form(req, "what");
    u->what_i = -1;
    for (size_t i = 0; u->what && i < NWHAT; i++)
        if (strcmp(u->what, WHAT_VALUES[i]) == 0)
            u->what_i = (int)i;
    u->sheet = view_trim(req->arena, web_form(req, "sheet"));
    if (u->sheet && !*u->sheet)
        u->sheet = NULL;
    u->create_sources = web_form(req, "create_sources") != NULL;
    u->ignore_unknown = web_form(req, "ignore_unknown") != NULL;
    u->digest = web_form(req, "digest");
    if (!p || !p->filename)
        return;
    /* The name a browser sends may carry a path (old browsers on Windows
     * sent the whole of it): only its last part names the file. */
    name = p->filename;
    for (const char *s = name; *s; s++)
        if (*s == '/' || *s == '\\')
            name = s + 1;
    u->display = *name && strlen(name) <= 255 ? name : "upload";
    u->data = p->data;
    u->len = p->len;
}

/* The digest binding the confirm step to the file and choices checked. */
static void digest(const struct upload *u, char out[DIGEST_HEX])
{
    crypto_generichash_state st;
    unsigned char d[crypto_generichash_BYTES];
    char flags[2] = {(char)('0' + u->create_sources), (char)('0' + u->ignore_unknown)};
    crypto_generichash_init(&st, NULL, 0, sizeof d);
    crypto_generichash_update(&st, (const unsigned char *)WHAT_VALUES[u->what_i],
                              strlen(WHAT_VALUES[u->what_i]) + 1);
    crypto_generichash_update(&st, (const unsigned char *)(u->sheet ? u->sheet : ""),
                              strlen(u->sheet ? u->sheet : "") + 1);
    crypto_generichash_update(&st, (const unsigned char *)flags, sizeof flags);
    crypto_generichash_update(&st, (const unsigned char *)u->data, u->len);
    crypto_generichash_final(&st, d, sizeof d);
    sodium_bin2hex(out, DIGEST_HEX, d, sizeof d);
}

static void checkbox(struct html *h, const char *id, const char *label, const char *hint,
                     int checked)
{
    char b[96];
    html_lit(h, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\"");
    html_attr(h, "id", id);
    html_attr(h, "name", id);
    html_lit(h, " type=\"checkbox\" value=\"yes\"");
    if (checked)
        html_lit(h, " checked=\"checked\"");
    if (hint) {
        snprintf(b, sizeof b, "%s-hint", id);
        html_attr(h, "aria-describedby", b);
    }
    html_lit(h, "/><label class=\"govuk-label govuk-checkboxes__label\"");
    html_attr(h, "for", id);
    html_lit(h, ">");
    html_text(h, label);
    html_lit(h, "</label>");
    if (hint) {
        html_lit(h, "<div class=\"govuk-hint govuk-checkboxes__hint\"");
        html_attr(h, "id", b);
        html_lit(h, ">");
        html_text(h, hint);
        html_lit(h, "</div>");
    }
    html_lit(h, "</div>");
}

static void file_input(struct html *h, const char *label, const char *hint, const char *error)
{
    html_lit(h, "<div class=\"govuk-form-group");
    if (error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\"><label class=\"govuk-label govuk-label--s\" for=\"file\">");
    html_text(h, label);
    html_lit(h, "</label><div id=\"file-hint\" class=\"govuk-hint\">");
    html_text(h, hint);
    html_lit(h, "</div>");
    if (error) {
        html_lit(h, "<p id=\"file-error\" class=\"govuk-error-message\">"
                    "<span class=\"govuk-visually-hidden\">Error:</span> ");
        html_text(h, error);
        html_lit(h, "</p>");
    }
    /* The plain file input: GOV.UK's enhanced one draws a button whose
     * words are not part of the input's accessible name. */
    html_lit(h, "<input class=\"govuk-file-upload");
    if (error)
        html_lit(h, " govuk-file-upload--error\" aria-describedby=\"file-hint file-error");
    else
        html_lit(h, "\" aria-describedby=\"file-hint");
    html_lit(h, "\" id=\"file\" name=\"file\" type=\"file\" accept=\".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"/>"
                "</div>");
}

/* The first step's form; with errs, what was wrong, and with problems the
 * bad rows of the file checked. */
static void import_form(struct web_request *req, struct html *h, const struct upload *u,
                        const struct web_field_error *errs, size_t nerr)
{
    struct view_choice c = {"what", "What does the file hold?", NULL, u ? u->what : NULL,
                            view_error_for(errs, nerr, "what"), WHAT_VALUES, WHAT_LABELS, NWHAT,
                            0};
    struct view_input in = {"sheet", "Sheet (workbooks only)",
                            "Leave empty to read the workbook's first sheet",
                            u ? u->sheet : NULL, view_error_for(errs, nerr, "sheet"),
                            "govuk-input--width-20", NULL, "off", 1};

    html_lit(h, "<form method=\"post\" action=\"/import/preview\" "
                "enctype=\"multipart/form-data\" novalidate=\"novalidate\">");
    web_csrf_field(req, h);
    view_radios(h, &c);
    file_input(h, "The file",
               "A CSV file (UTF-8, with a header row) or an Excel workbook (.xlsx), at most "
               "20 MB",
               view_error_for(errs, nerr, "file"));
    view_input(h, &in);
    html_lit(h, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\">"
                "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Options"
                "</legend><div class=\"govuk-checkboxes govuk-checkboxes--small\" "
                "data-module=\"govuk-checkboxes\">");
    checkbox(h, "create_sources", "Add the sources an actions file names that are not in the "
                                  "register yet",
             NULL, u && u->create_sources);
    checkbox(h, "ignore_unknown", "Ignore columns the register does not know",
             "Otherwise a column with an unknown heading is an error", u && u->ignore_unknown);
    html_lit(h, "</div></fieldset></div>"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Check the file</button></form>");
}

static int form_page(struct web_request *req, struct web_response *resp, int status,
                     const struct upload *u, const struct web_field_error *errs, size_t nerr,
                     const struct import_result *r)
{
    struct html *h = web_page_begin(req, resp, status, nerr ? "Error: Import" : "Import",
                                    NAV_IMPORT);
    const char *imported = web_query(req, "imported"), *what = web_query(req, "what");
    const char *created = web_query(req, "created");

    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    web_error_summary(h, errs, nerr);
    /* After an import: how much it wrote (only figures and a word of our
     * own from the address, so a link cannot make the banner say
     * anything else). */
    if (!nerr && imported && what && strspn(imported, "0123456789") == strlen(imported) &&
        *imported && strlen(imported) < 12) {
        for (size_t i = 0; i < NWHAT; i++) {
            if (strcmp(what, WHAT_VALUES[i]) != 0)
                continue;
            html_lit(h, "<div class=\"govuk-notification-banner "
                        "govuk-notification-banner--success\" "
                        "role=\"alert\" aria-labelledby=\"govuk-notification-banner-title\" "
                        "data-module=\"govuk-notification-banner\">"
                        "<div class=\"govuk-notification-banner__header\">"
                        "<h2 class=\"govuk-notification-banner__title\" "
                        "id=\"govuk-notification-banner-title\">Success</h2></div>"
                        "<div class=\"govuk-notification-banner__content\">"
                        "<p class=\"govuk-notification-banner__heading\">Imported ");
            html_text(h, imported);
            html_lit(h, " ");
            html_text(h, strcmp(imported, "1") == 0 ? WHAT_ONE[i] : WHAT_MANY[i]);
            if (created && *created && strspn(created, "0123456789") == strlen(created) &&
                strlen(created) < 12 && strcmp(created, "0") != 0) {
                html_lit(h, ", and added ");
                html_text(h, created);
                html_text(h, strcmp(created, "1") == 0 ? " source" : " sources");
            }
            html_lit(h, ".</p></div></div>");
        }
    }
    html_lit(h, "<h1 class=\"govuk-heading-l\">Import</h1>"
                "<p class=\"govuk-body\">Add sources, actions, updates or the inspection "
                "programme from a file, as <code>oversight import</code> does. The file is "
                "checked first and nothing is written until you confirm. An import is all or "
                "nothing: a file with any bad row writes nothing.</p>");
    if (r && r->nlisted) {
        html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"problems\">Problems in the file</h2>"
                    "<ul class=\"govuk-list govuk-list--bullet app-problems\">");
        for (size_t i = 0; i < r->nlisted; i++) {
            html_lit(h, "<li>");
            html_text(h, r->problems[i]);
            html_lit(h, "</li>");
        }
        html_lit(h, "</ul>");
        if (r->nproblems > r->nlisted) {
            html_lit(h, "<p class=\"govuk-body\">and ");
            html_int(h, (long long)(r->nproblems - r->nlisted));
            html_lit(h, " more.</p>");
        }
        html_lit(h, "<h2 class=\"govuk-heading-m\">Check a corrected file</h2>");
    }
    import_form(req, h, u, errs, nerr);
    html_lit(h, "</div></div>");
    return web_page_end(req, resp);
}

int page_import_form(struct web_request *req, struct web_response *resp)
{
    int rc;
    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    return form_page(req, resp, 200, NULL, NULL, 0, NULL);
}

/* Checks the form's fields (not the file's content). */
static size_t check_fields(const struct upload *u, struct web_field_error *errs)
{
    size_t n = 0;
    if (u->what_i < 0)
        errs[n++] = (struct web_field_error){"what", "Choose what the file holds"};
    if (!u->data)
        errs[n++] = (struct web_field_error){"file", "Choose the file to import"};
    else if (!u->len)
        errs[n++] = (struct web_field_error){"file", "The file chosen is empty"};
    if (u->create_sources && u->what_i >= 0 && WHAT_TABLES[u->what_i] != EXPORT_ACTIONS)
        errs[n++] = (struct web_field_error){"create_sources",
                                             "Adding sources goes with a file of actions only"};
    if (u->sheet && strlen(u->sheet) > 200)
        errs[n++] = (struct web_field_error){"sheet", "A sheet's name is 200 characters or fewer"};
    return n;
}

/* Runs the import of u into the request's transaction. Returns 0 when it
 * wrote everything; otherwise makes the answer (the form with the
 * problems, status 400, or an error page) and returns 1, with what the
 * handler is to return in *ret. */
static int run(struct web_request *req, struct web_response *resp, const struct upload *u,
               struct import_result *r, int *ret)
{
    struct import_opts o = {0};
    struct web_field_error err;
    struct err e = {0};
    int rc;

    o.display = u->display;
    o.sheet = u->sheet;
    o.create_sources = u->create_sources;
    o.ignore_unknown = u->ignore_unknown;
    rc = import_mem(req->store, WHAT_TABLES[u->what_i], u->data, u->len, &o, req->arena, r, &e);
    if (rc == 0)
        return 0;
    if (rc != ERR_INPUT && rc != ERR_LIMIT && rc != ERR_NOTFOUND) {
        *ret = web_fail(req, resp, &e);
        return 1;
    }
    /* Bad rows: the summary says how many and the list below names each;
     * a file that cannot be read at all: the message, on the file. */
    if (r->nlisted)
        err = (struct web_field_error){
            "problems", arena_printf(req->arena, "%s has %zu problem%s, listed below. Nothing "
                                                 "was imported.",
                                     u->display, r->nproblems, r->nproblems == 1 ? "" : "s")};
    else
        err = (struct web_field_error){"file", arena_strdup(req->arena, e.msg)};
    *ret = form_page(req, resp, 400, u, &err, 1, r);
    return 1;
}

int page_import_preview(struct web_request *req, struct web_response *resp)
{
    struct upload u;
    struct import_result r;
    struct web_field_error errs[4];
    struct err e = {0};
    char dg[DIGEST_HEX];
    struct html *h;
    size_t nerr;
    int rc;

    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    read_upload(req, &u);
    if ((nerr = check_fields(&u, errs)))
        return form_page(req, resp, 400, &u, errs, nerr, NULL);
    if (run(req, resp, &u, &r, &rc))
        return rc;
    /* A check writes nothing: what the import wrote is rolled back, and a
     * new transaction begun for the application to end as usual. */
    store_rollback(req->store);
    if (store_begin(req->store, &e))
        return web_fail(req, resp, &e);
    digest(&u, dg);

    h = web_page_begin(req, resp, 200, "Check the import", NAV_IMPORT);
    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                "<a href=\"/import\" class=\"govuk-back-link\">Back</a>"
                "<h1 class=\"govuk-heading-l\">Check the import</h1>"
                "<div class=\"govuk-panel govuk-panel--confirmation\">"
                "<h2 class=\"govuk-panel__title "
                "govuk-!-font-size-27\">");
    html_text(h, u.display);
    html_lit(h, " has no problems</h2><div class=\"govuk-panel__body govuk-!-font-size-19\">");
    html_int(h, (long long)r.rows);
    html_text(h, r.rows == 1 ? " row: " : " rows: ");
    html_int(h, (long long)r.written);
    html_lit(h, " ");
    html_text(h, r.written == 1 ? WHAT_ONE[u.what_i] : WHAT_MANY[u.what_i]);
    html_lit(h, " to import");
    if (r.sources_created) {
        html_lit(h, ", and ");
        html_int(h, (long long)r.sources_created);
        html_text(h, r.sources_created == 1 ? " source to add" : " sources to add");
    }
    html_lit(h, ".</div></div><p class=\"govuk-body\">Nothing has been written yet. To import "
                "it, choose the same file again and select Import: the register checks it is "
                "the file you checked.</p>"
                "<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" "
                "novalidate=\"novalidate\">");
    web_csrf_field(req, h);
    html_lit(h, "<input type=\"hidden\" name=\"what\"");
    html_attr(h, "value", WHAT_VALUES[u.what_i]);
    html_lit(h, "/><input type=\"hidden\" name=\"digest\"");
    html_attr(h, "value", dg);
    html_lit(h, "/>");
    if (u.sheet) {
        html_lit(h, "<input type=\"hidden\" name=\"sheet\"");
        html_attr(h, "value", u.sheet);
        html_lit(h, "/>");
    }
    if (u.create_sources)
        html_lit(h, "<input type=\"hidden\" name=\"create_sources\" value=\"yes\"/>");
    if (u.ignore_unknown)
        html_lit(h, "<input type=\"hidden\" name=\"ignore_unknown\" value=\"yes\"/>");
    file_input(h, arena_printf(req->arena, "Choose %s again", u.display),
               "The same file, unchanged", NULL);
    html_lit(h, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">Import</button>"
                "<a class=\"govuk-link\" href=\"/import\">Cancel</a></div></form></div></div>");
    return web_page_end(req, resp);
}

int page_import(struct web_request *req, struct web_response *resp)
{
    struct upload u;
    struct import_result r;
    struct web_field_error errs[4];
    char dg[DIGEST_HEX], *to;
    size_t nerr;
    int rc;

    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    read_upload(req, &u);
    if ((nerr = check_fields(&u, errs)))
        return form_page(req, resp, 400, &u, errs, nerr, NULL);
    digest(&u, dg);
    if (!u.digest || strlen(u.digest) != strlen(dg) ||
        sodium_memcmp(u.digest, dg, strlen(dg)) != 0) {
        errs[0] = (struct web_field_error){
            "file", "This is not the file that was checked, or the choices have changed. Check "
                    "the file first."};
        return form_page(req, resp, 400, &u, errs, 1, NULL);
    }
    if (run(req, resp, &u, &r, &rc))
        return rc;
    to = arena_printf(req->arena, "/import?imported=%zu&what=%s", r.written,
                      WHAT_VALUES[u.what_i]);
    if (r.sources_created)
        to = arena_printf(req->arena, "%s&created=%zu", to, r.sources_created);
    return web_redirect(resp, to);
}
