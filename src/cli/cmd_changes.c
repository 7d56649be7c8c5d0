/* cmd_changes.c -- update, close, reopen, extend, void: the changes an action
 * goes through, with the rules of service/changes.c. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "service/changes.h"

/* The flags every change shares; each command lists those it takes. */
struct change_flags {
    const char *status, *note, *date, *by, *reason, *by_ref, *due, *agreed_by;
};

static int parse_change(struct cli_ctx *c, const struct cli_command *cmd, int argc, char **argv,
                        const struct cli_opt *opts, struct change_flags *f, struct change *ch)
{
    char **rest;
    int nrest, rc, v;
    (void)f;
    if ((rc = cli_options(c, cmd, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "%s needs one REF (see --help)", cmd->name);
    memset(ch, 0, sizeof *ch);
    ch->ref = rest[0];
    ch->date = DATE_NONE;
    if (f->status) {
        if ((rc = cli_word("--status", &VOCAB_STATUS, f->status, &v, &c->err)))
            return rc;
        ch->status = v;
    }
    if (f->date && (rc = cli_date("--date", f->date, &ch->date, &c->err)))
        return rc;
    ch->note = f->note;
    ch->by = f->by;
    ch->by_ref = f->by_ref;
    ch->due = f->due;
    ch->agreed_by = f->agreed_by;
    return 0;
}

static int run_update(struct cli_ctx *c, int argc, char **argv)
{
    struct change_flags f = {0};
    struct change ch;
    int64_t seq;
    int rc;
    const struct cli_opt opts[] = {{"status", 1, &f.status}, {"note", 1, &f.note},
                                   {"date", 1, &f.date},     {"by", 1, &f.by},
                                   {0}};
    if ((rc = parse_change(c, &CMD_UPDATE, argc, argv, opts, &f, &ch)))
        return rc;
    if (!f.status)
        return err_set(&c->err, ERR_USAGE, "update needs --status (white, amber, red, green)");
    if ((rc = change_update(c->store, &ch, &c->arena, &seq, &c->err)))
        return rc;
    fprintf(c->out, "%s is %s (update %lld)\n", ch.ref, vocab_name(&VOCAB_STATUS, ch.status),
            (long long)seq);
    return 0;
}

const struct cli_command CMD_UPDATE = {
    "update", "record progress on an action",
    "usage: oversight update REF --status S [--note TEXT] [--date D] [--by NAME]\n\n"
    "Records a dated status and progress note. S is white, amber, red or green\n"
    "(or the words trackers use: W, A, R, G, Not started, In progress, Complete).\n"
    "Green means delivery is evidenced and the action awaits sign-off; to close\n"
    "it, use 'close'. --date defaults to today.\n",
    CLI_STORE, run_update};

static int run_close(struct cli_ctx *c, int argc, char **argv)
{
    struct change_flags f = {0};
    struct change ch;
    int64_t seq;
    int rc, v;
    const struct cli_opt opts[] = {{"reason", 1, &f.reason}, {"by-ref", 1, &f.by_ref},
                                   {"note", 1, &f.note},     {"date", 1, &f.date},
                                   {"by", 1, &f.by},         {0}};
    if ((rc = parse_change(c, &CMD_CLOSE, argc, argv, opts, &f, &ch)))
        return rc;
    if (!f.reason)
        return err_set(&c->err, ERR_USAGE,
                       "close needs --reason (completed, superseded, written_off, "
                       "not_applicable, closed_by_issuer)");
    if ((rc = cli_word("--reason", &VOCAB_CLOSE_REASON, f.reason, &v, &c->err)))
        return rc;
    ch.reason = v;
    if ((rc = change_close(c->store, &ch, &c->arena, &seq, &c->err)))
        return rc;
    fprintf(c->out, "%s closed: %s (update %lld)\n", ch.ref,
            vocab_name(&VOCAB_CLOSE_REASON, ch.reason), (long long)seq);
    return 0;
}

const struct cli_command CMD_CLOSE = {
    "close", "close an action, with a reason",
    "usage: oversight close REF --reason R [--by-ref REF] [--note TEXT] [--date D]\n\n"
    "Reasons: completed (signs off a green action; whoever set it green cannot\n"
    "sign it off), superseded (--by-ref names the action that supersedes it),\n"
    "written_off, not_applicable, closed_by_issuer.\n",
    CLI_STORE, run_close};

static int run_reopen(struct cli_ctx *c, int argc, char **argv)
{
    struct change_flags f = {0};
    struct change ch;
    int64_t seq;
    int rc;
    const struct cli_opt opts[] = {{"reason", 1, &f.reason}, {"status", 1, &f.status},
                                   {"note", 1, &f.note},     {"date", 1, &f.date},
                                   {"by", 1, &f.by},         {0}};
    if ((rc = parse_change(c, &CMD_REOPEN, argc, argv, opts, &f, &ch)))
        return rc;
    if (!f.reason)
        return err_set(&c->err, ERR_USAGE, "reopen needs --reason");
    ch.reason_text = f.reason;
    if ((rc = change_reopen(c->store, &ch, &c->arena, &seq, &c->err)))
        return rc;
    fprintf(c->out, "%s reopened (update %lld)\n", ch.ref, (long long)seq);
    return 0;
}

const struct cli_command CMD_REOPEN = {
    "reopen", "reopen a closed action",
    "usage: oversight reopen REF --reason TEXT [--status S] [--date D]\n\n"
    "Reopens a closed action as amber (or --status white or red).\n",
    CLI_STORE, run_reopen};

static int run_extend(struct cli_ctx *c, int argc, char **argv)
{
    struct change_flags f = {0};
    struct change ch;
    int64_t seq;
    int rc;
    const struct cli_opt opts[] = {{"due", 1, &f.due},       {"date", 1, &f.date},
                                   {"reason", 1, &f.reason}, {"agreed-by", 1, &f.agreed_by},
                                   {0}};
    if ((rc = parse_change(c, &CMD_EXTEND, argc, argv, opts, &f, &ch)))
        return rc;
    if (!f.due || !f.date || !f.reason || !f.agreed_by)
        return err_set(&c->err, ERR_USAGE, "extend needs --due, --date, --reason and --agreed-by");
    ch.reason_text = f.reason;
    if ((rc = change_extend(c->store, &ch, &c->arena, &seq, &c->err)))
        return rc;
    fprintf(c->out, "%s target date is %s from %s (change %lld)\n", ch.ref, ch.due, f.date,
            (long long)seq);
    return 0;
}

const struct cli_command CMD_EXTEND = {
    "extend", "revise an action's target date",
    "usage: oversight extend REF --due D --date D --reason TEXT --agreed-by NAME\n\n"
    "Records a revised target date (--due) taking effect from --date. The\n"
    "original and every revised date are kept.\n",
    CLI_STORE, run_extend};

static int run_void(struct cli_ctx *c, int argc, char **argv)
{
    const char *reason;
    char **rest, *end;
    int nrest, rc;
    long long id;
    const struct cli_opt opts[] = {{"reason", 1, &reason}, {0}};
    if ((rc = cli_options(c, &CMD_VOID, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 1)
        return err_set(&c->err, ERR_USAGE, "void needs one UPDATE-ID");
    id = strtoll(rest[0], &end, 10);
    if (*end || id <= 0)
        return err_set(&c->err, ERR_USAGE, "\"%s\" is not an update id (see 'show REF')",
                       rest[0]);
    if (!reason)
        return err_set(&c->err, ERR_USAGE, "void needs --reason");
    if ((rc = change_void(c->store, id, reason, &c->arena, &c->err)))
        return rc;
    fprintf(c->out, "update %lld is void\n", id);
    return 0;
}

const struct cli_command CMD_VOID = {
    "void", "mark a mistaken update void",
    "usage: oversight void UPDATE-ID --reason TEXT\n\n"
    "The update stays in the history, marked void with the reason, and no longer\n"
    "counts. 'show REF' lists an action's updates with their ids.\n",
    CLI_STORE, run_void};
