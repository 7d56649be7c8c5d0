/* cmd_files.c -- import, export, dump, restore: the register in files. */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "cli/cli.h"
#include "format/csv_write.h"
#include "service/import.h"

static int table_word(struct cli_ctx *c, const char *w, int import, enum export_table *t)
{
    if (w && strcmp(w, "sources") == 0)
        *t = EXPORT_SOURCES;
    else if (w && strcmp(w, "actions") == 0)
        *t = EXPORT_ACTIONS;
    else if (w && strcmp(w, "updates") == 0)
        *t = EXPORT_UPDATES;
    else if (w && strcmp(w, "programme") == 0 && import)
        *t = EXPORT_PROGRAMME;
    else if (w && strcmp(w, "measures") == 0 && import)
        *t = EXPORT_MEASURES;
    else if (w && strcmp(w, "observations") == 0 && import)
        *t = EXPORT_OBSERVATIONS;
    else if (w && strcmp(w, "narratives") == 0 && import)
        *t = EXPORT_NARRATIVES;
    else
        return err_set(&c->err, ERR_USAGE, "sources, actions or updates%s?",
                       import ? " (or programme, measures, observations, narratives)" : "");
    return 0;
}

/* ---- import ------------------------------------------------------------- */

struct progress {
    struct timeval start;
    int shown;
    const char *name;
};

/* A progress bar on a terminal, for imports that take more than a second. */
static void progress_bar(void *ctx, size_t done, size_t total)
{
    struct progress *p = ctx;
    struct timeval now;
    double elapsed;
    int pct, bars;
    gettimeofday(&now, NULL);
    elapsed = (double)(now.tv_sec - p->start.tv_sec) + (now.tv_usec - p->start.tv_usec) / 1e6;
    if (elapsed < 1.0 || !total)
        return;
    pct = (int)(100.0 * (double)done / (double)total);
    if (pct > 100)
        pct = 100;
    bars = pct * 30 / 100;
    fprintf(stderr, "\rimporting %s [%.*s%*s] %3d%%", p->name, bars,
            "##############################", 30 - bars, "", pct);
    p->shown = 1;
}

static int run_import(struct cli_ctx *c, int argc, char **argv)
{
    const char *sheet, *map, *create, *ignore;
    struct import_opts o = {0};
    struct import_result r;
    struct progress prog = {0};
    enum export_table what;
    char **rest;
    int nrest, rc;
    static const char *const names[][2] = {
        {"source", "sources"}, {"action", "actions"}, {"update", "updates"},
        {"programme item", "programme items"}, {"measure", "measures"},
        {"observation", "observations"}, {"narrative", "narratives"}};
    const struct cli_opt opts[] = {{"sheet", 1, &sheet},
                                   {"map", 1, &map},
                                   {"create-sources", 0, &create},
                                   {"ignore-unknown", 0, &ignore},
                                   {0}};

    if ((rc = cli_options(c, &CMD_IMPORT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 2)
        return err_set(&c->err, ERR_USAGE, "import sources|actions|updates FILE");
    if ((rc = table_word(c, rest[0], 1, &what)))
        return rc;
    if (create && what != EXPORT_ACTIONS)
        return err_set(&c->err, ERR_USAGE, "--create-sources goes with import actions");
    o.sheet = sheet;
    o.map = map;
    o.create_sources = create != NULL;
    o.ignore_unknown = ignore != NULL;
    if (c->stderr_tty) {
        gettimeofday(&prog.start, NULL);
        prog.name = rest[1];
        o.progress = progress_bar;
        o.progress_ctx = &prog;
    }
    rc = import_file(c->store, what, strcmp(rest[1], "-") == 0 ? "/dev/stdin" : rest[1], &o,
                     &c->arena, &r, &c->err);
    if (prog.shown)
        fputc('\n', stderr);
    for (size_t i = 0; i < r.nlisted; i++)
        fprintf(stderr, "%s\n", r.problems[i]);
    if (r.nproblems > r.nlisted)
        fprintf(stderr, "... and %zu more\n", r.nproblems - r.nlisted);
    if (rc)
        return rc;
    fprintf(c->out, "imported %zu %s from %s", r.written, names[what][r.written != 1], rest[1]);
    if (r.sources_created)
        fprintf(c->out, " (and created %zu source%s)", r.sources_created,
                r.sources_created == 1 ? "" : "s");
    fputc('\n', c->out);
    return 0;
}

const struct cli_command CMD_IMPORT = {
    "import", "import sources, actions or updates (CSV or XLSX)",
    "usage: oversight import sources|actions|updates|programme FILE [--sheet NAME]\n"
    "       oversight import measures|observations|narratives FILE ...\n"
    "                        [--map \"Header=column,...\"] [--create-sources]\n"
    "                        [--ignore-unknown]\n\n"
    "FILE is CSV (UTF-8, RFC 4180, a header row) or an .xlsx workbook (the first\n"
    "sheet, or --sheet NAME); - reads standard input. All or nothing: a file with\n"
    "any bad row writes nothing, and every bad row is listed as FILE:LINE:FIELD:\n"
    "message (FILE:SHEET!B5: message for a workbook).\n\n"
    "Columns (header names in any case; spaces and underscores alike):\n"
    "  sources: title (required), body, scope, source_kind, published, assurance,\n"
    "           marking\n"
    "  actions: ref, source, text (required), kind, owner, directorate, theme, risk,\n"
    "           scope, marking, issued, due\n"
    "  updates: ref, date, status (required), note, by, reason (required when\n"
    "           closing), recorded_at\n"
    "  programme: title (required), kind, fieldwork_start, fieldwork_end,\n"
    "           expected_publication, status (planned, fieldwork, awaiting_report,\n"
    "           published, cancelled), note\n"
    "  measures: name (required), priority, unit (count, percentage, money),\n"
    "           improvement (up, down, neither), target, frequency (monthly,\n"
    "           quarterly), limits, baseline, rebases (\"18:reason;...\"),\n"
    "           annotations (\"2023-10:text;...\"), numerator_label, denominator_label;\n"
    "           a name already in the register gets a new version\n"
    "  observations: measure, period, value (required), denominator (a percentage's:\n"
    "           the value is then the numerator); a period already recorded is\n"
    "           corrected\n"
    "  narratives: measure, period (required), reasons, response\n"
    "--map renames other headers, e.g. --map \"Target date=due,RAG=status\".\n"
    "--create-sources creates the sources an actions file names but the register\n"
    "lacks. --ignore-unknown skips columns it does not know instead of refusing.\n",
    CLI_STORE, run_import};

/* ---- export ------------------------------------------------------------- */

struct export_ctx {
    struct buf b;
    FILE *out;
    enum export_table what;
    int json, count;
    size_t ncols;
    const char *const *header;
};

static int flush_if_big(struct export_ctx *x)
{
    if (x->b.len > (1 << 16)) {
        if (fwrite(x->b.p, 1, x->b.len, x->out) != x->b.len)
            return ERR_IO;
        buf_reset(&x->b);
    }
    return 0;
}

static int export_row(void *ctx, const char *const *cells)
{
    struct export_ctx *x = ctx;
    if (x->json) {
        int first = 1;
        buf_adds(&x->b, x->count ? ",\n{" : "\n{");
        for (size_t i = 0; i < x->ncols; i++) {
            jsonw_key(&x->b, &first, x->header[i]);
            jsonw_str(&x->b, *cells[i] ? cells[i] : NULL);
        }
        buf_addc(&x->b, '}');
    } else if (csv_write_row(&x->b, cells, x->ncols)) {
        return ERR_LIMIT;
    }
    x->count++;
    return flush_if_big(x);
}

static int run_export(struct cli_ctx *c, int argc, char **argv)
{
    const char *format, *output;
    struct export_ctx x = {0};
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {{"format", 1, &format}, {"output", 1, &output}, {0}};

    if ((rc = cli_options(c, &CMD_EXPORT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "export sources|actions|updates [--format csv|json]");
    if ((rc = table_word(c, rest[0], 0, &x.what)))
        return rc;
    if (format && strcmp(format, "csv") && strcmp(format, "json"))
        return err_set(&c->err, ERR_USAGE, "--format: csv or json");
    x.json = format && strcmp(format, "json") == 0;
    x.out = c->out;
    if (output && strcmp(output, "-") && !(x.out = fopen(output, "w")))
        return err_set(&c->err, ERR_IO, "%s: cannot write", output);
    buf_init(&x.b, 0);
    x.header = store_export_header(x.what, &x.ncols);
    if (x.json)
        buf_addc(&x.b, '[');
    else
        csv_write_row(&x.b, x.header, x.ncols);
    rc = store_export_each(c->store, x.what, export_row, &x, &c->err);
    if (rc == ERR_IO || rc == ERR_LIMIT)
        err_set(&c->err, rc, "%s: write failed", output ? output : "standard output");
    if (x.json)
        buf_adds(&x.b, x.count ? "\n]\n" : "]\n");
    if (!rc && fwrite(x.b.p, 1, x.b.len, x.out) != x.b.len)
        rc = err_set(&c->err, ERR_IO, "%s: write failed", output ? output : "standard output");
    buf_release(&x.b);
    if (x.out != c->out && fclose(x.out) != 0 && !rc)
        rc = err_set(&c->err, ERR_IO, "%s: write failed", output);
    return rc;
}

const struct cli_command CMD_EXPORT = {
    "export", "export sources, actions or updates",
    "usage: oversight export sources|actions|updates [--format csv|json] [-o FILE]\n\n"
    "Writes the same files import reads (updates with recorded_at; void updates\n"
    "left out). Export, import into an empty register and export again gives the\n"
    "same bytes.\n",
    CLI_STORE, run_export};

/* ---- dump / restore ----------------------------------------------------- */

static int run_dump(struct cli_ctx *c, int argc, char **argv)
{
    char **rest;
    int nrest, rc;
    FILE *f;
    if ((rc = cli_options(c, &CMD_DUMP, argc, argv, NULL, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "dump FILE (- for standard output)");
    f = strcmp(rest[0], "-") == 0 ? c->out : fopen(rest[0], "w");
    if (!f)
        return err_set(&c->err, ERR_IO, "%s: cannot write", rest[0]);
    rc = store_dump(c->store, f, &c->err);
    if (f != c->out && fclose(f) != 0 && !rc)
        rc = err_set(&c->err, ERR_IO, "%s: write failed", rest[0]);
    return rc;
}

const struct cli_command CMD_DUMP = {
    "dump", "write the whole register as JSON Lines",
    "usage: oversight dump FILE\n\n"
    "Writes every version, the audit log, settings and points as JSON Lines.\n"
    "'restore' into an empty register gives it back exactly.\n",
    CLI_STORE, run_dump};

static int run_restore(struct cli_ctx *c, int argc, char **argv)
{
    char **rest;
    int nrest, rc;
    FILE *f;
    if ((rc = cli_options(c, &CMD_RESTORE, argc, argv, NULL, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "restore FILE (- for standard input)");
    f = strcmp(rest[0], "-") == 0 ? stdin : fopen(rest[0], "r");
    if (!f)
        return err_set(&c->err, ERR_IO, "%s: cannot read", rest[0]);
    rc = store_restore(c->store, f, rest[0], &c->err);
    if (f != stdin)
        fclose(f);
    if (rc == 0)
        fprintf(c->out, "restored %s into %s\n", rest[0], c->db_path);
    return rc;
}

const struct cli_command CMD_RESTORE = {
    "restore", "restore a dump into an empty register",
    "usage: oversight restore FILE\n\n"
    "Reads a dump written by 'oversight dump' into an empty register (made with\n"
    "'oversight init'). All or nothing.\n",
    CLI_STORE, run_restore};
