/* page_audit.c -- GET /audit: the audit log, for administrators: every
 * change recorded in the register (store_audit_each), newest first, 50 to a
 * page, filtered by the dates it was recorded on (from, to: days in London),
 * by action ref or subject (ref) and by who recorded it (who).
 *
 * The store gives the log oldest first, one entry at a time, from memory it
 * reuses; a page is found in two passes: the first counts the entries that
 * pass the filter, the second copies the page's fifty into the request's
 * arena. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "domain/user.h"
#include "store/store.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/view.h"

#define PAGE_SIZE 50

struct audit_filter {
    char until[MOMENT_BUFSZ]; /* recorded before this moment; "" none */
    const char *subject;      /* subject equal to this (no case); NULL none */
    const char *who;          /* recorded_by equal to this (no case); NULL none */
};

struct audit_pass {
    const struct audit_filter *f;
    struct arena *a;
    size_t n;                 /* entries passing so far */
    size_t lo, hi;            /* pass two: copy entries [lo, hi) */
    struct audit_entry *page; /* hi - lo of them */
};

static const char *copy(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

static int each(void *ctx, const struct audit_entry *en)
{
    struct audit_pass *p = ctx;
    const struct audit_filter *f = p->f;
    if (f->until[0] && strcmp(en->recorded_at, f->until) >= 0)
        return 0;
    if (f->subject && (!en->subject || strcasecmp(en->subject, f->subject) != 0))
        return 0;
    if (f->who && (!en->recorded_by || strcasecmp(en->recorded_by, f->who) != 0))
        return 0;
    if (p->page && p->n >= p->lo && p->n < p->hi) {
        struct audit_entry *c = &p->page[p->n - p->lo];
        c->seq = en->seq;
        c->recorded_at = copy(p->a, en->recorded_at);
        c->recorded_by = copy(p->a, en->recorded_by);
        c->what = copy(p->a, en->what);
        c->subject = copy(p->a, en->subject);
        c->field = copy(p->a, en->field);
        c->old_value = copy(p->a, en->old_value);
        c->new_value = copy(p->a, en->new_value);
    }
    p->n++;
    return 0;
}

/* The address of page n with the same filters. */
static const char *page_href(struct web_request *req, const char *const *vals, long n)
{
    static const char *const names[] = {"from", "to", "ref", "who"};
    const char *q = "";
    for (size_t i = 0; i < 4; i++)
        if (vals[i] && *vals[i])
            q = arena_printf(req->arena, "%s%s=%s&", q, names[i], view_urlenc(req->arena, vals[i]));
    return arena_printf(req->arena, "/audit?%spage=%ld", q, n);
}

static void pagination(struct web_request *req, struct html *h, const char *const *vals,
                       long page, long pages)
{
    if (pages <= 1)
        return;
    html_lit(h, "<nav class=\"govuk-pagination\" aria-label=\"Pages of the audit log\">");
    if (page > 1) {
        html_lit(h, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link "
                    "govuk-pagination__link\" rel=\"prev\"");
        html_url(h, "href", page_href(req, vals, page - 1));
        html_lit(h, "><svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" "
                    "xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" "
                    "aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\"><path d=\""
                    "m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896"
                    "v-2h-12.984l4.2931-4.293-1.414-1.414z\"></path></svg>"
                    "<span class=\"govuk-pagination__link-title\">Newer<span "
                    "class=\"govuk-visually-hidden\"> changes</span></span></a></div>");
    }
    html_lit(h, "<ul class=\"govuk-pagination__list\">");
    for (long i = 1; i <= pages; i++) {
        char label[40];
        /* The first, the last, and two either side of this one. */
        if (i != 1 && i != pages && (i < page - 2 || i > page + 2)) {
            if (i == page - 3 || i == page + 3)
                html_lit(h, "<li class=\"govuk-pagination__item "
                            "govuk-pagination__item--ellipses\">&#8943;</li>");
            continue;
        }
        snprintf(label, sizeof label, "Page %ld", i);
        html_lit(h, "<li class=\"govuk-pagination__item");
        if (i == page)
            html_lit(h, " govuk-pagination__item--current");
        html_lit(h, "\"><a class=\"govuk-link govuk-pagination__link\"");
        html_url(h, "href", page_href(req, vals, i));
        html_attr(h, "aria-label", label);
        if (i == page)
            html_lit(h, " aria-current=\"page\"");
        html_lit(h, ">");
        html_int(h, i);
        html_lit(h, "</a></li>");
    }
    html_lit(h, "</ul>");
    if (page < pages) {
        html_lit(h, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link "
                    "govuk-pagination__link\" rel=\"next\"");
        html_url(h, "href", page_href(req, vals, page + 1));
        html_lit(h, "><span class=\"govuk-pagination__link-title\">Older<span "
                    "class=\"govuk-visually-hidden\"> changes</span></span>"
                    "<svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" "
                    "xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" "
                    "aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\"><path d=\""
                    "m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 "
                    "1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path></svg></a></div>");
    }
    html_lit(h, "</nav>");
}

static void value(struct html *h, const char *v)
{
    if (v)
        html_text_br(h, v);
    else
        html_lit(h, "<span class=\"app-secondary\">(none)</span>");
}

int page_audit(struct web_request *req, struct web_response *resp)
{
    const char *from = view_trim(req->arena, web_query(req, "from"));
    const char *to = view_trim(req->arena, web_query(req, "to"));
    const char *ref = view_trim(req->arena, web_query(req, "ref"));
    const char *who = view_trim(req->arena, web_query(req, "who"));
    const char *pg = web_query(req, "page");
    const char *vals[4] = {from, to, ref, who};
    struct audit_filter f = {{0}, NULL, NULL};
    struct audit_pass pass = {0};
    struct web_field_error errs[3];
    struct action *act = NULL;
    struct err e = {0};
    struct html *h;
    char since[MOMENT_BUFSZ];
    int32_t d_from = DATE_NONE, d_to = DATE_NONE;
    long page = 1, pages;
    size_t nerr = 0;
    int rc;

    if ((rc = web_require(req, ROLE_ADMIN)))
        return rc;
    if (from && *from && date_parse(from, strlen(from), &d_from))
        errs[nerr++] = (struct web_field_error){"from", "Enter the first day as a date, like "
                                                        "1/2/2024"};
    if (to && *to && date_parse(to, strlen(to), &d_to))
        errs[nerr++] = (struct web_field_error){"to", "Enter the last day as a date, like "
                                                      "29/2/2024"};
    if (!nerr && d_from != DATE_NONE && d_to != DATE_NONE && d_to < d_from)
        errs[nerr++] = (struct web_field_error){"to", "The last day must be on or after the first"};
    if (pg && *pg) {
        char *end;
        page = strtol(pg, &end, 10);
        if (*end || page < 1 || page > 1000000)
            return web_error(resp, 400, "There is no such page of the audit log.");
    }
    if (d_to != DATE_NONE && !nerr)
        moment_format(view_london_midnight(d_to + 1), f.until);
    if (who && *who)
        f.who = who;
    if (ref && *ref && !nerr) {
        rc = store_action_find(req->store, ref, req->arena, &act, &e);
        if (rc && rc != ERR_NOTFOUND)
            return web_fail(req, resp, &e);
        if (rc)
            f.subject = ref, act = NULL;
    }

    if (!nerr) {
        const char *s = d_from != DATE_NONE ? moment_format(view_london_midnight(d_from), since)
                                            : NULL;
        pass.f = &f;
        pass.a = req->arena;
        if ((rc = store_audit_each(req->store, s, act ? act->id : 0, each, &pass, &e)))
            return web_fail(req, resp, &e);
        pages = pass.n ? (long)((pass.n + PAGE_SIZE - 1) / PAGE_SIZE) : 1;
        if (page > pages)
            return web_error(resp, 404, "There is no such page of the audit log.");
        /* Newest first: page 1 holds the last PAGE_SIZE entries. */
        pass.hi = pass.n - (size_t)(page - 1) * PAGE_SIZE;
        pass.lo = pass.hi > PAGE_SIZE ? pass.hi - PAGE_SIZE : 0;
        pass.page = arena_alloc(req->arena, (pass.hi - pass.lo + 1) * sizeof *pass.page);
        pass.n = 0;
        if ((rc = store_audit_each(req->store, s, act ? act->id : 0, each, &pass, &e)))
            return web_fail(req, resp, &e);
    } else {
        pages = 1;
    }

    h = web_page_begin(req, resp, nerr ? 400 : 200, nerr ? "Error: Audit log" : "Audit log",
                       NAV_AUDIT);
    web_error_summary(h, errs, nerr);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Audit log</h1>"
                "<p class=\"govuk-body\">Every change recorded in the register, newest first: "
                "when and by whom it was recorded, what it changed, and the value before and "
                "after. Times are London time.</p>"
                "<form method=\"get\" action=\"/audit\" class=\"app-filter\" "
                "novalidate=\"novalidate\"><div class=\"app-filter__fields\">");
    {
        struct view_input in = {"from", "Recorded from", "For example, 1/2/2024", from,
                                view_error_for(errs, nerr, "from"), "govuk-input--width-10",
                                NULL, "off", 0};
        view_input(h, &in);
        in = (struct view_input){"to", "Recorded to", "The last day included", to,
                                 view_error_for(errs, nerr, "to"), "govuk-input--width-10", NULL,
                                 "off", 0};
        view_input(h, &in);
        in = (struct view_input){"ref", "Action ref or subject", "A ref, a source's title, a "
                                 "setting or a user",
                                 ref, NULL, "govuk-input--width-20", NULL, "off", 1};
        view_input(h, &in);
        in = (struct view_input){"who", "Recorded by", "A user's name", who, NULL,
                                 "govuk-input--width-10", NULL, "off", 1};
        view_input(h, &in);
    }
    html_lit(h, "</div><div class=\"govuk-button-group\"><button type=\"submit\" "
                "class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                "Filter</button><a class=\"govuk-link\" href=\"/audit\">Clear the filters</a>"
                "</div></form>");
    if (nerr)
        return web_page_end(req, resp);

    if (!pass.n) {
        html_lit(h, "<p class=\"govuk-body\">No changes match.</p>");
        return web_page_end(req, resp);
    }
    html_lit(h, "<p class=\"govuk-body\">");
    html_int(h, (long long)pass.n);
    html_text(h, pass.n == 1 ? " change" : " changes");
    if (pages > 1) {
        html_lit(h, "; page ");
        html_int(h, page);
        html_lit(h, " of ");
        html_int(h, pages);
    }
    html_lit(h, ".</p>");
    view_scroll_begin(h, "The changes");
    html_lit(h, "<table class=\"govuk-table app-table--audit\"><caption "
                "class=\"govuk-table__caption govuk-visually-hidden\">Changes, newest first"
                "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Change</th><th scope=\"col\" class=\"govuk-table__header\">Recorded</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">What</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Field</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Before</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">After</th></tr></thead>"
                "<tbody class=\"govuk-table__body\">");
    for (size_t k = pass.hi - pass.lo; k-- > 0;) {
        const struct audit_entry *en = &pass.page[k];
        html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell "
                    "govuk-table__cell--numeric\">");
        html_int(h, en->seq);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        view_moment(h, en->recorded_at);
        html_lit(h, "<br/>by ");
        html_text(h, en->recorded_by);
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, en->what);
        if (en->subject && *en->subject) {
            html_lit(h, "<br/>");
            if (act || (en->what && (strcmp(en->what, "action") == 0 ||
                                     strcmp(en->what, "update") == 0 ||
                                     strcmp(en->what, "target date") == 0 ||
                                     strcmp(en->what, "void") == 0))) {
                html_lit(h, "<a class=\"govuk-link\"");
                html_url(h, "href", view_action_href(req->arena, en->subject));
                html_lit(h, ">");
                html_text(h, en->subject);
                html_lit(h, "</a>");
            } else {
                html_text(h, en->subject);
            }
        }
        html_lit(h, "</td><td class=\"govuk-table__cell\">");
        html_text(h, en->field ? en->field : "(new)");
        html_lit(h, "</td><td class=\"govuk-table__cell app-audit-value\">");
        if (en->field)
            value(h, en->old_value);
        html_lit(h, "</td><td class=\"govuk-table__cell app-audit-value\">");
        value(h, en->new_value);
        html_lit(h, "</td></tr>");
    }
    html_lit(h, "</tbody></table>");
    view_scroll_end(h);
    pagination(req, h, vals, page, pages);
    return web_page_end(req, resp);
}
