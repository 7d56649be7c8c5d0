/* cmd_programme.c -- programme: the inspection programme the committee paper
 * reports ("inspections undertaken", "inspections due", "reports due"). */
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "service/import.h"

struct prog_flags {
    const char *title, *kind, *start, *end, *expected, *status, *note;
};

static int apply(struct cli_ctx *c, const struct prog_flags *f, struct programme_item *it)
{
    int rc;
    if (f->title) {
        if (!*f->title)
            return err_set(&c->err, ERR_USAGE, "--title must not be empty");
        it->title = f->title;
    }
    if (f->kind)
        it->kind = f->kind;
    if (f->start && (rc = cli_date("--fieldwork-start", f->start, &it->fieldwork_start, &c->err)))
        return rc;
    if (f->end && (rc = cli_date("--fieldwork-end", f->end, &it->fieldwork_end, &c->err)))
        return rc;
    if (it->fieldwork_start != DATE_NONE && it->fieldwork_end != DATE_NONE &&
        it->fieldwork_end < it->fieldwork_start)
        return err_set(&c->err, ERR_USAGE, "the fieldwork ends before it starts");
    if (f->expected)
        it->expected = f->expected;
    if (f->status && !(it->status = programme_status_word(f->status)))
        return err_set(&c->err, ERR_USAGE,
                       "--status: one of planned, fieldwork, awaiting_report, published, "
                       "cancelled");
    if (f->note)
        it->note = f->note;
    return 0;
}

static int run_programme(struct cli_ctx *c, int argc, char **argv)
{
    struct prog_flags f;
    struct programme_item *it;
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {
        {"title", 1, &f.title},        {"kind", 1, &f.kind},         {"fieldwork-start", 1, &f.start},
        {"fieldwork-end", 1, &f.end},  {"expected", 1, &f.expected}, {"status", 1, &f.status},
        {"note", 1, &f.note},          {0}};

    if ((rc = cli_options(c, &CMD_PROGRAMME, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest == 1 && strcmp(rest[0], "add") == 0) {
        struct programme_item n = {0};
        if (!f.title)
            return err_set(&c->err, ERR_USAGE, "programme add needs --title");
        n.fieldwork_start = n.fieldwork_end = DATE_NONE;
        n.status = "planned";
        if ((rc = apply(c, &f, &n)))
            return rc;
        if (store_programme_find(c->store, n.title, &c->arena, &it, &c->err) == 0)
            return err_set(&c->err, ERR_CONFLICT,
                           "\"%s\" is already in the programme (change it with programme update)",
                           n.title);
        if ((rc = store_programme_put(c->store, &n, &c->err)))
            return rc;
        fprintf(c->out, "added \"%s\" to the programme\n", n.title);
        return 0;
    }
    if (nrest == 2 && strcmp(rest[0], "update") == 0) {
        if ((rc = store_programme_find(c->store, rest[1], &c->arena, &it, &c->err)))
            return rc;
        if ((rc = apply(c, &f, it)))
            return rc;
        if ((rc = store_programme_put(c->store, it, &c->err)))
            return rc;
        fprintf(c->out, "\"%s\" changed (change %lld)\n", it->title, (long long)it->seq);
        return 0;
    }
    if (nrest == 1 && strcmp(rest[0], "list") == 0) {
        struct programme_item **v;
        size_t n;
        if ((rc = store_programme_list(c->store, NULL, &c->arena, &v, &n, &c->err)))
            return rc;
        for (size_t i = 0; i < n; i++) {
            char s[DATE_BUFSZ], e[DATE_BUFSZ];
            fprintf(c->out, "%-16s %-10s %-10s  %s", v[i]->status ? v[i]->status : "",
                    date_format(v[i]->fieldwork_start, s), date_format(v[i]->fieldwork_end, e),
                    v[i]->title);
            if (v[i]->expected)
                fprintf(c->out, "  (report expected %s)", v[i]->expected);
            fputc('\n', c->out);
        }
        if (!n)
            fprintf(c->out, "the programme is empty\n");
        return 0;
    }
    return err_set(&c->err, ERR_USAGE, "programme add|update TITLE|list (see --help)");
}

const struct cli_command CMD_PROGRAMME = {
    "programme", "the inspection programme: inspections undertaken and due",
    "usage: oversight programme add --title T [--kind K] [--fieldwork-start D]\n"
    "                           [--fieldwork-end D] [--expected D|TEXT]\n"
    "                           [--status S] [--note TEXT]\n"
    "       oversight programme update TITLE [--title T] [--kind K] ...\n"
    "       oversight programme list\n\n"
    "Statuses: planned (default), fieldwork, awaiting_report, published, cancelled.\n"
    "The committee paper lists inspections undertaken since the last report,\n"
    "inspections due and reports due for publication from the programme.\n"
    "'oversight import programme FILE' reads a programme.csv (title, kind,\n"
    "fieldwork_start, fieldwork_end, expected_publication, status, note).\n",
    CLI_STORE, run_programme};
