/* page_sources.c -- the sources: the reports, audits, meetings and plans the
 * actions come from.
 *
 *   GET  /sources               the list, with each source's actions counted
 *   GET  /sources/new           the form to add one (editors)
 *   POST /sources               adds it
 *   GET  /sources/:source       one source (by title, or by id) and its actions
 *   GET  /sources/:source/edit  the form to change it (editors)
 *   POST /sources/:source       changes it: a new version, the old one kept
 *
 * A restricted source is shown to a user without clearance by its kind,
 * scope, date and figures only, as the public version of a paper shows it;
 * its address is its id, so that not even the URL carries its title. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/timeline.h"
#include "domain/user.h"
#include "store/store.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/view.h"

/* The words the forms offer, in the order of the enums. */
static const char *const KIND_VALUES[] = {"", "inspection", "joint_inspection", "audit",
                                          "review", "meeting", "plan"};
static const char *const KIND_LABELS[] = {"Not given", "Inspection", "Joint inspection",
                                          "Audit", "Review", "Meeting", "Plan"};
static const char *const SCOPE_VALUES[] = {"", "national", "force", "regional"};
static const char *const SCOPE_LABELS[] = {"Not given", "National", "Force", "Regional"};
static const char *const ASSURANCE_VALUES[] = {"", "substantial", "reasonable", "limited", "no"};
static const char *const ASSURANCE_LABELS[] = {"Not given (not an audit)", "Substantial",
                                               "Reasonable", "Limited", "No assurance"};
static const char *const MARKING_VALUES[] = {"public", "restricted"};
static const char *const MARKING_LABELS[] = {"Public", "Restricted"};

#define NWORDS(v) (sizeof v / sizeof *v)

static const char *kind_label(enum source_kind k)
{
    return k > SK_NONE && k < SK__COUNT ? KIND_LABELS[k] : "";
}

static const char *scope_label(enum scope s)
{
    return s > SC_NONE && s < SC__COUNT ? SCOPE_LABELS[s] : "";
}

/* A source's actions as of today, by status. */
struct counts {
    long n, by[ST__COUNT];
};

/* Every source's actions as of today, by source index, in one pass. */
static struct counts *count_sources(const struct timelines *tl, int32_t today, struct arena *a)
{
    struct counts *c = arena_alloc(a, (tl->nsources + 1) * sizeof *c);
    for (size_t i = 0; i < tl->n; i++) {
        enum status s = tl_status_at(&tl->v[i], today);
        if (s == ST_NONE || tl->v[i].source >= tl->nsources)
            continue;
        c[tl->v[i].source].n++;
        c[tl->v[i].source].by[s]++;
    }
    return c;
}

static long outstanding(const struct counts *c)
{
    return c->by[ST_RED] + c->by[ST_AMBER] + c->by[ST_WHITE];
}

/* A source in the list, with its index in the timelines. */
struct listed {
    const struct source *s;
    size_t idx;
};

/* Newest first; undated sources last, by title. */
static int by_published(const void *x, const void *y)
{
    const struct source *a = ((const struct listed *)x)->s, *b = ((const struct listed *)y)->s;
    if (a->published != b->published) {
        if (a->published == DATE_NONE)
            return 1;
        if (b->published == DATE_NONE)
            return -1;
        return a->published > b->published ? -1 : 1;
    }
    return strcmp(a->title, b->title);
}

static void th(struct html *h, const char *text, int numeric)
{
    if (numeric)
        html_lit(h, "<th scope=\"col\" "
                    "class=\"govuk-table__header govuk-table__header--numeric\">");
    else
        html_lit(h, "<th scope=\"col\" class=\"govuk-table__header\">");
    html_text(h, text);
    html_lit(h, "</th>");
}

static void td_int(struct html *h, long v)
{
    html_lit(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
    html_int(h, v);
    html_lit(h, "</td>");
}

int page_sources(struct web_request *req, struct web_response *resp)
{
    const char *kind = web_query(req, "kind");
    struct timelines tl;
    struct listed *v;
    struct counts *counts;
    struct err e = {0};
    struct html *h;
    int32_t today = date_today();
    int cleared = view_cleared(req), k = 0, rc;
    size_t shown = 0;
    struct view_choice kc = {"kind", "Kind", NULL, NULL, NULL, KIND_VALUES, KIND_LABELS,
                             NWORDS(KIND_VALUES), 0};

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    if (kind && *kind) {
        if (!view_choice_ok(&kc, kind))
            return web_error(resp, 400, "There is no such kind of source.");
        k = vocab_parse(&VOCAB_SOURCE_KIND, kind, strlen(kind));
    }
    if ((rc = store_timelines(req->store, NULL, req->arena, &tl, &e)))
        return web_fail(req, resp, &e);
    counts = count_sources(&tl, today, req->arena);
    v = arena_alloc(req->arena, (tl.nsources + 1) * sizeof *v);
    for (size_t i = 0; i < tl.nsources; i++)
        v[i] = (struct listed){tl.sources[i], i};
    if (tl.nsources)
        qsort(v, tl.nsources, sizeof *v, by_published);

    h = web_page_begin(req, resp, 200, "Sources", NAV_SOURCES);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Sources</h1>"
                "<p class=\"govuk-body\">The inspection reports, audits, reviews, committee "
                "meetings and plans the register's actions come from, newest first, with "
                "their actions as they stand today.</p>"
                "<form method=\"get\" action=\"/sources\" class=\"app-filter--inline\">");
    kc.legend = "Show only sources of kind";
    kc.labels = (const char *const[]){"Every kind", "Inspection", "Joint inspection", "Audit",
                                      "Review", "Meeting", "Plan"};
    kc.value = kind ? kind : "";
    view_select(h, &kc);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Show</button></form>");

    view_scroll_begin(h, "The sources");
    html_lit(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                "govuk-table__caption--m\">");
    html_text(h, k ? KIND_LABELS[k] : "Every source");
    html_lit(h, "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    th(h, "Title", 0), th(h, "Issued by", 0), th(h, "Kind", 0), th(h, "Scope", 0);
    th(h, "Published", 0), th(h, "Actions", 1), th(h, "Outstanding", 1);
    html_lit(h, "</tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < tl.nsources; i++) {
        const struct source *s = v[i].s;
        const struct counts *c = &counts[v[i].idx];
        int hidden = view_source_restricted(s) && !cleared;
        if (k && (int)s->kind != k)
            continue;
        shown++;
        html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">"
                    "<a class=\"govuk-link\"");
        html_url(h, "href", view_source_href(req->arena, s, cleared));
        html_lit(h, ">");
        html_text(h, hidden ? "Restricted source" : s->title);
        html_lit(h, "</a>");
        if (view_source_restricted(s))
            html_lit(h, " <strong class=\"govuk-tag govuk-tag--purple\">Restricted</strong>");
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        if (!hidden)
            html_text(h, s->body);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, kind_label(s->kind));
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, scope_label(s->scope));
        html_lit(h, "</td><td class=\"govuk-table__cell app-nowrap\">");
        view_date(h, s->published);
        html_lit(h, "</td>");
        td_int(h, c->n);
        td_int(h, outstanding(c));
        html_lit(h, "</tr>");
    }
    if (!shown)
        html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\" "
                    "colspan=\"7\">There are no sources to show.</td></tr>");
    html_lit(h, "</tbody></table>");
    view_scroll_end(h);
    if (web_require(req, ROLE_EDITOR) == 0)
        html_lit(h, "<a href=\"/sources/new\" role=\"button\" draggable=\"false\" "
                    "class=\"govuk-button\" data-module=\"govuk-button\">Add a source</a>");
    return web_page_end(req, resp);
}

/* The source a path names: an id (digits), else a title. A title made of
 * digits is found by its title when no source has that id. */
static int find_source(struct web_request *req, const char *key, struct source **out,
                       struct err *e)
{
    size_t n = strlen(key);
    if (n && n < 19 && strspn(key, "0123456789") == n) {
        int rc = store_source_get(req->store, strtoll(key, NULL, 10), req->arena, out, e);
        if (rc != ERR_NOTFOUND)
            return rc;
    }
    return store_source_find(req->store, key, req->arena, out, e);
}

/* Refs as people number them: "PEEL22-AFI-2" before "PEEL22-AFI-10". */
static int natural_cmp(const char *x, const char *y)
{
    while (*x && *y) {
        if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
            const char *ex = x, *ey = y;
            size_t nx, ny;
            while (*x == '0')
                x++;
            while (*y == '0')
                y++;
            for (ex = x; *ex >= '0' && *ex <= '9'; ex++)
                ;
            for (ey = y; *ey >= '0' && *ey <= '9'; ey++)
                ;
            nx = (size_t)(ex - x), ny = (size_t)(ey - y);
            if (nx != ny)
                return nx < ny ? -1 : 1;
            for (; x < ex; x++, y++)
                if (*x != *y)
                    return *x < *y ? -1 : 1;
            continue;
        }
        if (*x != *y)
            return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
        x++, y++;
    }
    return *x ? 1 : *y ? -1 : 0;
}

static int by_ref(const void *x, const void *y)
{
    const struct tl_action *a = *(const struct tl_action *const *)x;
    const struct tl_action *b = *(const struct tl_action *const *)y;
    int c = natural_cmp(a->a->ref, b->a->ref);
    return c ? c : strcmp(a->a->ref, b->a->ref);
}

static void summary_row(struct html *h, const char *key, const char *value)
{
    html_lit(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
    html_text(h, key);
    html_lit(h, "</dt><dd class=\"govuk-summary-list__value\">");
    html_text(h, value && *value ? value : "Not given");
    html_lit(h, "</dd></div>");
}

int page_source(struct web_request *req, struct web_response *resp)
{
    const char *key = web_param(req, "source");
    struct source *src;
    struct timelines tl;
    struct counts c;
    struct err e = {0};
    struct html *h;
    int32_t today = date_today();
    int cleared = view_cleared(req), hidden, rc;
    size_t idx = 0, nmine = 0;
    const struct tl_action **mine;
    char d[32];

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    if ((rc = find_source(req, key, &src, &e)))
        return rc == ERR_NOTFOUND ? web_error(resp, 404, "There is no such source in the "
                                                         "register.")
                                  : web_fail(req, resp, &e);
    if ((rc = store_timelines(req->store, NULL, req->arena, &tl, &e)))
        return web_fail(req, resp, &e);
    while (idx < tl.nsources && tl.sources[idx]->id != src->id)
        idx++;
    c = count_sources(&tl, today, req->arena)[idx];
    hidden = view_source_restricted(src) && !cleared;

    h = web_page_begin(req, resp, 200, hidden ? "Restricted source" : src->title, NAV_SOURCES);
    html_lit(h, "<a href=\"/sources\" class=\"govuk-back-link\">Sources</a>"
                "<span class=\"govuk-caption-l\">");
    html_text(h, kind_label(src->kind)[0] ? kind_label(src->kind) : "Source");
    html_lit(h, "</span><h1 class=\"govuk-heading-l\">");
    html_text(h, hidden ? "Restricted source" : src->title);
    html_lit(h, "</h1>");
    if (hidden)
        html_lit(h, "<div class=\"govuk-inset-text\">This source is restricted. Its title, "
                    "issuing body and actions' text are shown only to users cleared for "
                    "restricted items.</div>");

    html_lit(h, "<dl class=\"govuk-summary-list\">");
    if (!hidden)
        summary_row(h, "Issued by", src->body);
    summary_row(h, "Kind", kind_label(src->kind));
    summary_row(h, "Scope", scope_label(src->scope));
    summary_row(h, "Published", src->published != DATE_NONE ? date_long(src->published, d) : NULL);
    if (src->kind == SK_AUDIT || src->assurance)
        summary_row(h, "Assurance",
                    src->assurance ? ASSURANCE_LABELS[src->assurance] : NULL);
    summary_row(h, "Marking", src->marking == MK_RESTRICTED ? "Restricted" : "Public");
    html_lit(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">"
                "Last changed</dt><dd class=\"govuk-summary-list__value\">");
    view_moment(h, src->recorded_at);
    html_lit(h, " by ");
    html_text(h, src->recorded_by);
    html_lit(h, "</dd></div></dl>");
    if (web_require(req, ROLE_EDITOR) == 0 && !hidden) {
        html_lit(h, "<p class=\"govuk-body\"><a class=\"govuk-link\"");
        html_url(h, "href",
                 arena_printf(req->arena, "%s/edit", view_source_href(req->arena, src, 1)));
        html_lit(h, ">Change this source<span class=\"govuk-visually-hidden\"> (a new version; "
                    "the old one is kept)</span></a></p>");
    }
    page_extract_link(req, h, src);

    html_lit(h, "<h2 class=\"govuk-heading-m\">Its actions today</h2>");
    if (c.n) {
        html_lit(h, "<p class=\"govuk-body\"><a class=\"govuk-link\"");
        html_url(h, "href", arena_printf(req->arena, "/actions?source=%lld", (long long)src->id));
        html_lit(h, ">Find them in the list of actions</a></p>");
    }
    if (!c.n) {
        html_lit(h, "<p class=\"govuk-body\">No actions for the force.</p>");
        return web_page_end(req, resp);
    }
    view_scroll_begin(h, "Its actions by status");
    html_lit(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                "govuk-table__caption--s\">Its actions by status</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    th(h, "Red", 1), th(h, "Amber", 1), th(h, "White", 1), th(h, "Outstanding", 1);
    th(h, "Green", 1), th(h, "Closed", 1), th(h, "Total", 1);
    html_lit(h, "</tr></thead><tbody class=\"govuk-table__body\"><tr class=\"govuk-table__row\">");
    td_int(h, c.by[ST_RED]), td_int(h, c.by[ST_AMBER]), td_int(h, c.by[ST_WHITE]);
    td_int(h, outstanding(&c)), td_int(h, c.by[ST_GREEN]), td_int(h, c.by[ST_CLOSED]);
    td_int(h, c.n);
    html_lit(h, "</tr></tbody></table>");
    view_scroll_end(h);

    view_scroll_begin(h, "Its actions");
    html_lit(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                "govuk-table__caption--s\">Its actions</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    th(h, "Ref", 0), th(h, "Action", 0), th(h, "Owner", 0), th(h, "Target date", 0);
    th(h, "Status", 0);
    html_lit(h, "</tr></thead><tbody class=\"govuk-table__body\">");
    mine = arena_alloc(req->arena, (size_t)c.n * sizeof *mine);
    for (size_t i = 0; i < tl.n; i++)
        if (tl.v[i].source == idx && tl_status_at(&tl.v[i], today) != ST_NONE)
            mine[nmine++] = &tl.v[i];
    qsort(mine, nmine, sizeof *mine, by_ref);
    for (size_t i = 0; i < nmine; i++) {
        const struct tl_action *t = mine[i];
        enum status s = tl_status_at(t, today);
        const char *due;
        int32_t dd;
        html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell app-nowrap\">"
                    "<a class=\"govuk-link\"");
        html_url(h, "href", view_action_href(req->arena, t->a->ref));
        html_lit(h, ">");
        html_text(h, t->a->ref);
        html_lit(h, "</a></td><td class=\"govuk-table__cell\">");
        if (hidden || (t->a->marking == MK_RESTRICTED && !cleared))
            html_lit(h, "(restricted)");
        else
            html_text_br(h, t->a->text);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, t->a->owner);
        html_lit(h, "</td><td class=\"govuk-table__cell app-nowrap\">");
        due = tl_due_at(t, today);
        if (due && date_parse(due, strlen(due), &dd) == 0)
            view_date(h, dd);
        else
            html_text(h, due);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        view_status_tag(h, s);
        html_lit(h, "</td></tr>");
    }
    html_lit(h, "</tbody></table>");
    view_scroll_end(h);
    return web_page_end(req, resp);
}

/* ---- the form ------------------------------------------------------------ */

struct source_form {
    const char *title, *body, *kind, *scope, *published, *assurance, *marking;
};

static void form_from_source(const struct source *s, struct arena *a, struct source_form *f)
{
    char *dbuf = arena_alloc(a, DATE_BUFSZ);
    f->title = s->title;
    f->body = s->body;
    f->kind = KIND_VALUES[s->kind < SK__COUNT ? s->kind : 0];
    f->scope = SCOPE_VALUES[s->scope < SC__COUNT ? s->scope : 0];
    f->published = s->published != DATE_NONE ? date_format(s->published, dbuf) : "";
    f->assurance = ASSURANCE_VALUES[s->assurance < AS__COUNT ? s->assurance : 0];
    f->marking = s->marking == MK_RESTRICTED ? "restricted" : "public";
}

static void form_from_request(struct web_request *req, struct source_form *f)
{
    f->title = view_trim(req->arena, web_form(req, "title"));
    f->body = view_trim(req->arena, web_form(req, "body"));
    f->kind = web_form(req, "kind");
    f->scope = web_form(req, "scope");
    f->published = view_trim(req->arena, web_form(req, "published"));
    f->assurance = web_form(req, "assurance");
    f->marking = web_form(req, "marking");
}

/* The add or change form, with what was typed and what was wrong. action:
 * where it posts; src: the source changed (NULL: a new one). */
static int source_form_page(struct web_request *req, struct web_response *resp, int status,
                            const struct source *src, const char *action,
                            const struct source_form *f, const struct web_field_error *errs,
                            size_t nerr)
{
    const char *title = src ? "Change a source" : "Add a source";
    struct html *h;
    struct view_input in = {0};
    struct view_choice c = {0};

    h = web_page_begin(req, resp, status,
                       nerr ? arena_printf(req->arena, "Error: %s", title) : title, NAV_SOURCES);
    html_lit(h, "<a class=\"govuk-back-link\"");
    html_url(h, "href", src ? view_source_href(req->arena, src, 1) : "/sources");
    html_lit(h, ">Back</a><div class=\"govuk-grid-row\">"
                "<div class=\"govuk-grid-column-two-thirds\">");
    web_error_summary(h, errs, nerr);
    html_lit(h, "<h1 class=\"govuk-heading-l\">");
    html_text(h, title);
    html_lit(h, "</h1>");
    if (src)
        html_lit(h, "<p class=\"govuk-body\">Saving makes a new version of the source; the "
                    "register keeps the old one, and the audit log shows what changed.</p>");
    html_lit(h, "<form method=\"post\" novalidate=\"novalidate\"");
    html_url(h, "action", action);
    html_lit(h, ">");
    web_csrf_field(req, h);

    in = (struct view_input){"title", "Title", "As the report, audit or plan is titled",
                             f->title, view_error_for(errs, nerr, "title"), NULL, NULL, NULL, 0};
    view_input(h, &in);
    in = (struct view_input){"body", "Issued by", "For example, HMICFRS, HMCPSI, Internal Audit",
                             f->body, view_error_for(errs, nerr, "body"),
                             "govuk-!-width-one-half", NULL, NULL, 0};
    view_input(h, &in);
    c = (struct view_choice){"kind", "Kind", NULL, f->kind, view_error_for(errs, nerr, "kind"),
                             KIND_VALUES, KIND_LABELS, NWORDS(KIND_VALUES), 0};
    view_select(h, &c);
    c = (struct view_choice){"scope", "Scope", "Which column of the committee paper its "
                             "actions sit in",
                             f->scope, view_error_for(errs, nerr, "scope"), SCOPE_VALUES,
                             SCOPE_LABELS, NWORDS(SCOPE_VALUES), 0};
    view_select(h, &c);
    in = (struct view_input){"published", "Published", "For example, 27/3/2024",
                             f->published, view_error_for(errs, nerr, "published"),
                             "govuk-input--width-10", NULL, "off", 0};
    view_input(h, &in);
    c = (struct view_choice){"assurance", "Assurance", "The audit's assurance level",
                             f->assurance, view_error_for(errs, nerr, "assurance"),
                             ASSURANCE_VALUES, ASSURANCE_LABELS, NWORDS(ASSURANCE_VALUES), 0};
    view_select(h, &c);
    c = (struct view_choice){"marking", "Marking", "A restricted source's title and actions are "
                             "left out of the papers' public versions",
                             f->marking ? f->marking : "public",
                             view_error_for(errs, nerr, "marking"), MARKING_VALUES,
                             MARKING_LABELS, NWORDS(MARKING_VALUES), 1};
    view_radios(h, &c);
    html_lit(h, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">");
    html_text(h, src ? "Save the new version" : "Add the source");
    html_lit(h, "</button><a class=\"govuk-link\"");
    html_url(h, "href", src ? view_source_href(req->arena, src, 1) : "/sources");
    html_lit(h, ">Cancel</a></div></form></div></div>");
    return web_page_end(req, resp);
}

/* Checks the form into s (whose id, if any, says which source it is).
 * Returns the number of errors written into errs (at most 8). */
static size_t check_form(struct web_request *req, const struct source_form *f, struct source *s,
                         struct web_field_error *errs)
{
    size_t n = 0;
    struct source *other;
    struct err e = {0};
    struct view_choice kinds = {0}, scopes = {0}, assurances = {0}, markings = {0};

    kinds.values = KIND_VALUES, kinds.n = NWORDS(KIND_VALUES);
    scopes.values = SCOPE_VALUES, scopes.n = NWORDS(SCOPE_VALUES);
    assurances.values = ASSURANCE_VALUES, assurances.n = NWORDS(ASSURANCE_VALUES);
    markings.values = MARKING_VALUES, markings.n = NWORDS(MARKING_VALUES);

    if (!f->title || !*f->title)
        errs[n++] = (struct web_field_error){"title", "Enter the source's title"};
    else if (strlen(f->title) > 1000)
        errs[n++] =
            (struct web_field_error){"title", "The title must be 1,000 characters or fewer"};
    else if (store_source_find(req->store, f->title, req->arena, &other, &e) == 0 &&
             other->id != s->id)
        errs[n++] = (struct web_field_error){
            "title", arena_printf(req->arena, "A source titled \"%s\" is already in the register",
                                  f->title)};
    if (f->body && strlen(f->body) > 1000)
        errs[n++] = (struct web_field_error){"body", "The issuing body must be 1,000 characters "
                                                     "or fewer"};
    if (!view_choice_ok(&kinds, f->kind ? f->kind : ""))
        errs[n++] = (struct web_field_error){"kind", "Choose the kind of source from the list"};
    if (!view_choice_ok(&scopes, f->scope ? f->scope : ""))
        errs[n++] = (struct web_field_error){"scope", "Choose the scope from the list"};
    s->published = DATE_NONE;
    if (f->published && *f->published &&
        date_parse(f->published, strlen(f->published), &s->published))
        errs[n++] = (struct web_field_error){"published", "Enter the published date as a real "
                                                          "date, like 27/3/2024"};
    if (!view_choice_ok(&assurances, f->assurance ? f->assurance : ""))
        errs[n++] = (struct web_field_error){"assurance", "Choose the assurance from the list"};
    if (!view_choice_ok(&markings, f->marking))
        errs[n++] = (struct web_field_error){"marking", "Choose whether the source is public or "
                                                        "restricted"};
    if (n)
        return n;
    s->title = f->title;
    s->body = f->body && *f->body ? f->body : NULL;
    s->kind = (enum source_kind)(*f->kind ? vocab_parse(&VOCAB_SOURCE_KIND, f->kind,
                                                        strlen(f->kind)) : 0);
    s->scope = (enum scope)(*f->scope ? vocab_parse(&VOCAB_SCOPE, f->scope, strlen(f->scope)) : 0);
    s->assurance = (enum assurance)(*f->assurance ? vocab_parse(&VOCAB_ASSURANCE, f->assurance,
                                                                strlen(f->assurance)) : 0);
    s->marking = strcmp(f->marking, "restricted") == 0 ? MK_RESTRICTED : MK_PUBLIC;
    return 0;
}

int page_source_new(struct web_request *req, struct web_response *resp)
{
    struct source_form f = {0};
    int rc;
    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    f.kind = f.scope = f.assurance = "";
    f.marking = "public";
    return source_form_page(req, resp, 200, NULL, "/sources", &f, NULL, 0);
}

int page_source_create(struct web_request *req, struct web_response *resp)
{
    struct source_form f;
    struct source s = {0};
    struct web_field_error errs[8];
    struct err e = {0};
    size_t nerr;
    int rc;

    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    form_from_request(req, &f);
    if ((nerr = check_form(req, &f, &s, errs)))
        return source_form_page(req, resp, 400, NULL, "/sources", &f, errs, nerr);
    if ((rc = store_source_put(req->store, &s, &e)))
        return web_fail(req, resp, &e);
    return web_redirect(resp, view_source_href(req->arena, &s, 1));
}

/* The source a change form is about, refused to those not cleared for it. */
static int source_to_change(struct web_request *req, struct web_response *resp,
                            struct source **src)
{
    struct err e = {0};
    int rc;
    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    if ((rc = find_source(req, web_param(req, "source"), src, &e)))
        return rc == ERR_NOTFOUND ? web_error(resp, 404, "There is no such source in the "
                                                         "register.")
                                  : web_fail(req, resp, &e);
    if (view_source_restricted(*src) && !view_cleared(req))
        return web_error(resp, 403, "This source is restricted: only users cleared for "
                                    "restricted items may change it.");
    return 0;
}

int page_source_edit(struct web_request *req, struct web_response *resp)
{
    struct source *src;
    struct source_form f;
    int rc;
    if ((rc = source_to_change(req, resp, &src)))
        return rc;
    form_from_source(src, req->arena, &f);
    return source_form_page(req, resp, 200, src, view_source_href(req->arena, src, 1), &f, NULL,
                            0);
}

static int same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int page_source_update(struct web_request *req, struct web_response *resp)
{
    struct source *src, s;
    struct source_form f;
    struct web_field_error errs[8];
    struct err e = {0};
    size_t nerr;
    int rc;

    if ((rc = source_to_change(req, resp, &src)))
        return rc;
    form_from_request(req, &f);
    s = *src;
    if ((nerr = check_form(req, &f, &s, errs)))
        return source_form_page(req, resp, 400, src, view_source_href(req->arena, src, 1), &f,
                                errs, nerr);
    /* Saving what is already there writes no version. */
    if (!same(s.title, src->title) || !same(s.body, src->body) || s.kind != src->kind ||
        s.scope != src->scope || s.published != src->published ||
        s.assurance != src->assurance || s.marking != src->marking) {
        if ((rc = store_source_put(req->store, &s, &e)))
            return web_fail(req, resp, &e);
    }
    return web_redirect(resp, view_source_href(req->arena, &s, 1));
}
