/* page_actions.c -- the list of actions: GET /actions, with filters
 * (status, source, kind, owner, directorate, overdue, the user's own,
 * historic or new, words), sorting (reference, status, target date, owner)
 * and pages of ACTIONS_PER_PAGE; and the same list, filtered the same way,
 * as a download: GET /actions.csv and /actions.xlsx.
 *
 * Everything is in the query string, so the filter is an ordinary GET
 * form that works without JavaScript, and a filtered list can be
 * bookmarked, shared or downloaded. The register is read as of today;
 * actions the user is not cleared to see are left out (and counted). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "format/csv_write.h"
#include "format/doc.h"
#include "store/state.h"
#include "store/store.h"
#include "web/app.h"
#include "web/page_action.h"
#include "web/pages.h"
#include "web/view.h"

enum sort { SORT_REF, SORT_STATUS, SORT_DUE, SORT_OWNER };
static const char *const SORT_NAMES[] = {"ref", "status", "due", "owner"};

enum period { PERIOD_ANY, PERIOD_HISTORIC, PERIOD_NEW };

struct filter {
    unsigned statuses;        /* bit per enum status; 0: any */
    long long source;         /* source id; 0: any */
    int kind;                 /* enum action_kind; 0: any */
    const char *owner, *directorate, *q;
    int overdue, mine;
    enum period period;
    enum sort sort;
    long page;
};

/* The page of the list the filter asks for, as of today, read through the
 * register's kept state (store/state.h): only that page's actions are
 * read, and the counts come kept. */
struct list {
    struct action **v;        /* the page (or, for downloads, every match) */
    size_t n;                 /* of them */
    size_t total;             /* matching the filter */
    size_t hidden;            /* restricted actions left out */
    struct source **src;      /* sorted by id: every source, or the one filtered on */
    size_t nsrc;
    int listed;               /* src is every source, few enough to offer in a list */
    const char **owners, **directorates;
    size_t nowners, ndirectorates;
    int32_t today, cutoff;
};

static int src_cmp(const void *x, const void *y)
{
    const struct source *a = *(struct source *const *)x, *b = *(struct source *const *)y;
    return a->id < b->id ? -1 : a->id > b->id;
}

static const struct source *source_of(const struct list *l, int64_t id)
{
    struct source key = {.id = id}, *kp = &key, **f;
    f = bsearch(&kp, l->src, l->nsrc, sizeof *l->src, src_cmp);
    return f ? *f : NULL;
}

/* A restricted source's title is itself restricted. */
static int source_visible(const struct user *u, const struct source *s)
{
    return s->marking != MK_RESTRICTED || (u && u->clearance == MK_RESTRICTED);
}

/* Forward: the filter (parsed below). */
struct filter;
static int load_list(struct web_request *req, struct web_response *resp, const struct filter *f,
                     int page, struct list *l);

/* ---- the filter in the query string ----------------------------------- */

/* More sources than this and the filter asks for a source's title rather
 * than offering every one (a register of many forces holds thousands). */
#define SOURCES_LISTED 200

static void parse_filter(const struct web_request *req, struct filter *f)
{
    memset(f, 0, sizeof *f);
    f->page = 1;
    for (size_t i = 0; i < req->nquery; i++) {
        const char *k = req->query_fields[i].name, *v = req->query_fields[i].value;
        size_t vl = strlen(v);
        int w;
        if (strcmp(k, "status") == 0 && (w = vocab_parse(&VOCAB_STATUS, v, vl)) > 0)
            f->statuses |= 1u << w;
        else if (strcmp(k, "source") == 0 && (f->source = strtoll(v, NULL, 10)) < 0)
            f->source = 0;
        else if (strcmp(k, "source_title") == 0 && *v) {
            /* A title typed: its source, or none (nothing matches). */
            struct source *src;
            struct err e = {0};
            f->source = store_source_find(req->store, v, req->arena, &src, &e) == 0 &&
                                source_visible(req->user, src)
                            ? src->id
                            : -1;
        }
        else if (strcmp(k, "kind") == 0 && (w = vocab_parse(&VOCAB_ACTION_KIND, v, vl)) > 0)
            f->kind = w;
        else if (strcmp(k, "only") == 0 && strcmp(v, "overdue") == 0)
            f->overdue = 1;
        else if (strcmp(k, "only") == 0 && strcmp(v, "mine") == 0)
            f->mine = 1;
        else if (strcmp(k, "period") == 0)
            f->period = strcmp(v, "historic") == 0 ? PERIOD_HISTORIC
                        : strcmp(v, "new") == 0    ? PERIOD_NEW
                                                   : PERIOD_ANY;
        else if (strcmp(k, "sort") == 0) {
            for (size_t s = 0; s < sizeof SORT_NAMES / sizeof *SORT_NAMES; s++)
                if (strcmp(v, SORT_NAMES[s]) == 0)
                    f->sort = (enum sort)s;
        } else if (strcmp(k, "page") == 0) {
            f->page = strtol(v, NULL, 10);
            if (f->page < 1 || f->page > 1000000)
                f->page = 1;
        }
    }
    f->owner = web_query(req, "owner") && *web_query(req, "owner") ? web_query(req, "owner") : NULL;
    f->directorate = web_query(req, "directorate") && *web_query(req, "directorate")
                         ? web_query(req, "directorate")
                         : NULL;
    f->q = web_query(req, "q");
    if (f->q) {
        f->q += strspn(f->q, " ");
        if (!*f->q)
            f->q = NULL;
    }
}

static void param(struct buf *b, const char *name, const char *value)
{
    buf_addc(b, b->len && !strchr(b->p, '?') ? '?' : '&');
    buf_adds(b, name);
    buf_addc(b, '=');
    html_urlenc(b, value);
}

/* base with f as its query string (page only when past the first). */
static const char *filter_url(struct arena *a, const char *base, const struct filter *f)
{
    struct buf b;
    const char *out;
    buf_init(&b, 1 << 16);
    buf_adds(&b, base);
    for (int s = ST_WHITE; s < ST__COUNT; s++)
        if (f->statuses & (1u << s))
            param(&b, "status", vocab_name(&VOCAB_STATUS, s));
    if (f->overdue)
        param(&b, "only", "overdue");
    if (f->mine)
        param(&b, "only", "mine");
    if (f->period)
        param(&b, "period", f->period == PERIOD_HISTORIC ? "historic" : "new");
    if (f->source)
        param(&b, "source", arena_printf(a, "%lld", f->source));
    if (f->kind)
        param(&b, "kind", vocab_name(&VOCAB_ACTION_KIND, f->kind));
    if (f->owner)
        param(&b, "owner", f->owner);
    if (f->directorate)
        param(&b, "directorate", f->directorate);
    if (f->q)
        param(&b, "q", f->q);
    if (f->sort != SORT_REF)
        param(&b, "sort", SORT_NAMES[f->sort]);
    if (f->page > 1)
        param(&b, "page", arena_printf(a, "%ld", f->page));
    out = arena_strdup(a, buf_str(&b));
    buf_release(&b);
    return out;
}

/* ---- reading the list --------------------------------------------------- */

static int load_list(struct web_request *req, struct web_response *resp, const struct filter *f,
                     int page, struct list *l)
{
    struct arena *a = req->arena;
    struct action_query q = {0};
    struct action_counts c;
    const char *cutoff;
    struct err e = {0};
    int cleared = req->user && req->user->clearance == MK_RESTRICTED;

    memset(l, 0, sizeof *l);
    l->today = date_today();
    l->cutoff = DATE_NONE;
    /* Sources as a list to choose from when there are not too many; else
     * a title to type, and only the one filtered on is read. */
    if (store_source_count(req->store, &l->nsrc, &e) ||
        store_setting_get(req->store, "cutoff", a, &cutoff, &e))
        return web_fail(req, resp, &e);
    l->listed = l->nsrc <= SOURCES_LISTED;
    if (l->listed && store_sources_list(req->store, a, &l->src, &l->nsrc, &e))
        return web_fail(req, resp, &e);
    if (!l->listed) {
        struct source *one;
        int rc = f->source > 0 ? store_source_get(req->store, f->source, a, &one, &e) : ERR_NOTFOUND;
        if (rc && rc != ERR_NOTFOUND)
            return web_fail(req, resp, &e);
        l->nsrc = rc ? 0 : 1;
        l->src = arena_alloc(a, sizeof *l->src);
        l->src[0] = rc ? NULL : one;
    }
    if (cutoff && date_parse(cutoff, strlen(cutoff), &l->cutoff))
        l->cutoff = DATE_NONE;
    qsort(l->src, l->nsrc, sizeof *l->src, src_cmp);
    q.today = l->today;
    q.statuses = f->statuses;
    q.source_id = f->source;
    q.kind = (enum action_kind)f->kind;
    q.owner = f->owner;
    q.directorate = f->directorate;
    q.overdue = f->overdue;
    if (f->mine) {
        q.mine = 1;
        q.mine_owner = req->user ? req->user->owner_name : NULL;
        q.mine_directorate = req->user ? req->user->directorate : NULL;
    }
    q.issued_before = q.issued_from = DATE_NONE;
    if (f->period == PERIOD_HISTORIC && l->cutoff != DATE_NONE)
        q.issued_before = l->cutoff;
    else if (f->period == PERIOD_NEW && l->cutoff != DATE_NONE)
        q.issued_from = l->cutoff;
    q.words = f->q;
    q.hide_restricted = !cleared;
    q.sort = f->sort == SORT_STATUS ? ACTION_SORT_STATUS
             : f->sort == SORT_DUE  ? ACTION_SORT_DUE
             : f->sort == SORT_OWNER ? ACTION_SORT_OWNER
                                     : ACTION_SORT_REF;
    if (page) {
        q.offset = (size_t)(f->page - 1) * ACTIONS_PER_PAGE;
        q.limit = ACTIONS_PER_PAGE;
    }
    if (store_actions_now(req->store, &q, 0, a, &l->v, NULL, &l->n, &c, &e))
        return web_fail(req, resp, &e);
    /* A page past the end (the list has shrunk since the link was made):
     * the last page. */
    if (page && l->n == 0 && c.total && q.offset >= c.total) {
        q.offset = (c.total - 1) / ACTIONS_PER_PAGE * ACTIONS_PER_PAGE;
        if (store_actions_now(req->store, &q, 0, a, &l->v, NULL, &l->n, NULL, &e))
            return web_fail(req, resp, &e);
    }
    l->total = c.total;
    l->hidden = c.hidden;
    if (page && (store_action_names(req->store, 0, cleared, a, &l->owners, &l->nowners, &e) ||
                 store_action_names(req->store, 1, cleared, a, &l->directorates,
                                    &l->ndirectorates, &e)))
        return web_fail(req, resp, &e);
    return 0;
}

/* ---- the page ---------------------------------------------------------- */

/* The different owners (which = 0) or directorates (1) of the register,
 * as options after "All" (names differing only in case once). */
static struct field_opt *distinct(struct arena *a, const struct list *l, int which, size_t *n)
{
    const char **v = which ? l->directorates : l->owners;
    size_t k = which ? l->ndirectorates : l->nowners;
    struct field_opt *o = arena_alloc(a, (k + 1) * sizeof *o);
    o[0] = (struct field_opt){"", "All"};
    *n = 1;
    for (size_t i = 0; i < k; i++)
        if (*v[i] && (i == 0 || strcasecmp(v[i], v[i - 1]) != 0))
            o[(*n)++] = (struct field_opt){v[i], v[i]};
    return o;
}

static struct filter first_page(const struct filter *f)
{
    struct filter w = *f;
    w.page = 1;
    return w;
}

static void selected_tag(struct html *h, struct arena *a, const struct filter *without,
                         const char *text)
{
    html_lit(h, "<li><a class=\"moj-filter__tag\"");
    html_url(h, "href", filter_url(a, "/actions", without));
    html_lit(h, "><span class=\"govuk-visually-hidden\">Remove this filter</span> ");
    html_text(h, text);
    html_lit(h, "</a></li>");
}

static void selected_heading(struct html *h, const char *text)
{
    html_lit(h, "<h3 class=\"govuk-heading-s govuk-!-margin-bottom-0\">");
    html_text(h, text);
    html_lit(h, "</h3><ul class=\"moj-filter-tags\">");
}

/* The filters in use, each a link that removes it (MoJ's filter component). */
static void selected_filters(struct html *h, struct arena *a, const struct user *user,
                             const struct list *l, const struct filter *f)
{
    struct filter w;
    if (!f->statuses && !f->source && !f->kind && !f->owner && !f->directorate && !f->q &&
        !f->overdue && !f->mine && !f->period)
        return;
    html_lit(h, "<div class=\"moj-filter__selected\"><div class=\"moj-filter__selected-heading\">"
                "<div class=\"moj-filter__heading-title\"><h2 class=\"govuk-heading-m\">"
                "Selected filters</h2></div><div class=\"moj-filter__heading-action\">"
                "<p><a class=\"govuk-link govuk-link--no-visited-state\"");
    w = (struct filter){.sort = f->sort, .page = 1};
    html_url(h, "href", filter_url(a, "/actions", &w));
    html_lit(h, ">Clear filters</a></p></div></div>");
    if (f->q) {
        selected_heading(h, "Words");
        w = first_page(f);
        w.q = NULL;
        selected_tag(h, a, &w, f->q);
        html_lit(h, "</ul>");
    }
    if (f->statuses) {
        selected_heading(h, "Status");
        for (int s = ST_WHITE; s < ST__COUNT; s++)
            if (f->statuses & (1u << s)) {
                w = first_page(f);
                w.statuses &= ~(1u << s);
                selected_tag(h, a, &w, view_status_word(s));
            }
        html_lit(h, "</ul>");
    }
    if (f->overdue || f->mine || f->period) {
        selected_heading(h, "Show only");
        if (f->overdue) {
            w = first_page(f);
            w.overdue = 0;
            selected_tag(h, a, &w, "Overdue");
        }
        if (f->mine) {
            w = first_page(f);
            w.mine = 0;
            selected_tag(h, a, &w, "Yours");
        }
        if (f->period) {
            w = first_page(f);
            w.period = PERIOD_ANY;
            selected_tag(h, a, &w, f->period == PERIOD_HISTORIC ? "Historic" : "New");
        }
        html_lit(h, "</ul>");
    }
    if (f->source) {
        const struct source *s = source_of(l, f->source);
        selected_heading(h, "Source");
        w = first_page(f);
        w.source = 0;
        selected_tag(h, a, &w, s && source_visible(user, s) ? s->title : "Unknown source");
        html_lit(h, "</ul>");
    }
    if (f->kind) {
        selected_heading(h, "Kind");
        w = first_page(f);
        w.kind = 0;
        selected_tag(h, a, &w, kind_words(f->kind));
        html_lit(h, "</ul>");
    }
    if (f->owner) {
        selected_heading(h, "Owner");
        w = first_page(f);
        w.owner = NULL;
        selected_tag(h, a, &w, f->owner);
        html_lit(h, "</ul>");
    }
    if (f->directorate) {
        selected_heading(h, "Directorate");
        w = first_page(f);
        w.directorate = NULL;
        selected_tag(h, a, &w, f->directorate);
        html_lit(h, "</ul>");
    }
    html_lit(h, "</div>");
}

static const struct field_opt STATUSES[] = {
    {"red", "Red"}, {"amber", "Amber"}, {"white", "White"}, {"green", "Green"}, {"closed", "Closed"}};
static const enum status STATUS_ORDER[] = {ST_RED, ST_AMBER, ST_WHITE, ST_GREEN, ST_CLOSED};

static void filter_form(struct web_request *req, struct html *h, const struct list *l,
                        const struct filter *f)
{
    struct arena *a = req->arena;
    struct field fl;
    struct field_opt *opts;
    unsigned ticked = 0;
    size_t n;

    html_lit(h, "<div class=\"moj-filter\"><div class=\"moj-filter__header\">"
                "<div class=\"moj-filter__header-title\"><h2 class=\"govuk-heading-m\">Filter</h2>"
                "</div><div class=\"moj-filter__header-action\"></div></div>"
                "<div class=\"moj-filter__content\">");
    selected_filters(h, a, req->user, l, f);
    html_lit(h, "<div class=\"moj-filter__options\">"
                "<form method=\"get\" action=\"/actions\" novalidate=\"novalidate\">"
                "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Apply filters</button>");
    if (f->sort != SORT_REF) {
        html_lit(h, "<input type=\"hidden\" name=\"sort\"");
        html_attr(h, "value", SORT_NAMES[f->sort]);
        html_lit(h, "/>");
    }
    fl = (struct field){"q", "Words", "In the reference, text, owner, source or latest note",
                        NULL, f->q};
    field_input(h, a, &fl, FW_FULL);
    for (size_t i = 0; i < 5; i++)
        if (f->statuses & (1u << STATUS_ORDER[i]))
            ticked |= 1u << i;
    fl = (struct field){"status", "Status", NULL, NULL, NULL};
    field_checkboxes(h, a, &fl, STATUSES, 5, ticked, 1);
    {
        static const struct field_opt only[] = {{"overdue", "Overdue"}, {"mine", "Yours"}};
        fl = (struct field){"only", "Show only", NULL, NULL, NULL};
        field_checkboxes(h, a, &fl, only, 2, (unsigned)f->overdue | (unsigned)f->mine << 1, 1);
    }
    if (l->cutoff != DATE_NONE) {
        char d[32];
        static const struct field_opt periods[] = {
            {"", "Any"}, {"historic", "Historic"}, {"new", "New"}};
        fl = (struct field){"period", "Issued",
                            arena_printf(a, "Historic: issued before %s", date_long(l->cutoff, d)),
                            NULL,
                            f->period == PERIOD_HISTORIC ? "historic"
                            : f->period == PERIOD_NEW    ? "new"
                                                         : ""};
        field_radios(h, a, &fl, periods, 3, 1);
    }
    if (l->listed) {
        opts = arena_alloc(a, (l->nsrc + 1) * sizeof *opts);
        opts[0] = (struct field_opt){"", "All"};
        n = 1;
        for (size_t i = 0; i < l->nsrc; i++) {
            if (!source_visible(req->user, l->src[i]))
                continue;
            opts[n++] = (struct field_opt){arena_printf(a, "%lld", (long long)l->src[i]->id),
                                           l->src[i]->title};
        }
        fl = (struct field){"source", "Source", NULL, NULL,
                            f->source ? arena_printf(a, "%lld", f->source) : ""};
        field_select(h, a, &fl, opts, n);
    } else {
        const struct source *s = f->source > 0 ? source_of(l, f->source) : NULL;
        fl = (struct field){"source_title", "Source", "Its title, as the register has it", NULL,
                            s && source_visible(req->user, s) ? s->title : NULL};
        field_input(h, a, &fl, FW_FULL);
    }
    {
        struct field_opt kinds[AK__COUNT];
        kinds[0] = (struct field_opt){"", "All"};
        for (int k = 1; k < AK__COUNT; k++)
            kinds[k] = (struct field_opt){vocab_name(&VOCAB_ACTION_KIND, k), kind_words(k)};
        fl = (struct field){"kind", "Kind", NULL, NULL,
                            f->kind ? vocab_name(&VOCAB_ACTION_KIND, f->kind) : ""};
        field_select(h, a, &fl, kinds, AK__COUNT);
    }
    opts = distinct(a, l, 0, &n);
    fl = (struct field){"owner", "Owner", NULL, NULL, f->owner ? f->owner : ""};
    field_select(h, a, &fl, opts, n);
    opts = distinct(a, l, 1, &n);
    fl = (struct field){"directorate", "Directorate", NULL, NULL,
                        f->directorate ? f->directorate : ""};
    field_select(h, a, &fl, opts, n);
    html_lit(h, "</form></div></div></div>");
}

/* A column heading that sorts the list by itself. */
static void sort_heading(struct html *h, struct arena *a, const struct filter *f, enum sort s,
                         const char *text)
{
    struct filter w = *f;
    html_lit(h, "<th scope=\"col\" class=\"govuk-table__header\"");
    html_attr(h, "aria-sort", f->sort == s ? "ascending" : "none");
    html_lit(h, "><a class=\"govuk-link govuk-link--no-visited-state\"");
    w.sort = s;
    w.page = 1;
    html_url(h, "href", filter_url(a, "/actions", &w));
    html_lit(h, ">");
    html_text(h, text);
    html_lit(h, "</a></th>");
}

/* At most about 200 characters of text, cut at a word. */
static const char *shortened(struct arena *a, const char *s)
{
    size_t n = s ? strlen(s) : 0, cut = 200;
    if (n <= 220)
        return s;
    while (cut > 120 && s[cut] != ' ')
        cut--;
    while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return arena_printf(a, "%.*s\xE2\x80\xA6", (int)cut, s);
}

static void pagination(struct html *h, struct arena *a, const struct filter *f, long pages)
{
    struct filter w = *f;
    long last_shown = 0;
    if (pages <= 1)
        return;
    html_lit(h, "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">");
    if (f->page > 1) {
        w.page = f->page - 1;
        html_lit(h, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link "
                    "govuk-pagination__link\" rel=\"prev\"");
        html_url(h, "href", filter_url(a, "/actions", &w));
        html_lit(h, "><svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" "
                    "xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" "
                    "aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\"><path "
                    "d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12"
                    ".896v-2h-12.984l4.2931-4.293-1.414-1.414z\"></path></svg>"
                    "<span class=\"govuk-pagination__link-title\">Previous<span "
                    "class=\"govuk-visually-hidden\"> page</span></span></a></div>");
    }
    html_lit(h, "<ul class=\"govuk-pagination__list\">");
    for (long p = 1; p <= pages; p++) {
        if (p != 1 && p != pages && (p < f->page - 1 || p > f->page + 1))
            continue;
        if (last_shown && p > last_shown + 1)
            html_lit(h, "<li class=\"govuk-pagination__item govuk-pagination__item--ellipsis\">"
                        "&#8943;</li>");
        last_shown = p;
        w.page = p;
        if (p == f->page)
            html_lit(h, "<li class=\"govuk-pagination__item govuk-pagination__item--current\">");
        else
            html_lit(h, "<li class=\"govuk-pagination__item\">");
        html_lit(h, "<a class=\"govuk-link govuk-pagination__link\"");
        html_url(h, "href", filter_url(a, "/actions", &w));
        html_attr(h, "aria-label", arena_printf(a, "Page %ld", p));
        if (p == f->page)
            html_lit(h, " aria-current=\"page\"");
        html_lit(h, ">");
        html_int(h, p);
        html_lit(h, "</a></li>");
    }
    html_lit(h, "</ul>");
    if (f->page < pages) {
        w.page = f->page + 1;
        html_lit(h, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link "
                    "govuk-pagination__link\" rel=\"next\"");
        html_url(h, "href", filter_url(a, "/actions", &w));
        html_lit(h, "><span class=\"govuk-pagination__link-title\">Next<span "
                    "class=\"govuk-visually-hidden\"> page</span></span><svg "
                    "class=\"govuk-pagination__icon govuk-pagination__icon--next\" "
                    "xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" "
                    "aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\"><path "
                    "d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 "
                    "3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path></svg></a></div>");
    }
    html_lit(h, "</nav>");
}

static void action_row(struct web_request *req, struct html *h, const struct list *l,
                       const struct action *act)
{
    struct arena *a = req->arena;
    int32_t d;
    char buf[32];

    html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a "
                "class=\"govuk-link\"");
    html_url(h, "href", action_path(a, act->ref, ""));
    html_lit(h, ">");
    html_text(h, act->ref);
    html_lit(h, "</a>");
    if (action_is_mine(req->user, act))
        html_lit(h, "<br/><strong class=\"govuk-tag govuk-tag--purple\">Yours</strong>");
    html_lit(h, "</td><td class=\"govuk-table__cell\">");
    html_text(h, shortened(a, act->text));
    html_lit(h, "<br/><span class=\"govuk-hint govuk-!-font-size-16 govuk-!-margin-bottom-0\">");
    html_text(h, act->source_title);
    html_lit(h, "</span></td><td class=\"govuk-table__cell\">");
    html_text(h, act->owner);
    if (act->owner && act->directorate)
        html_lit(h, "<br/>");
    if (act->directorate) {
        html_lit(h, "<span class=\"govuk-body-s\">");
        html_text(h, act->directorate);
        html_lit(h, "</span>");
    }
    html_lit(h, "</td><td class=\"govuk-table__cell\">");
    if (act->due && date_parse(act->due, strlen(act->due), &d) == 0)
        html_text(h, date_long(d, buf));
    else
        html_text(h, act->due);
    if (action_overdue(act, l->today))
        html_lit(h, "<br/><strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
    html_lit(h, "</td><td class=\"govuk-table__cell\">");
    view_status_tag(h, act->status);
    html_lit(h, "</td></tr>");
}

int page_actions(struct web_request *req, struct web_response *resp)
{
    struct arena *a = req->arena;
    struct list l;
    struct filter f, w;
    struct html *h;
    size_t n, first, last;
    long pages;
    int rc;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    parse_filter(req, &f);
    if ((rc = load_list(req, resp, &f, 1, &l)))
        return rc;
    n = l.total;
    pages = n ? (long)((n + ACTIONS_PER_PAGE - 1) / ACTIONS_PER_PAGE) : 1;
    if (f.page > pages)
        f.page = pages;
    first = (size_t)(f.page - 1) * ACTIONS_PER_PAGE;
    last = first + l.n;

    h = web_page_begin(req, resp, 200,
                       pages > 1 ? arena_printf(a, "Actions (page %ld of %ld)", f.page, pages)
                                 : "Actions",
                       NAV_ACTIONS);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Actions</h1>");
    if (role_keeper(req->user))
        html_lit(h, "<a class=\"govuk-button\" data-module=\"govuk-button\" "
                    "href=\"/actions/new\">Add an action</a>");
    /* MoJ's filter component in GOV.UK's grid: MoJ's own filter layout
     * wants a wider page than the service's 960 pixels. */
    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
    filter_form(req, h, &l, &f);
    html_lit(h, "</div><div class=\"govuk-grid-column-two-thirds\">"
                "<p class=\"govuk-body\" id=\"results\">");
    if (n) {
        html_lit(h, "Showing <b>");
        html_int(h, (long long)first + 1);
        html_lit(h, "</b> to <b>");
        html_int(h, (long long)last);
        html_lit(h, "</b> of <b>");
        html_int(h, (long long)n);
        if (n == 1)
            html_lit(h, "</b> action");
        else
            html_lit(h, "</b> actions");
    } else {
        html_lit(h, "No actions match these filters.");
    }
    html_lit(h, "</p>");
    if (l.hidden) {
        html_lit(h, "<p class=\"govuk-body-s\">");
        html_int(h, (long long)l.hidden);
        if (l.hidden == 1)
            html_lit(h, " restricted action is not shown");
        else
            html_lit(h, " restricted actions are not shown");
        html_lit(h, ": your account is not cleared for restricted items.</p>");
    }
    if (n) {
        w = f;
        w.page = 1;
        html_lit(h, "<p class=\"govuk-body\"><a class=\"govuk-link\"");
        html_url(h, "href", filter_url(a, "/actions.csv", &w));
        html_lit(h, ">Download as CSV</a> <a class=\"govuk-link govuk-!-margin-left-3\"");
        html_url(h, "href", filter_url(a, "/actions.xlsx", &w));
        html_lit(h, ">Download as Excel</a></p>");
        html_lit(h, "<table class=\"govuk-table govuk-!-font-size-16\" aria-describedby=\"results\">"
                    "<caption class=\"govuk-table__caption govuk-visually-hidden\">Actions"
                    "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
        sort_heading(h, a, &f, SORT_REF, "Reference");
        html_lit(h, "<th scope=\"col\" class=\"govuk-table__header\">Action</th>");
        sort_heading(h, a, &f, SORT_OWNER, "Owner");
        sort_heading(h, a, &f, SORT_DUE, "Target date");
        sort_heading(h, a, &f, SORT_STATUS, "Status");
        html_lit(h, "</tr></thead><tbody class=\"govuk-table__body\">");
        for (size_t i = 0; i < l.n; i++)
            action_row(req, h, &l, l.v[i]);
        html_lit(h, "</tbody></table>");
    }
    pagination(h, a, &f, pages);
    html_lit(h, "</div></div>");
    return web_page_end(req, resp);
}

/* ---- downloads --------------------------------------------------------- */

static const char *const COLUMNS[] = {"ref",       "status", "source",      "kind",
                                      "text",      "owner",  "directorate", "issued",
                                      "due",       "overdue", "latest_note"};
#define NCOLUMNS (sizeof COLUMNS / sizeof *COLUMNS)

static void row_cells(const struct list *l, const struct action *act, char *issued,
                      const char **row)
{
    row[0] = act->ref;
    row[1] = vocab_name(&VOCAB_STATUS, act->status);
    row[2] = act->source_title;
    row[3] = vocab_name(&VOCAB_ACTION_KIND, act->kind);
    row[4] = act->text;
    row[5] = act->owner;
    row[6] = act->directorate;
    row[7] = date_format(action_issued(act), issued);
    row[8] = act->due;
    row[9] = action_overdue(act, l->today) ? "yes" : "";
    row[10] = act->last_note;
}

static void attachment(struct web_response *resp, const char *name)
{
    web_set_header(resp, "Content-Disposition",
                   arena_printf(resp->arena, "attachment; filename=\"%s\"", name));
}

int page_actions_csv(struct web_request *req, struct web_response *resp)
{
    struct list l;
    struct filter f;
    struct action **v;
    size_t n;
    char today[DATE_BUFSZ];
    int rc;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    parse_filter(req, &f);
    if ((rc = load_list(req, resp, &f, 0, &l)))
        return rc;
    v = l.v;
    n = l.n;
    buf_reset(&resp->body);
    csv_write_row(&resp->body, COLUMNS, NCOLUMNS);
    for (size_t i = 0; i < n; i++) {
        const char *row[NCOLUMNS];
        char issued[DATE_BUFSZ];
        row_cells(&l, v[i], issued, row);
        if (csv_write_row(&resp->body, row, NCOLUMNS))
            return web_error(resp, 500, NULL);
    }
    resp->status = 200;
    resp->content_type = "text/csv; charset=utf-8";
    attachment(resp, arena_printf(req->arena, "actions-%s.csv", date_format(l.today, today)));
    return 0;
}

int page_actions_xlsx(struct web_request *req, struct web_response *resp)
{
    struct arena *a = req->arena;
    struct list l;
    struct filter f;
    struct action **v;
    struct doc d;
    struct doc_table *t;
    struct err e = {0};
    size_t n;
    char today[DATE_BUFSZ], words[32];
    int rc;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    parse_filter(req, &f);
    if ((rc = load_list(req, resp, &f, 0, &l)))
        return rc;
    v = l.v;
    n = l.n;
    date_format(l.today, today);
    doc_init(&d, a, "Actions", today, req->org);
    t = doc_table(&d, "Actions", arena_printf(a, "Actions as of %s", date_long(l.today, words)),
                  NCOLUMNS, 1);
    doc_row(t, a);
    for (size_t c = 0; c < NCOLUMNS; c++)
        doc_cell(t, a, COLUMNS[c], DOC_STRONG, 1);
    for (size_t i = 0; i < n; i++) {
        const char *row[NCOLUMNS];
        char issued[DATE_BUFSZ];
        row_cells(&l, v[i], issued, row);
        doc_row(t, a);
        for (size_t c = 0; c < NCOLUMNS; c++)
            doc_cell(t, a, row[c] ? row[c] : "", c == 1 ? doc_rag_style(row[c]) : DOC_PLAIN, 1);
    }
    buf_reset(&resp->body);
    if (doc_render_xlsx(&d, &resp->body, &e))
        return web_fail(req, resp, &e);
    resp->status = 200;
    resp->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    attachment(resp, arena_printf(a, "actions-%s.xlsx", today));
    return 0;
}
