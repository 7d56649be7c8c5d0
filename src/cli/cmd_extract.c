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
#include "format/csv_write.h"
#include "format/report_read.h"

/* The actions already in the register at path, into the index; nothing if
 * there is no register there. The store is opened here, read in a
 * transaction that is rolled back, and closed: extract changes nothing. */
static int load_register(struct cli_ctx *c, struct extract_index *idx, struct strmap *refs,
                         int *have)
{
    struct store *s = NULL;
    struct action **v;
    size_t n;
    int rc;

    *have = 0;
    if (access(c->db_path, F_OK) != 0)
        return 0;
    if ((rc = store_open(&s, c->db_path, STORE_EXISTING, &c->err)))
        return rc;
    store_set_actor(s, cli_login(), moment_now());
    if ((rc = store_begin(s, &c->err)))
        goto out;
    /* every action, whenever issued */
    rc = store_actions_as_of(s, date_from_ymd(9999, 12, 31), NULL, &c->arena, &v, &n, &c->err);
    store_rollback(s);
    if (rc)
        goto out;
    for (size_t i = 0; i < n; i++) {
        extract_index_add(idx, v[i]->text, v[i]->ref);
        strmap_put(refs, v[i]->ref, strlen(v[i]->ref), 1);
    }
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

/* The item's number as a ref may carry it: letters, digits and dots. */
static void ref_number(const char *number, char *num, size_t n)
{
    size_t o = 0;
    for (const char *p = number; p && *p && o + 1 < n; p++)
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            *p == '.')
            num[o++] = *p;
    num[o] = '\0';
}

/* Whether the items of a kind to be drafted all have numbers, none twice:
 * then their refs carry them, else the items of that kind are counted. */
static int printed_numbers(const struct extract_item *it, size_t n, enum action_kind kind)
{
    struct strmap seen;
    int ok = 1;
    strmap_init(&seen);
    for (size_t i = 0; i < n && ok; i++) {
        char num[32];
        if (it[i].kind != kind || it[i].duplicate_of)
            continue;
        ref_number(it[i].number, num, sizeof num);
        ok = num[0] && strmap_put(&seen, num, strlen(num), 1);
    }
    strmap_release(&seen);
    return ok;
}

/* A ref for the item: PREFIX-KIND-NUMBER ("CDIR-R-3"), made unique against
 * the register and the refs drafted. */
static const char *draft_ref(struct cli_ctx *c, const char *prefix, const struct extract_item *it,
                             int printed, int seq, struct strmap *refs)
{
    char num[32], base[96], ref[128];
    int64_t v;

    ref_number(printed ? it->number : NULL, num, sizeof num);
    if (!num[0])
        snprintf(num, sizeof num, "%d", seq);
    snprintf(base, sizeof base, "%s-%s-%s", prefix, extract_kind_code(it->kind), num);
    snprintf(ref, sizeof ref, "%s", base);
    for (int k = 2; strmap_get(refs, ref, strlen(ref), &v); k++)
        snprintf(ref, sizeof ref, "%s-%d", base, k);
    strmap_put(refs, ref, strlen(ref), 1);
    return arena_strdup(&c->arena, ref);
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

static void csv_items(struct cli_ctx *c, struct buf *b, const struct extract_item *it, size_t n,
                      const char *title, const char *issued, struct strmap *refs)
{
    static const char *const HEAD[] = {"ref",   "source", "text",  "kind",    "owner",
                                       "directorate", "theme", "risk", "scope", "marking",
                                       "issued", "due"};
    char prefix[16];
    int seq[AK__COUNT] = {0}, printed[AK__COUNT];

    extract_ref_prefix(title, prefix, sizeof prefix);
    for (int k = 0; k < AK__COUNT; k++)
        printed[k] = printed_numbers(it, n, (enum action_kind)k);
    csv_write_row(b, HEAD, sizeof HEAD / sizeof HEAD[0]);
    for (size_t i = 0; i < n; i++) {
        const char *row[12];
        if (it[i].duplicate_of)
            continue;
        seq[it[i].kind]++;
        row[0] = draft_ref(c, prefix, &it[i], printed[it[i].kind], seq[it[i].kind], refs);
        row[1] = title;
        row[2] = it[i].text;
        row[3] = vocab_name(&VOCAB_ACTION_KIND, it[i].kind);
        row[4] = it[i].owner ? it[i].owner : "";
        row[5] = row[6] = row[7] = "";
        row[8] = it[i].scope ? vocab_name(&VOCAB_SCOPE, it[i].scope) : "";
        row[9] = "public";
        row[10] = issued ? issued : "";
        row[11] = it[i].due ? it[i].due : "";
        csv_write_row(b, row, 12);
    }
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
    for (size_t i = 0; i < n; i++) {
        items[i].duplicate_of = have_register ? extract_index_match(&idx, items[i].text) : NULL;
        dups += items[i].duplicate_of != NULL;
        count[items[i].kind]++;
    }
    title = source ? source : guess_title(c, &rt, rest[0]);
    if (csv)
        csv_items(c, &b, items, n, title, issued, &refs);
    else
        json_items(&b, items, n);

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
