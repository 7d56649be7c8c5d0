/* paper_committee.c -- the quarterly inspections paper, as JSON and as a doc. */
#include "service/paper_committee.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "format/svg.h"

static const char SUBJECT[] = "Quarterly HMICFRS Inspections Update";

/* ---- loading ------------------------------------------------------------ */

static int setting(struct store *s, const char *key, const char *at, struct arena *a,
                   const char **out, struct err *e)
{
    return store_setting_at(s, key, at, a, out, e);
}

static int32_t setting_date(const char *v)
{
    int32_t d;
    return v && date_parse(v, strlen(v), &d) == 0 ? d : DATE_NONE;
}

int paper_shows(const struct paper_committee *p, size_t action)
{
    const struct tl_action *t = &p->tl.v[action];
    if (!p->public_version)
        return 1;
    return t->a->marking != MK_RESTRICTED && !p->restricted_source[t->source];
}

int paper_committee_load(struct store *s, const struct paper_opts *o, struct arena *a,
                         struct paper_committee *p, struct err *e)
{
    struct point **pts;
    size_t npts, at = (size_t)-1;
    const char *v;
    int32_t cutoff, baseline, today = date_today();
    char why[512];
    int rc;

    memset(p, 0, sizeof *p);
    p->recorded_at = o->recorded_at;
    p->public_version = o->public_version;
    p->committee = o->committee;
    if (!p->committee &&
        (rc = setting(s, "committee", o->recorded_at, a, &p->committee, e)))
        return rc;
    if (!p->committee || !*p->committee)
        return err_set(e, ERR_INPUT, "which committee? give --committee NAME, or set the default "
                                     "with: oversight settings set committee NAME");
    if ((rc = store_points_at(s, p->committee, o->recorded_at, a, &pts, &npts, e)))
        return rc;
    if (!npts)
        return err_set(e, ERR_INPUT,
                       "no reporting points for %s (add one with: oversight points add DATE)",
                       p->committee);
    if (o->as_of != DATE_NONE) {
        for (size_t i = 0; i < npts; i++)
            if (pts[i]->date == o->as_of)
                at = i;
        if (at == (size_t)-1) {
            char list[2048], d[DATE_BUFSZ];
            size_t used = 0;
            for (size_t i = 0; i < npts && used < sizeof list - 16; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                         date_format(pts[i]->date, d));
            return err_set(e, ERR_INPUT, "%s is not a reporting point of %s; its points are: %s",
                           date_format(o->as_of, d), p->committee, list);
        }
    } else {
        for (size_t i = 0; i < npts; i++)
            if (pts[i]->date <= today)
                at = i;
        if (at == (size_t)-1)
            return err_set(e, ERR_INPUT, "%s has no reporting point on or before today",
                           p->committee);
    }
    p->point = pts[at];
    p->prev = at >= 1 ? pts[at - 1] : NULL;
    p->prev0 = at >= 2 ? pts[at - 2] : NULL;

    if ((rc = setting(s, "org", o->recorded_at, a, &p->org, e)) ||
        (rc = setting(s, "report_of", o->recorded_at, a, &p->report_of, e)) ||
        (rc = setting(s, "report_author", o->recorded_at, a, &p->author, e)))
        return rc;
    if (o->report_of)
        p->report_of = o->report_of;
    if (o->author)
        p->author = o->author;
    if ((rc = setting(s, "cutoff", o->recorded_at, a, &v, e)))
        return rc;
    cutoff = setting_date(v);
    if ((rc = setting(s, "baseline", o->recorded_at, a, &v, e)))
        return rc;
    baseline = setting_date(v);

    if ((rc = store_timelines(s, o->recorded_at, a, &p->tl, e)))
        return rc;
    if (committee_compute(&p->tl, p->point->date, p->prev ? p->prev->date : DATE_NONE,
                          p->prev0 ? p->prev0->date : DATE_NONE, cutoff, baseline, a, &p->r, why,
                          sizeof why))
        return err_set(e, ERR_CONFLICT,
                       "the register's figures do not reconcile, so no paper was written: %s",
                       why);
    if ((rc = store_programme_list(s, o->recorded_at, a, &p->programme, &p->nprogramme, e)))
        return rc;

    p->restricted_source = arena_alloc(a, p->tl.nsources + 1);
    for (size_t i = 0; i < p->tl.nsources; i++)
        p->restricted_source[i] = p->tl.sources[i]->marking == MK_RESTRICTED;
    p->notes = arena_alloc(a, (p->r.nlisted + 1) * sizeof *p->notes);
    for (size_t i = 0; i < p->r.nsources; i++)
        p->has_restricted |= p->restricted_source[p->r.sources[i].source];
    for (size_t i = 0; i < p->r.nlisted; i++) {
        const struct tl_event *ev = tl_note_at(&p->tl.v[p->r.listed[i].action], p->r.as_of);
        p->has_restricted |= p->tl.v[p->r.listed[i].action].a->marking == MK_RESTRICTED;
        if (!paper_shows(p, p->r.listed[i].action)) {
            p->restricted_left_out++;
            continue;
        }
        if (ev && (rc = store_update_note(s, ev->seq, a, &p->notes[i], e)))
            return rc;
    }
    if (p->public_version)
        for (size_t i = 0; i < p->r.nsources; i++)
            p->restricted_left_out += (size_t)p->restricted_source[p->r.sources[i].source];
    return 0;
}

/* ---- shared wording ------------------------------------------------------- */

static const char *scope_name(enum scope sc)
{
    return vocab_name(&VOCAB_SCOPE, sc ? (int)sc : SC_NATIONAL);
}

/* A source's title as this version of the paper may print it. */
static const char *source_title(const struct paper_committee *p, size_t s)
{
    return p->public_version && p->restricted_source[s] ? "Restricted report"
                                                         : p->tl.sources[s]->title;
}

enum prog_group { PROG_UNDERTAKEN, PROG_DUE, PROG_REPORTS_DUE, PROG_NONE };

/* Where a programme item belongs in "since the last report". */
static enum prog_group programme_group(const struct paper_committee *p,
                                       const struct programme_item *it)
{
    int32_t d = p->r.as_of, since = p->r.since;
    int32_t done = it->fieldwork_end != DATE_NONE ? it->fieldwork_end : it->fieldwork_start;
    int published = it->status && (strcmp(it->status, "published") == 0 ||
                                   strcmp(it->status, "cancelled") == 0);
    if (it->fieldwork_start != DATE_NONE && it->fieldwork_start <= d && done != DATE_NONE &&
        (since == DATE_NONE || done > since) && !published)
        return PROG_UNDERTAKEN;
    if (!published && (it->fieldwork_start == DATE_NONE || it->fieldwork_start > d))
        return PROG_DUE;
    if (!published && done != DATE_NONE && done <= d)
        return PROG_REPORTS_DUE;
    return PROG_NONE;
}

static const char *programme_line(const struct paper_committee *p,
                                  const struct programme_item *it, struct arena *a)
{
    char s[20], e[20];
    const char *when = "";
    if (it->fieldwork_start != DATE_NONE && it->fieldwork_end != DATE_NONE)
        when = arena_printf(a, ", fieldwork %s to %s", date_long(it->fieldwork_start, s),
                            date_long(it->fieldwork_end, e));
    else if (it->fieldwork_start != DATE_NONE)
        when = arena_printf(a, ", fieldwork from %s", date_long(it->fieldwork_start, s));
    (void)p;
    return arena_printf(a, "%s%s%s%s%s%s", it->title, when,
                        it->expected ? "; report expected " : "", it->expected ? it->expected : "",
                        it->note ? ". " : "", it->note ? it->note : "");
}

/* ---- JSON ---------------------------------------------------------------- */

static void counts_json(struct buf *b, const struct cm_counts *c)
{
    int f = 1;
    buf_addc(b, '{');
    jsonw_key(b, &f, "red"), jsonw_int(b, c->red);
    jsonw_key(b, &f, "amber"), jsonw_int(b, c->amber);
    jsonw_key(b, &f, "white"), jsonw_int(b, c->white);
    jsonw_key(b, &f, "green"), jsonw_int(b, c->green);
    jsonw_key(b, &f, "closed"), jsonw_int(b, c->closed);
    jsonw_key(b, &f, "new_red"), jsonw_int(b, c->new_red);
    jsonw_key(b, &f, "new_amber"), jsonw_int(b, c->new_amber);
    jsonw_key(b, &f, "new_white"), jsonw_int(b, c->new_white);
    jsonw_key(b, &f, "new_green"), jsonw_int(b, c->new_green);
    jsonw_key(b, &f, "new_closed"), jsonw_int(b, c->new_closed);
    jsonw_key(b, &f, "outstanding"), jsonw_int(b, c->outstanding);
    buf_addc(b, '}');
}

static void pair_json(struct buf *b, const struct cm_counts c[2])
{
    buf_adds(b, "{\"current\":");
    counts_json(b, &c[0]);
    buf_adds(b, ",\"previous\":");
    counts_json(b, &c[1]);
    buf_addc(b, '}');
}

static void date_json(struct buf *b, int32_t d)
{
    char s[DATE_BUFSZ];
    jsonw_str(b, d == DATE_NONE ? NULL : date_format(d, s));
}

int paper_committee_json(const struct paper_committee *p, struct buf *b, struct err *e)
{
    const struct committee_report *r = &p->r;
    int f = 1;

    buf_addc(b, '{');
    jsonw_key(b, &f, "committee"), jsonw_str(b, p->committee);
    jsonw_key(b, &f, "as_of"), date_json(b, r->as_of);
    jsonw_key(b, &f, "since"), date_json(b, r->since);
    jsonw_key(b, &f, "before"), date_json(b, r->before);
    jsonw_key(b, &f, "public"), buf_adds(b, p->public_version ? "true" : "false");
    jsonw_key(b, &f, "sources_managed"), jsonw_int(b, (int64_t)r->nsources);
    jsonw_key(b, &f, "sources_published"), jsonw_int(b, (int64_t)r->npublished);
    jsonw_key(b, &f, "sources_published_with_actions"),
        jsonw_int(b, (int64_t)r->npublished_with_actions);
    jsonw_key(b, &f, "published");
    buf_addc(b, '[');
    for (size_t i = 0; i < r->npublished; i++) {
        const struct source *src = p->tl.sources[r->published[i]];
        int g = 1;
        size_t k;
        buf_adds(b, i ? ",{" : "{");
        jsonw_key(b, &g, "title"), jsonw_str(b, source_title(p, r->published[i]));
        jsonw_key(b, &g, "published"), date_json(b, src->published);
        for (k = 0; k < r->nsources && r->sources[k].source != r->published[i]; k++)
            ;
        jsonw_key(b, &g, "actions"), jsonw_int(b, k < r->nsources ? r->sources[k].actions : 0);
        buf_addc(b, '}');
    }
    buf_addc(b, ']');
    jsonw_key(b, &f, "sources");
    buf_addc(b, '[');
    for (size_t i = 0; i < r->nsources; i++) {
        const struct cm_source *cs = &r->sources[i];
        int g = 1;
        buf_adds(b, i ? ",\n{" : "\n{");
        jsonw_key(b, &g, "title"), jsonw_str(b, source_title(p, cs->source));
        jsonw_key(b, &g, "scope"), jsonw_str(b, scope_name(cs->scope));
        jsonw_key(b, &g, "new"), buf_adds(b, cs->is_new ? "true" : "false");
        jsonw_key(b, &g, "published"), date_json(b, p->tl.sources[cs->source]->published);
        jsonw_key(b, &g, "actions"), jsonw_int(b, cs->actions);
        jsonw_key(b, &g, "current"), counts_json(b, &cs->current);
        jsonw_key(b, &g, "previous"), counts_json(b, &cs->previous);
        buf_addc(b, '}');
    }
    buf_adds(b, "]");
    jsonw_key(b, &f, "totals"), pair_json(b, r->total);
    jsonw_key(b, &f, "by_scope");
    {
        int g = 1;
        buf_addc(b, '{');
        for (int sc = SC_NATIONAL; sc < SC__COUNT; sc++)
            jsonw_key(b, &g, scope_name(sc)), pair_json(b, r->by_scope[sc]);
        buf_addc(b, '}');
    }
    jsonw_key(b, &f, "by_group");
    {
        static const char *const groups[] = {"new_reports", "previous_reports"};
        int g = 1;
        buf_addc(b, '{');
        for (int k = 0; k < 2; k++) {
            int h = 1;
            jsonw_key(b, &g, groups[k]);
            buf_addc(b, '{');
            for (int sc = SC_NATIONAL; sc < SC__COUNT; sc++)
                jsonw_key(b, &h, scope_name(sc)), pair_json(b, r->by_group[k][sc]);
            buf_addc(b, '}');
        }
        buf_addc(b, '}');
    }
    jsonw_key(b, &f, "outstanding");
    {
        int g = 1, total = 0;
        buf_addc(b, '{');
        for (int sc = SC_NATIONAL; sc < SC__COUNT; sc++) {
            int h = 1;
            jsonw_key(b, &g, scope_name(sc));
            buf_addc(b, '{');
            jsonw_key(b, &h, "historic"), jsonw_int(b, r->outstanding.historic[sc]);
            jsonw_key(b, &h, "new"), jsonw_int(b, r->outstanding.fresh[sc]);
            buf_addc(b, '}');
            total += r->outstanding.historic[sc] + r->outstanding.fresh[sc];
        }
        jsonw_key(b, &g, "total"), jsonw_int(b, total);
        jsonw_key(b, &g, "cutoff"), date_json(b, r->cutoff);
        buf_addc(b, '}');
    }
    jsonw_key(b, &f, "flow");
    {
        int g = 1;
        buf_addc(b, '{');
        jsonw_key(b, &g, "from"), date_json(b, r->flow.from);
        jsonw_key(b, &g, "open_at_start"), jsonw_int(b, r->flow.open_at_start);
        jsonw_key(b, &g, "opened"), jsonw_int(b, r->flow.opened);
        jsonw_key(b, &g, "reopened"), jsonw_int(b, r->flow.reopened);
        jsonw_key(b, &g, "closed"), jsonw_int(b, r->flow.closed);
        jsonw_key(b, &g, "open_now"), jsonw_int(b, r->flow.open_now);
        jsonw_key(b, &g, "reconciles"), buf_adds(b, "true");
        buf_addc(b, '}');
    }
    jsonw_key(b, &f, "by_directorate");
    buf_addc(b, '[');
    for (size_t i = 0; i < r->ndirs; i++) {
        const struct cm_directorate *dd = &r->dirs[i];
        int g = 1;
        buf_adds(b, i ? ",{" : "{");
        jsonw_key(b, &g, "name"), jsonw_str(b, dd->name);
        jsonw_key(b, &g, "red"), jsonw_int(b, dd->red);
        jsonw_key(b, &g, "amber"), jsonw_int(b, dd->amber);
        jsonw_key(b, &g, "white"), jsonw_int(b, dd->white);
        jsonw_key(b, &g, "outstanding"), jsonw_int(b, dd->outstanding);
        jsonw_key(b, &g, "closed_last_three_months"), jsonw_int(b, dd->closed_recent);
        buf_addc(b, '}');
    }
    buf_addc(b, ']');
    jsonw_key(b, &f, "programme");
    {
        static const char *const keys[] = {"undertaken", "due", "reports_due"};
        int g = 1;
        buf_addc(b, '{');
        for (int k = 0; k < 3; k++) {
            int n = 0;
            jsonw_key(b, &g, keys[k]);
            buf_addc(b, '[');
            for (size_t i = 0; i < p->nprogramme; i++) {
                const struct programme_item *it = p->programme[i];
                int h = 1;
                if ((int)programme_group(p, it) != k)
                    continue;
                buf_adds(b, n++ ? ",{" : "{");
                jsonw_key(b, &h, "title"), jsonw_str(b, it->title);
                jsonw_key(b, &h, "kind"), jsonw_str(b, it->kind);
                jsonw_key(b, &h, "fieldwork_start"), date_json(b, it->fieldwork_start);
                jsonw_key(b, &h, "fieldwork_end"), date_json(b, it->fieldwork_end);
                jsonw_key(b, &h, "expected"), jsonw_str(b, it->expected);
                jsonw_key(b, &h, "status"), jsonw_str(b, it->status);
                jsonw_key(b, &h, "note"), jsonw_str(b, it->note);
                buf_addc(b, '}');
            }
            buf_addc(b, ']');
        }
        buf_addc(b, '}');
    }
    jsonw_key(b, &f, "actions");
    buf_addc(b, '[');
    for (size_t i = 0; i < r->nlisted; i++) {
        const struct cm_listed *l = &r->listed[i];
        const struct tl_action *t = &p->tl.v[l->action];
        int shows = paper_shows(p, l->action), g = 1;
        buf_adds(b, i ? ",\n{" : "\n{");
        jsonw_key(b, &g, "ref"), jsonw_str(b, t->a->ref);
        jsonw_key(b, &g, "source"), jsonw_str(b, source_title(p, t->source));
        jsonw_key(b, &g, "scope"), jsonw_str(b, scope_name(p->tl.sources[t->source]->scope));
        jsonw_key(b, &g, "kind"), jsonw_str(b, vocab_name(&VOCAB_ACTION_KIND, t->a->kind));
        jsonw_key(b, &g, "text"), jsonw_str(b, shows ? t->a->text : NULL);
        jsonw_key(b, &g, "owner"), jsonw_str(b, t->a->owner);
        jsonw_key(b, &g, "directorate"), jsonw_str(b, t->a->directorate);
        jsonw_key(b, &g, "due_original"), jsonw_str(b, tl_due_original(t));
        jsonw_key(b, &g, "due"), jsonw_str(b, tl_due_at(t, r->as_of));
        jsonw_key(b, &g, "status"), jsonw_str(b, vocab_name(&VOCAB_STATUS, l->status));
        jsonw_key(b, &g, "new"), buf_adds(b, l->is_new ? "true" : "false");
        jsonw_key(b, &g, "latest_note"), jsonw_str(b, shows ? p->notes[i] : NULL);
        buf_addc(b, '}');
    }
    buf_adds(b, "]");
    jsonw_key(b, &f, "restricted_left_out"), jsonw_int(b, (int64_t)p->restricted_left_out);
    if (buf_adds(b, "}\n"))
        return err_set(e, ERR_LIMIT, "the paper is too large");
    return 0;
}

/* ---- the doc ------------------------------------------------------------- */

static const char *status_words(enum status s, int is_new, struct arena *a)
{
    static const char *const up[] = {"", "WHITE", "AMBER", "RED", "GREEN", "CLOSED"};
    if (is_new && (s == ST_GREEN || s == ST_RED))
        return arena_printf(a, "NEW %s", up[s]);
    return up[s];
}

static const char *num(struct arena *a, long v)
{
    return arena_printf(a, "%ld", v);
}

static void sources_table(const struct paper_committee *p, struct arena *a, struct doc *d)
{
    const struct committee_report *r = &p->r;
    int reg = r->has_regional;
    size_t ncols = reg ? 7 : 5;
    struct doc_table *t = doc_table(d, "Sources", "Actions by report: the previous point and now",
                                    ncols, 2);
    t->widths = arena_alloc(a, ncols * sizeof *t->widths);
    t->widths[0] = 32;
    for (size_t i = 1; i < ncols; i++)
        t->widths[i] = 68.0 / (double)(ncols - 1);
    char prev[20], now[20];
    const char *prevh = r->since == DATE_NONE ? "Previous" : date_long(r->since, prev);
    date_long(r->as_of, now);

    doc_row(t, a);
    doc_cell(t, a, "Report", DOC_PLAIN, 1);
    doc_cell(t, a, arena_printf(a, "Previous (%s)", prevh), DOC_PLAIN, reg ? 3 : 2);
    doc_cell(t, a, arena_printf(a, "Now (%s)", now), DOC_PLAIN, reg ? 3 : 2);
    doc_row(t, a);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    for (int k = 0; k < 2; k++) {
        doc_cell(t, a, "National", DOC_PLAIN, 1);
        doc_cell(t, a, "Force", DOC_PLAIN, 1);
        if (reg)
            doc_cell(t, a, "Regional", DOC_PLAIN, 1);
    }
    for (int group = 0; group < 2; group++) {
        int any = 0;
        doc_row(t, a);
        doc_cell(t, a, group ? "Previous reports" : "New reports", DOC_GROUP, (int)ncols);
        for (size_t i = 0; i < r->nsources; i++) {
            const struct cm_source *cs = &r->sources[i];
            const struct source *src = p->tl.sources[cs->source];
            const char *title = source_title(p, cs->source);
            char pub[20];
            if (cs->is_new == group)
                continue;
            any = 1;
            doc_row(t, a);
            if (cs->is_new && src->published != DATE_NONE)
                title = arena_printf(a, "%s (published %s)", title, date_long(src->published, pub));
            doc_cell(t, a, title, DOC_PLAIN, 1);
            for (int k = 1; k >= 0; k--) {
                const struct cm_counts *c = k ? &cs->previous : &cs->current;
                const char *text = cm_counts_text(c, a);
                if (cs->actions == 0 && k == 0)
                    text = "No actions for the force";
                for (int sc = SC_NATIONAL; sc <= (reg ? SC_REGIONAL : SC_FORCE); sc++)
                    doc_cell(t, a, (int)cs->scope == sc ? text : "", DOC_PLAIN, 1);
            }
        }
        if (!any) {
            doc_row(t, a);
            doc_cell(t, a, group ? "None" : "None published since the last report", DOC_PLAIN,
                     (int)ncols);
        }
    }
}

/* The summary: NEW Green, Amber, Red, White, Closed, Total outstanding for
 * new reports, previous reports and all, national and force, then and now. */
static void summary_table(const struct paper_committee *p, struct arena *a, struct doc *d)
{
    const struct committee_report *r = &p->r;
    static const char *const rows[] = {"NEW Green", "Amber", "Red", "White", "Closed",
                                       "Total outstanding"};
    static const char *const groups[] = {"New reports", "Previous reports", "All reports"};
    struct doc_table *t = doc_table(d, "Summary", "Summary of actions by status", 7, 2);
    doc_row(t, a);
    doc_cell(t, a, "Status", DOC_PLAIN, 1);
    doc_cell(t, a, "Previous", DOC_PLAIN, 3);
    doc_cell(t, a, "Now", DOC_PLAIN, 3);
    doc_row(t, a);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    for (int k = 0; k < 2; k++) {
        doc_cell(t, a, "National", DOC_PLAIN, 1);
        doc_cell(t, a, "Force", DOC_PLAIN, 1);
        doc_cell(t, a, "Total", DOC_PLAIN, 1);
    }
    for (int g = 0; g < 3; g++) {
        doc_row(t, a);
        doc_cell(t, a, groups[g], DOC_GROUP, 7);
        for (int row = 0; row < 6; row++) {
            enum doc_style st = g == 2 || row == 5 ? DOC_STRONG : DOC_NUMBER;
            doc_row(t, a);
            doc_cell(t, a, rows[row], g == 2 || row == 5 ? DOC_STRONG : DOC_PLAIN, 1);
            for (int k = 1; k >= 0; k--) {
                long total = 0;
                for (int sc = SC_NATIONAL; sc <= SC_REGIONAL; sc++) {
                    const struct cm_counts *c =
                        g == 2 ? &r->by_scope[sc][k] : &r->by_group[g][sc][k];
                    long v = row == 0   ? c->new_green
                             : row == 1 ? c->amber
                             : row == 2 ? c->red
                             : row == 3 ? c->white
                             : row == 4 ? c->closed
                                        : c->outstanding;
                    total += v;
                    if (sc == SC_NATIONAL)
                        doc_cell(t, a, num(a, v), st, 1);
                    else if (sc == SC_FORCE)
                        doc_cell(t, a, num(a, v), st, 1);
                }
                doc_cell(t, a, num(a, total), DOC_STRONG, 1);
            }
        }
    }
    if (r->has_regional)
        doc_para(d, "Regional reports' actions are counted in the totals and listed in the "
                    "table of reports.");
}

static void programme_section(const struct paper_committee *p, struct arena *a, struct doc *d,
                              enum prog_group g, const char *heading)
{
    const char **items = arena_alloc(a, (p->nprogramme + 1) * sizeof *items);
    size_t n = 0;
    doc_heading(d, 3, heading);
    for (size_t i = 0; i < p->nprogramme; i++)
        if (programme_group(p, p->programme[i]) == g)
            items[n++] = programme_line(p, p->programme[i], a);
    if (n)
        doc_list(d, 0, items, n);
    else
        doc_para(d, "None.");
}

static void directorate_chart(const struct paper_committee *p, struct arena *a, struct doc *d)
{
    const struct committee_report *r = &p->r;
    static const char *const series[] = {"Red", "Amber", "White", "Closed in the last three months"};
    static const char *const colours[] = {SVG_RED, SVG_AMBER, SVG_WHITE, SVG_CLOSED};
    const char **cats = arena_alloc(a, (r->ndirs + 1) * sizeof *cats);
    long *values = arena_alloc(a, (r->ndirs * 4 + 1) * sizeof *values);
    struct svg_bar_chart c = {0};
    struct svg_layout l;
    struct buf svg;
    struct err e;
    for (size_t i = 0; i < r->ndirs; i++) {
        cats[i] = r->dirs[i].name;
        values[i * 4] = r->dirs[i].red;
        values[i * 4 + 1] = r->dirs[i].amber;
        values[i * 4 + 2] = r->dirs[i].white;
        values[i * 4 + 3] = r->dirs[i].closed_recent;
    }
    c.id = "directorates";
    c.title = "Outstanding actions by directorate, and actions closed in the last three months";
    c.desc = "A bar for each directorate: its red, amber and white actions and those closed "
             "in the three months to the reporting date. The table below gives the figures.";
    c.ncats = r->ndirs;
    c.cats = cats;
    c.nseries = 4;
    c.series = series;
    c.colours = colours;
    c.values = values;
    c.stacked = 1;
    c.axis_label = "Actions";
    buf_init(&svg, 0);
    if (svg_bar_chart(&svg, &c, &e) == 0 && svg_bar_chart_layout(&c, &l, &e) == 0)
        doc_chart(d, "directorates", buf_str(&svg), c.title, l.width, l.height);
    buf_release(&svg);
}

void paper_committee_doc(const struct paper_committee *p, struct arena *a, struct doc *d)
{
    const struct committee_report *r = &p->r;
    char now[20], since[20], from[20], cut[20], date[DATE_BUFSZ];
    const char *since_words;
    struct doc_table *t;

    date_format(r->as_of, date);
    doc_init(d, a, SUBJECT, date, p->org);
    doc_cover(d, "Committee(s)", p->committee);
    doc_cover(d, "Dated", date_long(r->as_of, now));
    doc_cover(d, "Subject", SUBJECT);
    doc_cover(d, "Public", p->public_version || !p->has_restricted ? "Public" : "Non-public");
    doc_cover(d, "Report of", p->report_of ? p->report_of : "");
    doc_cover(d, "Report author", p->author ? p->author : "");
    since_words = r->since == DATE_NONE ? "the start of the register"
                                        : arena_printf(a, "%s", date_month_year(r->since, since));

    doc_heading(d, 1, "Summary");
    doc_paraf(d,
              "This quarterly report provides an overview of His Majesty's Inspectorate of "
              "Constabulary and Fire and Rescue Services (HMICFRS) related activity since the "
              "last update to your Committee (%s).",
              since_words);
    doc_paraf(d,
              "As at %s, %d actions are outstanding (%d red, %d amber, %d white); %d %s newly "
              "green and awaiting sign-off; %d %s closed in the period. %zu %s published "
              "since the last update, %zu of them with actions for the force.",
              now, r->total[0].outstanding, r->total[0].red, r->total[0].amber, r->total[0].white,
              r->total[0].new_green, r->total[0].new_green == 1 ? "is" : "are",
              r->total[0].closed, r->total[0].closed == 1 ? "was" : "were", r->npublished,
              r->npublished == 1 ? "report was" : "reports were", r->npublished_with_actions);
    if (p->public_version && p->restricted_left_out)
        doc_paraf(d,
                  "This is the public version: %zu restricted item%s counted in the figures but "
                  "not described.",
                  p->restricted_left_out, p->restricted_left_out == 1 ? " is" : "s are");
    doc_heading(d, 1, "Recommendation");
    doc_para(d, "Members are asked to note the report.");

    doc_heading(d, 1, "Main Report");
    doc_heading(d, 2, arena_printf(a, "Since the last report (%s)", since_words));
    doc_heading(d, 3, "Reports published");
    if (r->npublished) {
        const char **items = arena_alloc(a, r->npublished * sizeof *items);
        doc_paraf(d, "%zu report%s published, %zu with actions for the force:", r->npublished,
                  r->npublished == 1 ? " was" : "s were", r->npublished_with_actions);
        for (size_t i = 0; i < r->npublished; i++) {
            char pub[20];
            items[i] = arena_printf(a, "%s (published %s)", source_title(p, r->published[i]),
                                    date_long(p->tl.sources[r->published[i]]->published, pub));
        }
        doc_list(d, 0, items, r->npublished);
    } else {
        doc_para(d, "None.");
    }
    programme_section(p, a, d, PROG_UNDERTAKEN, "Inspections undertaken");
    programme_section(p, a, d, PROG_DUE, "Inspections due");
    programme_section(p, a, d, PROG_REPORTS_DUE, "Reports due for publication");

    doc_heading(d, 2, "Current status of action plans");
    sources_table(p, a, d);
    summary_table(p, a, d);

    doc_heading(d, 2, "Outstanding actions");
    t = doc_table(d, "Outstanding", "Outstanding actions: national and force, historic and new", 4,
                  1);
    doc_row(t, a);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a,
             r->cutoff == DATE_NONE ? "Historic"
                                    : arena_printf(a, "Historic (set before %s)",
                                                   date_long(r->cutoff, cut)),
             DOC_PLAIN, 1);
    doc_cell(t, a, "New", DOC_PLAIN, 1);
    doc_cell(t, a, "Total", DOC_PLAIN, 1);
    {
        long th = 0, tn = 0;
        for (int sc = SC_NATIONAL; sc < SC__COUNT; sc++) {
            long h = r->outstanding.historic[sc], n = r->outstanding.fresh[sc];
            if (sc == SC_REGIONAL && !r->has_regional && h + n == 0)
                continue;
            doc_row(t, a);
            doc_cell(t, a, sc == SC_NATIONAL ? "National" : sc == SC_FORCE ? "Force" : "Regional",
                     DOC_PLAIN, 1);
            doc_cell(t, a, num(a, h), DOC_NUMBER, 1);
            doc_cell(t, a, num(a, n), DOC_NUMBER, 1);
            doc_cell(t, a, num(a, h + n), DOC_STRONG, 1);
            th += h, tn += n;
        }
        doc_row(t, a);
        doc_cell(t, a, "Total", DOC_STRONG, 1);
        doc_cell(t, a, num(a, th), DOC_STRONG, 1);
        doc_cell(t, a, num(a, tn), DOC_STRONG, 1);
        doc_cell(t, a, num(a, th + tn), DOC_STRONG, 1);
    }
    doc_paraf(d, "Reports managed in the period: %zu.", r->nsources);

    doc_heading(d, 2, arena_printf(a, "Actions since %s", date_long(r->flow.from, from)));
    t = doc_table(d, "Flow", "Open actions since the baseline", 6, 1);
    doc_row(t, a);
    doc_cell(t, a, arena_printf(a, "Open on %s", from), DOC_PLAIN, 1);
    doc_cell(t, a, "Opened", DOC_PLAIN, 1);
    doc_cell(t, a, "Reopened", DOC_PLAIN, 1);
    doc_cell(t, a, "Closed", DOC_PLAIN, 1);
    doc_cell(t, a, arena_printf(a, "Open on %s", now), DOC_PLAIN, 1);
    doc_cell(t, a, "Check", DOC_PLAIN, 1);
    doc_row(t, a);
    doc_cell(t, a, num(a, r->flow.open_at_start), DOC_NUMBER, 1);
    doc_cell(t, a, arena_printf(a, "+ %d", r->flow.opened), DOC_NUMBER, 1);
    doc_cell(t, a, arena_printf(a, "+ %d", r->flow.reopened), DOC_NUMBER, 1);
    doc_cell(t, a, arena_printf(a, "− %d", r->flow.closed), DOC_NUMBER, 1);
    doc_cell(t, a, arena_printf(a, "= %d", r->flow.open_now), DOC_STRONG, 1);
    doc_cell(t, a, "Reconciles", DOC_PLAIN, 1);
    doc_paraf(d,
              "%d actions were open on %s; since then %d new actions were opened, %d were "
              "reopened and %d were closed: %d + %d + %d − %d = %d, the %d actions open on %s.",
              r->flow.open_at_start, from, r->flow.opened, r->flow.reopened, r->flow.closed,
              r->flow.open_at_start, r->flow.opened, r->flow.reopened, r->flow.closed,
              r->flow.open_now, r->flow.open_now, now);

    doc_heading(d, 2, "By directorate");
    directorate_chart(p, a, d);
    t = doc_table(d, "Directorates", "Outstanding actions by directorate", 6, 1);
    {
        static const double widths[] = {34, 10, 10, 10, 14, 22};
        t->widths = arena_alloc(a, sizeof widths);
        memcpy(t->widths, widths, sizeof widths);
    }
    doc_row(t, a);
    doc_cell(t, a, "Directorate", DOC_PLAIN, 1);
    doc_cell(t, a, "Red", DOC_PLAIN, 1);
    doc_cell(t, a, "Amber", DOC_PLAIN, 1);
    doc_cell(t, a, "White", DOC_PLAIN, 1);
    doc_cell(t, a, "Outstanding", DOC_PLAIN, 1);
    doc_cell(t, a, "Closed in the last three months", DOC_PLAIN, 1);
    for (size_t i = 0; i < r->ndirs; i++) {
        doc_row(t, a);
        doc_cell(t, a, r->dirs[i].name, DOC_PLAIN, 1);
        doc_cell(t, a, num(a, r->dirs[i].red), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->dirs[i].amber), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->dirs[i].white), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->dirs[i].outstanding), DOC_STRONG, 1);
        doc_cell(t, a, num(a, r->dirs[i].closed_recent), DOC_NUMBER, 1);
    }

    doc_pagebreak(d);
    doc_heading(d, 1, "Appendix: the actions listed");
    t = doc_table(d, "Actions", "Every action listed in this paper", 8, 1);
    {
        static const double widths[] = {9, 30, 10, 10, 8, 8, 8, 25};
        t->widths = arena_alloc(a, sizeof widths);
        memcpy(t->widths, widths, sizeof widths);
    }
    doc_row(t, a);
    static const char *const head[] = {"Ref", "Action", "Owner", "Directorate",
                                       "Original target", "Current target", "Status",
                                       "Latest progress"};
    for (int i = 0; i < 8; i++)
        doc_cell(t, a, head[i], DOC_PLAIN, 1);
    for (size_t i = 0; i < r->nlisted; i++) {
        const struct cm_listed *l = &r->listed[i];
        const struct tl_action *ta = &p->tl.v[l->action];
        int shows = paper_shows(p, l->action);
        doc_row(t, a);
        doc_cell(t, a, ta->a->ref, DOC_PLAIN, 1);
        doc_cell(t, a, shows ? ta->a->text : "(restricted)", DOC_PLAIN, 1);
        doc_cell(t, a, ta->a->owner, DOC_PLAIN, 1);
        doc_cell(t, a, ta->a->directorate, DOC_PLAIN, 1);
        doc_cell(t, a, tl_due_original(ta), DOC_PLAIN, 1);
        doc_cell(t, a, tl_due_at(ta, r->as_of), DOC_PLAIN, 1);
        doc_cell(t, a, status_words(l->status, l->is_new, a),
                 doc_rag_style(vocab_name(&VOCAB_STATUS, l->status)), 1);
        doc_cell(t, a, shows ? p->notes[i] : "", DOC_PLAIN, 1);
    }
}
