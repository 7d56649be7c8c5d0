/* cmd_report.c -- report: the papers, in every format. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "format/doc.h"
#include "service/paper_committee.h"
#include "service/paper_performance.h"
#include "service/paper_registers.h"

enum fmt { F_JSON, F_MD, F_HTML, F_CSV, F_XLSX, F_DOCX };
static const char *const FORMATS[] = {"json", "md", "html", "csv", "xlsx", "docx"};

static int parse_format(struct cli_ctx *c, const char *s, enum fmt *f)
{
    for (int i = 0; i < 6; i++)
        if (strcmp(s, FORMATS[i]) == 0) {
            *f = (enum fmt)i;
            return 0;
        }
    return err_set(&c->err, ERR_USAGE, "--format: json, md, html, csv, xlsx or docx");
}

/* Writes the bytes to -o FILE (atomically: a temporary file renamed into
 * place) or standard output. Binary formats refuse a terminal. */
static int output(struct cli_ctx *c, const char *path, enum fmt f, const struct buf *b)
{
    char tmp[4096];
    FILE *fp;
    if (!path || strcmp(path, "-") == 0) {
        if ((f == F_XLSX || f == F_DOCX) && c->stdout_tty)
            return err_set(&c->err, ERR_USAGE, "%s is a binary format: give -o FILE",
                           FORMATS[f]);
        fwrite(b->p ? b->p : "", 1, b->len, c->out);
        return 0;
    }
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (!(fp = fopen(tmp, "wb")))
        return err_set(&c->err, ERR_IO, "%s: cannot write", path);
    if (fwrite(b->p ? b->p : "", 1, b->len, fp) != b->len || fclose(fp) != 0) {
        remove(tmp);
        return err_set(&c->err, ERR_IO, "%s: write failed", path);
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        return err_set(&c->err, ERR_IO, "%s: cannot write", path);
    }
    return 0;
}

/* Renders a doc in one of the document formats. */
static int render(struct cli_ctx *c, const struct doc *d, enum fmt f, struct buf *b)
{
    switch (f) {
    case F_MD: return doc_render_md(d, b, &c->err);
    case F_HTML: return doc_render_html(d, 0, b, &c->err);
    case F_CSV: return doc_render_csv(d, b, &c->err);
    case F_XLSX: return doc_render_xlsx(d, b, &c->err);
    case F_DOCX: return doc_render_docx(d, b, &c->err);
    default: return err_set(&c->err, ERR_USAGE, "unsupported format");
    }
}

/* The flags every paper takes, parsed and checked once. */
struct paper_flags {
    const char *as_of, *recorded, *public_v, *format, *out;
    enum fmt f;
    int32_t date;            /* DATE_NONE when --as-of is not given */
    const char *moment;      /* --as-recorded-at, normalised; NULL when not given */
    char moment_buf[MOMENT_BUFSZ];
};

#define PAPER_FLAG_OPTS(pf)                                                                    \
    {"as-of", 1, &(pf).as_of}, {"as-recorded-at", 1, &(pf).recorded},                          \
        {"public", 0, &(pf).public_v}, {"format", 1, &(pf).format}, {"output", 1, &(pf).out}

static int paper_flags_check(struct cli_ctx *c, struct paper_flags *pf)
{
    int rc;
    pf->f = F_MD;
    pf->date = DATE_NONE;
    pf->moment = NULL;
    if (pf->format && (rc = parse_format(c, pf->format, &pf->f)))
        return rc;
    if (pf->as_of && (rc = cli_date("--as-of", pf->as_of, &pf->date, &c->err)))
        return rc;
    if (pf->recorded) {
        int64_t m;
        if (moment_parse(pf->recorded, strlen(pf->recorded), &m))
            return err_set(&c->err, ERR_USAGE,
                           "--as-recorded-at: \"%s\" is not a moment (YYYY-MM-DDTHH:MM:SS[.ffffff]Z)",
                           pf->recorded);
        pf->moment = moment_format(m, pf->moment_buf);
    }
    return 0;
}

/* How a paper family writes itself: its JSON contract, or a doc. */
struct paper_writer {
    int (*json)(const void *paper, struct buf *out, struct err *e);
    void (*doc)(const void *paper, struct arena *a, struct doc *d);
};

/* Writes a loaded paper in the format asked for, to -o FILE or stdout. */
static int emit(struct cli_ctx *c, const struct paper_flags *pf, const struct paper_writer *w,
                const void *paper)
{
    struct buf b;
    int rc;
    buf_init(&b, (size_t)512 << 20);
    if (pf->f == F_JSON) {
        rc = w->json(paper, &b, &c->err);
    } else {
        struct doc d;
        w->doc(paper, &c->arena, &d);
        rc = render(c, &d, pf->f, &b);
    }
    if (rc == 0)
        rc = output(c, pf->out, pf->f, &b);
    buf_release(&b);
    return rc;
}

static int committee_json(const void *p, struct buf *b, struct err *e)
{
    return paper_committee_json(p, b, e);
}
static void committee_doc(const void *p, struct arena *a, struct doc *d)
{
    paper_committee_doc(p, a, d);
}
static int register_json(const void *p, struct buf *b, struct err *e)
{
    return paper_register_json(p, b, e);
}
static void register_doc(const void *p, struct arena *a, struct doc *d)
{
    paper_register_doc(p, a, d);
}

static int report_committee(struct cli_ctx *c, int argc, char **argv)
{
    static const struct paper_writer writer = {committee_json, committee_doc};
    const char *committee, *report_of, *author;
    struct paper_flags pf;
    struct paper_opts o = {0};
    struct paper_committee p;
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {PAPER_FLAG_OPTS(pf),
                                   {"committee", 1, &committee},
                                   {"report-of", 1, &report_of},
                                   {"author", 1, &author},
                                   {0}};

    if ((rc = cli_options(c, &CMD_REPORT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    if ((rc = paper_flags_check(c, &pf)))
        return rc;
    o.as_of = pf.date;
    o.recorded_at = pf.moment;
    o.committee = committee;
    o.public_version = pf.public_v != NULL;
    o.report_of = report_of;
    o.author = author;
    if ((rc = paper_committee_load(c->store, &o, &c->arena, &p, &c->err)))
        return rc;
    return emit(c, &pf, &writer, &p);
}

/* report audit|references|plan SOURCE|board: the other registers' papers. */
static int report_register(struct cli_ctx *c, enum paper_kind kind, int argc, char **argv)
{
    static const struct paper_writer writer = {register_json, register_doc};
    struct paper_flags pf;
    struct paper_register_opts o = {0};
    struct paper_register p;
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {PAPER_FLAG_OPTS(pf), {0}};

    if ((rc = cli_options(c, &CMD_REPORT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (kind == PAPER_PLAN) {
        if (nrest != 1)
            return err_set(&c->err, ERR_USAGE, "report plan needs the plan's source title");
        o.plan = rest[0];
    } else if (nrest) {
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    }
    if ((rc = paper_flags_check(c, &pf)))
        return rc;
    o.kind = kind;
    o.as_of = pf.date;
    o.recorded_at = pf.moment;
    o.public_version = pf.public_v != NULL;
    if ((rc = paper_register_load(c->store, &o, &c->arena, &p, &c->err)))
        return rc;
    return emit(c, &pf, &writer, &p);
}

/* report performance: the quarterly performance report of the measures. */
static int report_performance(struct cli_ctx *c, int argc, char **argv)
{
    const char *as_of, *recorded, *committee, *format, *out;
    struct perf_opts o = {0};
    struct paper_performance p;
    char **rest, moment[MOMENT_BUFSZ];
    int nrest, rc;
    enum fmt f = F_MD;
    struct buf b;
    const struct cli_opt opts[] = {{"as-of", 1, &as_of},   {"as-recorded-at", 1, &recorded},
                                   {"committee", 1, &committee}, {"format", 1, &format},
                                   {"output", 1, &out},     {0}};
    if ((rc = cli_options(c, &CMD_REPORT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    if (format && (rc = parse_format(c, format, &f)))
        return rc;
    if (recorded) {
        int64_t m;
        if (moment_parse(recorded, strlen(recorded), &m))
            return err_set(&c->err, ERR_USAGE, "--as-recorded-at: \"%s\" is not a moment", recorded);
        o.recorded_at = moment_format(m, moment);
    }
    o.as_of = as_of;
    o.committee = committee;
    if ((rc = paper_performance_load(c->store, &o, &c->arena, &p, &c->err)))
        return rc;
    buf_init(&b, (size_t)512 << 20);
    if (f == F_JSON) {
        rc = paper_performance_json(&p, &b, &c->err);
    } else {
        struct doc d;
        paper_performance_doc(&p, &c->arena, &d);
        rc = render(c, &d, f, &b);
    }
    if (rc == 0)
        rc = output(c, out, f, &b);
    buf_release(&b);
    return rc;
}

static int run_report(struct cli_ctx *c, int argc, char **argv)
{
    static const struct {
        const char *name;
        enum paper_kind kind;
    } registers[] = {{"audit", PAPER_AUDIT},
                     {"references", PAPER_REFERENCES},
                     {"plan", PAPER_PLAN},
                     {"board", PAPER_BOARD}};
    if (argc >= 2 && strcmp(argv[1], "committee") == 0)
        return report_committee(c, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "performance") == 0)
        return report_performance(c, argc - 1, argv + 1);
    for (size_t i = 0; argc >= 2 && i < sizeof registers / sizeof *registers; i++)
        if (strcmp(argv[1], registers[i].name) == 0)
            return report_register(c, registers[i].kind, argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(CMD_REPORT.usage, c->out);
        return 1;
    }
    return err_set(&c->err, ERR_USAGE,
                   "report what? (committee, audit, references, plan SOURCE, board, "
                   "performance)");
}

const struct cli_command CMD_REPORT = {
    "report", "write a paper: committee, audit, references, plan, board, performance",
    "usage: oversight report committee [--as-of DATE] [--committee NAME]\n"
    "                        [--as-recorded-at MOMENT] [--public]\n"
    "                        [--format json|md|html|csv|xlsx|docx] [-o FILE]\n"
    "                        [--report-of TEXT] [--author TEXT]\n\n"
    "The quarterly inspections paper for a reporting point of a committee\n"
    "(default: the 'committee' setting). Without --as-of, the latest point on or\n"
    "before today; --as-of must be a stored point. The previous column is the\n"
    "point before it, and its NEW markers are relative to the point before that.\n"
    "--as-recorded-at reproduces the paper as the register stood at that moment.\n"
    "--public leaves restricted items' text out and says how many. Markdown is the\n"
    "default format; xlsx and docx need -o FILE unless standard output is a file.\n"
    "A paper whose figures would not reconcile is not written: the command fails\n"
    "with the reason.\n\n"
    "usage: oversight report audit|references|board [--as-of DATE] [--public]\n"
    "                        [--as-recorded-at MOMENT] [--format F] [-o FILE]\n"
    "       oversight report plan SOURCE [--as-of DATE] ...\n\n"
    "audit: centrally monitored internal audit actions (high risk, and medium risk\n"
    "from audits of limited or no assurance; the audit_monitoring setting changes\n"
    "the rule: high, high+limited-medium, high+medium, all) by risk, deadline,\n"
    "financial quarter, business area (directorate) and audit. references: the\n"
    "committee's outstanding references (actions of kind reference; their theme is\n"
    "the meeting item). plan: a delivery plan's deliverables by objective (their\n"
    "theme). board: the improvement board's pack. --as-of defaults to today.\n\n"
    "usage: oversight report performance [--as-of PERIOD] [--as-recorded-at MOMENT]\n"
    "                        [--committee NAME] [--format F] [-o FILE]\n\n"
    "The quarterly performance report of the measures (oversight measure), grouped\n"
    "by priority: each with its last four financial quarters, the change on the\n"
    "previous quarter, its control chart and exceptions, the direction of travel\n"
    "and the quarter's reasons and response. --as-of is a quarter (2023/24 Q3) or a\n"
    "month (its quarter, up to that month); without it, the latest quarter with\n"
    "complete data. The paper is dated by the committee's first reporting point\n"
    "after the quarter. The 'plan' setting names the plan (default: Policing Plan).\n",
    CLI_STORE, run_report};
