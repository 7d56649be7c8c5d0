/* svg.c -- the bar chart and the XmR control chart as SVG. svg.h states the
 * rules every chart keeps (accessible name, escaping, contrast, determinism).
 *
 * Each chart is drawn twice by the same code: once with no buffer, to learn
 * its height (which depends on wrapped labels, the legend and the notes),
 * then for real with that height in the root element. So the layout
 * functions and the drawing can never disagree. */
#include "format/svg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MARGIN 16.0
#define FONT "Arial, Helvetica, sans-serif"
#define INK "#0b0c0c"    /* text and axes: 19:1 on white */
#define INK2 "#505a5f"   /* secondary text: 7.0:1 on white */
#define GRID "#dddddd"   /* gridlines: not information, only a guide */
#define FS 13            /* body text; the root's font-size */
#define FS_SMALL 12      /* tick labels and figures on bars */
#define FS_TITLE 17
#define LINE 16.0        /* line height of body text */
#define ELLIPSIS "\xe2\x80\xa6"
#define REPLACEMENT "\xef\xbf\xbd"
#define MAX_CELLS 1000000
#define MAX_POINTS 100000
#define MAX_VALUE 1e15 /* beyond any measure; keeps the axis arithmetic exact enough */

/* ---- writing ---------------------------------------------------------- */

/* The output, or none while measuring; rc is the first error, after which
 * nothing more is written. */
struct w {
    struct buf *b;
    int rc;
};

static void put(struct w *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct w *w, const char *fmt, ...)
{
    va_list ap;
    if (!w->b || w->rc)
        return;
    va_start(ap, fmt);
    w->rc = buf_vaddf(w->b, fmt, ap);
    va_end(ap);
}

/* A coordinate for "%.1f": rounded here so that -0.04 prints as 0.0, not
 * -0.0, and every platform agrees. */
static double q(double v)
{
    v = round(v * 10.0) / 10.0;
    return v == 0.0 ? 0.0 : v;
}

static const char *str(const char *s)
{
    return s ? s : "";
}

/* The code point at p (strict UTF-8: no overlongs, surrogates or values past
 * U+10FFFF), and its length; 0 when the bytes are not UTF-8. */
static size_t utf8_dec(const unsigned char *p, const unsigned char *end, unsigned *cp)
{
    unsigned c = p[0], v, min;
    size_t n, i;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2, v = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

static int esc_n(struct buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    int rc = 0;

    while (p < end && !rc) {
        const unsigned char *run = p;
        unsigned cp;
        size_t k;

        while (p < end && *p >= 0x20 && *p < 0x80 && *p != '&' && *p != '<' && *p != '>' &&
               *p != '"' && *p != '\'')
            p++;
        if (p > run)
            rc = buf_add(b, run, (size_t)(p - run));
        if (p == end || rc)
            break;
        if (*p < 0x80) {
            switch (*p) {
            case '&': rc = buf_adds(b, "&amp;"); break;
            case '<': rc = buf_adds(b, "&lt;"); break;
            case '>': rc = buf_adds(b, "&gt;"); break;
            case '"': rc = buf_adds(b, "&quot;"); break;
            case '\'': rc = buf_adds(b, "&#39;"); break;
            case '\t': case '\n': case '\r': rc = buf_addc(b, ' '); break;
            default: rc = buf_adds(b, REPLACEMENT); break; /* C0 controls: not XML */
            }
            p++;
            continue;
        }
        k = utf8_dec(p, end, &cp);
        if (k == 0) {
            rc = buf_adds(b, REPLACEMENT);
            p++;
        } else if (cp == 0xfffe || cp == 0xffff) {
            rc = buf_adds(b, REPLACEMENT);
            p += k;
        } else {
            rc = buf_add(b, p, k);
            p += k;
        }
    }
    return rc;
}

int svg_escape(struct buf *out, const char *s)
{
    return esc_n(out, str(s), strlen(str(s)));
}

static void esc(struct w *w, const char *s, size_t n)
{
    if (w->b && !w->rc)
        w->rc = esc_n(w->b, s, n);
}

/* An XML id from the caller's prefix: letters, digits, '-', '_', '.', and
 * a letter first. */
static void put_id(struct w *w, const char *id)
{
    char b[72];
    size_t n = 0;

    if (!id || !*id)
        id = "chart";
    if (!((*id >= 'A' && *id <= 'Z') || (*id >= 'a' && *id <= 'z') || *id == '_'))
        b[n++] = 'c';
    for (; *id && n < 64; id++) {
        char ch = *id;
        int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                 (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
        b[n++] = ok ? ch : '_';
    }
    b[n] = '\0';
    put(w, "%s", b);
}

/* ---- colour ----------------------------------------------------------- */

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static int colour_ok(const char *s)
{
    if (!s || strlen(s) != 7 || s[0] != '#')
        return 0;
    for (int i = 1; i < 7; i++)
        if (hexval(s[i]) < 0)
            return 0;
    return 1;
}

/* WCAG relative luminance of a checked "#rrggbb". */
static double luminance(const char *s)
{
    double l[3];
    for (int i = 0; i < 3; i++) {
        double c = (hexval(s[1 + 2 * i]) * 16 + hexval(s[2 + 2 * i])) / 255.0;
        l[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

static double contrast(const char *a, const char *b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* Text on a fill: white or near-black, whichever stands out more (for the
 * status colours, either reaches 4.5:1). */
static const char *ink_on(const char *fill)
{
    return contrast(fill, "#ffffff") >= contrast(fill, INK) ? "#ffffff" : INK;
}

/* A shape too pale to stand out from the page (under WCAG's 3:1 for
 * graphics) gets a dark outline: white's light grey, amber. */
static int needs_outline(const char *fill)
{
    return contrast(fill, "#ffffff") < 3.0;
}

static void rect(struct w *w, double x, double y, double wd, double h, const char *fill)
{
    put(w, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"", q(x), q(y),
        q(wd), q(h), fill);
    if (needs_outline(fill))
        put(w, " stroke=\"%s\" stroke-width=\"1\"", INK);
    put(w, "/>\n");
}

static void line(struct w *w, double x1, double y1, double x2, double y2, const char *stroke,
                 double sw, const char *dash)
{
    put(w, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"", q(x1), q(y1),
        q(x2), q(y2), stroke);
    if (sw != 1.0)
        put(w, " stroke-width=\"%.1f\"", q(sw));
    if (dash)
        put(w, " stroke-dasharray=\"%s\"", dash);
    put(w, "/>\n");
}

/* ---- text ------------------------------------------------------------- */

/* Helvetica's advance widths (1/1000 em) for ' ' to '~'; Arial's match. */
static const unsigned short helvetica[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, /* sp-/ */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556,                               /* 0-9 */
    278, 278, 584, 584, 584, 556, 1015,                                             /* :-@ */
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,                /* A-M */
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611,                /* N-Z */
    278, 278, 278, 469, 556, 333,                                                   /* [-` */
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,                /* a-m */
    556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500,                /* n-z */
    334, 260, 334, 584,                                                             /* {-~ */
};

static double cp_width(unsigned cp)
{
    if (cp >= 32 && cp < 127)
        return helvetica[cp - 32];
    if (cp >= 0x2e80) /* CJK and the like: a full em */
        return 1000;
    return 600;
}

/* Code points of s[0..n) and the estimated width of each, at size px. Bold
 * is taken as 10% wider, a little more than Helvetica Bold on average, so
 * that estimates err towards room to spare. */
static double width_n(const char *s, size_t n, int size, int bold)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    double u = 0;
    while (p < end) {
        unsigned cp = 0xfffd;
        size_t k = utf8_dec(p, end, &cp);
        u += cp_width(k ? cp : 0xfffd);
        p += k ? k : 1;
    }
    return u * size / 1000.0 * (bold ? 1.1 : 1.0);
}

static double width_s(const char *s, int size, int bold)
{
    return width_n(str(s), strlen(str(s)), size, bold);
}

/* The longest prefix of s[0..n), in whole code points, no wider than maxw;
 * at least one code point, so that wrapping always advances. */
static size_t fit(const char *s, size_t n, double maxw, int size, int bold)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    double x = 0;
    while (p < end) {
        unsigned cp = 0xfffd;
        size_t k = utf8_dec(p, end, &cp);
        double cw = cp_width(k ? cp : 0xfffd) * size / 1000.0 * (bold ? 1.1 : 1.0);
        if (p > (const unsigned char *)s && x + cw > maxw)
            break;
        x += cw;
        p += k ? k : 1;
    }
    return (size_t)(p - (const unsigned char *)s);
}

/* A line of wrapped text: n bytes from s, then an ellipsis if ell. */
struct span {
    const char *s;
    size_t n;
    int ell;
};

/* Wraps s at spaces into at most max lines no wider than maxw; a word longer
 * than a line is cut; text left over after the last line is cut short with
 * an ellipsis. Returns the number of lines (0 for an empty string). */
static int wrap(const char *s, double maxw, int size, int bold, struct span *lines, int max)
{
    size_t n, pos = 0;
    int nl = 0;

    s = str(s);
    n = strlen(s);
    while (nl < max) {
        size_t end, best = pos;
        while (pos < n && s[pos] == ' ')
            pos++;
        if (pos >= n)
            break;
        for (end = pos; end < n;) {
            size_t we = end;
            while (we < n && s[we] == ' ')
                we++;
            while (we < n && s[we] != ' ')
                we++;
            if (width_n(s + pos, we - pos, size, bold) > maxw)
                break;
            best = end = we;
        }
        if (best == pos)
            best = pos + fit(s + pos, n - pos, maxw, size, bold);
        lines[nl].s = s + pos;
        lines[nl].n = best - pos;
        lines[nl].ell = 0;
        nl++;
        pos = best;
    }
    while (pos < n && s[pos] == ' ')
        pos++;
    if (pos < n && nl > 0) {
        struct span *l = &lines[nl - 1];
        double room = maxw - cp_width(0x2026) * size / 1000.0;
        if (width_n(l->s, l->n, size, bold) > room)
            l->n = fit(l->s, l->n, room, size, bold);
        while (l->n > 1 && l->s[l->n - 1] == ' ')
            l->n--;
        l->ell = 1;
    }
    return nl;
}

static void text_span(struct w *w, double x, double y, const char *anchor, int size, int bold,
                      const char *fill, const struct span *sp)
{
    put(w, "<text x=\"%.1f\" y=\"%.1f\"", q(x), q(y));
    if (anchor)
        put(w, " text-anchor=\"%s\"", anchor);
    if (size != FS)
        put(w, " font-size=\"%d\"", size);
    if (bold)
        put(w, " font-weight=\"bold\"");
    put(w, " fill=\"%s\">", fill);
    esc(w, sp->s, sp->n);
    if (sp->ell)
        put(w, "%s", ELLIPSIS);
    put(w, "</text>\n");
}

static void text(struct w *w, double x, double y, const char *anchor, int size, int bold,
                 const char *fill, const char *s)
{
    struct span sp = {str(s), strlen(str(s)), 0};
    text_span(w, x, y, anchor, size, bold, fill, &sp);
}

/* One line of text cut to maxw with an ellipsis if it must be. */
static void text_fit(struct w *w, double x, double y, const char *anchor, int size, int bold,
                     const char *fill, const char *s, double maxw)
{
    struct span sp;
    if (wrap(s, maxw, size, bold, &sp, 1) == 1)
        text_span(w, x, y, anchor, size, bold, fill, &sp);
}

/* ---- pieces every chart has ------------------------------------------- */

static void svg_open(struct w *w, const char *id, int width, int height, const char *title,
                     const char *desc)
{
    put(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
           "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"",
        width, height, width, height);
    put_id(w, id);
    put(w, "-title ");
    put_id(w, id);
    put(w, "-desc\" font-family=\"%s\" font-size=\"%d\">\n<title id=\"", FONT, FS);
    put_id(w, id);
    put(w, "-title\">");
    esc(w, str(title), strlen(str(title)));
    put(w, "</title>\n<desc id=\"");
    put_id(w, id);
    put(w, "-desc\">");
    esc(w, str(desc), strlen(str(desc)));
    put(w, "</desc>\n<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", width, height);
}

/* The visible title, wrapped to maxw; returns the y below it. */
static double draw_title(struct w *w, const char *title, int hide, double maxw, double y)
{
    struct span ls[4];
    int nl;
    if (hide || !title || !*title)
        return y;
    nl = wrap(title, maxw, FS_TITLE, 1, ls, 4);
    for (int k = 0; k < nl; k++)
        text_span(w, MARGIN, y + 14 + k * 22, NULL, FS_TITLE, 1, INK, &ls[k]);
    return y + nl * 22 + 6;
}

static double draw_no_data(struct w *w, int width, double y)
{
    put(w, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"64\" fill=\"#f3f2f1\" "
           "stroke=\"#b1b4b6\"/>\n",
        q(MARGIN), q(y), q(width - 2 * MARGIN));
    text(w, width / 2.0, y + 37, "middle", FS, 1, INK, "No data");
    return y + 64;
}

/* Ticks about every span/ticks, at 1, 2 or 5 times a power of ten. */
static void nice_axis(double lo, double hi, int ticks, struct svg_axis *ax)
{
    double raw, mag, norm, step;

    if (!(hi - lo > 1e-9 * fmax(1, fabs(hi)))) {
        double d = lo != 0 ? fabs(lo) * 0.1 : 1;
        lo -= d;
        hi += d;
    }
    raw = (hi - lo) / ticks;
    mag = pow(10, floor(log10(raw)));
    norm = raw / mag;
    step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
    ax->step = step;
    ax->min = floor(lo / step + 1e-9) * step;
    ax->max = ceil(hi / step - 1e-9) * step;
    ax->decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
}

/* Counts: whole-number ticks from zero. */
static void count_axis(long maxv, struct svg_axis *ax)
{
    double step;
    nice_axis(0, (double)maxv, 5, ax);
    step = ax->step < 1 ? 1 : ax->step;
    ax->step = step;
    ax->min = 0;
    ax->max = ceil((double)maxv / step - 1e-9) * step;
    ax->decimals = 0;
}

static long ticks_of(const struct svg_axis *ax)
{
    return lround((ax->max - ax->min) / ax->step);
}

/* ---- the bar chart ---------------------------------------------------- */

static const char *const palette[] = {"#1d70b8", "#f47738", "#00703c", "#912b88",
                                      "#b1b4b6", "#505a5f", "#d4351c", "#28a197"};

static const char *series_colour(const struct svg_bar_chart *c, size_t j)
{
    if (c->colours && c->colours[j])
        return c->colours[j];
    return palette[j % (sizeof palette / sizeof *palette)];
}

static int bar_check(const struct svg_bar_chart *c, struct err *e)
{
    if (!c)
        return err_set(e, ERR_INPUT, "bar chart: no chart");
    if (c->ncats > MAX_CELLS || c->nseries > MAX_CELLS ||
        (c->nseries && c->ncats > MAX_CELLS / c->nseries))
        return err_set(e, ERR_LIMIT, "bar chart: more than %d values", MAX_CELLS);
    if ((c->ncats && !c->cats) || (c->nseries && !c->series) ||
        (c->ncats && c->nseries && !c->values))
        return err_set(e, ERR_INPUT, "bar chart: categories, series or values missing");
    if (c->width && (c->width < 200 || c->width > 4000))
        return err_set(e, ERR_INPUT, "bar chart: width %d is not between 200 and 4000", c->width);
    for (size_t j = 0; j < c->nseries; j++) {
        if (c->colours && c->colours[j] && !colour_ok(c->colours[j]))
            return err_set(e, ERR_INPUT, "bar chart: series \"%s\": colour \"%s\" is not #rrggbb",
                           str(c->series[j]), c->colours[j]);
    }
    for (size_t i = 0; i < c->ncats; i++) {
        for (size_t j = 0; j < c->nseries; j++) {
            long v = c->values[i * c->nseries + j];
            if (v < 0 || v > 1000000000L)
                return err_set(e, ERR_INPUT,
                               "bar chart: \"%s\", \"%s\": value %ld is not between 0 and "
                               "1000000000",
                               str(c->cats[i]), str(c->series[j]), v);
        }
    }
    return 0;
}

static long bar_total(const struct svg_bar_chart *c, size_t i)
{
    long t = 0;
    for (size_t j = 0; j < c->nseries; j++)
        t += c->values[i * c->nseries + j];
    return t;
}

static long bar_max(const struct svg_bar_chart *c)
{
    long m = 0;
    for (size_t i = 0; i < c->ncats; i++) {
        if (c->stacked) {
            long t = bar_total(c, i);
            m = t > m ? t : m;
        } else {
            for (size_t j = 0; j < c->nseries; j++)
                m = c->values[i * c->nseries + j] > m ? c->values[i * c->nseries + j] : m;
        }
    }
    return m;
}

#define CAT_LINES 3
#define BAR_H 24.0  /* a stacked bar */
#define SUB_H 15.0  /* one series' bar in a grouped chart */
#define SUB_GAP 2.0

static double bar_height(const struct svg_bar_chart *c)
{
    return c->stacked ? BAR_H : c->nseries * SUB_H + (c->nseries - 1) * SUB_GAP;
}

/* The legend: a swatch and the name of each series, wrapping to rows. */
static double bar_legend(struct w *w, const struct svg_bar_chart *c, int width, double y)
{
    double x = MARGIN, right = width - MARGIN;
    for (size_t j = 0; j < c->nseries; j++) {
        double tw = width_s(c->series[j], FS, 0), room = right - MARGIN - 20;
        double iw = 20 + (tw < room ? tw : room);
        if (x > MARGIN && x + iw > right) {
            x = MARGIN;
            y += 22;
        }
        rect(w, x, y, 14, 14, series_colour(c, j));
        text_fit(w, x + 20, y + 12, NULL, FS, 0, INK, c->series[j], room);
        x += iw + 20;
    }
    return y + 14 + 14;
}

static void bar_body(struct w *w, const struct svg_bar_chart *c, struct svg_layout *l)
{
    int width = c->width ? c->width : SVG_WIDTH_DEFAULT;
    double inner = width - 2 * MARGIN, y = MARGIN, lw = 0, x0, x1, scale, top, rows_h = 0;
    double barh = bar_height(c);
    long maxv = bar_max(c), nt;
    char desc[200], fig[32];
    struct span ls[CAT_LINES];

    l->width = width;
    l->empty = c->ncats == 0 || maxv == 0;
    snprintf(desc, sizeof desc, "Horizontal %s bar chart: %zu categories, %zu series.",
             c->stacked ? "stacked" : "grouped", c->ncats, c->nseries);
    svg_open(w, c->id, width, l->height, c->title, c->desc ? c->desc : desc);
    y = draw_title(w, c->title, c->hide_title, inner, y);
    if (l->empty) {
        memset(&l->axis, 0, sizeof l->axis);
        y = draw_no_data(w, width, y + 4);
        goto out;
    }
    y = bar_legend(w, c, width, y + 2);

    /* Category labels take what they need, up to a third of the width, and
     * wrap beyond it; the figure at the end of the longest bar needs room. */
    for (size_t i = 0; i < c->ncats; i++) {
        int nl = wrap(c->cats[i], inner * 0.34, FS, 0, ls, CAT_LINES);
        for (int k = 0; k < nl; k++) {
            double tw = width_n(ls[k].s, ls[k].n, FS, 0) + (ls[k].ell ? 13 : 0);
            lw = tw > lw ? tw : lw;
        }
        rows_h += (barh > nl * LINE ? barh : nl * LINE) + 14;
    }
    x0 = MARGIN + lw + 10;
    snprintf(fig, sizeof fig, "%ld", maxv);
    x1 = width - MARGIN - width_s(fig, c->stacked ? FS : FS_SMALL, c->stacked) - 8;
    count_axis(maxv, &l->axis);
    scale = (x1 - x0) / l->axis.max;
    nt = ticks_of(&l->axis);
    top = y;

    for (long t = 0; t <= nt; t++) {
        double x = x0 + t * l->axis.step * scale;
        if (t > 0)
            line(w, x, top, x, top + rows_h, GRID, 1, NULL);
    }

    for (size_t i = 0; i < c->ncats; i++) {
        int nl = wrap(c->cats[i], inner * 0.34, FS, 0, ls, CAT_LINES);
        double rowh = (barh > nl * LINE ? barh : nl * LINE) + 14, yc = y + rowh / 2;
        double yb = yc - barh / 2, x = x0;

        for (int k = 0; k < nl; k++)
            text_span(w, x0 - 10, yc - (nl - 1) * LINE / 2 + k * LINE + 4.5, "end", FS, 0, INK,
                      &ls[k]);
        for (size_t j = 0; j < c->nseries; j++) {
            long v = c->values[i * c->nseries + j];
            const char *fill = series_colour(c, j);
            double bw = v * scale;
            snprintf(fig, sizeof fig, "%ld", v);
            if (c->stacked) {
                if (v == 0)
                    continue;
                rect(w, x, yb, bw, barh, fill);
                if (width_s(fig, FS_SMALL, 0) + 8 <= bw)
                    text(w, x + bw / 2, yc + 4.2, "middle", FS_SMALL, 0, ink_on(fill), fig);
                x += bw;
            } else {
                double ys = yb + j * (SUB_H + SUB_GAP);
                if (v > 0)
                    rect(w, x0, ys, bw, SUB_H, fill);
                text(w, x0 + bw + 4, ys + SUB_H / 2 + 4.2, NULL, FS_SMALL, 0, INK, fig);
            }
        }
        if (c->stacked) {
            snprintf(fig, sizeof fig, "%ld", bar_total(c, i));
            text(w, x + 6, yc + 4.5, NULL, FS, 1, INK, fig);
        }
        y += rowh;
    }

    line(w, x0, top, x0, y, INK, 1, NULL);
    line(w, x0, y, x0 + l->axis.max * scale, y, INK, 1, NULL);
    for (long t = 0; t <= nt; t++) {
        double x = x0 + t * l->axis.step * scale;
        line(w, x, y, x, y + 5, INK, 1, NULL);
        snprintf(fig, sizeof fig, "%.0f", t * l->axis.step);
        text(w, x, y + 19, "middle", FS_SMALL, 0, INK2, fig);
    }
    y += 24;
    if (c->axis_label && *c->axis_label) {
        text_fit(w, (x0 + x1) / 2, y + 12, "middle", FS, 0, INK, c->axis_label, x1 - x0);
        y += 18;
    }
out:
    l->height = (int)ceil(y + MARGIN);
    put(w, "</svg>\n");
}

int svg_bar_chart_layout(const struct svg_bar_chart *c, struct svg_layout *l, struct err *e)
{
    struct w w = {NULL, 0};
    int rc = bar_check(c, e);
    memset(l, 0, sizeof *l);
    if (rc)
        return rc;
    bar_body(&w, c, l);
    return 0;
}

/* Measures, then draws; out is left as it was on failure. */
int svg_bar_chart(struct buf *out, const struct svg_bar_chart *c, struct err *e)
{
    struct svg_layout l;
    size_t start = out->len;
    struct w w = {out, 0};
    int rc = svg_bar_chart_layout(c, &l, e);

    if (rc)
        return rc;
    bar_body(&w, c, &l);
    if (w.rc) {
        out->len = start;
        if (out->p)
            out->p[start] = '\0';
        return err_set(e, ERR_LIMIT, "bar chart: larger than the output's limit");
    }
    return 0;
}

/* ---- the control chart ------------------------------------------------ */

static const char *variation_colour(enum svg_variation v)
{
    switch (v) {
    case SVG_VAR_IMPROVEMENT: return SVG_IMPROVEMENT;
    case SVG_VAR_CONCERN: return SVG_CONCERN;
    case SVG_VAR_NEITHER: return SVG_NEITHER;
    default: return SVG_COMMON_CAUSE;
    }
}

static const char *const variation_name[] = {"Common cause", "Improvement", "Concern",
                                             "Neither"};

/* Each variation has its own shape as well as its colour, so that the
 * chart reads in greyscale and to those who do not see the colours. */
static void marker(struct w *w, enum svg_variation v, double x, double y)
{
    const char *fill = variation_colour(v);
    switch (v) {
    case SVG_VAR_IMPROVEMENT:
        put(w, "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"%s\" stroke=\"%s\"/>\n",
            q(x - 4.5), q(y - 4.5), fill, INK);
        break;
    case SVG_VAR_CONCERN:
        put(w, "<path d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" fill=\"%s\" stroke=\"%s\"/>\n", q(x),
            q(y - 6), fill, INK);
        break;
    case SVG_VAR_NEITHER:
        put(w, "<path d=\"M%.1f %.1fl6 10h-12z\" fill=\"%s\" stroke=\"%s\"/>\n", q(x), q(y - 6.5),
            fill, INK);
        break;
    default:
        put(w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\"/>\n", q(x),
            q(y), fill, INK2);
        break;
    }
}

static int fin(const double *a, size_t i)
{
    return a && isfinite(a[i]);
}

static int seg(const struct svg_control_chart *c, size_t i)
{
    return c->segment ? c->segment[i] : 0;
}

static size_t annotation_point(const struct svg_control_chart *c, size_t k)
{
    size_t i;
    for (i = 0; i < c->n; i++)
        if (strcmp(str(c->periods[i]), str(c->annotations[k].period)) == 0)
            break;
    return i;
}

static int cc_check(const struct svg_control_chart *c, struct err *e)
{
    if (!c)
        return err_set(e, ERR_INPUT, "control chart: no chart");
    if (c->n > MAX_POINTS)
        return err_set(e, ERR_LIMIT, "control chart: more than %d points", MAX_POINTS);
    if (c->n && (!c->periods || !c->values))
        return err_set(e, ERR_INPUT, "control chart: periods or values missing");
    if (c->nannotations && !c->annotations)
        return err_set(e, ERR_INPUT, "control chart: annotations missing");
    if (c->width && (c->width < 300 || c->width > 4000))
        return err_set(e, ERR_INPUT, "control chart: width %d is not between 300 and 4000",
                       c->width);
    if (c->plot_height && (c->plot_height < 80 || c->plot_height > 2000))
        return err_set(e, ERR_INPUT, "control chart: plot height %d is not between 80 and 2000",
                       c->plot_height);
    if (!(c->limits_sigma >= 0 && c->limits_sigma <= 10))
        return err_set(e, ERR_INPUT, "control chart: limits at %g sigma", c->limits_sigma);
    if ((unsigned)c->chart_variation > SVG_VAR_NEITHER ||
        (unsigned)c->assurance > SVG_ASSURE_HIT_OR_MISS)
        return err_set(e, ERR_INPUT, "control chart: unknown variation or assurance");
    for (size_t i = 0; c->variation && i < c->n; i++)
        if ((unsigned)c->variation[i] > SVG_VAR_NEITHER)
            return err_set(e, ERR_INPUT, "control chart: point %zu: unknown variation", i + 1);
    for (size_t i = 0; i < c->n; i++) {
        const double *a[] = {c->values, c->mean, c->lpl, c->upl, c->lower_2s, c->upper_2s};
        for (size_t k = 0; k < sizeof a / sizeof *a; k++)
            if (fin(a[k], i) && fabs(a[k][i]) > MAX_VALUE)
                return err_set(e, ERR_INPUT, "control chart: point %zu: %g is too large", i + 1,
                               a[k][i]);
    }
    if (isfinite(c->target) && fabs(c->target) > MAX_VALUE)
        return err_set(e, ERR_INPUT, "control chart: target %g is too large", c->target);
    for (size_t k = 0; k < c->nannotations; k++)
        if (annotation_point(c, k) == c->n)
            return err_set(e, ERR_INPUT, "control chart: annotation: no period \"%s\"",
                           str(c->annotations[k].period));
    return 0;
}

/* A figure as the chart writes it, with d decimals. */
static void figure(char *b, size_t n, const char *label, double v, int d)
{
    if (fabs(v) < 0.5 * pow(10, -d))
        v = 0; /* no "-0.0" */
    snprintf(b, n, "%s%s%.*f", label, *label ? " " : "", d, v);
}

/* Where the plotting area is: point i sits in the middle of its column
 * x0 + i*dx .. x0 + (i+1)*dx; values run up from pt + ph. */
struct plot {
    double x0, dx, pt, ph;
    struct svg_axis ax;
};

static double py(const struct plot *p, double v)
{
    return p->pt + p->ph - (v - p->ax.min) / (p->ax.max - p->ax.min) * p->ph;
}

static double px(const struct plot *p, size_t i)
{
    return p->x0 + (i + 0.5) * p->dx;
}

static void path_end(struct w *w, double x, const char *stroke, double sw, const char *dash)
{
    put(w, "H%.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"", q(x), stroke, q(sw));
    if (dash)
        put(w, " stroke-dasharray=\"%s\"", dash);
    put(w, "/>\n");
}

/* A step line through the per-point values of a, broken at gaps and at
 * rebases: each point's value spans its own column, so a segment's line
 * ends where the next one begins, at the rebase marker. */
static void step_line(struct w *w, const struct svg_control_chart *c, const struct plot *p,
                      const double *a, const char *stroke, double sw, const char *dash)
{
    int open = 0;
    for (size_t i = 0; a && i < c->n; i++) {
        double xl = p->x0 + i * p->dx;
        int ok = isfinite(a[i]);
        if (open && (!ok || seg(c, i) != seg(c, i - 1))) {
            path_end(w, xl, stroke, sw, dash);
            open = 0;
        }
        if (!ok)
            continue;
        if (!open)
            put(w, "<path d=\"M%.1f %.1f", q(xl), q(py(p, a[i])));
        else if (a[i] != a[i - 1])
            put(w, "H%.1fV%.1f", q(xl), q(py(p, a[i])));
        open = 1;
    }
    if (open)
        path_end(w, p->x0 + c->n * p->dx, stroke, sw, dash);
}

/* A figure at the right-hand end of a line. */
struct end_label {
    double y;
    char text[96];
    const char *fill;
};

/* The latest value of a over the chart, if any. */
static int last_of(const struct svg_control_chart *c, const double *a, double *v)
{
    for (size_t i = c->n; a && i-- > 0;) {
        if (isfinite(a[i])) {
            *v = a[i];
            return 1;
        }
    }
    return 0;
}

#define STYLE_MEAN INK, 1.5, NULL
#define STYLE_LIMIT INK2, 1.5, "7 4"
#define STYLE_2S INK2, 1.0, "2 3"
#define TARGET "#d4351c" /* 4.9:1 on white: its label is text too */
#define STYLE_TARGET TARGET, 2.0, "10 4"
#define SERIES "#6f777b"

/* The legend: only what the chart shows. */
static double cc_legend(struct w *w, const struct svg_control_chart *c, int width, double y,
                        int has_limits, int has_2s)
{
    int present[4] = {0, 0, 0, 0};
    double x = MARGIN, right = width - MARGIN;
    struct item {
        int kind; /* 0-3: a marker; 4 mean, 5 limit, 6 2s, 7 target */
        const char *name;
    } it[8];
    int ni = 0;

    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->values[i]))
            present[c->variation ? c->variation[i] : SVG_VAR_COMMON] = 1;
    for (int v = 0; v < 4; v++)
        if (present[v])
            it[ni].kind = v, it[ni++].name = variation_name[v];
    if (last_of(c, c->mean, &(double){0}))
        it[ni].kind = 4, it[ni++].name = "Mean";
    if (has_limits)
        it[ni].kind = 5, it[ni++].name = "Process limits";
    if (has_2s)
        it[ni].kind = 6, it[ni++].name = "2\xcf\x83"; /* 2 sigma */
    if (isfinite(c->target))
        it[ni].kind = 7, it[ni++].name = "Target";

    for (int k = 0; k < ni; k++) {
        double sw = it[k].kind < 4 ? 14 : 24;
        double iw = sw + 6 + width_s(it[k].name, FS, 0);
        if (x > MARGIN && x + iw > right) {
            x = MARGIN;
            y += 22;
        }
        switch (it[k].kind) {
        case 4: line(w, x, y + 7, x + sw, y + 7, STYLE_MEAN); break;
        case 5: line(w, x, y + 7, x + sw, y + 7, STYLE_LIMIT); break;
        case 6: line(w, x, y + 7, x + sw, y + 7, STYLE_2S); break;
        case 7: line(w, x, y + 7, x + sw, y + 7, STYLE_TARGET); break;
        default: marker(w, (enum svg_variation)it[k].kind, x + 7, y + 7); break;
        }
        text(w, x + sw + 6, y + 11.5, NULL, FS, 0, INK, it[k].name);
        x += iw + 16;
    }
    return ni ? y + 14 + 10 : y;
}

static void sigma_text(char *b, size_t n, double s)
{
    if (s == floor(s))
        snprintf(b, n, "%.0f\xcf\x83", s);
    else
        snprintf(b, n, "%.1f\xcf\x83", s);
}

/* The title, the statement of the limits' width, and the icons: at the top
 * right beside the title where the chart is wide enough, else under the
 * title, so that neither is cut short. Returns the y below them. */
static double cc_header(struct w *w, const struct svg_control_chart *c, int width, int has_limits)
{
    static const char *const letter[] = {"", "P", "F", "?"};
    double inner = width - 2 * MARGIN, iconw = 0, ty, iy, ix;
    char text_[96], sig[32];
    struct {
        int assurance;
        const char *fill, *label;
    } icon[2];
    int nicon = 0, beside;

    if (c->variation_label) {
        icon[nicon].assurance = SVG_ASSURE_NONE;
        icon[nicon].fill = variation_colour(c->chart_variation);
        icon[nicon++].label = c->variation_label;
    }
    if (c->assurance_label && c->assurance != SVG_ASSURE_NONE) {
        icon[nicon].assurance = c->assurance;
        icon[nicon].fill = c->assurance == SVG_ASSURE_PASS   ? SVG_IMPROVEMENT
                           : c->assurance == SVG_ASSURE_FAIL ? SVG_CONCERN
                                                             : SVG_COMMON_CAUSE;
        icon[nicon++].label = c->assurance_label;
    }
    beside = nicon && inner >= 560;
    for (int k = 0; k < nicon; k++) {
        double tw = width_s(icon[k].label, FS, 0), room = beside ? inner * 0.3 : inner - 32;
        tw = tw < room ? tw : room;
        iconw = 32 + tw > iconw ? 32 + tw : iconw;
    }
    ty = draw_title(w, c->title, c->hide_title, inner - (beside ? iconw + 16 : 0), MARGIN);
    if (has_limits) {
        sigma_text(sig, sizeof sig, c->limits_sigma > 0 ? c->limits_sigma : 3);
        if (c->trial)
            snprintf(text_, sizeof text_, "Trial limits at %s (fewer than %d points)", sig,
                     c->trial_points > 0 ? c->trial_points : 12);
        else
            snprintf(text_, sizeof text_, "Limits at %s", sig);
        text(w, MARGIN, ty + 12, NULL, FS, 0, INK2, text_);
        ty += 20;
    }
    iy = beside ? MARGIN : ty + 2;
    ix = beside ? width - MARGIN - iconw : MARGIN;
    for (int k = 0; k < nicon; k++) {
        struct span ls[2];
        int nl = wrap(icon[k].label, iconw - 32, FS, 0, ls, 2);
        if (icon[k].assurance) {
            put(w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"11\" fill=\"#ffffff\" stroke=\"%s\" "
                   "stroke-width=\"3\"/>\n",
                q(ix + 12), q(iy + 12), icon[k].fill);
            text(w, ix + 12, iy + 16.5, "middle", FS, 1, INK, letter[icon[k].assurance]);
        } else {
            put(w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"12\" fill=\"%s\" stroke=\"%s\"/>\n",
                q(ix + 12), q(iy + 12), icon[k].fill, INK);
        }
        for (int j = 0; j < nl; j++)
            text_span(w, ix + 32, iy + 16.5 - (nl - 1) * LINE / 2 + j * LINE, NULL, FS, 0, INK,
                      &ls[j]);
        iy += nl > 1 ? 40 : 30;
    }
    return (ty > iy ? ty : iy) + 4;
}

/* Period labels under the axis: every few, so that none overlap. */
static void cc_periods(struct w *w, const struct svg_control_chart *c, const struct plot *p,
                       int width)
{
    double lw = 0, pb = p->pt + p->ph;
    size_t every;

    for (size_t i = 0; i < c->n; i++) {
        double tw = width_s(c->periods[i], FS_SMALL, 0);
        lw = tw > lw ? tw : lw;
    }
    lw = lw < 120 ? lw : 120;
    every = (size_t)ceil((lw + 12) / p->dx);
    every = every ? every : 1;
    for (size_t i = 0; i < c->n; i += every) {
        double x = px(p, i), tw = width_s(c->periods[i], FS_SMALL, 0);
        tw = tw < 120 ? tw : 120;
        line(w, x, pb, x, pb + 5, INK, 1, NULL);
        x = x - tw / 2 < MARGIN ? MARGIN + tw / 2 : x;
        x = x + tw / 2 > width - MARGIN ? width - MARGIN - tw / 2 : x;
        text_fit(w, x, pb + 19, "middle", FS_SMALL, 0, INK2, c->periods[i], 120);
    }
}

/* Rebases: a marker between the segments, labelled in the band above the
 * plot; right: how far its label may reach. */
static void cc_rebases(struct w *w, const struct svg_control_chart *c, const struct plot *p,
                       double right)
{
    size_t r = 0;
    for (size_t i = 1; i < c->n; i++) {
        const char *label;
        double x = p->x0 + i * p->dx;
        if (seg(c, i) == seg(c, i - 1))
            continue;
        label = c->rebase_labels && c->rebase_labels[r] ? c->rebase_labels[r] : "Rebase";
        r++;
        line(w, x, p->pt - 16, x, p->pt + p->ph, INK, 1.5, "4 3");
        if (x + 4 + width_s(label, FS_SMALL, 0) <= right)
            text(w, x + 4, p->pt - 6, NULL, FS_SMALL, 0, INK, label);
        else
            text_fit(w, x - 4, p->pt - 6, "end", FS_SMALL, 0, INK, label, x - p->x0);
    }
}

/* The series, broken at missing values, then its points over it. */
static void cc_series(struct w *w, const struct svg_control_chart *c, const struct plot *p)
{
    int open = 0;
    for (size_t i = 0; i < c->n; i++) {
        int next = i + 1 < c->n && isfinite(c->values[i + 1]);
        if (!isfinite(c->values[i]))
            continue;
        if (open)
            put(w, "L%.1f %.1f", q(px(p, i)), q(py(p, c->values[i])));
        else if (next)
            put(w, "<path d=\"M%.1f %.1f", q(px(p, i)), q(py(p, c->values[i])));
        open = next;
        if (!open && i > 0 && isfinite(c->values[i - 1]))
            put(w, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", SERIES);
    }
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->values[i]))
            marker(w, c->variation ? c->variation[i] : SVG_VAR_COMMON, px(p, i),
                   py(p, c->values[i]));
}

/* Annotations: a numbered marker above the point (below it near the top,
 * stacked where several share a point); their text goes under the chart. */
static void cc_annotation_marks(struct w *w, const struct svg_control_chart *c,
                                const struct plot *p)
{
    char num[24];
    for (size_t k = 0; k < c->nannotations; k++) {
        size_t i = annotation_point(c, k), before = 0;
        double yv = isfinite(c->values[i]) ? py(p, c->values[i]) : p->pt, yy;
        for (size_t j = 0; j < k; j++)
            before += annotation_point(c, j) == i;
        yy = yv - 18 - before * 22.0;
        if (yy < p->pt + 10)
            yy = yv + 18 + before * 22.0;
        put(w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"#ffffff\" stroke=\"%s\"/>\n",
            q(px(p, i)), q(yy), INK);
        snprintf(num, sizeof num, "%zu", k + 1);
        text(w, px(p, i), yy + 4.2, "middle", FS_SMALL, 1, INK, num);
    }
}

static double cc_annotation_notes(struct w *w, const struct svg_control_chart *c, int width,
                                  double y)
{
    char num[24];
    for (size_t k = 0; k < c->nannotations; k++) {
        struct span ls[4];
        struct buf b;
        int nl;

        buf_init(&b, 0);
        if (buf_addf(&b, "%s: %s", str(c->periods[annotation_point(c, k)]),
                     str(c->annotations[k].text)))
            buf_reset(&b);
        nl = wrap(buf_str(&b), width - 2 * MARGIN - 26, FS, 0, ls, 4);
        put(w, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"#ffffff\" stroke=\"%s\"/>\n",
            q(MARGIN + 9), q(y + 8), INK);
        snprintf(num, sizeof num, "%zu", k + 1);
        text(w, MARGIN + 9, y + 12.2, "middle", FS_SMALL, 1, INK, num);
        for (int j = 0; j < nl; j++)
            text_span(w, MARGIN + 26, y + 12.5 + j * LINE, NULL, FS, 0, INK, &ls[j]);
        y += (nl > 1 ? nl : 1) * LINE + 6;
        buf_release(&b);
    }
    return y;
}

/* The labels for the latest upper limit, mean, lower limit and the target,
 * with their values in y for now; returns how many. */
static int cc_end_labels(const struct svg_control_chart *c, int decimals,
                         struct end_label *rl)
{
    int n = 0;
    double v;
    if (last_of(c, c->upl, &v))
        rl[n].y = v, rl[n].fill = INK, figure(rl[n++].text, sizeof rl->text, "Upper limit", v,
                                             decimals);
    if (last_of(c, c->mean, &v))
        rl[n].y = v, rl[n].fill = INK, figure(rl[n++].text, sizeof rl->text, "Mean", v, decimals);
    if (last_of(c, c->lpl, &v))
        rl[n].y = v, rl[n].fill = INK, figure(rl[n++].text, sizeof rl->text, "Lower limit", v,
                                             decimals);
    if (isfinite(c->target))
        rl[n].y = c->target, rl[n].fill = TARGET,
        figure(rl[n++].text, sizeof rl->text, "Target", c->target, decimals);
    return n;
}

/* Draws the labels at the right-hand end of their lines, pushed apart where
 * the lines run close together. */
static void cc_draw_end_labels(struct w *w, const struct plot *p, struct end_label *rl, int n,
                               double x, double maxw)
{
    for (int k = 0; k < n; k++)
        rl[k].y = py(p, rl[k].y);
    for (int k = 1; k < n; k++) {
        for (int j = k; j > 0 && rl[j].y < rl[j - 1].y; j--) {
            struct end_label t = rl[j];
            rl[j] = rl[j - 1];
            rl[j - 1] = t;
        }
    }
    for (int k = 1; k < n; k++)
        if (rl[k].y < rl[k - 1].y + 14)
            rl[k].y = rl[k - 1].y + 14;
    for (int k = n - 1; k >= 0; k--) {
        double lim = k == n - 1 ? p->pt + p->ph + 8 : rl[k + 1].y - 14;
        rl[k].y = rl[k].y > lim ? lim : rl[k].y;
    }
    for (int k = 0; k < n; k++)
        text_fit(w, x, rl[k].y + 4, NULL, FS_SMALL, 0, rl[k].fill, rl[k].text, maxw);
}

static void cc_body(struct w *w, const struct svg_control_chart *c, struct svg_layout *l)
{
    int width = c->width ? c->width : SVG_WIDTH_DEFAULT;
    double inner = width - 2 * MARGIN, y, x1, ytw = 0, rw = 0;
    double lo = INFINITY, hi = -INFINITY;
    int has_limits = 0, has_2s = 0, has_rebase = 0, nrl;
    size_t npts = 0;
    long nt;
    char desc[160], fig[48];
    struct end_label rl[4];
    struct plot p;
    const double *arrays[] = {c->values, c->mean, c->lpl, c->upl, c->lower_2s, c->upper_2s};

    for (size_t i = 0; i < c->n; i++) {
        for (size_t k = 0; k < sizeof arrays / sizeof *arrays; k++) {
            if (fin(arrays[k], i)) {
                lo = arrays[k][i] < lo ? arrays[k][i] : lo;
                hi = arrays[k][i] > hi ? arrays[k][i] : hi;
            }
        }
        npts += fin(c->values, i);
        has_limits |= fin(c->lpl, i) || fin(c->upl, i);
        has_2s |= fin(c->lower_2s, i) || fin(c->upper_2s, i);
        has_rebase |= i > 0 && seg(c, i) != seg(c, i - 1);
    }
    if (isfinite(c->target)) {
        lo = c->target < lo ? c->target : lo;
        hi = c->target > hi ? c->target : hi;
    }
    l->width = width;
    l->empty = npts == 0;
    memset(&l->axis, 0, sizeof l->axis);
    snprintf(desc, sizeof desc, "Control chart of %zu points.", c->n);
    svg_open(w, c->id, width, l->height, c->title, c->desc ? c->desc : desc);
    y = cc_header(w, c, width, npts && has_limits);
    if (l->empty) {
        y = draw_no_data(w, width, y);
        goto out;
    }

    nice_axis(lo, hi, 6, &l->axis);
    p.ax = l->axis;
    nt = ticks_of(&p.ax);
    for (long t = 0; t <= nt; t++) {
        figure(fig, sizeof fig, "", p.ax.min + t * p.ax.step, p.ax.decimals);
        ytw = width_s(fig, FS_SMALL, 0) > ytw ? width_s(fig, FS_SMALL, 0) : ytw;
    }
    nrl = cc_end_labels(c, p.ax.decimals + 1 < 3 ? p.ax.decimals + 1 : 3, rl);
    for (int k = 0; k < nrl; k++)
        rw = width_s(rl[k].text, FS_SMALL, 0) > rw ? width_s(rl[k].text, FS_SMALL, 0) : rw;
    rw = rw < inner * 0.25 ? rw : inner * 0.25;

    if (c->units && *c->units) {
        text_fit(w, MARGIN, y + 12, NULL, FS, 0, INK, c->units, inner);
        y += has_rebase ? 20 : 28;
    } else {
        y += 8; /* room for the top tick's label */
    }
    if (has_rebase)
        y += 18;
    p.x0 = MARGIN + ytw + 10;
    x1 = width - MARGIN - (rw > 0 ? rw + 8 : 0);
    p.dx = (x1 - p.x0) / c->n;
    p.pt = y;
    p.ph = c->plot_height ? c->plot_height : 260;

    for (long t = 0; t <= nt; t++) {
        double v = p.ax.min + t * p.ax.step, yy = py(&p, v);
        if (t > 0)
            line(w, p.x0, yy, x1, yy, GRID, 1, NULL);
        line(w, p.x0 - 5, yy, p.x0, yy, INK, 1, NULL);
        figure(fig, sizeof fig, "", v, p.ax.decimals);
        text(w, p.x0 - 8, yy + 4, "end", FS_SMALL, 0, INK2, fig);
    }
    cc_periods(w, c, &p, width);
    step_line(w, c, &p, c->lower_2s, STYLE_2S);
    step_line(w, c, &p, c->upper_2s, STYLE_2S);
    step_line(w, c, &p, c->lpl, STYLE_LIMIT);
    step_line(w, c, &p, c->upl, STYLE_LIMIT);
    step_line(w, c, &p, c->mean, STYLE_MEAN);
    if (isfinite(c->target))
        line(w, p.x0, py(&p, c->target), x1, py(&p, c->target), STYLE_TARGET);
    cc_rebases(w, c, &p, width - MARGIN);
    cc_series(w, c, &p);
    cc_annotation_marks(w, c, &p);
    cc_draw_end_labels(w, &p, rl, nrl, x1 + 6, rw + 2);
    line(w, p.x0, p.pt, p.x0, p.pt + p.ph, INK, 1, NULL);
    line(w, p.x0, p.pt + p.ph, x1, p.pt + p.ph, INK, 1, NULL);

    y = cc_legend(w, c, width, p.pt + p.ph + 34, has_limits, has_2s);
    y = cc_annotation_notes(w, c, width, y);
out:
    l->height = (int)ceil(y + MARGIN);
    put(w, "</svg>\n");
}

int svg_control_chart_layout(const struct svg_control_chart *c, struct svg_layout *l,
                             struct err *e)
{
    struct w w = {NULL, 0};
    int rc = cc_check(c, e);
    memset(l, 0, sizeof *l);
    if (rc)
        return rc;
    cc_body(&w, c, l);
    return 0;
}

int svg_control_chart(struct buf *out, const struct svg_control_chart *c, struct err *e)
{
    struct svg_layout l;
    size_t start = out->len;
    struct w w = {out, 0};
    int rc = svg_control_chart_layout(c, &l, e);

    if (rc)
        return rc;
    cc_body(&w, c, &l);
    if (w.rc) {
        out->len = start;
        if (out->p)
            out->p[start] = '\0';
        return err_set(e, ERR_LIMIT, "control chart: larger than the output's limit");
    }
    return 0;
}
