/* measures.c -- performance measures: roll-ups, the change on the previous
 * quarter, p-charts, the Wilson interval and the direction of travel. */
#include "domain/measures.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

static const char *const unit_names[] = {"", "count", "percentage", "money"};
static const struct vocab_alias unit_aliases[] = {
    {"number", MU_COUNT}, {"volume", MU_COUNT},    {"percent", MU_PERCENTAGE},
    {"%", MU_PERCENTAGE}, {"rate", MU_PERCENTAGE}, {"pounds", MU_MONEY},
    {"£", MU_MONEY},      {"currency", MU_MONEY},  {NULL, 0}};
const struct vocab VOCAB_UNIT = {"unit", unit_names, MU__COUNT, unit_aliases};

static const char *const improvement_names[] = {"", "up", "down", "neither"};
static const struct vocab_alias improvement_aliases[] = {
    {"higher", MI_UP},           {"increase", MI_UP},
    {"higher is better", MI_UP}, {"lower", MI_DOWN},
    {"decrease", MI_DOWN},       {"lower is better", MI_DOWN},
    {"none", MI_NEITHER},        {NULL, 0}};
const struct vocab VOCAB_IMPROVEMENT = {"improvement direction", improvement_names, MI__COUNT,
                                        improvement_aliases};

static const char *const frequency_names[] = {"", "monthly", "quarterly"};
static const struct vocab_alias frequency_aliases[] = {
    {"month", MF_MONTHLY}, {"quarter", MF_QUARTERLY}, {NULL, 0}};
const struct vocab VOCAB_FREQUENCY = {"frequency", frequency_names, MF__COUNT, frequency_aliases};

/* ---- settings written as text ------------------------------------------ */

int measure_text_ok(const char *text)
{
    return text && *text && !strchr(text, ';');
}

/* The entries of "A:text;B:text": calls fn(key, text) for each, trimmed.
 * Returns 0, or -1 with why. */
static int each_entry(const char *s, char *why, size_t nwhy,
                      int (*fn)(void *ctx, const char *key, size_t nkey, const char *text,
                                size_t ntext, char *why, size_t nwhy),
                      void *ctx)
{
    const char *p = s;
    while (p && *p) {
        const char *end = strchr(p, ';'), *colon;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *k = p, *t;
        size_t nk, nt;
        while (len && (*k == ' ' || *k == '\t'))
            k++, len--;
        if (len == 0) {
            p = end ? end + 1 : NULL;
            continue;
        }
        colon = memchr(k, ':', len);
        if (!colon) {
            snprintf(why, nwhy, "\"%.*s\" has no ':' (write POINT:reason)", (int)len, k);
            return -1;
        }
        nk = (size_t)(colon - k);
        while (nk && k[nk - 1] == ' ')
            nk--;
        t = colon + 1;
        nt = len - (size_t)(t - k);
        while (nt && (*t == ' ' || *t == '\t'))
            t++, nt--;
        while (nt && (t[nt - 1] == ' ' || t[nt - 1] == '\t'))
            nt--;
        if (fn(ctx, k, nk, t, nt, why, nwhy))
            return -1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

struct rebase_ctx {
    struct arena *a;
    struct measure_rebase *v;
    size_t n, cap;
};

static int rebase_entry(void *ctx, const char *key, size_t nkey, const char *text, size_t ntext,
                        char *why, size_t nwhy)
{
    struct rebase_ctx *c = ctx;
    size_t at = 0;
    if (nkey == 0 || nkey > 9) {
        snprintf(why, nwhy, "\"%.*s\" is not a point number", (int)nkey, key);
        return -1;
    }
    for (size_t i = 0; i < nkey; i++) {
        if (key[i] < '0' || key[i] > '9') {
            snprintf(why, nwhy, "\"%.*s\" is not a point number", (int)nkey, key);
            return -1;
        }
        at = at * 10 + (size_t)(key[i] - '0');
    }
    if (at < 2) {
        snprintf(why, nwhy, "rebase at point %zu: a new segment starts at point 2 at the earliest",
                 at);
        return -1;
    }
    if (c->n && at <= c->v[c->n - 1].at) {
        snprintf(why, nwhy, "rebase points must be in ascending order (%zu after %zu)", at,
                 c->v[c->n - 1].at);
        return -1;
    }
    if (ntext == 0) {
        snprintf(why, nwhy, "rebase at point %zu needs a reason", at);
        return -1;
    }
    if (c->n == c->cap) {
        struct measure_rebase *nv =
            arena_alloc(c->a, (c->cap = c->cap ? c->cap * 2 : 4) * sizeof *nv);
        if (c->n)
            memcpy(nv, c->v, c->n * sizeof *nv);
        c->v = nv;
    }
    c->v[c->n].at = at;
    c->v[c->n++].reason = arena_strndup(c->a, text, ntext);
    return 0;
}

int measure_rebases_parse(const char *s, struct arena *a, struct measure_rebase **out, size_t *n,
                          char *why, size_t nwhy)
{
    struct rebase_ctx c = {a, NULL, 0, 0};
    if (each_entry(s, why, nwhy, rebase_entry, &c))
        return -1;
    *out = c.v;
    *n = c.n;
    return 0;
}

struct note_ctx {
    struct arena *a;
    struct measure_note *v;
    size_t n, cap;
};

static int note_entry(void *ctx, const char *key, size_t nkey, const char *text, size_t ntext,
                      char *why, size_t nwhy)
{
    struct note_ctx *c = ctx;
    struct period p;
    if (period_parse(key, nkey, &p)) {
        snprintf(why, nwhy, "\"%.*s\" is not a period (2023-10, 2023/24 Q3)", (int)nkey, key);
        return -1;
    }
    if (ntext == 0) {
        snprintf(why, nwhy, "the note for %.*s is empty", (int)nkey, key);
        return -1;
    }
    if (c->n == c->cap) {
        struct measure_note *nv =
            arena_alloc(c->a, (c->cap = c->cap ? c->cap * 2 : 4) * sizeof *nv);
        if (c->n)
            memcpy(nv, c->v, c->n * sizeof *nv);
        c->v = nv;
    }
    c->v[c->n].period = period_normal(p);
    c->v[c->n++].text = arena_strndup(c->a, text, ntext);
    return 0;
}

int measure_notes_parse(const char *s, struct arena *a, struct measure_note **out, size_t *n,
                        char *why, size_t nwhy)
{
    struct note_ctx c = {a, NULL, 0, 0};
    if (each_entry(s, why, nwhy, note_entry, &c))
        return -1;
    *out = c.v;
    *n = c.n;
    return 0;
}

enum spc_improvement measure_spc_improvement(enum measure_improvement mi)
{
    return mi == MI_UP ? SPC_UP : mi == MI_DOWN ? SPC_DOWN : SPC_NEITHER;
}

void measure_spc_settings(const struct measure *m, const struct measure_rebase *rb, size_t nrb,
                          size_t *rebase_at, struct spc_settings *s)
{
    spc_settings_default(s);
    s->improvement = measure_spc_improvement(m->improvement);
    s->target = m->target;
    if (isfinite(m->limits) && m->limits > 0)
        s->limits_sigma = m->limits;
    s->baseline = m->baseline > 0 ? (size_t)m->baseline : 0;
    for (size_t i = 0; i < nrb; i++)
        rebase_at[i] = rb[i].at;
    s->rebase = rebase_at;
    s->nrebase = nrb;
}

int measure_number_parse(const char *s, size_t n, double *out)
{
    char buf[64], *end;
    size_t k = 0, i = 0, digits = 0;
    double v;

    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n && s[n - 1] == '%')
        n--;
    if (n >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa3) /* £ */
        s += 2, n -= 2;
    if (n == 0 || n >= sizeof buf)
        return -1;
    for (i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == ',') {
            /* Only between groups of three digits: "1,101", not "1,1". */
            if (!digits || i + 3 >= n || !isdigit((unsigned char)s[i + 1]) ||
                !isdigit((unsigned char)s[i + 2]) || !isdigit((unsigned char)s[i + 3]) ||
                (i + 4 < n && s[i + 4] != ',' && s[i + 4] != '.'))
                return -1;
            continue;
        }
        if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+'))
            return -1;
        digits += ch >= '0' && ch <= '9';
        buf[k++] = ch;
    }
    buf[k] = '\0';
    if (!digits)
        return -1;
    v = strtod(buf, &end);
    if (*end || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int measure_period_fits(const struct measure *m, struct period p, struct period *out, char *why,
                        size_t nwhy)
{
    char buf[PERIOD_BUFSZ];
    p = period_normal(p);
    if (m->frequency == MF_QUARTERLY && p.kind != PERIOD_FQUARTER) {
        snprintf(why, nwhy,
                 "%s is not a quarter; \"%s\" is quarterly (give a quarter, as "
                 "2023/24 Q3)",
                 period_format(p, buf), m->name);
        return -1;
    }
    if (m->frequency != MF_QUARTERLY && p.kind != PERIOD_MONTH) {
        snprintf(why, nwhy, "%s is not a month; \"%s\" is monthly (give a month, as 2023-10)",
                 period_format(p, buf), m->name);
        return -1;
    }
    *out = p;
    return 0;
}

/* ---- the series and its quarters --------------------------------------- */

static int point_cmp(const void *a, const void *b)
{
    return period_cmp(((const struct measure_point *)a)->period,
                      ((const struct measure_point *)b)->period);
}

void measure_series(const struct measure *m, struct observation *const *obs, size_t nobs,
                    int last_month, struct arena *a, struct measure_point **out, size_t *n,
                    size_t *skipped)
{
    struct measure_point *v = arena_alloc(a, (nobs ? nobs : 1) * sizeof *v);
    size_t k = 0, skip = 0;
    enum period_kind want = m->frequency == MF_QUARTERLY ? PERIOD_FQUARTER : PERIOD_MONTH;

    for (size_t i = 0; i < nobs; i++) {
        const struct observation *o = obs[i];
        struct period p;
        if (o->is_void)
            continue;
        if (period_parse(o->period, strlen(o->period), &p)) {
            skip++;
            continue;
        }
        p = period_normal(p);
        if (p.kind != want) {
            skip++;
            continue;
        }
        if (period_last_month(p) > last_month)
            continue;
        v[k].period = p;
        v[k].num = o->value;
        v[k].den = o->denominator;
        v[k].value = isfinite(o->denominator) && o->denominator > 0
                         ? o->value / o->denominator * 100
                         : o->value;
        k++;
    }
    qsort(v, k, sizeof *v, point_cmp);
    /* The store keeps one row per period in its canonical form, so two
     * points of one period cannot come from it; if they did, one is kept. */
    if (k > 1) {
        size_t j = 1;
        for (size_t i = 1; i < k; i++) {
            if (period_cmp(v[i].period, v[j - 1].period) == 0)
                v[j - 1] = v[i];
            else
                v[j++] = v[i];
        }
        k = j;
    }
    *out = v;
    *n = k;
    if (skipped)
        *skipped = skip;
}

int measure_series_has_den(const struct measure_point *pts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(isfinite(pts[i].den) && pts[i].den > 0))
            return 0;
    return n > 0;
}

void measure_rollup(const struct measure *m, const struct measure_point *pts, size_t n,
                    struct period quarter, struct measure_quarter *out)
{
    int first = period_first_month(quarter), last = period_last_month(quarter);
    double sum = 0, num = 0, den = 0;
    int count = 0, all_den = 1;

    memset(out, 0, sizeof *out);
    out->quarter = quarter;
    out->den = NAN;
    for (size_t i = 0; i < n; i++) {
        int pf = period_first_month(pts[i].period), pl = period_last_month(pts[i].period);
        if (pf < first || pl > last)
            continue;
        count++;
        sum += pts[i].value;
        if (isfinite(pts[i].den) && pts[i].den > 0) {
            num += pts[i].num;
            den += pts[i].den;
        } else {
            all_den = 0;
        }
    }
    if (!count)
        return;
    out->have = 1;
    out->months = m->frequency == MF_QUARTERLY ? 3 : count;
    out->partial = out->months < 3;
    if (m->unit == MU_PERCENTAGE) {
        if (all_den) {
            out->num = num;
            out->den = den;
            out->value = num / den * 100;
        } else {
            out->value = sum / count;
        }
    } else {
        out->value = sum;
    }
}

/* Rounded half away from zero to d decimals. */
static double round_to(double v, int d)
{
    double f = pow(10, d);
    return round(v * f) / f;
}

/* "1,234" with up to two decimals (trailing zeros dropped). */
static void with_commas(double v, char *buf, size_t n)
{
    char digits[64], out[96], *dot;
    size_t len, o = 0;
    double a = round_to(fabs(v), 2);

    snprintf(digits, sizeof digits, "%.2f", a);
    dot = strchr(digits, '.');
    if (dot && strcmp(dot, ".00") == 0)
        *dot = '\0';
    else if (dot && dot[2] == '0')
        dot[2] = '\0';
    dot = strchr(digits, '.');
    len = dot ? (size_t)(dot - digits) : strlen(digits);
    if (v < 0 && a != 0)
        out[o++] = '-';
    for (size_t i = 0; i < len && o + 2 < sizeof out; i++) {
        if (i && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    snprintf(out + o, sizeof out - o, "%s", digits + len);
    snprintf(buf, n, "%s", out);
}

/* Up to one decimal, ".0" dropped. */
static void one_decimal(double v, char *buf, size_t n)
{
    v = round_to(v, 1);
    if (v == 0)
        v = 0; /* no "-0" */
    if (v == floor(v))
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.1f", v);
}

static void money_text(double v, char *buf, size_t n)
{
    char num[64];
    double a = fabs(v);
    const char *sign = v < 0 ? "-" : "";
    if (a >= 1e6) {
        one_decimal(a / 1e6, num, sizeof num);
        snprintf(buf, n, "%s£%sm", sign, num);
    } else {
        with_commas(a, num, sizeof num);
        snprintf(buf, n, "%s£%s", sign, num);
    }
}

char *measure_value_text(enum measure_unit u, double v, char *buf, size_t n)
{
    char num[32];
    if (!isfinite(v)) {
        snprintf(buf, n, "-");
        return buf;
    }
    switch (u) {
    case MU_PERCENTAGE:
        one_decimal(v, num, sizeof num);
        snprintf(buf, n, "%s%%", num);
        break;
    case MU_MONEY: money_text(v, buf, n); break;
    default: with_commas(v, buf, n); break;
    }
    return buf;
}

void measure_change(const struct measure *m, const struct measure_quarter *prev,
                    const struct measure_quarter *cur, struct measure_change *out)
{
    char a[40], b[40], d[40];
    const char *verb;

    memset(out, 0, sizeof *out);
    out->pct = NAN;
    if (!prev->have || !cur->have) {
        snprintf(out->text, sizeof out->text, "%s",
                 !cur->have ? "no figure for this quarter" : "no figure for the previous quarter");
        return;
    }
    out->have = 1;
    out->from = prev->value;
    out->to = cur->value;
    if (m->unit == MU_PERCENTAGE) {
        /* In percentage points, between the figures as printed. */
        double from = round_to(prev->value, 1), to = round_to(cur->value, 1);
        out->diff = round_to(to - from, 1);
        measure_value_text(MU_PERCENTAGE, from, a, sizeof a);
        measure_value_text(MU_PERCENTAGE, to, b, sizeof b);
        if (out->diff == 0) {
            snprintf(out->text, sizeof out->text, "remained the same (%s)", b);
            return;
        }
        one_decimal(fabs(out->diff), d, sizeof d);
        snprintf(out->text, sizeof out->text, "%s by %s percentage point%s (from %s to %s)",
                 out->diff > 0 ? "increased" : "decreased", d, fabs(out->diff) == 1 ? "" : "s", a,
                 b);
        return;
    }
    /* A sum over part of a quarter is not comparable with a whole one. */
    if (prev->partial != cur->partial || (cur->partial && prev->months != cur->months)) {
        const struct measure_quarter *part = cur->partial ? cur : prev;
        out->have = 0;
        snprintf(out->text, sizeof out->text, "not comparable: %s quarter has %d of 3 months",
                 cur->partial ? "this" : "the previous", part->months);
        return;
    }
    out->diff = cur->value - prev->value;
    if (out->diff == 0) {
        snprintf(out->text, sizeof out->text, "remained the same (%s)",
                 measure_value_text(m->unit, cur->value, b, sizeof b));
        return;
    }
    verb = out->diff > 0 ? "increased" : "decreased";
    measure_value_text(m->unit, fabs(out->diff), d, sizeof d);
    if (prev->value == 0) {
        snprintf(out->text, sizeof out->text, "%s from %s to %s (%s%s)", verb,
                 measure_value_text(m->unit, prev->value, a, sizeof a),
                 measure_value_text(m->unit, cur->value, b, sizeof b), out->diff > 0 ? "+" : "-",
                 d);
        return;
    }
    out->pct = out->diff / fabs(prev->value) * 100;
    if (round(fabs(out->pct)) == 0)
        snprintf(out->text, sizeof out->text, "%s by less than 1%% (%s%s)", verb,
                 out->diff > 0 ? "+" : "-", d);
    else
        snprintf(out->text, sizeof out->text, "%s by %.0f%% (%s%s)", verb, round(fabs(out->pct)),
                 out->diff > 0 ? "+" : "-", d);
}

/* ---- statistics ---------------------------------------------------------- */

void measure_wilson95(double k, double n, double *lo, double *hi)
{
    const double z = 1.959963984540054, z2 = z * z;
    double p = k / n, denom = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denom;
    double half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
    *lo = centre - half < 0 ? 0 : centre - half;
    *hi = centre + half > 1 ? 1 : centre + half;
}

/* struct spc_point.side as this file sets it: the side a point's flags
 * point to. */
enum { HIGH = 1, LOW = 2 };

static void flag(struct spc_point *p, unsigned rule, int side)
{
    p->rules |= rule;
    p->side |= side > 0 ? HIGH : LOW;
}

static int sign_of(double d)
{
    return d > 0 ? 1 : d < 0 ? -1 : 0;
}

static enum spc_variation variation_of(const struct spc_point *p, double y,
                                       enum spc_improvement dir)
{
    int high = (p->side & HIGH) != 0, low = (p->side & LOW) != 0;
    if (!high && !low)
        return SPC_COMMON_CAUSE;
    if (high && low) /* flagged both ways: improvement, as Making Data Count counts it */
        return dir != SPC_NEITHER ? SPC_IMPROVEMENT
               : y >= p->mean     ? SPC_NEITHER_HIGH
                                  : SPC_NEITHER_LOW;
    switch (dir) {
    case SPC_UP: return high ? SPC_IMPROVEMENT : SPC_CONCERN;
    case SPC_DOWN: return low ? SPC_IMPROVEMENT : SPC_CONCERN;
    default: return high ? SPC_NEITHER_HIGH : SPC_NEITHER_LOW;
    }
}

static double clamp100(double v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

static int pchart_check(const double *num, const double *den, size_t n,
                        const struct spc_settings *s, struct err *e)
{
    if (n == 0)
        return err_set(e, ERR_INPUT, "no values to chart");
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(den[i]) || !(den[i] > 0))
            return err_set(e, ERR_INPUT, "point %zu: the denominator must be above 0", i + 1);
        if (!isfinite(num[i]) || num[i] < 0 || num[i] > den[i])
            return err_set(e, ERR_INPUT, "point %zu: %g is not between 0 and the denominator %g",
                           i + 1, num[i], den[i]);
    }
    if (!(s->limits_sigma > 0) || !isfinite(s->limits_sigma))
        return err_set(e, ERR_INPUT, "the limits' width must be a number of sigma above 0");
    if (s->shift < 2 || s->trend < 2)
        return err_set(e, ERR_INPUT, "a shift or trend needs at least 2 points");
    for (size_t k = 0; k < s->nrebase; k++) {
        if (s->rebase[k] < 2 || s->rebase[k] > n)
            return err_set(e, ERR_INPUT, "rebase at point %zu: the series has %zu point%s",
                           s->rebase[k], n, n == 1 ? "" : "s");
        if (k && s->rebase[k] <= s->rebase[k - 1])
            return err_set(e, ERR_INPUT, "rebase points must be in ascending order");
    }
    return 0;
}

int measure_pchart(struct spc_chart *c, const double *num, const double *den, size_t n,
                   const struct spc_settings *s, double *y, struct err *e)
{
    size_t nseg = s->nrebase + 1;
    double L = s->limits_sigma;
    int rc;

    if ((rc = pchart_check(num, den, n, s, e)))
        return rc;
    if (n > c->cap_points)
        xgrow((void **)&c->points, &c->cap_points, n, sizeof *c->points);
    if (nseg > c->cap_segments)
        xgrow((void **)&c->segments, &c->cap_segments, nseg, sizeof *c->segments);
    c->n = n;
    c->nsegments = nseg;
    c->warnings = 0;
    c->trial_limits = 0;
    c->limits_sigma = L;
    c->improvement = s->improvement;
    for (size_t i = 0; i < n; i++)
        y[i] = num[i] / den[i] * 100;

    for (size_t k = 0; k < nseg; k++) {
        struct spc_segment *seg = &c->segments[k];
        size_t start = k ? s->rebase[k - 1] - 1 : 0, end = k < s->nrebase ? s->rebase[k] - 1 : n;
        double sn = 0, sd = 0, pbar;
        memset(seg, 0, sizeof *seg);
        seg->start = start;
        seg->n = end - start;
        seg->nlimits = s->baseline && s->baseline < seg->n ? s->baseline : seg->n;
        for (size_t i = start; i < start + seg->nlimits; i++)
            sn += num[i], sd += den[i];
        pbar = sn / sd;
        seg->mean = pbar * 100;
        seg->mrbar = NAN;
        seg->sigma = NAN; /* a p-chart's sigma is each point's own */
        /* At 0% or 100% there is no binomial variation to chart. */
        seg->no_verdict = pbar <= 0 || pbar >= 1;
        seg->trial = seg->nlimits < SPC_TRIAL_BELOW;
        if (seg->trial)
            c->warnings |= SPC_WARN_TRIAL, c->trial_limits = 1;
        if (seg->no_verdict)
            c->warnings |= SPC_WARN_NO_VARIATION;
        for (size_t i = start; i < end; i++) {
            struct spc_point *p = &c->points[i];
            double sigma = sqrt(pbar * (1 - pbar) / den[i]) * 100;
            p->segment = k;
            p->mean = seg->mean;
            p->rules = p->side = 0;
            if (seg->no_verdict) {
                p->lpl = p->upl = p->lower_2s = p->upper_2s = NAN;
                continue;
            }
            p->lpl = clamp100(seg->mean - L * sigma);
            p->upl = clamp100(seg->mean + L * sigma);
            p->lower_2s = clamp100(seg->mean - 2 * sigma);
            p->upper_2s = clamp100(seg->mean + 2 * sigma);
        }
        seg->lpl = c->points[end - 1].lpl;
        seg->upl = c->points[end - 1].upl;
        seg->lower_2s = c->points[end - 1].lower_2s;
        seg->upper_2s = c->points[end - 1].upper_2s;
    }

    for (size_t k = 0; k < nseg; k++) {
        const struct spc_segment *seg = &c->segments[k];
        size_t end = seg->start + seg->n, run = seg->start;
        int side = 0;
        if (seg->no_verdict)
            continue;
        for (size_t i = seg->start; i < end; i++) {
            if (y[i] > c->points[i].upl)
                flag(&c->points[i], SPC_BEYOND_LIMIT, 1);
            else if (y[i] < c->points[i].lpl)
                flag(&c->points[i], SPC_BEYOND_LIMIT, -1);
        }
        /* Shifts: runs strictly on one side of p-bar; a point on it ends a run. */
        for (size_t i = seg->start; i <= end; i++) {
            int si = i < end ? sign_of(y[i] - seg->mean) : 0;
            if (i < end && si == side)
                continue;
            if (side != 0 && i - run >= (size_t)s->shift)
                for (size_t j = run; j < i; j++)
                    flag(&c->points[j], SPC_SHIFT, side);
            side = si;
            run = i;
        }
        /* Two of three, against each point's own 2-sigma line. */
        for (size_t i = seg->start; L > 2 && i + 3 <= end; i++) {
            int sd = sign_of(y[i] - seg->mean), near[3], count = 0;
            if (sd == 0 || sign_of(y[i + 1] - seg->mean) != sd ||
                sign_of(y[i + 2] - seg->mean) != sd)
                continue;
            for (int j = 0; j < 3; j++) {
                const struct spc_point *p = &c->points[i + (size_t)j];
                double v = y[i + (size_t)j];
                near[j] =
                    sd > 0 ? v > p->upper_2s && !(v > p->upl) : v < p->lower_2s && !(v < p->lpl);
                count += near[j];
            }
            if (count >= 2)
                for (int j = 0; j < 3; j++)
                    if (near[j])
                        flag(&c->points[i + (size_t)j], SPC_TWO_OF_THREE, sd);
        }
    }
    if (!(L > 2))
        c->warnings |= SPC_WARN_NO_TWO_OF_THREE;
    /* Trends: over the whole series, rebases included; a tie ends one. */
    {
        size_t run = 0;
        int dir = 0;
        for (size_t k = 1; k <= n; k++) {
            int dk = k < n ? sign_of(y[k] - y[k - 1]) : 0;
            if (k < n && dk == dir)
                continue;
            if (dir != 0 && k - run >= (size_t)s->trend)
                for (size_t j = run; j < k; j++)
                    flag(&c->points[j], SPC_TREND, dir);
            dir = dk;
            run = k - 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        struct spc_point *p = &c->points[i];
        if (c->segments[p->segment].no_verdict) {
            p->rules = p->side = 0;
            p->variation = SPC_NO_VERDICT;
        } else {
            p->variation = variation_of(p, y[i], s->improvement);
        }
    }
    c->variation = c->points[n - 1].variation;
    c->assurance = SPC_ASSURANCE_NONE;
    {
        const struct spc_segment *seg = &c->segments[nseg - 1];
        double t = s->target;
        if (!isnan(t) && s->improvement != SPC_NEITHER && !seg->no_verdict) {
            if (s->improvement == SPC_UP)
                c->assurance = t <= seg->lpl   ? SPC_PASS
                               : t >= seg->upl ? SPC_FAIL
                                               : SPC_HIT_OR_MISS;
            else
                c->assurance = t >= seg->upl   ? SPC_PASS
                               : t <= seg->lpl ? SPC_FAIL
                                               : SPC_HIT_OR_MISS;
        }
    }
    if (!isnan(s->target) && s->improvement == SPC_NEITHER)
        c->warnings |= SPC_WARN_NO_DIRECTION;
    return 0;
}

/* What a flag on one side means for a measure going that way. */
static enum spc_variation side_meaning(enum spc_improvement dir, int high)
{
    switch (dir) {
    case SPC_UP: return high ? SPC_IMPROVEMENT : SPC_CONCERN;
    case SPC_DOWN: return high ? SPC_CONCERN : SPC_IMPROVEMENT;
    default: return high ? SPC_NEITHER_HIGH : SPC_NEITHER_LOW;
    }
}

size_t measure_exceptions(const struct spc_chart *c, const double *y, size_t from,
                          struct measure_exception *out, size_t cap)
{
    static const unsigned rules[] = {SPC_BEYOND_LIMIT, SPC_SHIFT, SPC_TREND, SPC_TWO_OF_THREE};
    const struct spc_point *pt = c->points;
    size_t count = 0, n = c->n;

    for (size_t r = 0; r < sizeof rules / sizeof *rules; r++) {
        unsigned rule = rules[r];
        size_t i = from;
        while (i < n) {
            size_t j = i, next;
            int high;
            if (!(pt[i].rules & rule)) {
                i++;
                continue;
            }
            if (rule == SPC_TREND) {
                /* A trend runs one way; a peak ends one trend and starts
                 * the next, so it belongs to both. */
                int dir = i + 1 < n && (pt[i + 1].rules & rule) ? sign_of(y[i + 1] - y[i])
                          : i > 0                               ? sign_of(y[i] - y[i - 1])
                                                                : 0;
                while (dir && j + 1 < n && (pt[j + 1].rules & rule) &&
                       sign_of(y[j + 1] - y[j]) == dir)
                    j++;
                high = dir > 0;
                next = j > i && j + 1 < n && (pt[j + 1].rules & rule) ? j : j + 1;
            } else {
                high = y[i] > pt[i].mean;
                while (j + 1 < n && (pt[j + 1].rules & rule) && (y[j + 1] > pt[j + 1].mean) == high)
                    j++;
                next = j + 1;
            }
            if (count < cap)
                out[count] = (struct measure_exception){i, j, rule,
                                                        side_meaning(c->improvement, high), high};
            count++;
            i = next;
        }
    }
    return count;
}

const char *measure_travel_words(const struct spc_travel *t)
{
    switch (t->colour) {
    case SPC_GREEN:
        return t->arrow == SPC_ARROW_UP     ? "improvement in the direction of travel"
               : t->arrow == SPC_ARROW_DOWN ? "a decreasing trend which is positive"
                                            : "consistent performance at 100%";
    case SPC_RED:
        return t->arrow == SPC_ARROW_UP ? "an increasing trend that is negative"
                                        : "a decrease in performance";
    case SPC_AMBER: break;
    }
    if (strcmp(t->text, "special cause, high") == 0)
        return "a special cause on the high side (the measure has no improvement direction)";
    if (strcmp(t->text, "special cause, low") == 0)
        return "a special cause on the low side (the measure has no improvement direction)";
    if (strcmp(t->text, "no variation") == 0)
        return "no variation to assess";
    return "limited increases or decreases within tolerance level";
}

const char *measure_arrow_glyph(enum spc_arrow a)
{
    return a == SPC_ARROW_UP     ? "\xe2\x86\x91"
           : a == SPC_ARROW_DOWN ? "\xe2\x86\x93"
                                 : "\xe2\x86\x92";
}
