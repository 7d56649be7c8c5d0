/* cmd_measure.c -- measure, observe, narrate: performance measures, their
 * values period by period, and the quarter's reasons and response. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "domain/measures.h"
#include "service/measure_entry.h"
#include "service/paper_performance.h"

/* ---- the settings flags of measure add and edit ------------------------ */

struct measure_flags {
    const char *name, *priority, *unit, *improvement, *target, *frequency, *limits, *baseline,
        *rebase, *annotate, *num_label, *den_label;
};

static int number_flag(struct cli_ctx *c, const char *flag, const char *s, double *out)
{
    if (measure_number_parse(s, strlen(s), out))
        return err_set(&c->err, ERR_USAGE, "--%s: \"%s\" is not a number", flag, s);
    return 0;
}

/* Applies the flags given to m; "" or "none" clears an optional setting. */
static int apply_flags(struct cli_ctx *c, const struct measure_flags *f, struct measure *m)
{
    char why[256];
    int v, rc;

    if (f->name) {
        if (!*f->name)
            return err_set(&c->err, ERR_USAGE, "--name: a measure needs a name");
        m->name = f->name;
    }
    if (f->priority)
        m->priority = f->priority;
    if (f->unit && (rc = cli_word("--unit", &VOCAB_UNIT, f->unit, &v, &c->err)) == 0)
        m->unit = v;
    else if (f->unit)
        return rc;
    if (f->improvement &&
        (rc = cli_word("--improvement", &VOCAB_IMPROVEMENT, f->improvement, &v, &c->err)) == 0)
        m->improvement = v;
    else if (f->improvement)
        return rc;
    if (f->frequency &&
        (rc = cli_word("--frequency", &VOCAB_FREQUENCY, f->frequency, &v, &c->err)) == 0)
        m->frequency = v;
    else if (f->frequency)
        return rc;
    if (f->target) {
        if (!*f->target || strcmp(f->target, "none") == 0)
            m->target = NAN;
        else if ((rc = number_flag(c, "target", f->target, &m->target)))
            return rc;
    }
    if (f->limits) {
        if (!*f->limits || strcmp(f->limits, "none") == 0)
            m->limits = NAN;
        else if ((rc = number_flag(c, "limits", f->limits, &m->limits)))
            return rc;
        else if (!(m->limits > 0 && m->limits <= 10))
            return err_set(&c->err, ERR_USAGE,
                           "--limits: the width in sigma, above 0 and up to 10");
    }
    if (f->baseline) {
        double b = 0;
        if (*f->baseline && strcmp(f->baseline, "none") != 0 &&
            ((rc = number_flag(c, "baseline", f->baseline, &b)) || b != floor(b) || b < 2 ||
             b > 1000000))
            return err_set(&c->err, ERR_USAGE,
                           "--baseline: a whole number of points, 2 or more (0 or none: no "
                           "baseline)");
        m->baseline = (long)b;
    }
    if (f->rebase) {
        struct measure_rebase *rb;
        size_t n;
        if (measure_rebases_parse(f->rebase, &c->arena, &rb, &n, why, sizeof why))
            return err_set(&c->err, ERR_USAGE, "--rebase: %s", why);
        m->rebases = n ? f->rebase : NULL;
    }
    if (f->annotate) {
        struct measure_note *nt;
        size_t n;
        if (measure_notes_parse(f->annotate, &c->arena, &nt, &n, why, sizeof why))
            return err_set(&c->err, ERR_USAGE, "--annotate: %s", why);
        m->annotations = n ? f->annotate : NULL;
    }
    if (f->num_label)
        m->numerator_label = f->num_label;
    if (f->den_label)
        m->denominator_label = f->den_label;
    return 0;
}

/* "monthly count, lower is better" */
static const char *describe(const struct measure *m, struct arena *a)
{
    return arena_printf(a, "%s %s, %s", vocab_name(&VOCAB_FREQUENCY, m->frequency),
                        vocab_name(&VOCAB_UNIT, m->unit),
                        m->improvement == MI_UP     ? "higher is better"
                        : m->improvement == MI_DOWN ? "lower is better"
                                                    : "no improvement direction");
}

/* ---- measure ------------------------------------------------------------- */

static int measure_list(struct cli_ctx *c, const char *as_of)
{
    struct perf_opts o = {0};
    struct paper_performance p;
    char q[PERIOD_BUFSZ];
    int rc;

    o.as_of = as_of;
    if ((rc = paper_performance_load(c->store, &o, &c->arena, &p, &c->err)))
        return rc;
    if (p.last_month != period_last_month(p.quarter)) {
        char mo[PERIOD_BUFSZ];
        fprintf(c->out, "Measures as of %s (%s so far)\n",
                period_label(period_month(p.last_month), mo), period_label(p.quarter, q));
    } else {
        fprintf(c->out, "Measures as of %s\n", period_label(p.quarter, q));
    }
    for (size_t k = 0; k < p.npriorities; k++) {
        const struct perf_priority *pr = &p.priorities[k];
        fprintf(c->out, "\n%zu. %s\n", k + 1, *pr->name ? pr->name : "No priority");
        for (size_t i = pr->first; i < pr->first + pr->n; i++) {
            const struct perf_measure *pm = &p.v[i];
            char v[40];
            fprintf(c->out, "  %-5s %s (%s)\n", pm->number, pm->m->name,
                    describe(pm->m, &c->arena));
            fprintf(c->out, "        %s: %s", q,
                    pm->q[3].have ? measure_value_text(pm->m->unit, pm->q[3].value, v, sizeof v)
                                  : "no data");
            if (pm->q[3].partial)
                fprintf(c->out, " (%d of 3 months)", pm->q[3].months);
            if (pm->q[3].have)
                fprintf(c->out, "; %s", pm->change.text);
            if (pm->has_travel)
                fprintf(c->out, "; %s %s: %s\n", measure_arrow_glyph(pm->travel.arrow),
                        spc_colour_name(pm->travel.colour), measure_travel_words(&pm->travel));
            else
                fprintf(c->out, "; no direction of travel (%zu point%s)\n", pm->npts,
                        pm->npts == 1 ? "" : "s");
        }
    }
    return 0;
}

/* Text as entered, its later lines indented under the first. */
static void print_text(FILE *out, const char *label, const char *text)
{
    if (!text)
        return;
    fputs(label, out);
    for (const char *p = text; *p; p++) {
        fputc(*p, out);
        if (*p == '\n' && p[1])
            fprintf(out, "%*s", (int)strlen(label), "");
    }
    fputc('\n', out);
}

/* Means and limits to one decimal, as the papers print them. */
static double tenth(double v)
{
    return fabs(v) >= 1e6 ? v : round(v * 10) / 10;
}

static void show_text(struct cli_ctx *c, const struct paper_performance *p,
                      const struct perf_measure *pm)
{
    const struct measure *m = pm->m;
    FILE *out = c->out;
    char v[40], w[40], q[PERIOD_BUFSZ];

    fprintf(out, "%s %s\n", pm->number, m->name);
    fprintf(out, "  priority:     %s\n", m->priority ? m->priority : "none");
    fprintf(out, "  unit:         %s%s%s%s%s%s\n", vocab_name(&VOCAB_UNIT, m->unit),
            m->numerator_label || m->denominator_label ? " (" : "",
            m->numerator_label ? m->numerator_label : "", m->denominator_label ? " of " : "",
            m->denominator_label ? m->denominator_label : "",
            m->numerator_label || m->denominator_label ? ")" : "");
    fprintf(out, "  improvement:  %s\n", vocab_name(&VOCAB_IMPROVEMENT, m->improvement));
    fprintf(out, "  frequency:    %s\n", vocab_name(&VOCAB_FREQUENCY, m->frequency));
    fprintf(out, "  target:       %s\n",
            isfinite(m->target) ? measure_value_text(m->unit, m->target, v, sizeof v) : "none");
    fprintf(out, "  limits:       %g sigma\n",
            pm->settings.limits_sigma > 0 ? pm->settings.limits_sigma
                                          : (isfinite(m->limits) ? m->limits : 3));
    if (m->baseline)
        fprintf(out, "  baseline:     the first %ld points\n", m->baseline);
    for (size_t k = 0; k < pm->nrebases; k++)
        fprintf(out, "  rebase:       at point %zu: %s\n", pm->rebases[k].at,
                pm->rebases[k].reason);
    for (size_t k = 0; k < pm->nnotes; k++)
        fprintf(out, "  annotation:   %s: %s\n", period_format(pm->notes[k].period, q),
                pm->notes[k].text);
    fprintf(out, "  recorded:     %s by %s (change %lld)\n", m->recorded_at, m->recorded_by,
            (long long)m->seq);

    fprintf(
        out, "\nValues (%zu, to %s)%s\n", pm->npts, period_label(period_month(p->last_month), q),
        pm->skipped ? arena_printf(&c->arena, "; %zu of another frequency left out", pm->skipped)
                    : "");
    for (size_t i = 0; i < pm->npts; i++) {
        const struct measure_point *pt = &pm->pts[i];
        fprintf(out, "  %-11s %s", period_format(pt->period, q),
                measure_value_text(m->unit, pt->value, v, sizeof v));
        if (isfinite(pt->den))
            fprintf(out, " (%s of %s)", measure_value_text(MU_COUNT, pt->num, v, sizeof v),
                    measure_value_text(MU_COUNT, pt->den, w, sizeof w));
        if (pm->charted && pm->chart.points[i].rules) {
            fprintf(out, "  ");
            for (unsigned r = SPC_BEYOND_LIMIT, first = 1; r <= SPC_TWO_OF_THREE; r <<= 1)
                if (pm->chart.points[i].rules & r) {
                    fprintf(out, "%s%s", first ? "" : "+", spc_rule_name(r));
                    first = 0;
                }
            fprintf(out, ": %s", spc_variation_name(pm->chart.points[i].variation));
        }
        fputc('\n', out);
    }

    fprintf(out, "\nQuarters\n");
    for (int k = 0; k < 4; k++) {
        fprintf(out, "  %-11s %s", period_label(p->quarters[k], q),
                pm->q[k].have ? measure_value_text(m->unit, pm->q[k].value, v, sizeof v)
                              : "no data");
        if (pm->q[k].have && isfinite(pm->q[k].den))
            fprintf(out, " (%s of %s)", measure_value_text(MU_COUNT, pm->q[k].num, v, sizeof v),
                    measure_value_text(MU_COUNT, pm->q[k].den, w, sizeof w));
        if (pm->q[k].partial)
            fprintf(out, " (%d of 3 months)", pm->q[k].months);
        fputc('\n', out);
    }
    if (isfinite(pm->wilson_lo))
        fprintf(out, "  95%% interval of %s: %s to %s\n", period_label(p->quarters[3], q),
                measure_value_text(MU_PERCENTAGE, pm->wilson_lo, v, sizeof v),
                measure_value_text(MU_PERCENTAGE, pm->wilson_hi, w, sizeof w));
    fprintf(out, "Change on the previous quarter: %s\n", pm->change.text);

    if (pm->charted) {
        const struct spc_segment *seg = &pm->chart.segments[pm->chart.nsegments - 1];
        fprintf(out, "\nChart: %s, limits at %g sigma%s; mean %s", pm->pchart ? "p-chart" : "XmR",
                pm->chart.limits_sigma, pm->chart.trial_limits ? " (trial)" : "",
                measure_value_text(m->unit, tenth(seg->mean), v, sizeof v));
        if (!seg->no_verdict)
            fprintf(out, ", limits %s to %s%s",
                    measure_value_text(m->unit, tenth(seg->lpl), v, sizeof v),
                    measure_value_text(m->unit, tenth(seg->upl), w, sizeof w),
                    pm->pchart ? " at the last point" : "");
        fprintf(out, "\n");
        if (pm->warnings)
            fprintf(out, "  note: %s\n", pm->warnings);
        if (!pm->nexceptions)
            fprintf(out, "No exceptions in the last four quarters.\n");
        else
            fprintf(out, "Exceptions in the last four quarters:\n");
        for (size_t k = 0; k < pm->nexceptions; k++)
            fprintf(out, "  %s: %s\n", pm->exceptions[k].when, pm->exceptions[k].text);
    } else {
        fprintf(out, "\nNo chart: %s.\n", pm->warnings ? pm->warnings : "fewer than two values");
    }
    if (pm->has_travel)
        fprintf(out, "Direction of travel: %s %s: %s\n", measure_arrow_glyph(pm->travel.arrow),
                spc_colour_name(pm->travel.colour), measure_travel_words(&pm->travel));

    fprintf(out, "\nNarratives (%zu)\n", pm->nnarratives);
    for (size_t k = 0; k < pm->nnarratives; k++) {
        const struct narrative *r = pm->narratives[k];
        struct period np;
        fprintf(out, "  %s\n",
                period_parse(r->period, strlen(r->period), &np) == 0 ? period_label(np, q)
                                                                     : r->period);
        print_text(out, "    Reasons: ", r->reasons);
        print_text(out, "    Response: ", r->response);
    }
}

static int measure_show(struct cli_ctx *c, const char *name, const char *as_of, const char *format)
{
    struct perf_opts o = {0};
    struct paper_performance p;
    const struct perf_measure *pm;
    struct measure *m;
    struct buf b;
    int rc;

    if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
        strcmp(format, "svg") != 0)
        return err_set(&c->err, ERR_USAGE, "--format: text, json or svg");
    if ((rc = store_measure_find(c->store, name, &c->arena, &m, &c->err)))
        return rc;
    o.as_of = as_of;
    if ((rc = paper_performance_load(c->store, &o, &c->arena, &p, &c->err)))
        return rc;
    if (!(pm = paper_performance_find(&p, name)))
        return err_set(&c->err, ERR_NOTFOUND, "there is no measure \"%s\"", name);
    if (!format || strcmp(format, "text") == 0) {
        show_text(c, &p, pm);
        return 0;
    }
    buf_init(&b, (size_t)64 << 20);
    if (strcmp(format, "json") == 0) {
        rc = perf_measure_json(&p, pm, &b, &c->err);
        buf_addc(&b, '\n');
    } else {
        rc = perf_measure_svg(pm, "measure", 0, &b, NULL, &c->err);
        buf_addc(&b, '\n');
    }
    if (rc == 0)
        fwrite(b.p, 1, b.len, c->out);
    buf_release(&b);
    return rc;
}

static int run_measure(struct cli_ctx *c, int argc, char **argv)
{
    struct measure_flags f;
    const char *as_of, *format;
    const struct cli_opt opts[] = {{"name", 1, &f.name},
                                   {"priority", 1, &f.priority},
                                   {"unit", 1, &f.unit},
                                   {"improvement", 1, &f.improvement},
                                   {"target", 1, &f.target},
                                   {"frequency", 1, &f.frequency},
                                   {"limits", 1, &f.limits},
                                   {"baseline", 1, &f.baseline},
                                   {"rebase", 1, &f.rebase},
                                   {"annotate", 1, &f.annotate},
                                   {"numerator-label", 1, &f.num_label},
                                   {"denominator-label", 1, &f.den_label},
                                   {"as-of", 1, &as_of},
                                   {"format", 1, &format},
                                   {0}};
    char **rest;
    int nrest, rc, settings;
    const char *verb;

    if ((rc = cli_options(c, &CMD_MEASURE, argc, argv, opts, &rest, &nrest)))
        return rc;
    verb = nrest ? rest[0] : "";
    settings = f.name || f.priority || f.unit || f.improvement || f.target || f.frequency ||
               f.limits || f.baseline || f.rebase || f.annotate || f.num_label || f.den_label;
    if ((strcmp(verb, "list") == 0 || strcmp(verb, "show") == 0 || strcmp(verb, "remove") == 0) &&
        settings)
        return err_set(&c->err, ERR_USAGE, "measure %s takes no settings (see --help)", verb);
    if ((as_of || format) && strcmp(verb, "list") != 0 && strcmp(verb, "show") != 0)
        return err_set(&c->err, ERR_USAGE, "--as-of and --format go with measure list and show");

    if (strcmp(verb, "add") == 0) {
        struct measure m = {0};
        if (nrest != 2 || !*rest[1])
            return err_set(&c->err, ERR_USAGE, "measure add NAME [settings] (see --help)");
        if (f.name)
            return err_set(&c->err, ERR_USAGE, "--name goes with measure edit");
        m.name = rest[1];
        m.unit = MU_COUNT;
        m.improvement = MI_NEITHER;
        m.frequency = MF_MONTHLY;
        m.target = m.limits = NAN;
        if ((rc = apply_flags(c, &f, &m)) || (rc = store_measure_put(c->store, &m, &c->err)))
            return rc;
        fprintf(c->out, "measure \"%s\" added (%s)\n", m.name, describe(&m, &c->arena));
        return 0;
    }
    if (strcmp(verb, "edit") == 0 || strcmp(verb, "remove") == 0) {
        struct measure *m;
        if (nrest != 2)
            return err_set(&c->err, ERR_USAGE, "measure %s NAME", verb);
        if ((rc = store_measure_find(c->store, rest[1], &c->arena, &m, &c->err)))
            return rc;
        if (verb[0] == 'r') {
            m->removed = 1;
            if ((rc = store_measure_put(c->store, m, &c->err)))
                return rc;
            fprintf(c->out, "measure \"%s\" removed (its history is kept)\n", m->name);
            return 0;
        }
        if (!settings)
            return err_set(&c->err, ERR_USAGE, "measure edit NAME needs a setting to change");
        if ((rc = apply_flags(c, &f, m)) || (rc = store_measure_put(c->store, m, &c->err)))
            return rc;
        fprintf(c->out, "measure \"%s\" changed (%s)\n", m->name, describe(m, &c->arena));
        return 0;
    }
    if (strcmp(verb, "list") == 0) {
        if (nrest != 1)
            return err_set(&c->err, ERR_USAGE, "measure list takes no argument");
        if (format)
            return err_set(&c->err, ERR_USAGE,
                           "measure list writes text (oversight report performance --format "
                           "json has every measure's figures)");
        return measure_list(c, as_of);
    }
    if (strcmp(verb, "show") == 0) {
        if (nrest != 2)
            return err_set(&c->err, ERR_USAGE, "measure show NAME");
        return measure_show(c, rest[1], as_of, format);
    }
    return err_set(&c->err, ERR_USAGE,
                   "measure add|edit|remove|list|show (see oversight measure --help)");
}

const struct cli_command CMD_MEASURE = {
    "measure", "performance measures: add, edit, remove, list, show",
    "usage: oversight measure add NAME [--priority TEXT] [--unit count|percentage|money]\n"
    "                         [--improvement up|down|neither] [--target X]\n"
    "                         [--frequency monthly|quarterly] [--limits S]\n"
    "                         [--baseline N] [--rebase \"I:reason;...\"]\n"
    "                         [--annotate \"PERIOD:text;...\"]\n"
    "                         [--numerator-label TEXT] [--denominator-label TEXT]\n"
    "       oversight measure edit NAME [--name NEW] [the same settings]\n"
    "       oversight measure remove NAME\n"
    "       oversight measure list [--as-of PERIOD]\n"
    "       oversight measure show NAME [--as-of PERIOD] [--format text|json|svg]\n\n"
    "A measure of the plan, under its priority. unit: count (the default),\n"
    "percentage or money; improvement: which way is better (default neither);\n"
    "frequency: monthly (the default) or quarterly. Its control chart takes\n"
    "--limits (the width in sigma, default 3), --baseline (the first N points fix\n"
    "the limits), --rebase (1-based points starting a new segment, each with its\n"
    "reason) and --annotate (notes on the chart). A percentage whose values carry\n"
    "denominators is charted as a p-chart; --numerator-label and\n"
    "--denominator-label name the two (\"positive outcomes\", \"crimes\").\n"
    "edit writes a new version (\"\" or none clears an optional setting); remove\n"
    "takes the measure out of the papers, keeping its history. list: every measure\n"
    "with its quarter, change and direction of travel; show: one measure's\n"
    "settings, values, quarters, chart, exceptions and narratives (json and svg\n"
    "give its data and its chart). --as-of is a quarter or a month; without it,\n"
    "the latest quarter with complete data.\n",
    CLI_STORE, run_measure};

/* ---- observe ------------------------------------------------------------- */

static int run_observe(struct cli_ctx *c, int argc, char **argv)
{
    static const char *const part[] = {[EP_PERIOD_FORM] = "PERIOD", [EP_PERIOD_FIT] = "PERIOD",
                                       [EP_VALUE_FORM] = "VALUE", [EP_DEN_FORM] = "--denominator",
                                       [EP_DEN_UNIT] = "--denominator",
                                       [EP_VALUE_RANGE] = "VALUE"};
    const char *den, *void_v;
    const struct cli_opt opts[] = {{"denominator", 1, &den}, {"void", 0, &void_v}, {0}};
    struct observation o;
    struct entry_problem probs[ENTRY_MAX_PROBLEMS];
    struct measure *m;
    char **rest, v[40], w[40];
    const char *was = NULL;
    int nrest, rc;

    if ((rc = cli_options(c, &CMD_OBSERVE, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != (void_v ? 2 : 3))
        return err_set(&c->err, ERR_USAGE,
                       void_v ? "observe MEASURE PERIOD --void"
                              : "observe MEASURE PERIOD VALUE [--denominator N]");
    if (void_v && den)
        return err_set(&c->err, ERR_USAGE, "--void takes no denominator");
    if ((rc = store_measure_find(c->store, rest[0], &c->arena, &m, &c->err)))
        return rc;
    if (entry_observation_check(m, rest[1], void_v ? NULL : rest[2], den, &c->arena, &o, probs))
        return err_set(&c->err, ERR_USAGE, "%s: %s", part[probs[0].kind], probs[0].why);
    if ((rc = entry_observation_record(c->store, m, &o, &c->arena, &was, &c->err)))
        return rc;
    if (void_v)
        fprintf(c->out, "%s %s: withdrawn (was %s)\n", m->name, o.period, was);
    else if (isfinite(o.denominator))
        fprintf(c->out, "%s %s: %s of %s%s%s%s\n", m->name, o.period,
                measure_value_text(MU_COUNT, o.value, v, sizeof v),
                measure_value_text(MU_COUNT, o.denominator, w, sizeof w), was ? " (was " : "",
                was ? was : "", was ? ")" : "");
    else
        fprintf(c->out, "%s %s: %s%s%s%s\n", m->name, o.period,
                measure_value_text(m->unit, o.value, v, sizeof v), was ? " (was " : "",
                was ? was : "", was ? ")" : "");
    return 0;
}

const struct cli_command CMD_OBSERVE = {
    "observe", "record a measure's value for a period",
    "usage: oversight observe MEASURE PERIOD VALUE [--denominator N]\n"
    "       oversight observe MEASURE PERIOD --void\n\n"
    "Records the value of a measure for a month (2023-10) of a monthly measure, or\n"
    "a quarter (2023/24 Q3, or 2023 Q4 for the same months) of a quarterly one.\n"
    "With --denominator (a percentage measure), VALUE is the numerator: 381\n"
    "positive outcomes of 1816 crimes. A period already recorded is corrected, the\n"
    "earlier value kept in the history; --void withdraws the period's value.\n",
    CLI_STORE, run_observe};

/* ---- narrate ------------------------------------------------------------- */

static int run_narrate(struct cli_ctx *c, int argc, char **argv)
{
    const char *reasons, *response;
    const struct cli_opt opts[] = {{"reasons", 1, &reasons}, {"response", 1, &response}, {0}};
    struct narrative nv;
    struct entry_problem prob;
    struct measure *m;
    struct period p;
    char **rest, pbuf[PERIOD_BUFSZ];
    int nrest, rc;

    if ((rc = cli_options(c, &CMD_NARRATE, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 2)
        return err_set(&c->err, ERR_USAGE, "narrate MEASURE PERIOD --reasons TEXT --response TEXT");
    if (!(reasons && *reasons) && !(response && *response))
        return err_set(&c->err, ERR_USAGE, "give --reasons TEXT, --response TEXT or both");
    if ((rc = store_measure_find(c->store, rest[0], &c->arena, &m, &c->err)))
        return rc;
    if (entry_narrative_check(m, rest[1], &c->arena, &nv, &prob))
        return err_set(&c->err, ERR_USAGE, "PERIOD: %s", prob.why);
    nv.reasons = reasons;
    nv.response = response;
    if ((rc = entry_narrative_record(c->store, &nv, &c->arena, &c->err)))
        return rc;
    period_parse(nv.period, strlen(nv.period), &p);
    fprintf(c->out, "narrative recorded for %s, %s\n", m->name, period_label(p, pbuf));
    return 0;
}

const struct cli_command CMD_NARRATE = {
    "narrate", "record a measure's reasons and response for a period",
    "usage: oversight narrate MEASURE PERIOD [--reasons TEXT] [--response TEXT]\n\n"
    "The paper's \"Reasons\" (what the data shows and why) and \"Response\" (what is\n"
    "being done) for a measure in a period, usually the report's quarter\n"
    "(2023/24 Q3). Giving one keeps the other; the latest recorded counts, and the\n"
    "earlier are kept in the history. A line break starts a new paragraph.\n",
    CLI_STORE, run_narrate};
