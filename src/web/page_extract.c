/* page_extract.c -- drafting a source's actions from its published report:
 *
 *   GET  /sources/:source/extract             the upload form
 *   POST /sources/:source/extract             reads the report, drafts its items,
 *                                             keeps the drafts, goes to the review
 *   GET  /sources/:source/extract/:set        the review: every draft, editable
 *   POST /sources/:source/extract/:set        saves edits, merges, splits
 *   POST /sources/:source/extract/:set/import imports the ticked drafts
 *
 * Editors and administrators only. The drafts are kept in the register's
 * working tables (store/drafts.h) rather than carried in the form, so that
 * the review has an address that a reload, the back button or a colleague
 * can open, and so that a form posted from a page that is no longer current
 * (a merge since) is recognised by its revision instead of editing the
 * wrong drafts. The import is the same as `oversight import actions` of the
 * file `oversight extract --format csv` writes (service/extract_drafts.h),
 * in the request's one transaction: any bad draft and nothing is written.
 * Everything works without JavaScript: each button posts the whole form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/extract.h"
#include "format/report_read.h"
#include "service/extract_drafts.h"
#include "store/drafts.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/multipart.h"
#include "web/pages.h"
#include "web/view.h"

/* The review form sends five fields a draft (ref, kind, text, due, keep),
 * within the form parser's 1000; a report with more items is drafted with
 * `oversight extract --format csv`. */
#define DRAFTS_MAX 190
/* Drafts not imported are forgotten after this many days. */
#define DRAFTS_DAYS 30

static const char *const KIND_LABELS[AK__COUNT] = {
    [AK_RECOMMENDATION] = "Recommendation", [AK_AFI] = "Area for improvement",
    [AK_CAUSE_OF_CONCERN] = "Cause of concern", [AK_AUDIT_ACTION] = "Audit action",
    [AK_REFERENCE] = "Reference", [AK_DELIVERABLE] = "Deliverable",
};

/* ---- the source and the set ------------------------------------------- */

/* The source the path names, as page_sources.c finds it: an id (digits),
 * else a title; a title made of digits is found by its title when no
 * source has that id. */
static int find_source(struct web_request *req, struct web_response *resp, struct source **out)
{
    const char *key = web_param(req, "source");
    size_t n = key ? strlen(key) : 0;
    struct err e = {0};
    int rc = ERR_NOTFOUND;

    if (n && n < 19 && strspn(key, "0123456789") == n)
        rc = store_source_get(req->store, strtoll(key, NULL, 10), req->arena, out, &e);
    if (rc == ERR_NOTFOUND)
        rc = store_source_find(req->store, key ? key : "", req->arena, out, &e);
    if (rc == ERR_NOTFOUND)
        return web_error(resp, 404, "There is no such source in the register.");
    if (rc)
        return web_fail(req, resp, &e);
    /* The drafts carry the source's title and its actions' text. */
    if (view_source_restricted(*out) && !view_cleared(req))
        return web_error(resp, 403, "This source is restricted: drafting its actions needs "
                                    "clearance for restricted items.");
    return 0;
}

static const char *source_href(struct web_request *req, const struct source *src)
{
    return view_source_href(req->arena, src, view_cleared(req));
}

static const char *extract_href(struct web_request *req, const struct source *src)
{
    return arena_printf(req->arena, "%s/extract", source_href(req, src));
}

static const char *set_href(struct web_request *req, const struct source *src, int64_t id)
{
    return arena_printf(req->arena, "%s/extract/%lld", source_href(req, src), (long long)id);
}

/* The role, the source and the draft set of the path. */
static int find_set(struct web_request *req, struct web_response *resp, struct source **src,
                    struct draft_set **ds)
{
    const char *p = web_param(req, "set");
    struct err e = {0};
    int rc;

    if ((rc = web_require(req, ROLE_EDITOR)) || (rc = find_source(req, resp, src)))
        return rc;
    if (!p || !*p || strspn(p, "0123456789") != strlen(p) || strlen(p) > 18)
        return 404;
    rc = store_draft_set_get(req->store, strtoll(p, NULL, 10), req->arena, ds, &e);
    if (rc == ERR_NOTFOUND || (rc == 0 && (*ds)->source_id != (*src)->id))
        return web_error(resp, 404, "There are no such drafts for this source.");
    if (rc)
        return web_fail(req, resp, &e);
    return 0;
}

void page_extract_link(struct web_request *req, struct html *h, const struct source *src)
{
    if (web_require(req, ROLE_EDITOR) || (view_source_restricted(src) && !view_cleared(req)))
        return;
    html_lit(h, "<p class=\"govuk-body\"><a class=\"govuk-link\"");
    html_url(h, "href", extract_href(req, src));
    html_lit(h, ">Upload the report to draft its actions</a></p>");
}

/* ---- the upload form --------------------------------------------------- */

static void back_link(struct html *h, const char *href, const char *words)
{
    html_lit(h, "<a class=\"govuk-back-link\"");
    html_url(h, "href", href);
    html_lit(h, ">");
    html_text(h, words);
    html_lit(h, "</a>");
}

static void error_message(struct html *h, const char *id, const char *message)
{
    char b[96];
    snprintf(b, sizeof b, "%s-error", id);
    html_lit(h, "<p class=\"govuk-error-message\"");
    html_attr(h, "id", b);
    html_lit(h, "><span class=\"govuk-visually-hidden\">Error:</span> ");
    html_text(h, message);
    html_lit(h, "</p>");
}

static int upload_page(struct web_request *req, struct web_response *resp, int status,
                       const struct source *src, const struct web_field_error *errs,
                       size_t nerr)
{
    const char *report_error = view_error_for(errs, nerr, "report");
    const char *issued_error = view_error_for(errs, nerr, "issued");
    struct html *h = web_page_begin(req, resp, status,
                                    nerr ? "Error: Draft the actions of a report"
                                         : "Draft the actions of a report",
                                    NAV_SOURCES);

    back_link(h, source_href(req, src), "Back to the source");
    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    web_error_summary(h, errs, nerr);
    html_lit(h, "<span class=\"govuk-caption-l\">");
    html_text(h, src->title);
    html_lit(h, "</span><h1 class=\"govuk-heading-l\">Draft the actions of a report</h1>"
                "<p class=\"govuk-body\">Upload the published report. Its recommendations, "
                "areas for improvement and causes of concern are drafted as actions of this "
                "source, for you to check before they are added to the register. Those the "
                "register already holds are marked.</p>"
                "<form method=\"post\" enctype=\"multipart/form-data\" novalidate=\"novalidate\"");
    html_url(h, "action", extract_href(req, src));
    html_lit(h, ">");
    web_csrf_field(req, h);

    html_lit(h, "<div class=\"govuk-form-group");
    if (report_error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\"><label class=\"govuk-label govuk-label--m\" for=\"report\">"
                "Upload the report</label><div id=\"report-hint\" class=\"govuk-hint\">"
                "A PDF, a Word document (.docx) or a text file, up to 20 MB.</div>");
    if (report_error)
        error_message(h, "report", report_error);
    html_lit(h, "<input class=\"govuk-file-upload");
    if (report_error)
        html_lit(h, " govuk-file-upload--error\" aria-describedby=\"report-hint report-error");
    else
        html_lit(h, "\" aria-describedby=\"report-hint");
    html_lit(h, "\" id=\"report\" name=\"report\" type=\"file\" "
                "accept=\".pdf,.docx,.txt,application/pdf,text/plain,application/"
                "vnd.openxmlformats-officedocument.wordprocessingml.document\"/></div>");

    if (src->published == DATE_NONE) {
        const char *v = web_form(req, "issued");
        html_lit(h, "<div class=\"govuk-form-group");
        if (issued_error)
            html_lit(h, " govuk-form-group--error");
        html_lit(h, "\"><label class=\"govuk-label govuk-label--s\" for=\"issued\">"
                    "Date the actions were issued</label><div id=\"issued-hint\" "
                    "class=\"govuk-hint\">The source has no published date. For example, "
                    "2024-02-01 or 01/02/2024.</div>");
        if (issued_error)
            error_message(h, "issued", issued_error);
        html_lit(h, "<input class=\"govuk-input govuk-input--width-10");
        if (issued_error)
            html_lit(h, " govuk-input--error\" aria-describedby=\"issued-hint issued-error");
        else
            html_lit(h, "\" aria-describedby=\"issued-hint");
        html_lit(h, "\" id=\"issued\" name=\"issued\" type=\"text\" spellcheck=\"false\"");
        html_attr(h, "value", v ? v : "");
        html_lit(h, "/></div>");
    }
    html_lit(h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Upload and draft the actions</button></form></div></div>");
    return web_page_end(req, resp);
}

int page_extract_form(struct web_request *req, struct web_response *resp)
{
    struct source *src;
    int rc;
    if ((rc = web_require(req, ROLE_EDITOR)) || (rc = find_source(req, resp, &src)))
        return rc;
    return upload_page(req, resp, 200, src, NULL, 0);
}

/* The file's name without the folders a browser may send ("C:\fakepath\"). */
static const char *base_name(struct arena *a, const char *name)
{
    const char *b = name ? name : "";
    size_t n;
    for (const char *p = b; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    if (!*b)
        return "report";
    /* at most 200 bytes, not cutting a character */
    n = strnlen(b, 200);
    while (b[n] && n && ((unsigned char)b[n] & 0xC0) == 0x80)
        n--;
    return arena_strndup(a, b, n);
}

int page_extract_upload(struct web_request *req, struct web_response *resp)
{
    const struct multipart_part *part = multipart_get(req->parts, req->nparts, "report");
    struct source *src;
    struct report_text rt;
    struct extract_item *items;
    struct extract_index idx;
    struct strmap refs;
    struct draft_set ds = {0};
    struct web_field_error fe;
    struct err e = {0};
    const char *issued = NULL, *name;
    char before[MOMENT_BUFSZ], d[DATE_BUFSZ];
    size_t n;
    int rc;

    if ((rc = web_require(req, ROLE_EDITOR)) || (rc = find_source(req, resp, &src)))
        return rc;
    if (src->published == DATE_NONE) {
        const char *v = view_trim(req->arena, web_form(req, "issued"));
        int32_t day;
        if (!v || !*v) {
            fe = (struct web_field_error){"issued", "Enter the date the actions were issued"};
            return upload_page(req, resp, 400, src, &fe, 1);
        }
        if (date_parse(v, strlen(v), &day)) {
            fe = (struct web_field_error){
                "issued", "The date the actions were issued must be a date, like 2024-02-01"};
            return upload_page(req, resp, 400, src, &fe, 1);
        }
        issued = arena_strdup(req->arena, date_format(day, d));
    }
    if (!part || part->len == 0) {
        fe = (struct web_field_error){"report", part && part->filename && *part->filename
                                                    ? "The selected file is empty"
                                                    : "Select the report to upload"};
        return upload_page(req, resp, 400, src, &fe, 1);
    }
    if (part->len > WEB_MAX_UPLOAD)
        return 413;
    name = base_name(req->arena, part->filename);
    if ((rc = report_read_mem(part->data, part->len, name, 0, req->arena, &rt, &e))) {
        if (rc != ERR_INPUT && rc != ERR_LIMIT)
            return web_fail(req, resp, &e);
        fe = (struct web_field_error){"report", arena_strdup(req->arena, e.msg)};
        return upload_page(req, resp, 400, src, &fe, 1);
    }
    extract_items(rt.lines, rt.n, req->arena, &items, &n);
    if (n == 0) {
        fe = (struct web_field_error){
            "report", arena_printf(req->arena,
                                   "%s: no recommendations, areas for improvement or causes "
                                   "of concern were found in it",
                                   name)};
        return upload_page(req, resp, 400, src, &fe, 1);
    }
    if (n > DRAFTS_MAX) {
        fe = (struct web_field_error){
            "report", arena_printf(req->arena,
                                   "%s: %zu items were found, more than the %d that can be "
                                   "reviewed here; draft them with oversight extract --format csv",
                                   name, n, DRAFTS_MAX)};
        return upload_page(req, resp, 400, src, &fe, 1);
    }

    extract_index_init(&idx, req->arena);
    strmap_init(&refs);
    if ((rc = drafts_register(req->store, req->arena, &idx, &refs, &e)))
        goto out;
    drafts_mark_items(&idx, items, n);
    drafts_from_items(items, n, src->title, 1, &refs, req->arena, &ds.drafts, &ds.n);
    ds.source_id = src->id;
    ds.report = name;
    ds.issued = issued;
    moment_format(moment_now() - (int64_t)DRAFTS_DAYS * 86400 * 1000000, before);
    if ((rc = store_draft_sets_prune(req->store, before, &e)) ||
        (rc = store_draft_set_add(req->store, &ds, &e)))
        goto out;
out:
    extract_index_release(&idx);
    strmap_release(&refs);
    if (rc)
        return web_fail(req, resp, &e);
    return web_redirect(resp, set_href(req, src, ds.id));
}

/* ---- the review --------------------------------------------------------- */

static const char *field_id(struct arena *a, const char *field, size_t i)
{
    return arena_printf(a, "%s-%zu", field, i + 1);
}

/* A label with the draft's number for screen readers: "Text of draft 3". */
static void label(struct html *h, const char *id, const char *words, size_t i, int bold)
{
    html_lit(h, "<label class=\"govuk-label");
    if (bold)
        html_lit(h, " govuk-label--s");
    html_lit(h, "\"");
    html_attr(h, "for", id);
    html_lit(h, ">");
    html_text(h, words);
    html_lit(h, "<span class=\"govuk-visually-hidden\"> of draft ");
    html_int(h, (long long)i + 1);
    html_lit(h, "</span></label>");
}

/* The opening of a form group; its error message, if any. */
static void group(struct html *h, const char *error)
{
    html_lit(h, "<div class=\"govuk-form-group");
    if (error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\">");
}

static void described(struct html *h, const char *id, int hint, const char *error)
{
    char b[160] = "";
    if (hint)
        snprintf(b, sizeof b, "%s-hint", id);
    if (error)
        snprintf(b + strlen(b), sizeof b - strlen(b), "%s%s-error", hint ? " " : "", id);
    if (*b)
        html_attr(h, "aria-describedby", b);
}

static void hint(struct html *h, const char *id, const char *words)
{
    char b[96];
    snprintf(b, sizeof b, "%s-hint", id);
    html_lit(h, "<div class=\"govuk-hint\"");
    html_attr(h, "id", b);
    html_lit(h, ">");
    html_text(h, words);
    html_lit(h, "</div>");
}

static void summary_row(struct html *h, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    html_lit(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
    html_text(h, key);
    html_lit(h, "</dt><dd class=\"govuk-summary-list__value\">");
    html_text(h, value);
    html_lit(h, "</dd></div>");
}

static void draft_card(struct web_request *req, struct html *h, const struct draft *d, size_t i,
                       size_t n, const struct web_field_error *errs, size_t nerr)
{
    struct arena *a = req->arena;
    const char *id_ref = field_id(a, "ref", i), *id_kind = field_id(a, "kind", i);
    const char *id_text = field_id(a, "text", i), *id_due = field_id(a, "due", i);
    const char *id_keep = field_id(a, "keep", i), *id_card = field_id(a, "draft", i);
    const char *err_ref = view_error_for(errs, nerr, id_ref);
    const char *err_kind = view_error_for(errs, nerr, id_kind);
    const char *err_text = view_error_for(errs, nerr, id_text);
    const char *err_due = view_error_for(errs, nerr, id_due);
    const char *err_card = view_error_for(errs, nerr, id_card);
    const char *kind = KIND_LABELS[d->kind] ? KIND_LABELS[d->kind] : "Action";

    html_lit(h, "<div class=\"govuk-summary-card\"");
    html_attr(h, "id", id_card);
    html_lit(h, "><div class=\"govuk-summary-card__title-wrapper\">"
                "<h2 class=\"govuk-summary-card__title\">Draft ");
    html_int(h, (long long)i + 1);
    html_lit(h, ": ");
    html_text(h, kind);
    if (d->number && *d->number) {
        html_lit(h, " ");
        html_text(h, d->number);
    }
    if (d->page > 0) {
        html_lit(h, ", page ");
        html_int(h, d->page);
    }
    html_lit(h, "</h2>");
    if (d->duplicate_of)
        html_lit(h, "<strong class=\"govuk-tag govuk-tag--yellow\">Likely already in the "
                    "register</strong>");
    else if (!d->keep)
        html_lit(h, "<strong class=\"govuk-tag govuk-tag--grey\">Not to be imported</strong>");
    html_lit(h, "</div><div class=\"govuk-summary-card__content\">");
    if (err_card)
        error_message(h, id_card, err_card);
    if (d->duplicate_of) {
        html_lit(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
                    "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
                    "<span class=\"govuk-visually-hidden\">Warning</span> This looks like "
                    "<a class=\"govuk-link\"");
        html_url(h, "href", view_action_href(a, d->duplicate_of));
        html_lit(h, ">");
        html_text(h, d->duplicate_of);
        html_lit(h, "</a>, which the register already holds.</strong></div>");
    }
    html_lit(h, "<dl class=\"govuk-summary-list govuk-summary-list--no-border\">");
    summary_row(h, "In the report",
                d->page > 0 ? arena_printf(a, "Page %d%s%s", d->page, d->section ? ", under " : "",
                                           d->section ? d->section : "")
                            : d->section);
    summary_row(h, "Deadline as printed", d->deadline);
    summary_row(h, "Addressed to", d->addressee);
    summary_row(h, "Owner", d->owner);
    if (d->scope)
        summary_row(h, "Scope", vocab_name(&VOCAB_SCOPE, d->scope));
    html_lit(h, "</dl>");

    /* keep or drop */
    html_lit(h, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes "
                "govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">"
                "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
                "type=\"checkbox\" value=\"yes\"");
    html_attr(h, "id", id_keep);
    html_attr(h, "name", id_keep);
    if (d->keep)
        html_lit(h, " checked=\"checked\"");
    html_lit(h, "/>");
    html_lit(h, "<label class=\"govuk-label govuk-checkboxes__label\"");
    html_attr(h, "for", id_keep);
    html_lit(h, ">Import draft ");
    html_int(h, (long long)i + 1);
    html_lit(h, "</label></div></div></div>");

    /* ref and kind, side by side where there is room */
    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">");
    group(h, err_ref);
    label(h, id_ref, "Ref", i, 0);
    if (err_ref)
        error_message(h, id_ref, err_ref);
    html_lit(h, "<input class=\"govuk-input govuk-!-width-full");
    if (err_ref)
        html_lit(h, " govuk-input--error");
    html_lit(h, "\" type=\"text\" spellcheck=\"false\"");
    html_attr(h, "id", id_ref);
    html_attr(h, "name", id_ref);
    html_attr(h, "value", d->ref ? d->ref : "");
    described(h, id_ref, 0, err_ref);
    html_lit(h, "/></div></div><div class=\"govuk-grid-column-one-half\">");
    group(h, err_kind);
    label(h, id_kind, "Kind", i, 0);
    if (err_kind)
        error_message(h, id_kind, err_kind);
    html_lit(h, "<select class=\"govuk-select");
    if (err_kind)
        html_lit(h, " govuk-select--error");
    html_lit(h, "\"");
    html_attr(h, "id", id_kind);
    html_attr(h, "name", id_kind);
    described(h, id_kind, 0, err_kind);
    html_lit(h, ">");
    for (int k = 1; k < AK__COUNT; k++) {
        html_lit(h, "<option");
        html_attr(h, "value", vocab_name(&VOCAB_ACTION_KIND, k));
        if ((int)d->kind == k)
            html_lit(h, " selected=\"selected\"");
        html_lit(h, ">");
        html_text(h, KIND_LABELS[k]);
        html_lit(h, "</option>");
    }
    html_lit(h, "</select></div></div></div>");

    /* the text */
    group(h, err_text);
    label(h, id_text, "Text", i, 0);
    hint(h, id_text, "To split this draft in two, type || where the second part begins, "
                     "then select Split.");
    if (err_text)
        error_message(h, id_text, err_text);
    html_lit(h, "<textarea class=\"govuk-textarea");
    if (err_text)
        html_lit(h, " govuk-textarea--error");
    html_lit(h, "\" rows=\"5\"");
    html_attr(h, "id", id_text);
    html_attr(h, "name", id_text);
    described(h, id_text, 1, err_text);
    html_lit(h, ">");
    html_text(h, d->text ? d->text : "");
    html_lit(h, "</textarea></div>");

    /* the target date */
    group(h, err_due);
    label(h, id_due, "Target date", i, 0);
    hint(h, id_due, "A date, like 2025-03-31, or a label, like Ongoing. Leave it empty if "
                    "there is none.");
    if (err_due)
        error_message(h, id_due, err_due);
    html_lit(h, "<input class=\"govuk-input govuk-input--width-20");
    if (err_due)
        html_lit(h, " govuk-input--error");
    html_lit(h, "\" type=\"text\"");
    html_attr(h, "id", id_due);
    html_attr(h, "name", id_due);
    html_attr(h, "value", d->due ? d->due : "");
    described(h, id_due, 1, err_due);
    html_lit(h, "/></div>");

    html_lit(h, "<div class=\"govuk-button-group\">");
    if (i + 1 < n) {
        html_lit(h, "<button type=\"submit\" name=\"op\" class=\"govuk-button "
                    "govuk-button--secondary\" data-module=\"govuk-button\"");
        html_attr(h, "value", arena_printf(a, "merge-%zu", i + 1));
        html_lit(h, ">Merge with the next draft<span class=\"govuk-visually-hidden\"> (draft ");
        html_int(h, (long long)i + 1);
        html_lit(h, " with draft ");
        html_int(h, (long long)i + 2);
        html_lit(h, ")</span></button>");
    }
    html_lit(h, "<button type=\"submit\" name=\"op\" class=\"govuk-button "
                "govuk-button--secondary\" data-module=\"govuk-button\"");
    html_attr(h, "value", arena_printf(a, "split-%zu", i + 1));
    html_lit(h, ">Split<span class=\"govuk-visually-hidden\"> draft ");
    html_int(h, (long long)i + 1);
    html_lit(h, "</span> at ||</button></div></div></div>");
}

static int review_page(struct web_request *req, struct web_response *resp, int status,
                       const struct source *src, const struct draft_set *ds,
                       const struct draft *d, size_t n, const struct web_field_error *errs,
                       size_t nerr)
{
    const char *href = set_href(req, src, ds->id);
    size_t kept = 0, dups = 0;
    struct html *h = web_page_begin(req, resp, status,
                                    nerr ? "Error: Review the drafted actions"
                                         : "Review the drafted actions",
                                    NAV_SOURCES);

    for (size_t i = 0; i < n; i++) {
        kept += d[i].keep != 0;
        dups += d[i].duplicate_of != NULL;
    }
    back_link(h, source_href(req, src), "Back to the source");
    web_error_summary(h, errs, nerr);
    html_lit(h, "<span class=\"govuk-caption-l\">");
    html_text(h, src->title);
    html_lit(h, "</span><h1 class=\"govuk-heading-l\">Review the drafted actions</h1>");
    if (ds->imported_at) {
        html_lit(h, "<div class=\"govuk-inset-text\">These drafts were imported on ");
        view_moment(h, ds->imported_at);
        html_lit(h, ". <a class=\"govuk-link\"");
        html_url(h, "href", source_href(req, src));
        html_lit(h, ">See the source and its actions</a>.</div>");
        return web_page_end(req, resp);
    }
    html_lit(h, "<p class=\"govuk-body\">");
    html_int(h, (long long)n);
    html_text(h, n == 1 ? " draft from " : " drafts from ");
    html_text(h, ds->report);
    html_lit(h, ", uploaded by ");
    html_text(h, ds->created_by);
    html_lit(h, " on ");
    view_moment(h, ds->created_at);
    html_lit(h, ". ");
    html_int(h, (long long)kept);
    html_text(h, kept == 1 ? " is ticked to be imported" : " are ticked to be imported");
    if (dups) {
        html_lit(h, "; ");
        html_int(h, (long long)dups);
        html_text(h, dups == 1 ? " looks like an action the register already holds"
                               : " look like actions the register already holds");
    }
    html_lit(h, ".</p><ul class=\"govuk-list govuk-list--bullet\">"
                "<li>Correct any draft's ref, kind, text or target date.</li>"
                "<li>Untick a draft to leave it out.</li>"
                "<li>Merge a draft with the next one where the report's item was read as "
                "two.</li>"
                "<li>Split a draft by typing || where the second part begins.</li>"
                "<li>Import adds every ticked draft to the register as an action of this "
                "source, or, if any of them is wrong, none.</li></ul>"
                "<form method=\"post\" novalidate=\"novalidate\"");
    html_url(h, "action", href);
    html_lit(h, ">");
    web_csrf_field(req, h);
    html_lit(h, "<input type=\"hidden\" name=\"revision\"");
    html_attr(h, "value", arena_printf(req->arena, "%lld", (long long)ds->revision));
    /* The first button is the one Enter in a field presses: saving. */
    html_lit(h, "/><div class=\"govuk-button-group\"><button type=\"submit\" name=\"op\" "
                "value=\"save\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Save changes</button></div>");
    for (size_t i = 0; i < n; i++)
        draft_card(req, h, &d[i], i, n, errs, nerr);
    html_lit(h, "<div class=\"govuk-button-group\"><button type=\"submit\" "
                "class=\"govuk-button\" data-module=\"govuk-button\"");
    html_url(h, "formaction", arena_printf(req->arena, "%s/import", href));
    html_lit(h, ">Import the ticked drafts</button><button type=\"submit\" name=\"op\" "
                "value=\"save\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Save changes</button></div></form>");
    return web_page_end(req, resp);
}

int page_extract_review(struct web_request *req, struct web_response *resp)
{
    struct source *src;
    struct draft_set *ds;
    int rc;
    if ((rc = find_set(req, resp, &src, &ds)))
        return rc;
    return review_page(req, resp, 200, src, ds, ds->drafts, ds->n, NULL, 0);
}

/* ---- edits ------------------------------------------------------------- */

/* A text from a textarea: line ends as LF, spaces at both ends trimmed. */
static const char *text_value(struct arena *a, const char *v)
{
    char *t = arena_strdup(a, v), *o = t;
    for (const char *p = v; *p; p++)
        if (*p != '\r')
            *o++ = *p;
        else if (p[1] != '\n')
            *o++ = '\n';
    *o = '\0';
    return view_trim(a, t);
}

/* The drafts with the form's edits: a copy of the set's, each field the
 * form sends taking the place of the stored one, and the tick box deciding
 * keep. 0, or an error status (a hand-made form). */
static int edited(struct web_request *req, struct web_response *resp, const struct draft_set *ds,
                  struct draft **out)
{
    const char *rev = web_form(req, "revision");
    struct draft *d = arena_alloc(req->arena, (ds->n ? ds->n : 1) * sizeof *d);

    if (ds->imported_at)
        return web_error(resp, 409, "These drafts have already been imported.");
    if (!rev || strtoll(rev, NULL, 10) != ds->revision)
        return web_error(resp, 409,
                         "These drafts have changed since the page was loaded: someone saved or "
                         "merged them. Reload the page and make your changes again.");
    for (size_t i = 0; i < ds->n; i++) {
        const char *v;
        d[i] = ds->drafts[i];
        if ((v = web_form(req, field_id(req->arena, "ref", i))))
            d[i].ref = view_trim(req->arena, v);
        if ((v = web_form(req, field_id(req->arena, "text", i))))
            d[i].text = text_value(req->arena, v);
        if ((v = web_form(req, field_id(req->arena, "due", i))))
            d[i].due = *view_trim(req->arena, v) ? view_trim(req->arena, v) : NULL;
        if ((v = web_form(req, field_id(req->arena, "kind", i)))) {
            int k = vocab_parse(&VOCAB_ACTION_KIND, v, strlen(v));
            if (k <= 0)
                return web_error(resp, 400, "The kind of a draft is not one of the kinds.");
            d[i].kind = (enum action_kind)k;
        }
        d[i].keep = web_form(req, field_id(req->arena, "keep", i)) != NULL;
    }
    *out = d;
    return 0;
}

/* The register's actions for marking repeats and making refs unique, with
 * the drafts' own refs. */
static int load_register(struct web_request *req, struct extract_index *idx, struct strmap *refs,
                         const struct draft *d, size_t n, struct err *e)
{
    int rc = drafts_register(req->store, req->arena, idx, refs, e);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (d[i].ref)
            strmap_put(refs, d[i].ref, strlen(d[i].ref), 1);
    return rc;
}

/* "merge-3" -> 2 (the 0-based draft), or -1. */
static long op_draft(const char *op, const char *verb, size_t n)
{
    size_t vl = strlen(verb);
    char *end;
    long k;
    if (strncmp(op, verb, vl) != 0 || op[vl] != '-')
        return -1;
    k = strtol(op + vl + 1, &end, 10);
    return *end || k < 1 || (size_t)k > n ? -1 : k - 1;
}

int page_extract_save(struct web_request *req, struct web_response *resp)
{
    struct source *src;
    struct draft_set *ds;
    struct draft *d;
    struct extract_index idx;
    struct strmap refs;
    struct web_field_error fe;
    struct err e = {0};
    const char *op = web_form(req, "op");
    size_t n;
    long at = -1, k;
    int rc, fresh = 0;

    if ((rc = find_set(req, resp, &src, &ds)) || (rc = edited(req, resp, ds, &d)))
        return rc;
    n = ds->n;
    extract_index_init(&idx, req->arena);
    strmap_init(&refs);
    /* Reading the register takes a second at national scale: only when a
     * text has changed, whose repeats are to be found again. */
    for (size_t i = 0; i < n && !fresh; i++)
        fresh = strcmp(d[i].text ? d[i].text : "", ds->drafts[i].text ? ds->drafts[i].text : "");
    fresh = fresh || (op && strcmp(op, "save"));
    if (fresh && (rc = load_register(req, &idx, &refs, d, n, &e))) {
        rc = web_fail(req, resp, &e);
        goto out;
    }
    if (!op || !strcmp(op, "save")) {
        /* the edits alone */
    } else if ((k = op_draft(op, "merge", n)) >= 0) {
        if (drafts_merge(d, &n, (size_t)k, req->arena)) {
            rc = web_error(resp, 400, "The last draft has no next draft to merge with.");
            goto out;
        }
        at = k;
    } else if ((k = op_draft(op, "split", n)) >= 0) {
        if (!drafts_split(&d, &n, (size_t)k, &refs, req->arena)) {
            drafts_mark(&idx, d, n);
            fe = (struct web_field_error){
                field_id(req->arena, "text", (size_t)k),
                arena_printf(req->arena,
                             "Draft %ld: type || in the text where the second part begins, with "
                             "text before and after it",
                             k + 1)};
            rc = review_page(req, resp, 400, src, ds, d, n, &fe, 1);
            goto out;
        }
        at = k;
    } else {
        rc = web_error(resp, 400, "The form asked for something this page does not do.");
        goto out;
    }
    if (fresh)
        drafts_mark(&idx, d, n);
    if ((rc = store_draft_set_save(req->store, ds->id, ds->revision, d, n, &e))) {
        rc = web_fail(req, resp, &e);
        goto out;
    }
    rc = web_redirect(resp, at >= 0 ? arena_printf(req->arena, "%s#draft-%ld",
                                                   set_href(req, src, ds->id), at + 1)
                                    : set_href(req, src, ds->id));
out:
    extract_index_release(&idx);
    strmap_release(&refs);
    return rc;
}

/* The id of the field a problem is about, on the review page. */
static const char *problem_field(struct arena *a, const struct draft_problem *p)
{
    static const char *const FIELDS[] = {"ref", "text", "kind", "due", NULL};
    if (p->draft < 0)
        return NULL;
    for (int i = 0; p->field && FIELDS[i]; i++)
        if (strcmp(p->field, FIELDS[i]) == 0)
            return field_id(a, FIELDS[i], (size_t)p->draft);
    return field_id(a, "draft", (size_t)p->draft);
}

int page_extract_import(struct web_request *req, struct web_response *resp)
{
    struct source *src;
    struct draft_set *ds;
    struct draft *d;
    struct draft_problem *pr;
    struct web_field_error *fe;
    struct err e = {0};
    size_t np, written, kept = 0;
    int rc;

    if ((rc = find_set(req, resp, &src, &ds)) || (rc = edited(req, resp, ds, &d)))
        return rc;
    for (size_t i = 0; i < ds->n; i++)
        kept += d[i].keep != 0;
    if (!kept) {
        struct web_field_error none = {ds->n ? "keep-1" : NULL,
                                       "Tick at least one draft to import"};
        return review_page(req, resp, 400, src, ds, d, ds->n, &none, 1);
    }
    rc = drafts_import(req->store, d, ds->n, src->title, ds->issued, req->arena, &written, &pr,
                       &np, &e);
    if (rc == ERR_INPUT && np) {
        /* Nothing is written: the 400 rolls the request's transaction back. */
        fe = arena_alloc(req->arena, np * sizeof *fe);
        for (size_t i = 0; i < np; i++) {
            fe[i].field = problem_field(req->arena, &pr[i]);
            fe[i].message = pr[i].draft >= 0 ? arena_printf(req->arena, "Draft %ld: %s",
                                                            pr[i].draft + 1, pr[i].message)
                                             : pr[i].message;
        }
        return review_page(req, resp, 400, src, ds, d, ds->n, fe, np);
    }
    if (rc)
        return web_fail(req, resp, &e);
    if ((rc = store_draft_set_imported(req->store, ds->id, &e)))
        return web_fail(req, resp, &e);
    web_log(req, "imported %zu action%s", written, written == 1 ? "" : "s");
    return web_redirect(resp, source_href(req, src));
}
