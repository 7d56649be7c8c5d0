/* paper_registers.c -- the audit, references, plan and board papers as JSON
 * and as docs. */
#include "service/paper_registers.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "format/svg.h"

static int shows(const struct paper_register *p, size_t i)
{
    const struct tl_action *t = &p->tl.v[i];
    return !p->public_version ||
           (t->a->marking != MK_RESTRICTED && p->tl.sources[t->source]->marking != MK_RESTRICTED);
}

static const char *text_of(const struct paper_register *p, size_t i)
{
    return shows(p, i) ? p->tl.v[i].a->text : "(restricted)";
}

static const char *note_of(const struct paper_register *p, size_t i)
{
    return shows(p, i) ? p->notes[i] : NULL;
}

/* Reads the latest note as of the paper's date for action i. */
static int need_note(struct paper_register *p, struct store *s, struct arena *a, size_t i,
                     struct err *e)
{
    const struct tl_event *ev;
    const struct tl_action *t = &p->tl.v[i];
    p->has_restricted |= t->a->marking == MK_RESTRICTED ||
                         p->tl.sources[t->source]->marking == MK_RESTRICTED;
    if (!shows(p, i)) {
        p->restricted_left_out++;
        return 0;
    }
    ev = tl_note_at(&p->tl.v[i], p->as_of);
    if (p->notes[i] || !ev)
        return 0;
    return store_update_note(s, ev->seq, a, &p->notes[i], e);
}

int paper_register_load(struct store *s, const struct paper_register_opts *o, struct arena *a,
                        struct paper_register *p, struct err *e)
{
    const char *rule_s;
    int rc;

    memset(p, 0, sizeof *p);
    p->kind = o->kind;
    p->as_of = o->as_of == DATE_NONE ? date_today() : o->as_of;
    p->public_version = o->public_version;
    if ((rc = store_setting_at(s, "org", o->recorded_at, a, &p->org, e)) ||
        (rc = store_setting_at(s, "committee", o->recorded_at, a, &p->committee, e)) ||
        (rc = store_timelines(s, o->recorded_at, a, &p->tl, e)))
        return rc;
    p->notes = arena_alloc(a, (p->tl.n + 1) * sizeof *p->notes);

    switch (o->kind) {
    case PAPER_AUDIT: {
        struct audit_rule rule;
        if ((rc = store_setting_at(s, "audit_monitoring", o->recorded_at, a, &rule_s, e)))
            return rc;
        if (audit_rule_parse(rule_s, &rule))
            return err_set(e, ERR_INPUT,
                           "the audit_monitoring setting \"%s\" is not one of: high, "
                           "high+limited-medium, high+medium, all",
                           rule_s);
        audit_compute(&p->tl, p->as_of, &rule, a, &p->u.audit);
        for (size_t k = 0; k < p->u.audit.naudits; k++)
            if (p->u.audit.audits[k].latest != (size_t)-1 &&
                (rc = need_note(p, s, a, p->u.audit.audits[k].latest, e)))
                return rc;
        for (size_t k = 0; k < p->u.audit.nmonitored; k++)
            if ((rc = need_note(p, s, a, p->u.audit.monitored[k], e)))
                return rc;
        break;
    }
    case PAPER_REFERENCES:
        references_compute(&p->tl, p->as_of, a, &p->u.refs);
        for (size_t k = 0; k < p->u.refs.nrows; k++)
            if ((rc = need_note(p, s, a, p->u.refs.rows[k].action, e)))
                return rc;
        break;
    case PAPER_PLAN: {
        size_t src = (size_t)-1;
        for (size_t k = 0; k < p->tl.nsources; k++)
            if (o->plan && strcmp(p->tl.sources[k]->title, o->plan) == 0)
                src = k;
        if (src == (size_t)-1)
            return err_set(e, ERR_NOTFOUND, "no source titled \"%s\"", o->plan ? o->plan : "");
        if (plan_compute(&p->tl, src, p->as_of, a, &p->u.plan))
            return err_set(e, ERR_INPUT, "\"%s\" has no deliverables on %s", o->plan,
                           date_format(p->as_of, arena_alloc(a, DATE_BUFSZ)));
        for (size_t j = 0; j < p->u.plan.nobjectives; j++)
            for (size_t k = 0; k < p->u.plan.objectives[j].n; k++)
                if ((rc = need_note(p, s, a, p->u.plan.objectives[j].actions[k], e)))
                    return rc;
        break;
    }
    case PAPER_BOARD:
        board_compute(&p->tl, p->as_of, a, &p->u.board);
        for (size_t j = 0; j < p->u.board.nowners; j++)
            for (size_t k = 0; k < p->u.board.owners[j].n; k++)
                if ((rc = need_note(p, s, a, p->u.board.owners[j].actions[k], e)))
                    return rc;
        break;
    }
    return 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static void date_json(struct buf *b, int32_t d)
{
    char s[DATE_BUFSZ];
    jsonw_str(b, d == DATE_NONE ? NULL : date_format(d, s));
}

static void action_json(const struct paper_register *p, struct buf *b, size_t i)
{
    const struct tl_action *t = &p->tl.v[i];
    int f = 1;
    buf_addc(b, '{');
    jsonw_key(b, &f, "ref"), jsonw_str(b, t->a->ref);
    jsonw_key(b, &f, "source"), jsonw_str(b, p->tl.sources[t->source]->title);
    jsonw_key(b, &f, "text"), jsonw_str(b, shows(p, i) ? t->a->text : NULL);
    jsonw_key(b, &f, "owner"), jsonw_str(b, t->a->owner);
    jsonw_key(b, &f, "directorate"), jsonw_str(b, t->a->directorate);
    jsonw_key(b, &f, "theme"), jsonw_str(b, t->a->theme);
    jsonw_key(b, &f, "risk"), jsonw_str(b, t->a->risk ? vocab_name(&VOCAB_RISK, t->a->risk) : NULL);
    jsonw_key(b, &f, "status"), jsonw_str(b, vocab_name(&VOCAB_STATUS, tl_status_at(t, p->as_of)));
    jsonw_key(b, &f, "due_original"), jsonw_str(b, tl_due_original(t));
    jsonw_key(b, &f, "due"), jsonw_str(b, tl_due_at(t, p->as_of));
    jsonw_key(b, &f, "overdue"), buf_adds(b, tl_overdue_at(t, p->as_of) ? "true" : "false");
    jsonw_key(b, &f, "latest_note"), jsonw_str(b, note_of(p, i));
    buf_addc(b, '}');
}

static void counts_object(struct buf *b, const struct audit_count *v, size_t n)
{
    int f = 1;
    buf_addc(b, '{');
    for (size_t i = 0; i < n; i++)
        jsonw_key(b, &f, v[i].name), jsonw_int(b, v[i].total);
    buf_addc(b, '}');
}

int paper_register_json(const struct paper_register *p, struct buf *b, struct err *e)
{
    int f = 1;
    buf_addc(b, '{');
    jsonw_key(b, &f, "as_of"), date_json(b, p->as_of);
    switch (p->kind) {
    case PAPER_AUDIT: {
        const struct audit_report *r = &p->u.audit;
        jsonw_key(b, &f, "monitored"), jsonw_int(b, (int64_t)r->nmonitored);
        jsonw_key(b, &f, "by_risk");
        buf_addf(b, "{\"high\":%d,\"medium\":%d,\"low\":%d}", r->high, r->medium, r->low);
        jsonw_key(b, &f, "past_deadline"), jsonw_int(b, r->past);
        jsonw_key(b, &f, "due_next_three_quarters"), jsonw_int(b, r->next);
        jsonw_key(b, &f, "due_later"), jsonw_int(b, r->later);
        jsonw_key(b, &f, "no_due_date"), jsonw_int(b, r->undated);
        jsonw_key(b, &f, "horizon"), date_json(b, r->horizon);
        jsonw_key(b, &f, "by_quarter"), counts_object(b, r->quarters, r->nquarters);
        jsonw_key(b, &f, "by_area"), counts_object(b, r->areas, r->nareas);
        jsonw_key(b, &f, "areas");
        buf_addc(b, '[');
        for (size_t i = 0; i < r->nareas; i++) {
            int g = 1;
            buf_adds(b, i ? ",{" : "{");
            jsonw_key(b, &g, "name"), jsonw_str(b, r->areas[i].name);
            jsonw_key(b, &g, "past_deadline"), jsonw_int(b, r->areas[i].past);
            jsonw_key(b, &g, "due_next_three_quarters"), jsonw_int(b, r->areas[i].next);
            jsonw_key(b, &g, "due_later"), jsonw_int(b, r->areas[i].later);
            buf_addc(b, '}');
        }
        buf_addc(b, ']');
        jsonw_key(b, &f, "audits");
        buf_addc(b, '[');
        for (size_t i = 0; i < r->naudits; i++) {
            const struct audit_by_source *x = &r->audits[i];
            const struct source *src = p->tl.sources[x->source];
            int g = 1;
            buf_adds(b, i ? ",\n{" : "\n{");
            jsonw_key(b, &g, "title"), jsonw_str(b, src->title);
            jsonw_key(b, &g, "assurance"),
                jsonw_str(b, src->assurance ? vocab_name(&VOCAB_ASSURANCE, src->assurance) : NULL);
            jsonw_key(b, &g, "monitored"), jsonw_int(b, x->monitored);
            jsonw_key(b, &g, "past_deadline"), jsonw_int(b, x->past);
            jsonw_key(b, &g, "high"), jsonw_int(b, x->high);
            jsonw_key(b, &g, "medium"), jsonw_int(b, x->medium);
            jsonw_key(b, &g, "latest_note"),
                jsonw_str(b, x->latest == (size_t)-1 ? NULL : note_of(p, x->latest));
            buf_addc(b, '}');
        }
        buf_addc(b, ']');
        jsonw_key(b, &f, "actions");
        buf_addc(b, '[');
        for (size_t i = 0; i < r->nmonitored; i++) {
            buf_adds(b, i ? ",\n" : "\n");
            action_json(p, b, r->monitored[i]);
        }
        buf_addc(b, ']');
        break;
    }
    case PAPER_REFERENCES: {
        const struct references_report *r = &p->u.refs;
        jsonw_key(b, &f, "previous_meeting"), date_json(b, r->previous);
        jsonw_key(b, &f, "references");
        buf_addc(b, '[');
        for (size_t i = 0; i < r->nrows; i++) {
            const struct reference_row *x = &r->rows[i];
            const struct tl_action *t = &p->tl.v[x->action];
            int g = 1;
            buf_adds(b, i ? ",\n{" : "\n{");
            jsonw_key(b, &g, "no"), jsonw_int(b, (int64_t)i + 1);
            jsonw_key(b, &g, "ref"), jsonw_str(b, t->a->ref);
            jsonw_key(b, &g, "meeting"), date_json(b, x->meeting);
            jsonw_key(b, &g, "item"), jsonw_str(b, t->a->theme);
            jsonw_key(b, &g, "action"), jsonw_str(b, text_of(p, x->action));
            jsonw_key(b, &g, "owner"), jsonw_str(b, t->a->owner);
            jsonw_key(b, &g, "status"), jsonw_str(b, vocab_name(&VOCAB_STATUS, x->status));
            jsonw_key(b, &g, "status_words"), jsonw_str(b, reference_status_words(x->status));
            jsonw_key(b, &g, "note"), jsonw_str(b, note_of(p, x->action));
            buf_addc(b, '}');
        }
        buf_addc(b, ']');
        break;
    }
    case PAPER_PLAN: {
        const struct plan_report *r = &p->u.plan;
        jsonw_key(b, &f, "plan"), jsonw_str(b, p->tl.sources[r->source]->title);
        jsonw_key(b, &f, "deliverables"), jsonw_int(b, (int64_t)r->total);
        jsonw_key(b, &f, "by_status");
        {
            int g = 1;
            buf_addc(b, '{');
            for (int s = ST_WHITE; s < ST__COUNT; s++)
                jsonw_key(b, &g, vocab_name(&VOCAB_STATUS, s)), jsonw_int(b, r->counts[s]);
            buf_addc(b, '}');
        }
        jsonw_key(b, &f, "objectives");
        buf_addc(b, '[');
        for (size_t j = 0; j < r->nobjectives; j++) {
            int g = 1;
            buf_adds(b, j ? ",\n{" : "\n{");
            jsonw_key(b, &g, "objective"), jsonw_str(b, r->objectives[j].name);
            jsonw_key(b, &g, "deliverables");
            buf_addc(b, '[');
            for (size_t k = 0; k < r->objectives[j].n; k++) {
                buf_adds(b, k ? ",\n" : "\n");
                action_json(p, b, r->objectives[j].actions[k]);
            }
            buf_adds(b, "]}");
        }
        buf_addc(b, ']');
        break;
    }
    case PAPER_BOARD: {
        const struct board_report *r = &p->u.board;
        char m[20];
        jsonw_key(b, &f, "open"), jsonw_int(b, (int64_t)r->nopen);
        jsonw_key(b, &f, "overdue"), jsonw_int(b, (int64_t)r->noverdue);
        jsonw_key(b, &f, "owners");
        buf_addc(b, '[');
        for (size_t j = 0; j < r->nowners; j++) {
            int g = 1;
            buf_adds(b, j ? ",\n{" : "\n{");
            jsonw_key(b, &g, "directorate"), jsonw_str(b, r->owners[j].directorate);
            jsonw_key(b, &g, "owner"), jsonw_str(b, r->owners[j].owner);
            jsonw_key(b, &g, "overdue"), jsonw_int(b, r->owners[j].overdue);
            jsonw_key(b, &g, "actions");
            buf_addc(b, '[');
            for (size_t k = 0; k < r->owners[j].n; k++) {
                buf_adds(b, k ? "," : "");
                action_json(p, b, r->owners[j].actions[k]);
            }
            buf_adds(b, "]}");
        }
        buf_addc(b, ']');
        jsonw_key(b, &f, "awaiting_sign_off");
        buf_addc(b, '[');
        for (size_t k = 0; k < r->ngreens; k++) {
            buf_adds(b, k ? ",\n" : "\n");
            action_json(p, b, r->greens[k]);
        }
        buf_addc(b, ']');
        jsonw_key(b, &f, "target_dates_extended");
        buf_addc(b, '[');
        for (size_t k = 0; k < r->nextended; k++) {
            const struct tl_action *t = &p->tl.v[r->extended[k]];
            const struct tl_due *rev = tl_revision_at(t, p->as_of);
            int g = 1;
            buf_adds(b, k ? ",\n{" : "\n{");
            jsonw_key(b, &g, "ref"), jsonw_str(b, t->a->ref);
            jsonw_key(b, &g, "original"), jsonw_str(b, tl_due_original(t));
            jsonw_key(b, &g, "current"), jsonw_str(b, tl_due_at(t, p->as_of));
            jsonw_key(b, &g, "from"), date_json(b, rev->effective);
            jsonw_key(b, &g, "reason"), jsonw_str(b, rev->reason);
            jsonw_key(b, &g, "agreed_by"), jsonw_str(b, rev->agreed_by);
            buf_addc(b, '}');
        }
        buf_addc(b, ']');
        jsonw_key(b, &f, "months");
        buf_addc(b, '[');
        for (int k = 0; k < 3; k++) {
            buf_adds(b, k ? "," : "");
            jsonw_str(b, date_month_year(r->months[k].start, m));
        }
        buf_addc(b, ']');
        jsonw_key(b, &f, "progress");
        buf_addc(b, '[');
        for (size_t j = 0; j < r->nprogress; j++) {
            const struct board_progress *x = &r->progress[j];
            int g = 1;
            buf_adds(b, j ? ",{" : "{");
            jsonw_key(b, &g, "directorate"), jsonw_str(b, x->directorate);
            jsonw_key(b, &g, "closed");
            buf_addf(b, "[%d,%d,%d]", x->closed[0], x->closed[1], x->closed[2]);
            jsonw_key(b, &g, "newly_green");
            buf_addf(b, "[%d,%d,%d]", x->green[0], x->green[1], x->green[2]);
            buf_addc(b, '}');
        }
        buf_addc(b, ']');
        break;
    }
    }
    jsonw_key(b, &f, "restricted_left_out"), jsonw_int(b, (int64_t)p->restricted_left_out);
    if (buf_adds(b, "}\n"))
        return err_set(e, ERR_LIMIT, "the paper is too large");
    return 0;
}

/* ---- docs ------------------------------------------------------------------ */

static const char *num(struct arena *a, long v)
{
    return arena_printf(a, "%ld", v);
}

static void header(struct doc_table *t, struct arena *a, const char *const *cols, size_t n)
{
    doc_row(t, a);
    for (size_t i = 0; i < n; i++)
        doc_cell(t, a, cols[i], DOC_PLAIN, 1);
}

static void widths(struct doc_table *t, struct arena *a, const double *w)
{
    t->widths = arena_alloc(a, t->ncols * sizeof *t->widths);
    memcpy(t->widths, w, t->ncols * sizeof *t->widths);
}

static const char *upper_status(enum status s)
{
    static const char *const up[] = {"", "WHITE", "AMBER", "RED", "GREEN", "CLOSED"};
    return up[s];
}

/* "31 March 2024" for a date, the words themselves for a label. */
static const char *due_words(const char *due, struct arena *a)
{
    int32_t d;
    char buf[20];
    if (!due)
        return "";
    if (date_parse(due, strlen(due), &d) == 0)
        return arena_strdup(a, date_long(d, buf));
    return due;
}

static void cover(const struct paper_register *p, struct doc *d, const char *subject)
{
    char now[20];
    doc_cover(d, "Committee(s)", p->committee ? p->committee : "");
    doc_cover(d, "Dated", date_long(p->as_of, now));
    doc_cover(d, "Subject", subject);
    doc_cover(d, "Public", p->public_version || !p->has_restricted ? "Public" : "Non-public");
}

static void audit_doc(const struct paper_register *p, struct arena *a, struct doc *d)
{
    const struct audit_report *r = &p->u.audit;
    static const char *const series[] = {"Deadline passed", "Future deadline"};
    static const char *const colours[] = {SVG_RED, "#1d70b8"};
    char now[20], hz[20];
    struct doc_table *t;

    date_long(p->as_of, now);
    date_long(r->horizon, hz);
    doc_heading(d, 1, "Audit actions monitored centrally");
    doc_paraf(d,
              "Corporate monitoring covers every high-risk action from internal audits and, "
              "where an audit is graded limited or no assurance, its medium-risk actions; "
              "lower-risk actions are implemented and monitored locally.");
    doc_paraf(d,
              "As at %s there are %zu outstanding actions monitored centrally: %d high-risk and "
              "%d medium-risk. Of these, %d are due for completion in the coming three quarters "
              "(by %s) and %d are still in progress but past their deadline%s.",
              now, r->nmonitored, r->high, r->medium, r->next, hz, r->past,
              r->later ? arena_printf(a, "; %d are due later", r->later) : "");
    {
        const struct audit_count *most = NULL;
        for (size_t i = 0; i < r->nareas; i++)
            if (r->areas[i].next && (!most || r->areas[i].next > most->next))
                most = &r->areas[i];
        if (most)
            doc_paraf(d, "The largest number due in the coming three quarters (%d) pertain to %s.",
                      most->next, most->name);
    }

    t = doc_table(d, "Summary", "Centrally monitored actions", 2, 1);
    header(t, a, (const char *const[]){"", "Actions"}, 2);
    {
        const char *labels[] = {"High risk", "Medium risk", "Past their deadline",
                                "Due in the coming three quarters", "Due later", "Total"};
        long vals[] = {r->high, r->medium, r->past, r->next, r->later, (long)r->nmonitored};
        for (int i = 0; i < 6; i++) {
            doc_row(t, a);
            doc_cell(t, a, labels[i], i == 5 ? DOC_STRONG : DOC_PLAIN, 1);
            doc_cell(t, a, num(a, vals[i]), i == 5 ? DOC_STRONG : DOC_NUMBER, 1);
        }
    }

    doc_heading(d, 2, "By business area");
    {
        const char **cats = arena_alloc(a, (r->nareas + 1) * sizeof *cats);
        long *vals = arena_alloc(a, (r->nareas * 2 + 1) * sizeof *vals);
        struct svg_bar_chart c = {0};
        struct svg_layout l;
        struct buf svg;
        struct err e;
        for (size_t i = 0; i < r->nareas; i++) {
            cats[i] = r->areas[i].name;
            vals[i * 2] = r->areas[i].past;
            vals[i * 2 + 1] = r->areas[i].next + r->areas[i].later;
        }
        c.id = "areas";
        c.title = "Monitored audit actions by business area: deadline passed and future";
        c.desc = "A bar for each business area, split into actions past their deadline and "
                 "actions with a future deadline. The table below gives the figures.";
        c.ncats = r->nareas, c.cats = cats, c.nseries = 2, c.series = series;
        c.colours = colours, c.values = vals, c.stacked = 1, c.axis_label = "Actions";
        buf_init(&svg, 0);
        if (svg_bar_chart(&svg, &c, &e) == 0 && svg_bar_chart_layout(&c, &l, &e) == 0)
            doc_chart(d, "areas", buf_str(&svg), c.title, l.width, l.height);
        buf_release(&svg);
    }
    t = doc_table(d, "Areas", "Monitored actions by business area", 5, 1);
    header(t, a, (const char *const[]){"Business area", "Past deadline", "Coming three quarters",
                                       "Later", "Total"}, 5);
    for (size_t i = 0; i < r->nareas; i++) {
        doc_row(t, a);
        doc_cell(t, a, r->areas[i].name, DOC_PLAIN, 1);
        doc_cell(t, a, num(a, r->areas[i].past), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->areas[i].next), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->areas[i].later), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->areas[i].total), DOC_STRONG, 1);
    }

    doc_heading(d, 2, "By financial quarter of the deadline");
    t = doc_table(d, "Quarters", "Monitored actions by the quarter they are due", 5, 1);
    header(t, a, (const char *const[]){"Quarter", "Past deadline", "Coming three quarters",
                                       "Later", "Total"}, 5);
    for (size_t i = 0; i < r->nquarters; i++) {
        doc_row(t, a);
        doc_cell(t, a, r->quarters[i].name, DOC_PLAIN, 1);
        doc_cell(t, a, num(a, r->quarters[i].past), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->quarters[i].next), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->quarters[i].later), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, r->quarters[i].total), DOC_STRONG, 1);
    }

    doc_heading(d, 2, "By audit");
    t = doc_table(d, "Audits", "Monitored actions by audit, most overdue first", 6, 1);
    header(t, a, (const char *const[]){"Audit", "Assurance", "High", "Medium", "Past deadline",
                                       "Latest position"}, 6);
    widths(t, a, (const double[]){28, 13, 8, 10, 10, 31});
    for (size_t i = 0; i < r->naudits; i++) {
        const struct audit_by_source *x = &r->audits[i];
        const struct source *src = p->tl.sources[x->source];
        doc_row(t, a);
        doc_cell(t, a, src->title, DOC_PLAIN, 1);
        doc_cell(t, a, src->assurance ? vocab_name(&VOCAB_ASSURANCE, src->assurance) : "", DOC_PLAIN, 1);
        doc_cell(t, a, num(a, x->high), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, x->medium), DOC_NUMBER, 1);
        doc_cell(t, a, num(a, x->past), DOC_STRONG, 1);
        doc_cell(t, a, x->latest == (size_t)-1 ? "" : note_of(p, x->latest), DOC_PLAIN, 1);
    }
}

static void references_doc(const struct paper_register *p, struct arena *a, struct doc *d)
{
    const struct references_report *r = &p->u.refs;
    struct doc_table *t;
    doc_heading(d, 1, "Outstanding references");
    doc_paraf(d, "References made at committee meetings before %s, with their status; a "
                 "reference completed since the last meeting is shown once.",
              date_long(r->as_of, arena_alloc(a, 20)));
    if (!r->nrows) {
        doc_para(d, "There are no outstanding references.");
        return;
    }
    t = doc_table(d, "References", "The committee's outstanding references", 5, 1);
    header(t, a, (const char *const[]){"No.", "Meeting date & reference", "Action", "Owner",
                                       "Status"}, 5);
    widths(t, a, (const double[]){11, 20, 36, 12, 21});
    for (size_t i = 0; i < r->nrows; i++) {
        const struct reference_row *x = &r->rows[i];
        const struct tl_action *ta = &p->tl.v[x->action];
        const char *note = note_of(p, x->action);
        char md[20];
        doc_row(t, a);
        doc_cell(t, a, ta->a->ref, DOC_PLAIN, 1);
        doc_cell(t, a, ta->a->theme ? ta->a->theme : date_long(x->meeting, md), DOC_PLAIN, 1);
        doc_cell(t, a, text_of(p, x->action), DOC_PLAIN, 1);
        doc_cell(t, a, ta->a->owner, DOC_PLAIN, 1);
        doc_cell(t, a,
                 note ? arena_printf(a, "%s - %s", reference_status_words(x->status), note)
                      : reference_status_words(x->status),
                 DOC_PLAIN, 1);
    }
}

static void plan_doc(const struct paper_register *p, struct arena *a, struct doc *d)
{
    const struct plan_report *r = &p->u.plan;
    const char *key[] = {"GREEN: complete or established", "AMBER: in progress",
                         "RED: deadline missed or will not be achieved",
                         "WHITE: not started"};
    struct doc_table *t;
    const char *position = "Summary position";
    int32_t latest = DATE_NONE;
    /* The positions are as of their latest note: the paper names its month. */
    for (size_t j = 0; j < r->nobjectives; j++)
        for (size_t k = 0; k < r->objectives[j].n; k++) {
            const struct tl_event *ev = tl_note_at(&p->tl.v[r->objectives[j].actions[k]], p->as_of);
            if (ev && ev->date > latest)
                latest = ev->date;
        }
    if (latest != DATE_NONE)
        position = arena_printf(a, "Summary position (%s)",
                                date_month_year(latest, arena_alloc(a, 20)));
    doc_heading(d, 1, p->tl.sources[r->source]->title);
    doc_paraf(d, "%zu deliverables: %d green, %d amber, %d red, %d white%s.", r->total,
              r->counts[ST_GREEN] + r->counts[ST_CLOSED], r->counts[ST_AMBER], r->counts[ST_RED],
              r->counts[ST_WHITE],
              r->counts[ST_CLOSED] ? arena_printf(a, " (%d of the green signed off)",
                                                  r->counts[ST_CLOSED])
                                   : "");
    doc_heading(d, 2, "Key");
    doc_list(d, 0, key, 4);
    for (size_t j = 0; j < r->nobjectives; j++) {
        const struct plan_objective *o = &r->objectives[j];
        doc_heading(d, 2, o->name);
        t = doc_table(d, arena_printf(a, "Objective %zu", j + 1), o->name, 5, 1);
        header(t, a, (const char *const[]){"No.", "Deliverable", position, "Progress (RAG)",
                                           "Date"}, 5);
        widths(t, a, (const double[]){6, 30, 36, 13, 15});
        for (size_t k = 0; k < o->n; k++) {
            size_t i = o->actions[k];
            const struct tl_action *ta = &p->tl.v[i];
            enum status s = tl_status_at(ta, p->as_of);
            enum status shown = s == ST_CLOSED ? ST_GREEN : s;
            doc_row(t, a);
            doc_cell(t, a, ta->a->ref, DOC_PLAIN, 1);
            doc_cell(t, a, text_of(p, i), DOC_PLAIN, 1);
            doc_cell(t, a, note_of(p, i), DOC_PLAIN, 1);
            doc_cell(t, a, upper_status(shown), doc_rag_style(vocab_name(&VOCAB_STATUS, shown)), 1);
            doc_cell(t, a, due_words(tl_due_at(ta, p->as_of), a), DOC_PLAIN, 1);
        }
    }
}

static void board_doc(const struct paper_register *p, struct arena *a, struct doc *d)
{
    const struct board_report *r = &p->u.board;
    struct doc_table *t;
    char m[3][20];
    for (int k = 0; k < 3; k++)
        date_month_year(r->months[k].start, m[k]);

    doc_heading(d, 1, "Improvement board pack");
    doc_paraf(d, "%zu open actions, %zu of them overdue; %zu green and awaiting sign-off; %zu "
                 "with a revised target date.",
              r->nopen, r->noverdue, r->ngreens, r->nextended);

    doc_heading(d, 2, "Open actions by directorate and owner");
    t = doc_table(d, "Open", "Open actions by directorate and owner, overdue first", 6, 1);
    header(t, a, (const char *const[]){"Ref", "Action", "Owner", "Target date", "Status",
                                       "Latest progress"}, 6);
    widths(t, a, (const double[]){11, 29, 14, 13, 12, 21});
    for (size_t j = 0; j < r->nowners; j++) {
        const struct board_owner *o = &r->owners[j];
        doc_row(t, a);
        doc_cell(t, a,
                 arena_printf(a, "%s: %s (%zu open, %d overdue)",
                              *o->directorate ? o->directorate : "(no directorate)",
                              *o->owner ? o->owner : "(no owner)", o->n, o->overdue),
                 DOC_GROUP, 6);
        for (size_t k = 0; k < o->n; k++) {
            size_t i = o->actions[k];
            const struct tl_action *ta = &p->tl.v[i];
            enum status s = tl_status_at(ta, p->as_of);
            int od = tl_overdue_at(ta, p->as_of);
            doc_row(t, a);
            doc_cell(t, a, ta->a->ref, DOC_PLAIN, 1);
            doc_cell(t, a, text_of(p, i), DOC_PLAIN, 1);
            doc_cell(t, a, ta->a->owner, DOC_PLAIN, 1);
            doc_cell(t, a, due_words(tl_due_at(ta, p->as_of), a), DOC_PLAIN, 1);
            doc_cell(t, a, od ? arena_printf(a, "%s (overdue)", upper_status(s)) : upper_status(s),
                     doc_rag_style(vocab_name(&VOCAB_STATUS, s)), 1);
            doc_cell(t, a, note_of(p, i), DOC_PLAIN, 1);
        }
    }

    doc_heading(d, 2, "Awaiting sign-off");
    if (!r->ngreens) {
        doc_para(d, "None.");
    } else {
        t = doc_table(d, "Sign-off", "Green actions awaiting sign-off", 4, 1);
        header(t, a, (const char *const[]){"Ref", "Action", "Owner", "Green since"}, 4);
        for (size_t k = 0; k < r->ngreens; k++) {
            size_t i = r->greens[k];
            const struct tl_event *ev = tl_event_at(&p->tl.v[i], p->as_of);
            char g[20];
            doc_row(t, a);
            doc_cell(t, a, p->tl.v[i].a->ref, DOC_PLAIN, 1);
            doc_cell(t, a, text_of(p, i), DOC_PLAIN, 1);
            doc_cell(t, a, p->tl.v[i].a->owner, DOC_PLAIN, 1);
            doc_cell(t, a, ev ? date_long(ev->date, g) : "", DOC_PLAIN, 1);
        }
    }

    doc_heading(d, 2, "Target dates extended");
    if (!r->nextended) {
        doc_para(d, "None.");
    } else {
        t = doc_table(d, "Extended", "Open actions with a revised target date", 6, 1);
        header(t, a, (const char *const[]){"Ref", "Original target", "Current target", "From",
                                           "Reason", "Agreed by"}, 6);
        for (size_t k = 0; k < r->nextended; k++) {
            const struct tl_action *ta = &p->tl.v[r->extended[k]];
            const struct tl_due *rev = tl_revision_at(ta, p->as_of);
            char f[20];
            doc_row(t, a);
            doc_cell(t, a, ta->a->ref, DOC_PLAIN, 1);
            doc_cell(t, a, due_words(tl_due_original(ta), a), DOC_PLAIN, 1);
            doc_cell(t, a, due_words(tl_due_at(ta, p->as_of), a), DOC_PLAIN, 1);
            doc_cell(t, a, date_long(rev->effective, f), DOC_PLAIN, 1);
            doc_cell(t, a, rev->reason, DOC_PLAIN, 1);
            doc_cell(t, a, rev->agreed_by, DOC_PLAIN, 1);
        }
    }

    doc_heading(d, 2, arena_printf(a, "Progress over the last three months (%s to %s)", m[0], m[2]));
    {
        const char *series[6];
        static const char *const colours[] = {"#505a5f", "#6f777b", "#0b0c0c",
                                              "#00703c", "#28a197", "#85994b"};
        const char **cats = arena_alloc(a, (r->nprogress + 1) * sizeof *cats);
        long *vals = arena_alloc(a, (r->nprogress * 6 + 1) * sizeof *vals);
        struct svg_bar_chart c = {0};
        struct svg_layout l;
        struct buf svg;
        struct err e;
        for (int k = 0; k < 3; k++) {
            series[k] = arena_printf(a, "Closed %s", m[k]);
            series[3 + k] = arena_printf(a, "Newly green %s", m[k]);
        }
        for (size_t j = 0; j < r->nprogress; j++) {
            cats[j] = r->progress[j].directorate;
            for (int k = 0; k < 3; k++) {
                vals[j * 6 + k] = r->progress[j].closed[k];
                vals[j * 6 + 3 + k] = r->progress[j].green[k];
            }
        }
        c.id = "progress";
        c.title = "Actions closed and newly green by directorate, month by month";
        c.desc = "For each directorate, the actions closed and the actions newly green in each "
                 "of the last three months. The table below gives the figures.";
        c.ncats = r->nprogress, c.cats = cats, c.nseries = 6, c.series = series;
        c.colours = colours, c.values = vals, c.stacked = 1, c.axis_label = "Actions";
        buf_init(&svg, 0);
        if (svg_bar_chart(&svg, &c, &e) == 0 && svg_bar_chart_layout(&c, &l, &e) == 0)
            doc_chart(d, "progress", buf_str(&svg), c.title, l.width, l.height);
        buf_release(&svg);
        t = doc_table(d, "Progress", "Closed and newly green actions by month", 7, 2);
        doc_row(t, a);
        doc_cell(t, a, "Directorate", DOC_PLAIN, 1);
        doc_cell(t, a, "Closed", DOC_PLAIN, 3);
        doc_cell(t, a, "Newly green", DOC_PLAIN, 3);
        doc_row(t, a);
        doc_cell(t, a, "", DOC_PLAIN, 1);
        for (int g = 0; g < 2; g++)
            for (int k = 0; k < 3; k++)
                doc_cell(t, a, m[k], DOC_PLAIN, 1);
        for (size_t j = 0; j < r->nprogress; j++) {
            doc_row(t, a);
            doc_cell(t, a, r->progress[j].directorate, DOC_PLAIN, 1);
            for (int k = 0; k < 3; k++)
                doc_cell(t, a, num(a, r->progress[j].closed[k]), DOC_NUMBER, 1);
            for (int k = 0; k < 3; k++)
                doc_cell(t, a, num(a, r->progress[j].green[k]), DOC_NUMBER, 1);
        }
    }
}

void paper_register_doc(const struct paper_register *p, struct arena *a, struct doc *d)
{
    static const char *const subjects[] = {"Audit actions: central monitoring",
                                           "Outstanding references", "Delivery plan",
                                           "Improvement board pack"};
    char date[DATE_BUFSZ];
    const char *subject = subjects[p->kind];
    if (p->kind == PAPER_PLAN)
        subject = p->tl.sources[p->u.plan.source]->title;
    doc_init(d, a, subject, date_format(p->as_of, date), p->org);
    cover(p, d, subject);
    if (p->public_version && p->restricted_left_out)
        doc_paraf(d, "This is the public version: %zu restricted item%s counted but not described.",
                  p->restricted_left_out, p->restricted_left_out == 1 ? " is" : "s are");
    switch (p->kind) {
    case PAPER_AUDIT: audit_doc(p, a, d); break;
    case PAPER_REFERENCES: references_doc(p, a, d); break;
    case PAPER_PLAN: plan_doc(p, a, d); break;
    case PAPER_BOARD: board_doc(p, a, d); break;
    }
}
