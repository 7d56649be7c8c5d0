/* svg.h -- charts drawn as SVG: a horizontal bar chart (stacked or grouped)
 * and an XmR control chart, the same bytes for the HTML paper, the web pages
 * and, rendered to an image, the Word paper.
 *
 * Every chart is one complete <svg> element: role="img", labelled by its own
 * <title> and <desc> (ids made from the caller's id prefix, so several charts
 * can share a page), Arial/Helvetica text no smaller than 12px at the chart's
 * natural width, text colours of at least 4.5:1 on the white background, no
 * scripts, no external references. Every caller string goes through one
 * escaping function (svg_escape). The bytes depend only on the input: numbers
 * are written with fixed precision.
 *
 * A chart is not its own text alternative for the figures: the caller puts
 * the data beside it as a table. <desc> carries the caller's summary.
 *
 * Text cannot be measured when the SVG is written, so label widths are
 * estimated from Helvetica's character widths (Arial's are the same); labels
 * are wrapped or thinned to fit with that estimate and a margin.
 *
 * Ownership: the functions only read the structs; nothing is retained. */
#ifndef OVERSIGHT_SVG_H
#define OVERSIGHT_SVG_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* The status colours of the papers (GOV.UK's). White is drawn light grey
 * with a dark outline so that it shows on the page. */
#define SVG_RED "#d4351c"
#define SVG_AMBER "#f47738"
#define SVG_GREEN "#00703c"
#define SVG_WHITE "#b1b4b6"
#define SVG_CLOSED "#505a5f"

/* Making Data Count's colours for a point's variation. */
#define SVG_COMMON_CAUSE "#a6a6a6"
#define SVG_IMPROVEMENT "#289de0"
#define SVG_CONCERN "#fab428"
#define SVG_NEITHER "#361475"

#define SVG_WIDTH_DEFAULT 700

/* A value axis: from min to max in steps of step; tick labels are written
 * with decimals places. */
struct svg_axis {
    double min, max, step;
    int decimals;
};

/* What a chart will measure once drawn: its size in CSS pixels (the width and
 * height attributes; the viewBox is the same) and its value axis. */
struct svg_layout {
    int width, height;
    struct svg_axis axis;
    int empty; /* drawn as "No data" */
};

/* Escapes s as XML character data and attribute values alike (& < > " ');
 * invalid UTF-8 and characters XML forbids become U+FFFD, tabs and line
 * breaks a space. Returns 0 or ERR_LIMIT. */
int svg_escape(struct buf *out, const char *s);

/* A horizontal bar chart: one bar per category, one segment (stacked) or one
 * thinner bar (grouped) per series. */
struct svg_bar_chart {
    const char *id;             /* id prefix, unique in the page ("flow"); NULL: "chart" */
    const char *title;          /* the accessible name; drawn above unless hide_title */
    const char *desc;           /* the accessible description; NULL: a generic one */
    size_t ncats;
    const char *const *cats;    /* category labels, top to bottom */
    size_t nseries;
    const char *const *series;  /* series names, in the legend in this order */
    const char *const *colours; /* "#rrggbb" per series; NULL (or a NULL entry): a default */
    const long *values;         /* ncats x nseries, category by category; >= 0 */
    int stacked;                /* 1: segments end to end, the total at the end; 0: grouped */
    int width;                  /* CSS pixels; 0: SVG_WIDTH_DEFAULT */
    const char *axis_label;     /* under the value axis ("Actions"); NULL: none */
    int hide_title;             /* the page shows the title already */
};

/* Appends the chart to out. With no categories, or every value zero, the
 * chart says "No data". Returns 0, or ERR_INPUT (bad colour, negative value,
 * missing array) or ERR_LIMIT with a message in *e; out is unchanged then. */
int svg_bar_chart(struct buf *out, const struct svg_bar_chart *c, struct err *e);
/* The size and axis svg_bar_chart would draw, without drawing. */
int svg_bar_chart_layout(const struct svg_bar_chart *c, struct svg_layout *l, struct err *e);

/* A point's variation, as the SPC engine classes it. */
enum svg_variation {
    SVG_VAR_COMMON = 0,
    SVG_VAR_IMPROVEMENT,
    SVG_VAR_CONCERN,
    SVG_VAR_NEITHER,
};

/* A chart's assurance against its target. */
enum svg_assurance {
    SVG_ASSURE_NONE = 0,
    SVG_ASSURE_PASS,
    SVG_ASSURE_FAIL,
    SVG_ASSURE_HIT_OR_MISS,
};

struct svg_annotation {
    const char *period; /* a label in periods; the first point so labelled */
    const char *text;
};

/* An XmR chart. The per-point arrays of the SPC engine's results are each n
 * long; NAN in a mean or limit array (or a NULL array) means "none here". */
struct svg_control_chart {
    const char *id, *title, *desc; /* as for the bar chart */
    const char *units;             /* the value axis's title ("Crimes", "%"); NULL: none */
    size_t n;
    const char *const *periods;
    const double *values;          /* NAN: a missing point, a gap in the line */
    const double *mean, *lpl, *upl;
    const double *lower_2s, *upper_2s; /* NULL: no 2-sigma lines */
    const enum svg_variation *variation; /* NULL: all common cause */
    const int *segment;            /* per point; a change of value is a rebase; NULL: one segment */
    const char *const *rebase_labels; /* per rebase, in order; NULL (or NULL entry): "Rebase" */
    double target;                 /* NAN: none */
    const struct svg_annotation *annotations;
    size_t nannotations;
    double limits_sigma;           /* the limits' width in sigma; 0: 3 */
    int trial;                     /* limits from too few points */
    int trial_points;              /* the points a segment needs for full limits; 0: 12 */
    enum svg_variation chart_variation;
    const char *variation_label;   /* NULL: no variation icon */
    enum svg_assurance assurance;
    const char *assurance_label;   /* NULL: no assurance icon */
    int width;                     /* 0: SVG_WIDTH_DEFAULT */
    int plot_height;               /* the plotting area; 0: 260 */
    int hide_title;
};

/* Appends the chart to out; with no points (or none with a value) it says
 * "No data". Returns 0, or ERR_INPUT (missing array, unknown annotation
 * period) or ERR_LIMIT with a message in *e; out is unchanged then. */
int svg_control_chart(struct buf *out, const struct svg_control_chart *c, struct err *e);
int svg_control_chart_layout(const struct svg_control_chart *c, struct svg_layout *l,
                             struct err *e);

#endif
