/* cmd_list.c -- list, show, history: reading the register. */
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "format/action_json.h"
#include "format/csv_write.h"

/* ---- aligned tables ----------------------------------------------------- */

/* Display width of UTF-8 text: one column per code point. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Writes s padded (or cut, with "…") to w columns. */
static void cell_out(FILE *f, const char *s, size_t w, int last)
{
    size_t n = 0, cols = width(s);
    if (cols > w) {
        const char *p = s;
        while (*p && n < w - 1) {
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
            n++;
        }
        fwrite(s, 1, (size_t)(p - s), f);
        fputs("…", f);
        cols = w;
    } else {
        fputs(s, f);
    }
    if (!last)
        for (; cols < w + 2; cols++)
            fputc(' ', f);
}

struct table {
    size_t ncols, nrows, cap;
    const char **cells; /* row-major, header first */
    size_t maxw[16];
};

static void table_add(struct arena *a, struct table *t, const char *const *row)
{
    if (t->nrows == t->cap) {
        const char **n;
        t->cap = t->cap ? t->cap * 2 : 64;
        n = arena_alloc(a, t->cap * t->ncols * sizeof *n);
        if (t->nrows)
            memcpy(n, t->cells, t->nrows * t->ncols * sizeof *n);
        t->cells = n;
    }
    for (size_t i = 0; i < t->ncols; i++) {
        const char *v = row[i] ? row[i] : "";
        size_t w = width(v);
        t->cells[t->nrows * t->ncols + i] = v;
        if (w > t->maxw[i])
            t->maxw[i] = w;
    }
    t->nrows++;
}

static void table_print(FILE *f, struct table *t, const size_t *limit)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t i = 0; i < t->ncols; i++) {
            size_t w = t->maxw[i];
            if (limit && limit[i] && w > limit[i])
                w = limit[i];
            cell_out(f, t->cells[r * t->ncols + i], w, i + 1 == t->ncols);
        }
        fputc('\n', f);
    }
}

/* ---- list --------------------------------------------------------------- */

struct list_filter {
    unsigned statuses; /* bit per enum status; 0: all */
    const char *source, *owner, *directorate;
    int kind, overdue, historic, fresh;
    int32_t as_of, cutoff;
};

static int matches(const struct action *a, const struct list_filter *f)
{
    if (f->statuses && !(f->statuses & (1u << a->status)))
        return 0;
    if (f->source && strcmp(f->source, a->source_title) != 0)
        return 0;
    if (f->owner && (!a->owner || strcasecmp(f->owner, a->owner) != 0))
        return 0;
    if (f->directorate && (!a->directorate || strcasecmp(f->directorate, a->directorate) != 0))
        return 0;
    if (f->kind && (int)a->kind != f->kind)
        return 0;
    if (f->overdue && !action_overdue(a, f->as_of))
        return 0;
    if ((f->historic || f->fresh) && f->cutoff != DATE_NONE) {
        int historic = action_issued(a) < f->cutoff;
        if (f->historic != historic)
            return 0;
    }
    return 1;
}

static int run_list(struct cli_ctx *c, int argc, char **argv)
{
    const char *status, *source, *kind, *owner, *directorate, *overdue, *historic, *fresh,
        *as_of, *format;
    struct list_filter f = {0};
    struct action **v;
    const char *cutoff;
    size_t n, shown = 0;
    char **rest;
    int nrest, rc, k;
    struct buf b;
    const struct cli_opt opts[] = {
        {"status", 1, &status},   {"source", 1, &source},           {"kind", 1, &kind},
        {"owner", 1, &owner},     {"directorate", 1, &directorate}, {"overdue", 0, &overdue},
        {"historic", 0, &historic}, {"new", 0, &fresh},             {"as-of", 1, &as_of},
        {"format", 1, &format},   {0}};

    if ((rc = cli_options(c, &CMD_LIST, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    if (format && strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
        return err_set(&c->err, ERR_USAGE, "--format: table, csv or json");
    f.as_of = date_today();
    if (as_of && (rc = cli_date("--as-of", as_of, &f.as_of, &c->err)))
        return rc;
    for (const char *p = status; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)len, p);
        if (strcasecmp(word, "outstanding") == 0) {
            f.statuses |= 1u << ST_WHITE | 1u << ST_AMBER | 1u << ST_RED;
        } else if (strcasecmp(word, "open") == 0) {
            f.statuses |= 1u << ST_WHITE | 1u << ST_AMBER | 1u << ST_RED | 1u << ST_GREEN;
        } else {
            if ((rc = cli_word("--status", &VOCAB_STATUS, word, &k, &c->err)))
                return rc;
            f.statuses |= 1u << k;
        }
        p = comma ? comma + 1 : NULL;
    }
    if (kind && (rc = cli_word("--kind", &VOCAB_ACTION_KIND, kind, &f.kind, &c->err)))
        return rc;
    f.source = source;
    f.owner = owner;
    f.directorate = directorate;
    f.overdue = overdue != NULL;
    f.historic = historic != NULL;
    f.fresh = fresh != NULL;
    if (f.historic && f.fresh)
        return err_set(&c->err, ERR_USAGE, "--historic and --new exclude each other");
    f.cutoff = DATE_NONE;
    if ((rc = store_setting_get(c->store, "cutoff", &c->arena, &cutoff, &c->err)))
        return rc;
    if (cutoff)
        date_parse(cutoff, strlen(cutoff), &f.cutoff);
    if ((f.historic || f.fresh) && f.cutoff == DATE_NONE)
        return err_set(&c->err, ERR_USAGE,
                       "--historic/--new need the cut-off date: oversight settings set cutoff D");
    if ((rc = store_actions_as_of(c->store, f.as_of, NULL, &c->arena, &v, &n, &c->err)))
        return rc;

    buf_init(&b, 0);
    if (format && strcmp(format, "json") == 0) {
        buf_addc(&b, '[');
        for (size_t i = 0; i < n; i++) {
            if (!matches(v[i], &f))
                continue;
            buf_adds(&b, shown++ ? ",\n" : "\n");
            action_json(&b, v[i], f.as_of, f.cutoff);
        }
        buf_adds(&b, shown ? "\n]\n" : "]\n");
    } else if (format && strcmp(format, "csv") == 0) {
        static const char *const head[] = {"ref", "status", "source", "kind", "text", "owner",
                                           "directorate", "issued", "due", "overdue",
                                           "latest_note"};
        csv_write_row(&b, head, 11);
        for (size_t i = 0; i < n; i++) {
            char d[DATE_BUFSZ];
            const char *row[11];
            struct action *a = v[i];
            if (!matches(a, &f))
                continue;
            row[0] = a->ref, row[1] = vocab_name(&VOCAB_STATUS, a->status);
            row[2] = a->source_title, row[3] = vocab_name(&VOCAB_ACTION_KIND, a->kind);
            row[4] = a->text, row[5] = a->owner, row[6] = a->directorate;
            row[7] = date_format(action_issued(a), d), row[8] = a->due;
            row[9] = action_overdue(a, f.as_of) ? "yes" : "", row[10] = a->last_note;
            csv_write_row(&b, row, 11);
        }
    } else {
        struct table t = {.ncols = 6};
        int any_overdue = 0;
        static const size_t limit[] = {0, 0, 12, 28, 28, 48};
        const char *head[] = {"REF", "STATUS", "DUE", "OWNER", "DIRECTORATE", "SOURCE"};
        table_add(&c->arena, &t, head);
        for (size_t i = 0; i < n; i++) {
            struct action *a = v[i];
            const char *row[6];
            if (!matches(a, &f))
                continue;
            shown++;
            any_overdue |= action_overdue(a, f.as_of);
            row[0] = a->ref;
            row[1] = action_overdue(a, f.as_of)
                         ? arena_printf(&c->arena, "%s*", vocab_name(&VOCAB_STATUS, a->status))
                         : vocab_name(&VOCAB_STATUS, a->status);
            row[2] = a->due, row[3] = a->owner, row[4] = a->directorate, row[5] = a->source_title;
            table_add(&c->arena, &t, row);
        }
        table_print(c->out, &t, c->stdout_tty ? limit : NULL);
        {
            char d[DATE_BUFSZ];
            fprintf(c->out, "%zu action%s as of %s%s\n", shown, shown == 1 ? "" : "s",
                    date_format(f.as_of, d), any_overdue ? " (* overdue)" : "");
        }
    }
    fwrite(b.p ? b.p : "", 1, b.len, c->out);
    buf_release(&b);
    return 0;
}

const struct cli_command CMD_LIST = {
    "list", "list actions as of a date, with filters",
    "usage: oversight list [--status S[,S...]] [--source TITLE] [--kind K] [--owner O]\n"
    "                      [--directorate D] [--overdue] [--historic|--new]\n"
    "                      [--as-of D] [--format table|csv|json]\n\n"
    "Lists the actions existing at --as-of (default today) with their status then.\n"
    "--status takes statuses, or 'outstanding' (red, amber, white) or 'open' (not\n"
    "closed). --overdue: a target date before the as-of date, and not green or\n"
    "closed. --historic/--new: issued before / on or after the 'cutoff' setting.\n",
    CLI_STORE, run_list};

/* ---- show --------------------------------------------------------------- */

static int run_show(struct cli_ctx *c, int argc, char **argv)
{
    const char *format;
    struct action *a;
    struct source *src;
    struct update **u;
    struct due_change **d;
    size_t nu, nd;
    char **rest, ds[DATE_BUFSZ];
    int nrest, rc;
    const struct cli_opt opts[] = {{"format", 1, &format}, {0}};

    if ((rc = cli_options(c, &CMD_SHOW, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "show needs one REF");
    if (format && strcmp(format, "text") && strcmp(format, "json"))
        return err_set(&c->err, ERR_USAGE, "--format: text or json");
    if ((rc = store_action_find(c->store, rest[0], &c->arena, &a, &c->err)) ||
        (rc = store_source_get(c->store, a->source_id, &c->arena, &src, &c->err)) ||
        (rc = store_updates_of(c->store, a->id, &c->arena, &u, &nu, &c->err)) ||
        (rc = store_due_history(c->store, a->id, &c->arena, &d, &nd, &c->err)))
        return rc;

    if (format && strcmp(format, "json") == 0) {
        struct buf b;
        int first = 1;
        buf_init(&b, 0);
        buf_adds(&b, "{\"action\":");
        action_json(&b, a, date_today(), DATE_NONE);
        buf_adds(&b, ",\"source\":{");
        jsonw_key(&b, &first, "title"), jsonw_str(&b, src->title);
        jsonw_key(&b, &first, "body"), jsonw_str(&b, src->body);
        jsonw_key(&b, &first, "kind"), jsonw_str(&b, vocab_name(&VOCAB_SOURCE_KIND, src->kind));
        jsonw_key(&b, &first, "scope"), jsonw_str(&b, vocab_name(&VOCAB_SCOPE, src->scope));
        jsonw_key(&b, &first, "published"),
            jsonw_str(&b, src->published == DATE_NONE ? NULL : date_format(src->published, ds));
        buf_adds(&b, "},\"updates\":[");
        for (size_t i = 0; i < nu; i++) {
            first = 1;
            buf_adds(&b, i ? ",{" : "{");
            jsonw_key(&b, &first, "id"), jsonw_int(&b, u[i]->seq);
            jsonw_key(&b, &first, "date"), jsonw_str(&b, date_format(u[i]->date, ds));
            jsonw_key(&b, &first, "status"), jsonw_str(&b, vocab_name(&VOCAB_STATUS, u[i]->status));
            jsonw_key(&b, &first, "note"), jsonw_str(&b, u[i]->note);
            jsonw_key(&b, &first, "by"), jsonw_str(&b, u[i]->by);
            jsonw_key(&b, &first, "reason"), jsonw_str(&b, u[i]->reason);
            jsonw_key(&b, &first, "by_ref"), jsonw_str(&b, u[i]->by_ref);
            jsonw_key(&b, &first, "recorded_at"), jsonw_str(&b, u[i]->recorded_at);
            jsonw_key(&b, &first, "recorded_by"), jsonw_str(&b, u[i]->recorded_by);
            jsonw_key(&b, &first, "void"), buf_adds(&b, u[i]->is_void ? "true" : "false");
            jsonw_key(&b, &first, "void_reason"), jsonw_str(&b, u[i]->void_reason);
            buf_addc(&b, '}');
        }
        buf_adds(&b, "],\"target_dates\":[");
        for (size_t i = 0; i < nd; i++) {
            first = 1;
            buf_adds(&b, i ? ",{" : "{");
            jsonw_key(&b, &first, "due"), jsonw_str(&b, d[i]->due);
            jsonw_key(&b, &first, "effective"),
                jsonw_str(&b, d[i]->effective == DATE_NONE ? NULL : date_format(d[i]->effective, ds));
            jsonw_key(&b, &first, "reason"), jsonw_str(&b, d[i]->reason);
            jsonw_key(&b, &first, "agreed_by"), jsonw_str(&b, d[i]->agreed_by);
            jsonw_key(&b, &first, "recorded_at"), jsonw_str(&b, d[i]->recorded_at);
            buf_addc(&b, '}');
        }
        buf_adds(&b, "]}\n");
        fwrite(b.p, 1, b.len, c->out);
        buf_release(&b);
        return 0;
    }

    fprintf(c->out, "%s  %s\n\n%s\n\n", a->ref, vocab_name(&VOCAB_STATUS, a->status), a->text);
    fprintf(c->out, "Source:       %s", src->title);
    if (src->kind || src->scope || src->published != DATE_NONE)
        fprintf(c->out, " (%s%s%s%s%s)", vocab_name(&VOCAB_SOURCE_KIND, src->kind),
                src->kind && src->scope ? ", " : "", vocab_name(&VOCAB_SCOPE, src->scope),
                src->published != DATE_NONE ? ", published " : "",
                src->published != DATE_NONE ? date_format(src->published, ds) : "");
    fprintf(c->out, "\nKind:         %s\n", vocab_name(&VOCAB_ACTION_KIND, a->kind));
    if (a->owner)
        fprintf(c->out, "Owner:        %s\n", a->owner);
    if (a->directorate)
        fprintf(c->out, "Directorate:  %s\n", a->directorate);
    if (a->theme)
        fprintf(c->out, "Theme:        %s\n", a->theme);
    if (a->risk)
        fprintf(c->out, "Risk:         %s\n", vocab_name(&VOCAB_RISK, a->risk));
    if (a->scope)
        fprintf(c->out, "Scope:        %s\n", vocab_name(&VOCAB_SCOPE, a->scope));
    if (a->marking)
        fprintf(c->out, "Marking:      %s\n", vocab_name(&VOCAB_MARKING, a->marking));
    fprintf(c->out, "Issued:       %s\n", date_format(action_issued(a), ds));
    if (a->due)
        fprintf(c->out, "Target date:  %s%s%s%s\n", a->due,
                a->due_original && strcmp(a->due_original, a->due) ? " (originally " : "",
                a->due_original && strcmp(a->due_original, a->due) ? a->due_original : "",
                a->due_original && strcmp(a->due_original, a->due) ? ")" : "");
    if (nd > 1) {
        fprintf(c->out, "\nTarget dates:\n");
        for (size_t i = 0; i < nd; i++) {
            if (d[i]->effective == DATE_NONE)
                fprintf(c->out, "  original       %s\n", d[i]->due);
            else
                fprintf(c->out, "  from %s  %s  %s; agreed by %s\n",
                        date_format(d[i]->effective, ds), d[i]->due,
                        d[i]->reason ? d[i]->reason : "", d[i]->agreed_by ? d[i]->agreed_by : "");
        }
    }
    fprintf(c->out, "\nHistory:\n");
    if (!nu)
        fprintf(c->out, "  (no updates: white)\n");
    for (size_t i = 0; i < nu; i++) {
        fprintf(c->out, "  %s  %-6s  #%lld%s%s by %s, recorded %s by %s\n",
                date_format(u[i]->date, ds), vocab_name(&VOCAB_STATUS, u[i]->status),
                (long long)u[i]->seq, u[i]->reason ? "  reason: " : "",
                u[i]->reason ? u[i]->reason : "", u[i]->by ? u[i]->by : u[i]->recorded_by,
                u[i]->recorded_at, u[i]->recorded_by);
        if (u[i]->by_ref)
            fprintf(c->out, "      superseded by %s\n", u[i]->by_ref);
        if (u[i]->note)
            fprintf(c->out, "      %s\n", u[i]->note);
        if (u[i]->is_void)
            fprintf(c->out, "      VOID: %s (%s, %s)\n", u[i]->void_reason, u[i]->voided_by,
                    u[i]->voided_at);
    }
    return 0;
}

const struct cli_command CMD_SHOW = {
    "show", "an action, its source and its whole history",
    "usage: oversight show REF [--format text|json]\n\n"
    "Shows the action's current version, its source, its target dates (original\n"
    "and revised) and every update with its id, void ones marked.\n",
    CLI_STORE, run_show};

/* ---- history ------------------------------------------------------------ */

struct history_ctx {
    struct cli_ctx *c;
    struct buf *b;
    int json, count;
};

static int history_entry(void *ctx, const struct audit_entry *en)
{
    struct history_ctx *h = ctx;
    if (h->json) {
        int first = 1;
        buf_adds(h->b, h->count ? ",\n{" : "\n{");
        jsonw_key(h->b, &first, "seq"), jsonw_int(h->b, en->seq);
        jsonw_key(h->b, &first, "recorded_at"), jsonw_str(h->b, en->recorded_at);
        jsonw_key(h->b, &first, "by"), jsonw_str(h->b, en->recorded_by);
        jsonw_key(h->b, &first, "what"), jsonw_str(h->b, en->what);
        jsonw_key(h->b, &first, "subject"), jsonw_str(h->b, en->subject);
        jsonw_key(h->b, &first, "field"), jsonw_str(h->b, en->field);
        jsonw_key(h->b, &first, "old"), jsonw_str(h->b, en->old_value);
        jsonw_key(h->b, &first, "new"), jsonw_str(h->b, en->new_value);
        buf_addc(h->b, '}');
    } else {
        buf_addf(h->b, "%-6lld %.19s  %-12s %-11s %s", (long long)en->seq, en->recorded_at,
                 en->recorded_by, en->what, en->subject ? en->subject : "");
        if (en->field)
            buf_addf(h->b, "  %s: %s -> %s", en->field, en->old_value ? en->old_value : "(none)",
                     en->new_value ? en->new_value : "(none)");
        else if (en->new_value)
            buf_addf(h->b, "  %s", en->new_value);
        buf_addc(h->b, '\n');
    }
    h->count++;
    if (h->b->len > (1 << 16)) {
        fwrite(h->b->p, 1, h->b->len, h->c->out);
        buf_reset(h->b);
    }
    return 0;
}

static int run_history(struct cli_ctx *c, int argc, char **argv)
{
    const char *since, *ref, *format;
    struct action *a = NULL;
    char **rest, moment[MOMENT_BUFSZ];
    int nrest, rc;
    int32_t d;
    struct buf b;
    struct history_ctx h = {c, &b, 0, 0};
    const struct cli_opt opts[] = {
        {"since", 1, &since}, {"ref", 1, &ref}, {"format", 1, &format}, {0}};

    if ((rc = cli_options(c, &CMD_HISTORY, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    if (format && strcmp(format, "table") && strcmp(format, "json"))
        return err_set(&c->err, ERR_USAGE, "--format: table or json");
    h.json = format && strcmp(format, "json") == 0;
    if (since) {
        if ((rc = cli_date("--since", since, &d, &c->err)))
            return rc;
        moment_format((int64_t)d * 86400 * 1000000, moment);
    }
    if (ref && (rc = store_action_find(c->store, ref, &c->arena, &a, &c->err)))
        return rc;
    buf_init(&b, 0);
    if (h.json)
        buf_addc(&b, '[');
    rc = store_audit_each(c->store, since ? moment : NULL, a ? a->id : 0, history_entry, &h,
                          &c->err);
    if (h.json)
        buf_adds(&b, h.count ? "\n]\n" : "]\n");
    fwrite(b.p ? b.p : "", 1, b.len, c->out);
    buf_release(&b);
    return rc;
}

const struct cli_command CMD_HISTORY = {
    "history", "the audit log: every change, who and when",
    "usage: oversight history [--since D] [--ref REF] [--format table|json]\n\n"
    "Every change recorded in the register, oldest first: its change number, when\n"
    "and by whom it was recorded, what it changed, and old -> new values.\n",
    CLI_STORE, run_history};
