/* cmd_extract.c -- extract: a published report's recommendations, areas for
 * improvement and causes of concern, drafted as actions to review before
 * `import actions`; those the register already holds are marked, not drafted
 * again. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/jsonw.h"
#include "base/strmap.h"
#include "cli/cli.h"
#include "domain/extract.h"
#include "format/report_read.h"
#include "service/extract_drafts.h"

/* The actions already in the register at path, into the index; nothing if
 * there is no register there. The store is opened here, read in a
 * transaction that is rolled back, and closed: extract changes nothing. */
static int load_register(struct cli_ctx *c, struct extract_index *idx, struct strmap *refs,
                         int *have)
{
    struct store *s = NULL;
    int rc;

    *have = 0;
    if (access(c->db_path, F_OK) != 0)
        return 0;
    if ((rc = store_open(&s, c->db_path, STORE_EXISTING, &c->err)))
        return rc;
    store_set_actor(s, cli_login(), moment_now());
    if ((rc = store_begin(s, &c->err)))
        goto out;
    rc = drafts_register(s, &c->arena, idx, refs, &c->err);
    store_rollback(s);
    if (rc)
        goto out;
    *have = 1;
out:
    store_close(s);
    return rc;
}

/* The source's title when --source does not give it: the document's own
 * title, else its first line if short, else the file's name. */
static const char *guess_title(struct cli_ctx *c, const struct report_text *rt, const char *path)
{
    const char *base = strrchr(path, '/'), *dot;
    if (rt->title && *rt->title)
        return rt->title;
    for (size_t i = 0; i < rt->n; i++) {
        const struct extract_line *l = &rt->lines[i];
        size_t s = 0, e = l->len;
        while (s < e && (l->text[s] == ' ' || l->text[s] == '\t'))
            s++;
        while (e > s && (l->text[e - 1] == ' ' || l->text[e - 1] == '\t' || l->text[e - 1] == '\r'))
            e--;
        if (s == e)
            continue;
        if (e - s <= 150 && !memchr(l->text + s, '\t', e - s))
            return arena_strndup(&c->arena, l->text + s, e - s);
        break;
    }
    base = base ? base + 1 : path;
    dot = strrchr(base, '.');
    return arena_strndup(&c->arena, base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
}

static void json_items(struct buf *b, const struct extract_item *it, size_t n)
{
    buf_addc(b, '[');
    for (size_t i = 0; i < n; i++) {
        int first = 1;
        buf_adds(b, i ? ",\n  {" : "\n  {");
        jsonw_key(b, &first, "kind"), jsonw_str(b, vocab_name(&VOCAB_ACTION_KIND, it[i].kind));
        jsonw_key(b, &first, "number"), jsonw_str(b, it[i].number);
        jsonw_key(b, &first, "text"), jsonw_str(b, it[i].text);
        jsonw_key(b, &first, "deadline"), jsonw_str(b, it[i].deadline);
        jsonw_key(b, &first, "due"), jsonw_str(b, it[i].due);
        jsonw_key(b, &first, "addressee"), jsonw_str(b, it[i].addressee);
        jsonw_key(b, &first, "owner"), jsonw_str(b, it[i].owner);
        jsonw_key(b, &first, "scope"),
            jsonw_str(b, it[i].scope ? vocab_name(&VOCAB_SCOPE, it[i].scope) : NULL);
        jsonw_key(b, &first, "section"), jsonw_str(b, it[i].section);
        jsonw_key(b, &first, "page"), jsonw_int(b, it[i].page);
        if (it[i].duplicate_of)
            jsonw_key(b, &first, "duplicate_of"), jsonw_str(b, it[i].duplicate_of);
        buf_addc(b, '}');
    }
    buf_adds(b, n ? "\n]\n" : "]\n");
}

static int run_extract(struct cli_ctx *c, int argc, char **argv)
{
    const char *format, *source, *output, *issued_s, *issued = NULL, *title;
    struct report_text rt;
    struct extract_item *items;
    struct extract_index idx;
    struct strmap refs;
    struct buf b;
    size_t n, dups = 0, count[AK__COUNT] = {0};
    char **rest, d[DATE_BUFSZ];
    int nrest, rc, have_register = 0, csv;
    const struct cli_opt opts[] = {{"format", 1, &format},
                                   {"source", 1, &source},
                                   {"issued", 1, &issued_s},
                                   {"output", 1, &output},
                                   {0}};

    if ((rc = cli_options(c, &CMD_EXTRACT, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "extract FILE [--format json|csv] [--source TITLE]");
    if (format && strcmp(format, "json") && strcmp(format, "csv"))
        return err_set(&c->err, ERR_USAGE, "--format: json or csv");
    csv = format && !strcmp(format, "csv");
    if (source && !*source)
        return err_set(&c->err, ERR_USAGE, "--source needs a title");
    if (issued_s) {
        int32_t day;
        if ((rc = cli_date("--issued", issued_s, &day, &c->err)))
            return rc;
        issued = arena_strdup(&c->arena, date_format(day, d));
    }

    if ((rc = report_read_file(rest[0], &c->arena, &rt, &c->err)))
        return rc;
    extract_items(rt.lines, rt.n, &c->arena, &items, &n);

    extract_index_init(&idx, &c->arena);
    strmap_init(&refs);
    buf_init(&b, 0);
    if ((rc = load_register(c, &idx, &refs, &have_register)))
        goto out;
    if (have_register)
        dups = drafts_mark_items(&idx, items, n);
    for (size_t i = 0; i < n; i++)
        count[items[i].kind]++;
    title = source ? source : guess_title(c, &rt, rest[0]);
    if (csv) {
        struct draft *drafts;
        size_t nd;
        drafts_from_items(items, n, title, 0, &refs, &c->arena, &drafts, &nd);
        drafts_csv(&b, drafts, nd, title, issued, NULL);
    } else {
        json_items(&b, items, n);
    }

    if (output && strcmp(output, "-")) {
        FILE *f = fopen(output, "w");
        int ok;
        if (!f) {
            rc = err_set(&c->err, ERR_IO, "%s: cannot write", output);
            goto out;
        }
        ok = fwrite(b.p, 1, b.len, f) == b.len;
        ok = fclose(f) == 0 && ok;
        if (!ok) {
            rc = err_set(&c->err, ERR_IO, "%s: write failed", output);
            goto out;
        }
    } else if (fwrite(b.p, 1, b.len, c->out) != b.len) {
        rc = err_set(&c->err, ERR_IO, "standard output: write failed");
        goto out;
    }
    fprintf(stderr, "%s: %zu item%s (%zu recommendation%s, %zu area%s for improvement, %zu cause%s "
                    "of concern)",
            rest[0], n, n == 1 ? "" : "s", count[AK_RECOMMENDATION],
            count[AK_RECOMMENDATION] == 1 ? "" : "s", count[AK_AFI], count[AK_AFI] == 1 ? "" : "s",
            count[AK_CAUSE_OF_CONCERN], count[AK_CAUSE_OF_CONCERN] == 1 ? "" : "s");
    if (!have_register)
        fprintf(stderr, "; no register at %s, so no check for duplicates", c->db_path);
    else if (dups)
        fprintf(stderr, "; %zu already in the register%s", dups,
                csv ? " (left out)" : " (marked duplicate_of)");
    if (csv)
        fprintf(stderr, "; source \"%s\"", title);
    fputc('\n', stderr);
out:
    extract_index_release(&idx);
    strmap_release(&refs);
    buf_release(&b);
    return rc;
}

const struct cli_command CMD_EXTRACT = {
    "extract", "draft the actions of a published report (PDF, DOCX, text)",
    "usage: oversight extract FILE [--format json|csv] [--source TITLE] [--issued DATE]\n"
    "                         [-o FILE]\n\n"
    "Reads a published inspection report (PDF, DOCX or UTF-8 text) and finds every\n"
    "recommendation, area for improvement and cause of concern it presents as an\n"
    "item: labelled (\"Recommendation 3: ...\", \"Area for improvement: ...\"), listed\n"
    "under a heading (\"Recommendations\", \"Areas for improvement\", \"Causes of\n"
    "concern\"), or in a table whose header names them (Recommendation | Owner |\n"
    "Timescale). Mentions in prose (\"the report made 6 recommendations\") and a\n"
    "committee paper's own recommendation to its members are not items.\n\n"
    "  --format json   (default) each item: kind, number, text, deadline, due,\n"
    "                  addressee, owner, scope, section, page, and duplicate_of\n"
    "                  when the register already holds it\n"
    "  --format csv    actions.csv to review and then `oversight import actions`;\n"
    "                  refs drafted from the source title, items already in the\n"
    "                  register left out\n"
    "  --source TITLE  the source the actions belong to (default: the document's\n"
    "                  title, or its first line)\n"
    "  --issued DATE   the issued column of the CSV\n\n"
    "An item repeats an action of the register when the texts match ignoring case,\n"
    "spacing and punctuation, or are at least 90% alike. Without a register at\n"
    "--db there is no such check. Nothing is written to the register.\n",
    CLI_NO_STORE, run_extract};
