/* page_papers.c -- the papers the register writes, on screen and as
 * downloads, and the committees' reporting points.
 *
 *   GET  /papers                 the papers, and what each is for
 *   GET  /papers/PAPER           a paper on screen, with the choices it takes
 *   GET  /papers/PAPER.FORMAT    the same paper as a file: docx, xlsx, csv,
 *                                md, html (the paper as a page of its own) or
 *                                json; the same bytes as `oversight report`
 *   GET  /papers/points          the reporting points of every committee
 *   POST /papers/points          adds a point (editors)
 *
 * PAPER is committee (the quarterly inspections paper, for a reporting
 * point of a committee: as_of and committee, or point, "DATE COMMITTEE"
 * from the page's list), audit, references, plan (plan: the plan source's
 * id or title), board or performance; audit, references, plan and board take
 * as_of, a date (default: today); performance takes as_of, a quarter (or a
 * month: its quarter so far; default: the latest quarter with complete data).
 * public=1 asks for the public version, which is also all that a user not
 * cleared for restricted items is ever given.
 *
 * The papers are built by the same service functions the command line
 * calls (service/paper_committee.h, paper_registers.h) and rendered by the
 * same renderers (format/doc.h); on screen the HTML renderer's fragment is
 * written into the page, styled by app.scss's .paper rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/user.h"
#include "format/doc.h"
#include "service/paper_committee.h"
#include "service/paper_performance.h"
#include "service/paper_registers.h"
#include "store/store.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/view.h"

enum paper { P_COMMITTEE, P_AUDIT, P_REFERENCES, P_PLAN, P_BOARD, P_PERFORMANCE, P__COUNT };

static const struct paper_info {
    const char *slug, *title, *about;
    enum paper_kind kind; /* the register papers' */
} PAPERS[P__COUNT] = {
    {"committee", "Quarterly inspections update",
     "The committee paper: the inspection register at a reporting point of a committee, "
     "against the point before it.", 0},
    {"audit", "Audit actions",
     "The internal audit actions monitored centrally: by risk, deadline, financial quarter "
     "and business area.", PAPER_AUDIT},
    {"references", "Outstanding references",
     "The committee's action log: the references still outstanding, and those completed "
     "since the last meeting.", PAPER_REFERENCES},
    {"plan", "Delivery plan",
     "A delivery plan's deliverables under their objectives, with their progress.",
     PAPER_PLAN},
    {"board", "Board pack",
     "The improvement board's pack: open actions by directorate and owner, greens awaiting "
     "sign-off, revised target dates and progress over three months.", PAPER_BOARD},
    {"performance", "Performance report",
     "The quarterly performance report of the plan's measures: each measure's last four "
     "quarters, its control chart and exceptions, its direction of travel, and the quarter's "
     "reasons and response.", 0},
};

enum fmt { F_SCREEN, F_DOCX, F_XLSX, F_CSV, F_MD, F_HTML, F_JSON, F__COUNT };

static const struct format_info {
    const char *ext, *label, *type;
} FORMATS[F__COUNT] = {
    {"", "", "text/html; charset=utf-8"},
    {"docx", "Word document (.docx)",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xlsx", "Excel workbook (.xlsx)",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"csv", "CSV file (.csv)", "text/csv; charset=utf-8"},
    {"md", "Markdown (.md)", "text/markdown; charset=utf-8"},
    {"html", "Web page (.html)", "text/html; charset=utf-8"},
    {"json", "JSON (.json)", "application/json"},
};

/* ---- shared pieces -------------------------------------------------------- */

static void subnav(struct html *h, int current)
{
    html_lit(h, "<nav class=\"moj-sub-navigation\" aria-label=\"Papers\">"
                "<ul class=\"moj-sub-navigation__list\">");
    for (int i = 0; i <= P__COUNT; i++) {
        const char *href = i < P__COUNT ? NULL : "/papers/points";
        const char *label = i < P__COUNT ? PAPERS[i].title : "Reporting points";
        char b[64];
        if (!href) {
            snprintf(b, sizeof b, "/papers/%s", PAPERS[i].slug);
            href = b;
        }
        html_lit(h, "<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\"");
        if (i == current)
            html_lit(h, " aria-current=\"page\"");
        html_url(h, "href", href);
        html_lit(h, ">");
        html_text(h, label);
        html_lit(h, "</a></li>");
    }
    html_lit(h, "</ul></nav>");
}

/* What a reader without clearance is told about the version they see. */
static void public_note(struct web_request *req, struct html *h, int public_version)
{
    if (!view_cleared(req))
        html_lit(h, "<div class=\"govuk-inset-text\">You see the public versions of the papers: "
                    "restricted items are counted in the figures but not described. Users "
                    "cleared for restricted items see them in full.</div>");
    else if (public_version)
        html_lit(h, "<div class=\"govuk-inset-text\">This is the public version: restricted "
                    "items are counted in the figures but not described.</div>");
}

/* The query string of a paper's choices, each value encoded. */
static const char *query(struct web_request *req, const char *const *names,
                         const char *const *values, size_t n)
{
    const char *q = "";
    for (size_t i = 0; i < n; i++) {
        if (!values[i] || !*values[i])
            continue;
        q = arena_printf(req->arena, "%s%s%s=%s", q, *q ? "&" : "?", names[i],
                         view_urlenc(req->arena, values[i]));
    }
    return q;
}

static void downloads(struct web_request *req, struct html *h, enum paper p, const char *q)
{
    html_lit(h, "<h2 class=\"govuk-heading-m\">Download this paper</h2>"
                "<ul class=\"govuk-list app-downloads\">");
    for (int f = F_DOCX; f < F__COUNT; f++) {
        html_lit(h, "<li><a class=\"govuk-link\"");
        html_url(h, "href",
                 arena_printf(req->arena, "/papers/%s.%s%s", PAPERS[p].slug, FORMATS[f].ext, q));
        html_attr(h, "download", "");
        html_lit(h, ">");
        html_text(h, FORMATS[f].label);
        html_lit(h, "</a></li>");
    }
    html_lit(h, "</ul>");
}

/* The public version box, for a reader who may choose. */
static void public_box(struct web_request *req, struct html *h, int public_version)
{
    if (!view_cleared(req))
        return;
    html_lit(h, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes "
                "govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">"
                "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
                "id=\"public\" name=\"public\" type=\"checkbox\" value=\"1\"");
    if (public_version)
        html_lit(h, " checked=\"checked\"");
    html_lit(h, "/><label class=\"govuk-label govuk-checkboxes__label\" for=\"public\">"
                "The public version (restricted items counted, not described)</label></div>"
                "</div></div>");
}

/* Renders the paper in format f into the response: on screen into the
 * page being written, else as the whole body, a file to save. */
static int render(struct web_response *resp, const struct doc *d, enum fmt f, struct err *e)
{
    switch (f) {
    case F_SCREEN: return doc_render_html(d, 1, &resp->body, e);
    case F_DOCX: return doc_render_docx(d, &resp->body, e);
    case F_XLSX: return doc_render_xlsx(d, &resp->body, e);
    case F_CSV: return doc_render_csv(d, &resp->body, e);
    case F_MD: return doc_render_md(d, &resp->body, e);
    case F_HTML: return doc_render_html(d, 0, &resp->body, e);
    default: return err_set(e, ERR_INPUT, "no such format");
    }
}

/* Starts a download: the body emptied, its type and file name set. */
static void download_begin(struct web_response *resp, enum fmt f, const char *name)
{
    buf_reset(&resp->body);
    resp->status = 200;
    resp->content_type = FORMATS[f].type;
    web_set_header(resp, "Content-Disposition",
                   arena_printf(resp->arena, "attachment; filename=\"%s.%s\"", name,
                                FORMATS[f].ext));
}

/* Whether the public version is to be given: asked for, or all the reader
 * may see. */
static int wants_public(struct web_request *req)
{
    const char *p = web_query(req, "public");
    return !view_cleared(req) || (p && *p && strcmp(p, "0") != 0);
}

/* ---- the index ------------------------------------------------------------ */

int page_papers(struct web_request *req, struct web_response *resp)
{
    struct html *h;
    int rc;
    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    h = web_page_begin(req, resp, 200, "Papers", NAV_PAPERS);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Papers</h1>"
                "<p class=\"govuk-body\">The papers the register writes. Every figure in them "
                "is computed from the register as of the paper's date. Read a paper here, or "
                "download it as a Word document, an Excel workbook, CSV, Markdown, a web page "
                "or JSON: the same paper as <code>oversight report</code> writes.</p>");
    public_note(req, h, 0);
    html_lit(h, "<ul class=\"govuk-list app-paper-list\">");
    for (int i = 0; i < P__COUNT; i++) {
        html_lit(h, "<li><h2 class=\"govuk-heading-s govuk-!-margin-bottom-1\">"
                    "<a class=\"govuk-link\"");
        html_url(h, "href", arena_printf(req->arena, "/papers/%s", PAPERS[i].slug));
        html_lit(h, ">");
        html_text(h, PAPERS[i].title);
        html_lit(h, "</a></h2><p class=\"govuk-body\">");
        html_text(h, PAPERS[i].about);
        html_lit(h, "</p></li>");
    }
    html_lit(h, "<li><h2 class=\"govuk-heading-s govuk-!-margin-bottom-1\">"
                "<a class=\"govuk-link\" href=\"/papers/points\">Reporting points</a></h2>"
                "<p class=\"govuk-body\">The dated occasions each committee or board is "
                "reported to, which the committee paper is written for.</p></li></ul>");
    return web_page_end(req, resp);
}

/* ---- the committee paper ------------------------------------------------- */

/* The committee and point asked for: point=DATE COMMITTEE, or as_of and
 * committee; by default the committee setting (else the committee of the
 * latest point) at its latest point on or before today. Returns 0, or a
 * status with the page's message set. */
static int choose_point(struct web_request *req, struct web_response *resp, struct point **pts,
                        size_t npts, const char **committee, int32_t *as_of)
{
    const char *point = web_query(req, "point"), *as = web_query(req, "as_of");
    int32_t today = date_today();
    struct err e = {0};
    int rc;

    *committee = web_query(req, "committee");
    *as_of = DATE_NONE;
    if (point && *point) {
        if (strlen(point) < 12 || point[10] != ' ' || date_parse(point, 10, as_of))
            return web_error(resp, 400, "Choose a reporting point from the list.");
        *committee = point + 11;
    } else if (as && *as && date_parse(as, strlen(as), as_of)) {
        return web_error(resp, 400, "The date asked for is not a date: give it as YYYY-MM-DD.");
    }
    if (!*committee || !**committee) {
        if ((rc = store_setting_get(req->store, "committee", req->arena, committee, &e)))
            return web_fail(req, resp, &e);
        if (!*committee || !**committee) {
            size_t best = 0;
            for (size_t i = 1; i < npts; i++)
                if (pts[i]->date > pts[best]->date)
                    best = i;
            *committee = npts ? pts[best]->committee : NULL;
        }
    }
    /* The points are in date order for each committee: the latest on or
     * before today, else the first to come. */
    for (size_t i = 0; *as_of == DATE_NONE && *committee && i < npts; i++)
        if (strcmp(pts[i]->committee, *committee) == 0 &&
            (pts[i]->date > today || i + 1 == npts ||
             strcmp(pts[i + 1]->committee, *committee) != 0 || pts[i + 1]->date > today))
            *as_of = pts[i]->date;
    return 0;
}

static void point_select(struct html *h, struct point **pts, size_t npts, const char *committee,
                         int32_t as_of)
{
    char d[DATE_BUFSZ], l[32], b[1200];
    const char *open = NULL;

    html_lit(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"point\">"
                "Reporting point</label><div id=\"point-hint\" class=\"govuk-hint\">The "
                "paper compares the register at this point with the point before it</div>"
                "<select class=\"govuk-select\" id=\"point\" name=\"point\" "
                "aria-describedby=\"point-hint\">");
    for (size_t i = 0; i < npts; i++) {
        const struct point *p = pts[i];
        if (!open || strcmp(open, p->committee) != 0) {
            if (open)
                html_lit(h, "</optgroup>");
            html_lit(h, "<optgroup");
            html_attr(h, "label", p->committee);
            html_lit(h, ">");
            open = p->committee;
        }
        snprintf(b, sizeof b, "%s %s", date_format(p->date, d), p->committee);
        html_lit(h, "<option");
        html_attr(h, "value", b);
        if (p->date == as_of && committee && strcmp(committee, p->committee) == 0)
            html_lit(h, " selected=\"selected\"");
        html_lit(h, ">");
        html_text(h, date_long(p->date, l));
        if (p->label && *p->label) {
            html_lit(h, " (");
            html_text(h, p->label);
            html_lit(h, ")");
        }
        html_lit(h, "</option>");
    }
    if (open)
        html_lit(h, "</optgroup>");
    html_lit(h, "</select></div>");
}

static int committee_paper(struct web_request *req, struct web_response *resp, enum fmt f)
{
    struct point **pts;
    size_t npts;
    struct paper_opts o = {0};
    struct paper_committee p;
    const char *committee;
    int32_t as_of;
    struct err e = {0};
    struct html *h;
    char d[DATE_BUFSZ];
    int rc, pub = wants_public(req);

    if ((rc = store_points_list(req->store, NULL, req->arena, &pts, &npts, &e)))
        return web_fail(req, resp, &e);
    if ((rc = choose_point(req, resp, pts, npts, &committee, &as_of)))
        return rc;
    if (f != F_SCREEN || (committee && as_of != DATE_NONE)) {
        o.committee = committee;
        o.as_of = as_of;
        o.public_version = pub;
        if ((rc = paper_committee_load(req->store, &o, req->arena, &p, &e)))
            return web_fail(req, resp, &e);
    }
    if (f != F_SCREEN) {
        const char *name = arena_printf(req->arena, "committee-%s%s",
                                        date_format(p.point->date, d), pub ? "-public" : "");
        download_begin(resp, f, name);
        if (f == F_JSON)
            rc = paper_committee_json(&p, &resp->body, &e);
        else {
            struct doc doc;
            paper_committee_doc(&p, req->arena, &doc);
            rc = render(resp, &doc, f, &e);
        }
        return rc ? web_fail(req, resp, &e) : 0;
    }

    h = web_page_begin(req, resp, 200, PAPERS[P_COMMITTEE].title, NAV_PAPERS);
    subnav(h, P_COMMITTEE);
    html_lit(h, "<h1 class=\"govuk-heading-l\">");
    html_text(h, PAPERS[P_COMMITTEE].title);
    html_lit(h, "</h1>");
    if (!npts || !committee || as_of == DATE_NONE) {
        html_lit(h, "<p class=\"govuk-body\">There are no reporting points yet: the paper is "
                    "written for a reporting point of a committee. <a class=\"govuk-link\" "
                    "href=\"/papers/points\">Add a reporting point</a>.</p>");
        return web_page_end(req, resp);
    }
    public_note(req, h, pub);
    html_lit(h, "<form method=\"get\" action=\"/papers/committee\" class=\"app-paper-options\">");
    point_select(h, pts, npts, committee, as_of);
    public_box(req, h, pub);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Show the paper</button></form>");
    {
        static const char *const names[] = {"as_of", "committee", "public"};
        const char *values[] = {date_format(as_of, d), committee,
                                pub && view_cleared(req) ? "1" : NULL};
        downloads(req, h, P_COMMITTEE, query(req, names, values, 3));
    }
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"paper\">The paper</h2>"
                "<div class=\"app-paper\" role=\"region\" aria-labelledby=\"paper\" "
                "tabindex=\"0\">");
    {
        struct doc doc;
        paper_committee_doc(&p, req->arena, &doc);
        if ((rc = render(resp, &doc, F_SCREEN, &e)))
            return web_fail(req, resp, &e);
    }
    html_lit(h, "</div>");
    return web_page_end(req, resp);
}

/* ---- the other registers' papers ---------------------------------------- */

/* The plan sources, for the plan paper's list. */
static size_t plan_sources(struct web_request *req, struct source ***out, struct err *e)
{
    struct source **v;
    size_t n, k = 0;
    if (store_sources_list(req->store, req->arena, &v, &n, e))
        return (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (v[i]->kind == SK_PLAN)
            v[k++] = v[i];
    *out = v;
    return k;
}

static int register_paper(struct web_request *req, struct web_response *resp, enum paper which,
                          enum fmt f)
{
    const struct paper_info *info = &PAPERS[which];
    const char *as = web_query(req, "as_of"), *plan = web_query(req, "plan");
    struct paper_register_opts o = {0};
    struct paper_register p;
    struct source **plans = NULL, *chosen = NULL;
    size_t nplans = 0;
    struct err e = {0};
    struct html *h;
    char d[DATE_BUFSZ];
    int rc, pub = wants_public(req), cleared = view_cleared(req);
    int32_t as_of = date_today();

    if (as && *as && date_parse(as, strlen(as), &as_of))
        return web_error(resp, 400, "The date asked for is not a date: give it as YYYY-MM-DD.");
    if (which == P_PLAN) {
        if ((nplans = plan_sources(req, &plans, &e)) == (size_t)-1)
            return web_fail(req, resp, &e);
        for (size_t i = 0; i < nplans; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)plans[i]->id);
            if (plan && (strcmp(plan, id) == 0 || strcmp(plan, plans[i]->title) == 0))
                chosen = plans[i];
        }
        if (plan && *plan && !chosen)
            return web_error(resp, 404, "There is no such plan in the register.");
        if (!chosen && nplans)
            chosen = plans[0];
    }
    o.kind = info->kind;
    o.as_of = as_of;
    o.public_version = pub;
    o.plan = chosen ? chosen->title : NULL;
    if (which != P_PLAN || chosen) {
        if ((rc = paper_register_load(req->store, &o, req->arena, &p, &e)))
            return web_fail(req, resp, &e);
    }
    if (f != F_SCREEN) {
        if (which == P_PLAN && !chosen)
            return web_error(resp, 404, "There is no plan in the register.");
        download_begin(resp, f,
                       arena_printf(req->arena, "%s-%s%s", info->slug, date_format(as_of, d),
                                    pub ? "-public" : ""));
        if (f == F_JSON)
            rc = paper_register_json(&p, &resp->body, &e);
        else {
            struct doc doc;
            paper_register_doc(&p, req->arena, &doc);
            rc = render(resp, &doc, f, &e);
        }
        return rc ? web_fail(req, resp, &e) : 0;
    }

    h = web_page_begin(req, resp, 200, info->title, NAV_PAPERS);
    subnav(h, (int)which);
    html_lit(h, "<h1 class=\"govuk-heading-l\">");
    html_text(h, info->title);
    html_lit(h, "</h1>");
    if (which == P_PLAN && !chosen) {
        html_lit(h, "<p class=\"govuk-body\">There is no delivery plan in the register: a plan "
                    "is a source of kind plan whose actions are its deliverables.</p>");
        return web_page_end(req, resp);
    }
    public_note(req, h, pub);
    html_lit(h, "<form method=\"get\" class=\"app-paper-options\"");
    html_url(h, "action", arena_printf(req->arena, "/papers/%s", info->slug));
    html_lit(h, ">");
    if (which == P_PLAN) {
        html_lit(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"plan\">"
                    "Plan</label><select class=\"govuk-select\" id=\"plan\" name=\"plan\">");
        for (size_t i = 0; i < nplans; i++) {
            char id[24];
            snprintf(id, sizeof id, "%lld", (long long)plans[i]->id);
            html_lit(h, "<option");
            html_attr(h, "value", id);
            if (plans[i] == chosen)
                html_lit(h, " selected=\"selected\"");
            html_lit(h, ">");
            html_text(h, view_source_restricted(plans[i]) && !cleared ? "Restricted plan"
                                                                       : plans[i]->title);
            html_lit(h, "</option>");
        }
        html_lit(h, "</select></div>");
    }
    {
        struct view_input in = {"as_of", "As of", "The date the paper reports on, for example "
                                "2024-02-22 or 22/2/2024",
                                date_format(as_of, d), NULL, "govuk-input--width-10", NULL,
                                "off", 0};
        view_input(h, &in);
    }
    public_box(req, h, pub);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Show the paper</button></form>");
    {
        static const char *const names[] = {"as_of", "plan", "public"};
        char id[24];
        const char *values[3];
        if (chosen)
            snprintf(id, sizeof id, "%lld", (long long)chosen->id);
        values[0] = date_format(as_of, d);
        values[1] = chosen ? id : NULL;
        values[2] = pub && cleared ? "1" : NULL;
        downloads(req, h, which, query(req, names, values, 3));
    }
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"paper\">The paper</h2>"
                "<div class=\"app-paper\" role=\"region\" aria-labelledby=\"paper\" "
                "tabindex=\"0\">");
    {
        struct doc doc;
        paper_register_doc(&p, req->arena, &doc);
        if ((rc = render(resp, &doc, F_SCREEN, &e)))
            return web_fail(req, resp, &e);
    }
    html_lit(h, "</div>");
    return web_page_end(req, resp);
}

/* ---- the performance report ---------------------------------------------- */

/* The measures' quarterly report, as `oversight report performance` writes
 * it (as_of, committee). It holds nothing restricted: no public version. */
static int performance_paper(struct web_request *req, struct web_response *resp, enum fmt f)
{
    const char *as = view_trim(req->arena, web_query(req, "as_of"));
    const char *committee = web_query(req, "committee");
    struct perf_opts o = {0};
    struct paper_performance p;
    struct err e = {0};
    struct html *h;
    char q[PERIOD_BUFSZ];
    int rc;

    o.as_of = as && *as ? as : NULL;
    o.committee = committee && *committee ? committee : NULL;
    rc = paper_performance_load(req->store, &o, req->arena, &p, &e);
    if (rc == ERR_USAGE)
        return web_error(resp, 400, "The period asked for is not a period: give a quarter as "
                                    "2023/24 Q3, or a month as 2023-12.");
    if (rc && rc != ERR_INPUT)
        return web_fail(req, resp, &e);
    if (f != F_SCREEN) {
        if (rc)
            return web_error(resp, 404, "There are no measures in the register.");
        download_begin(resp, f,
                       arena_printf(req->arena, "performance-%04d-%02d-q%d", p.quarter.year,
                                    (p.quarter.year + 1) % 100, p.quarter.n));
        if (f == F_JSON)
            rc = paper_performance_json(&p, &resp->body, &e);
        else {
            struct doc doc;
            paper_performance_doc(&p, req->arena, &doc);
            rc = render(resp, &doc, f, &e);
        }
        return rc ? web_fail(req, resp, &e) : 0;
    }

    h = web_page_begin(req, resp, 200, PAPERS[P_PERFORMANCE].title, NAV_PAPERS);
    subnav(h, P_PERFORMANCE);
    html_lit(h, "<h1 class=\"govuk-heading-l\">");
    html_text(h, PAPERS[P_PERFORMANCE].title);
    html_lit(h, "</h1>");
    if (rc) {
        html_lit(h, "<p class=\"govuk-body\">There are no performance measures in the register "
                    "yet: the report is written from their values. <a class=\"govuk-link\" "
                    "href=\"/measures\">Measures</a>.</p>");
        return web_page_end(req, resp);
    }
    if (!o.as_of)
        o.as_of = period_format(p.quarter, q);
    html_lit(h, "<form method=\"get\" action=\"/papers/performance\" "
                "class=\"app-paper-options\">");
    {
        struct view_input in = {"as_of", "Quarter", "The quarter the paper reports on, for "
                                "example 2023/24 Q3; a month, such as 2024-01, gives its "
                                "quarter so far",
                                o.as_of, NULL, "govuk-input--width-10", NULL, "off", 1};
        view_input(h, &in);
    }
    html_lit(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Show the paper</button></form>");
    {
        static const char *const names[] = {"as_of", "committee"};
        const char *values[] = {o.as_of, o.committee};
        downloads(req, h, P_PERFORMANCE, query(req, names, values, 2));
    }
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"paper\">The paper</h2>"
                "<div class=\"app-paper\" role=\"region\" aria-labelledby=\"paper\" "
                "tabindex=\"0\">");
    {
        struct doc doc;
        paper_performance_doc(&p, req->arena, &doc);
        if ((rc = render(resp, &doc, F_SCREEN, &e)))
            return web_fail(req, resp, &e);
    }
    html_lit(h, "</div>");
    return web_page_end(req, resp);
}

int page_paper(struct web_request *req, struct web_response *resp)
{
    const char *name = web_param(req, "paper"), *dot = strrchr(name, '.');
    size_t len = dot ? (size_t)(dot - name) : strlen(name);
    enum fmt f = F_SCREEN;
    int rc, which = -1;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    for (int i = 0; i < P__COUNT; i++)
        if (strlen(PAPERS[i].slug) == len && strncmp(PAPERS[i].slug, name, len) == 0)
            which = i;
    if (dot) {
        f = F__COUNT;
        for (int i = F_DOCX; i < F__COUNT; i++)
            if (strcmp(dot + 1, FORMATS[i].ext) == 0)
                f = (enum fmt)i;
    }
    if (which < 0 || f == F__COUNT)
        return 404;
    if (which == P_COMMITTEE)
        return committee_paper(req, resp, f);
    if (which == P_PERFORMANCE)
        return performance_paper(req, resp, f);
    return register_paper(req, resp, (enum paper)which, f);
}

/* ---- reporting points ---------------------------------------------------- */

static int points_page(struct web_request *req, struct web_response *resp, int status,
                       const char *committee, const char *date, const char *label,
                       const struct web_field_error *errs, size_t nerr)
{
    struct point **pts;
    size_t npts;
    struct err e = {0};
    struct html *h;
    const char *open = NULL;
    int rc;

    if ((rc = store_points_list(req->store, NULL, req->arena, &pts, &npts, &e)))
        return web_fail(req, resp, &e);
    h = web_page_begin(req, resp, status, nerr ? "Error: Reporting points" : "Reporting points",
                       NAV_PAPERS);
    web_error_summary(h, errs, nerr);
    subnav(h, P__COUNT);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Reporting points</h1>"
                "<p class=\"govuk-body\">The dated occasions each committee or board is "
                "reported to. The committee paper for a point compares the register then with "
                "the point before it.</p>");
    if (!npts)
        html_lit(h, "<p class=\"govuk-body\">There are no reporting points yet.</p>");
    for (size_t i = 0; i < npts; i++) {
        const struct point *p = pts[i];
        if (!open || strcmp(open, p->committee) != 0) {
            if (open)
                html_lit(h, "</tbody></table>");
            html_lit(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                        "govuk-table__caption--m\">");
            html_text(h, p->committee);
            html_lit(h, "</caption><thead class=\"govuk-table__head\">"
                        "<tr class=\"govuk-table__row\">"
                        "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
                        "<th scope=\"col\" class=\"govuk-table__header\">Label</th>"
                        "<th scope=\"col\" class=\"govuk-table__header\">Added</th>"
                        "<th scope=\"col\" class=\"govuk-table__header\">Paper</th>"
                        "</tr></thead><tbody class=\"govuk-table__body\">");
            open = p->committee;
        }
        html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell app-nowrap\">");
        view_date(h, p->date);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, p->label);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        view_moment(h, p->recorded_at);
        html_lit(h, " by ");
        html_text(h, p->recorded_by);
        html_lit(h, "</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\"");
        {
            char d[DATE_BUFSZ];
            html_url(h, "href",
                     arena_printf(req->arena, "/papers/committee?as_of=%s&committee=%s",
                                  date_format(p->date, d), view_urlenc(req->arena, p->committee)));
        }
        html_lit(h, ">Committee paper<span class=\"govuk-visually-hidden\"> for ");
        view_date(h, p->date);
        html_lit(h, "</span></a></td></tr>");
    }
    if (open)
        html_lit(h, "</tbody></table>");

    if (web_require(req, ROLE_EDITOR) == 0) {
        struct view_input in;
        html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                    "<h2 class=\"govuk-heading-m\">Add a reporting point</h2>"
                    "<form method=\"post\" action=\"/papers/points\" novalidate=\"novalidate\">");
        web_csrf_field(req, h);
        in = (struct view_input){"committee", "Committee or board", NULL, committee,
                                 view_error_for(errs, nerr, "committee"), NULL, NULL, "off", 0};
        view_input(h, &in);
        in = (struct view_input){"date", "Date", "For example, 22/2/2024", date,
                                 view_error_for(errs, nerr, "date"), "govuk-input--width-10",
                                 NULL, "off", 0};
        view_input(h, &in);
        in = (struct view_input){"label", "Label (optional)", "For example, Q3 2023/24", label,
                                 view_error_for(errs, nerr, "label"), "govuk-input--width-20",
                                 NULL, "off", 0};
        view_input(h, &in);
        html_lit(h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                    "Add the point</button></form></div></div>");
    }
    return web_page_end(req, resp);
}

int page_points(struct web_request *req, struct web_response *resp)
{
    const char *committee = NULL;
    struct err e = {0};
    int rc;
    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    if ((rc = store_setting_get(req->store, "committee", req->arena, &committee, &e)))
        return web_fail(req, resp, &e);
    return points_page(req, resp, 200, committee, NULL, NULL, NULL, 0);
}

int page_point_add(struct web_request *req, struct web_response *resp)
{
    const char *committee = view_trim(req->arena, web_form(req, "committee"));
    const char *date = view_trim(req->arena, web_form(req, "date"));
    const char *label = view_trim(req->arena, web_form(req, "label"));
    struct web_field_error errs[3];
    struct point pt = {0}, **pts;
    size_t npts, nerr = 0;
    struct err e = {0};
    int rc;

    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    if (!committee || !*committee)
        errs[nerr++] = (struct web_field_error){"committee", "Enter the committee or board"};
    else if (strlen(committee) > 200)
        errs[nerr++] = (struct web_field_error){"committee", "The committee's name must be 200 "
                                                             "characters or fewer"};
    if (!date || !*date)
        errs[nerr++] = (struct web_field_error){"date", "Enter the date of the reporting point"};
    else if (date_parse(date, strlen(date), &pt.date))
        errs[nerr++] = (struct web_field_error){"date", "Enter the date as a real date, like "
                                                        "22/2/2024"};
    if (label && strlen(label) > 200)
        errs[nerr++] = (struct web_field_error){"label", "The label must be 200 characters or "
                                                         "fewer"};
    if (!nerr) {
        if ((rc = store_points_list(req->store, committee, req->arena, &pts, &npts, &e)))
            return web_fail(req, resp, &e);
        for (size_t i = 0; i < npts; i++)
            if (pts[i]->date == pt.date) {
                char d[32];
                errs[nerr++] = (struct web_field_error){
                    "date", arena_printf(req->arena, "%s already has a reporting point on %s",
                                         committee, date_long(pt.date, d))};
                break;
            }
    }
    if (nerr)
        return points_page(req, resp, 400, committee, date, label, errs, nerr);
    pt.committee = committee;
    pt.label = label && *label ? label : NULL;
    if ((rc = store_point_add(req->store, &pt, &e)))
        return web_fail(req, resp, &e);
    return web_redirect(resp, "/papers/points");
}
