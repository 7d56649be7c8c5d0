/* page_dashboard.c -- GET /: the first page after signing in. Who is signed
 * in; the register today: outstanding actions by status (a chart and its
 * figures), how many are overdue and how many green actions await sign-off,
 * the same by directorate, and the latest updates with who made them.
 *
 * The figures come from the register's timelines (store_timelines) read
 * through the domain's rules (tl_status_at, tl_overdue_at), the same
 * reading the papers make, so the dashboard agrees with them. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/registers.h"
#include "domain/timeline.h"
#include "domain/user.h"
#include "format/svg.h"
#include "store/store.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/view.h"

#define LATEST 10

static const char *const ROLE_WORDS[ROLE__COUNT] = {
    [ROLE_ADMIN] = "an administrator",
    [ROLE_EDITOR] = "an editor of the register",
    [ROLE_BOARD] = "a member of the improvement board",
    [ROLE_OWNER] = "an action owner",
    [ROLE_VIEWER] = "a reader of the register",
};

struct dir_row {
    const char *name;
    long red, amber, white, outstanding, overdue, green;
};

struct figures {
    long red, amber, white, outstanding, overdue, green, closed;
    struct dir_row *dirs;
    size_t ndirs;
    /* The latest updates: indexes into the timelines (action, event). */
    size_t latest_action[LATEST], latest_event[LATEST];
    size_t nlatest;
};

static int dir_cmp(const void *x, const void *y)
{
    const struct dir_row *a = x, *b = y;
    if (a->outstanding != b->outstanding)
        return a->outstanding > b->outstanding ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Whether event (i, k) is later than (j, l): by date, then by the order
 * recorded (the change number). */
static int later(const struct timelines *tl, size_t i, size_t k, size_t j, size_t l)
{
    const struct tl_event *x = &tl->v[i].ev[k], *y = &tl->v[j].ev[l];
    return x->date != y->date ? x->date > y->date : x->seq > y->seq;
}

static void count(const struct timelines *tl, int32_t today, struct arena *a, struct figures *f)
{
    size_t cap = 0;
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i < tl->n; i++) {
        const struct tl_action *t = &tl->v[i];
        enum status s = tl_status_at(t, today);
        const char *dn = t->a->directorate && *t->a->directorate ? t->a->directorate
                                                                   : "No directorate";
        struct dir_row *d = NULL;
        int overdue;

        /* The latest updates dated up to today, kept in order. */
        for (size_t k = 0; k < t->nev; k++) {
            size_t pos;
            if (t->ev[k].date > today)
                continue;
            for (pos = f->nlatest; pos > 0; pos--)
                if (!later(tl, i, k, f->latest_action[pos - 1], f->latest_event[pos - 1]))
                    break;
            if (pos >= LATEST)
                continue;
            if (f->nlatest < LATEST)
                f->nlatest++;
            for (size_t m = f->nlatest - 1; m > pos; m--) {
                f->latest_action[m] = f->latest_action[m - 1];
                f->latest_event[m] = f->latest_event[m - 1];
            }
            f->latest_action[pos] = i;
            f->latest_event[pos] = k;
        }

        if (s == ST_NONE)
            continue; /* issued after today */
        if (s == ST_CLOSED) {
            f->closed++;
            continue;
        }
        for (size_t k = 0; k < f->ndirs; k++)
            if (strcmp(f->dirs[k].name, dn) == 0)
                d = &f->dirs[k];
        if (!d) {
            if (f->ndirs == cap) {
                struct dir_row *nd = arena_alloc(a, (cap = cap ? cap * 2 : 16) * sizeof *nd);
                if (f->ndirs)
                    memcpy(nd, f->dirs, f->ndirs * sizeof *nd);
                f->dirs = nd;
            }
            d = &f->dirs[f->ndirs++];
            d->name = dn;
        }
        overdue = tl_overdue_at(t, today);
        f->overdue += overdue, d->overdue += overdue;
        switch (s) {
        case ST_RED: f->red++, d->red++; break;
        case ST_AMBER: f->amber++, d->amber++; break;
        case ST_WHITE: f->white++, d->white++; break;
        case ST_GREEN: f->green++, d->green++; break;
        default: break;
        }
    }
    for (size_t k = 0; k < f->ndirs; k++)
        f->dirs[k].outstanding = f->dirs[k].red + f->dirs[k].amber + f->dirs[k].white;
    f->outstanding = f->red + f->amber + f->white;
    if (f->ndirs)
        qsort(f->dirs, f->ndirs, sizeof *f->dirs, dir_cmp);
}

static void figure_cell(struct html *h, long v, const char *label, const char *href)
{
    html_lit(h, "<div class=\"govuk-grid-column-one-quarter\"><div class=\"app-figure\">"
                "<p class=\"app-figure__value\">");
    html_int(h, v);
    html_lit(h, "</p><p class=\"app-figure__label\">");
    if (href) {
        html_lit(h, "<a class=\"govuk-link\"");
        html_url(h, "href", href);
        html_lit(h, ">");
        html_text(h, label);
        html_lit(h, "</a>");
    } else {
        html_text(h, label);
    }
    html_lit(h, "</p></div></div>");
}

/* The chart, drawn by format/svg.c and passed through the SVG sanitiser;
 * a chart that cannot be drawn leaves its table to say the figures. */
static void chart(struct web_request *req, struct html *h, const struct svg_bar_chart *c)
{
    struct buf svg;
    struct err e = {0};
    buf_init(&svg, (size_t)4 << 20);
    if (svg_bar_chart(&svg, c, &e) == 0) {
        html_lit(h, "<figure class=\"app-chart\">");
        if (html_svg(h, buf_str(&svg), NULL, 0, 0, &e))
            web_log(req, "dashboard chart: %s", e.msg);
        html_lit(h, "</figure>");
    } else {
        web_log(req, "dashboard chart: %s", e.msg);
    }
    buf_release(&svg);
}

static void status_figures(struct web_request *req, struct html *h, const struct figures *f)
{
    static const char *const cats[] = {"Red", "Amber", "White"};
    static const char *const colours[] = {SVG_RED, SVG_AMBER, SVG_WHITE};
    /* One series per status, each with a value in its own row only, so
     * that each bar has its status's colour. */
    long vals[9] = {0};
    struct svg_bar_chart c = {0};

    vals[0] = f->red, vals[4] = f->amber, vals[8] = f->white;
    c.id = "status";
    c.title = "Outstanding actions by status";
    c.desc = "A bar for each status of the outstanding actions: red, amber and white. The "
             "table beside the chart gives the figures.";
    c.ncats = 3, c.cats = cats, c.nseries = 3, c.series = cats, c.colours = colours;
    c.values = vals, c.stacked = 1, c.width = 560, c.axis_label = "Actions", c.hide_title = 1;

    html_lit(h, "<h2 class=\"govuk-heading-m\">Outstanding actions by status</h2>"
                "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    chart(req, h, &c);
    html_lit(h, "</div><div class=\"govuk-grid-column-one-third\">"
                "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                "govuk-table__caption--s\">Outstanding actions by status</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Actions</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (int i = 0; i < 4; i++) {
        static const enum status st[] = {ST_RED, ST_AMBER, ST_WHITE};
        long v = i == 0 ? f->red : i == 1 ? f->amber : i == 2 ? f->white : f->outstanding;
        html_lit(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                    "class=\"govuk-table__header\">");
        if (i < 3)
            view_status_tag(h, st[i]);
        else
            html_lit(h, "Total outstanding");
        html_lit(h, "</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
        html_int(h, v);
        html_lit(h, "</td></tr>");
    }
    html_lit(h, "</tbody></table></div></div>");
}

static void directorates(struct web_request *req, struct html *h, const struct figures *f)
{
    static const char *const series[] = {"Red", "Amber", "White"};
    static const char *const colours[] = {SVG_RED, SVG_AMBER, SVG_WHITE};
    const char **cats = arena_alloc(req->arena, (f->ndirs + 1) * sizeof *cats);
    long *vals = arena_alloc(req->arena, (f->ndirs * 3 + 1) * sizeof *vals);
    struct svg_bar_chart c = {0};

    html_lit(h, "<h2 class=\"govuk-heading-m\">By directorate</h2>");
    if (!f->ndirs) {
        html_lit(h, "<p class=\"govuk-body\">No directorate has open actions.</p>");
        return;
    }
    for (size_t i = 0; i < f->ndirs; i++) {
        cats[i] = f->dirs[i].name;
        vals[i * 3] = f->dirs[i].red;
        vals[i * 3 + 1] = f->dirs[i].amber;
        vals[i * 3 + 2] = f->dirs[i].white;
    }
    c.id = "directorates";
    c.title = "Outstanding actions by directorate";
    c.desc = "A bar for each directorate, split into its red, amber and white actions. The "
             "table below the chart gives the figures.";
    c.ncats = f->ndirs, c.cats = cats, c.nseries = 3, c.series = series, c.colours = colours;
    c.values = vals, c.stacked = 1, c.axis_label = "Actions", c.hide_title = 1;
    chart(req, h, &c);

    view_scroll_begin(h, "Open actions by directorate");
    html_lit(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                "govuk-table__caption--s\">Open actions by directorate</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Directorate</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Red</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Amber</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "White</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Outstanding</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Overdue</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Green awaiting sign-off</th></tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < f->ndirs; i++) {
        const struct dir_row *d = &f->dirs[i];
        long v[] = {d->red, d->amber, d->white, d->outstanding, d->overdue, d->green};
        html_lit(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" "
                    "class=\"govuk-table__header\">");
        html_text(h, d->name);
        html_lit(h, "</th>");
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
            html_lit(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
            html_int(h, v[k]);
            html_lit(h, "</td>");
        }
        html_lit(h, "</tr>");
    }
    html_lit(h, "</tbody></table>");
    view_scroll_end(h);
}

static int latest_updates(struct web_request *req, struct html *h, const struct timelines *tl,
                          const struct figures *f, struct err *e)
{
    int cleared = view_cleared(req);

    html_lit(h, "<h2 class=\"govuk-heading-m\">Latest updates</h2>");
    if (!f->nlatest) {
        html_lit(h, "<p class=\"govuk-body\">There are no updates yet.</p>");
        return 0;
    }
    view_scroll_begin(h, "The latest updates");
    html_lit(h, "<table class=\"govuk-table app-table--updates\"><caption "
                "class=\"govuk-table__caption govuk-table__caption--s govuk-visually-hidden\">"
                "The latest updates, most recent first</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Date</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Action</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Status</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Update</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Who</th></tr></thead>"
                "<tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < f->nlatest; i++) {
        const struct tl_action *t = &tl->v[f->latest_action[i]];
        const struct tl_event *ev = &t->ev[f->latest_event[i]];
        const struct source *src = tl->sources[t->source];
        int restricted = t->a->marking == MK_RESTRICTED || view_source_restricted(src);
        struct update *u;
        int rc;

        if ((rc = store_update_get(req->store, ev->seq, req->arena, &u, e)))
            return rc;
        html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell app-nowrap\">");
        view_date(h, ev->date);
        html_lit(h, "</td><td class=\"govuk-table__cell\"><a class=\"govuk-link\"");
        html_url(h, "href", view_action_href(req->arena, t->a->ref));
        html_lit(h, ">");
        html_text(h, t->a->ref);
        html_lit(h, "</a></td><td class=\"govuk-table__cell\">");
        view_status_tag(h, (enum status)ev->status);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        if (restricted && !cleared)
            html_lit(h, "(restricted)");
        else
            html_text_br(h, u->note);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, u->by && *u->by ? u->by : u->recorded_by);
        html_lit(h, "<br/><span class=\"govuk-body-s app-secondary\">recorded by ");
        html_text(h, u->recorded_by);
        html_lit(h, ", ");
        view_moment(h, u->recorded_at);
        html_lit(h, "</span></td></tr>");
    }
    html_lit(h, "</tbody></table>");
    view_scroll_end(h);
    return 0;
}

static int any_action(void *ctx, const char *ref, int64_t id)
{
    (void)ref, (void)id;
    *(int *)ctx = 1;
    return 1; /* one is enough: stop */
}

/* The timelines the figures are counted from; a register with no actions
 * yet (a new one) has nothing to count, and none are read. */
static int load(struct web_request *req, struct timelines *tl, struct err *e)
{
    int any = 0, rc = store_action_refs(req->store, any_action, &any, e);
    memset(tl, 0, sizeof *tl);
    if (rc < 0)
        return rc;
    return any ? store_timelines(req->store, NULL, req->arena, tl, e) : 0;
}

int page_dashboard(struct web_request *req, struct web_response *resp)
{
    const struct user *u = req->user;
    struct timelines tl;
    struct figures f;
    struct err e = {0};
    struct html *h;
    int32_t today = date_today();
    int rc;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    if ((rc = load(req, &tl, &e)))
        return web_fail(req, resp, &e);
    count(&tl, today, req->arena, &f);

    h = web_page_begin(req, resp, 200, "Dashboard", NAV_DASHBOARD);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Dashboard</h1>"
                "<p class=\"govuk-body\">You are signed in as <strong>");
    html_text(h, u->name);
    html_lit(h, "</strong>, ");
    html_text(h, ROLE_WORDS[u->role] ? ROLE_WORDS[u->role] : "a user");
    if (u->owner_name && *u->owner_name) {
        html_lit(h, ", answering for actions owned by ");
        html_text(h, u->owner_name);
    }
    if (u->directorate && *u->directorate) {
        if (u->owner_name && *u->owner_name)
            html_lit(h, " and the ");
        else
            html_lit(h, ", answering for the ");
        html_text(h, u->directorate);
        html_lit(h, " directorate");
    }
    html_lit(h, ".</p><p class=\"govuk-body\">The register today, ");
    view_date(h, today);
    html_lit(h, ".</p>");

    html_lit(h, "<div class=\"govuk-grid-row\">");
    figure_cell(h, f.outstanding, "outstanding actions (red, amber and white)", NULL);
    figure_cell(h, f.overdue, "overdue actions", "/actions?only=overdue");
    figure_cell(h, f.green, "green actions awaiting sign-off", "/actions?status=green");
    figure_cell(h, f.closed, "closed actions", NULL);
    html_lit(h, "</div>");

    status_figures(req, h, &f);
    directorates(req, h, &f);
    if ((rc = latest_updates(req, h, &tl, &f, &e)))
        return web_fail(req, resp, &e);
    return web_page_end(req, resp);
}
