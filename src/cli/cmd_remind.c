/* cmd_remind.c -- remind: email each user a digest of their actions that are
 * overdue or due soon. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/remind.h"

static int run_remind(struct cli_ctx *c, int argc, char **argv)
{
    const char *days, *dry;
    struct remind_opts o = {14, 0, NULL};
    struct remind_result r;
    char **rest, *end;
    int nrest, rc;
    const struct cli_opt opts[] = {{"days", 1, &days}, {"dry-run", 0, &dry}, {0}};

    if ((rc = cli_options(c, &CMD_REMIND, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "unexpected argument \"%s\"", rest[0]);
    if (days) {
        long v = strtol(days, &end, 10);
        if (*end || v < 0 || v > 3660)
            return err_set(&c->err, ERR_USAGE, "--days: a number of days from 0 to 3660");
        o.days = (int)v;
    }
    o.dry_run = dry != NULL;
    o.out = c->out;
    if ((rc = remind_run(c->store, &o, &c->arena, &r, &c->err)))
        return rc;
    fprintf(o.dry_run ? stderr : c->out,
            "%s %zu message%s: %zu user%s with actions due; %zu owner%s no user answers to\n",
            o.dry_run ? "would send" : "sent", r.sent, r.sent == 1 ? "" : "s", r.users,
            r.users == 1 ? "" : "s", r.orphans, r.orphans == 1 ? "" : "s");
    return 0;
}

const struct cli_command CMD_REMIND = {
    "remind", "email each user their actions due soon or overdue",
    "usage: oversight remind [--days N] [--dry-run]\n\n"
    "Sends each user with an email address one digest of the outstanding actions\n"
    "that are theirs (their owner name or directorate) and are overdue or due\n"
    "within N days (default 14), and sends the strategy team (editors and\n"
    "admins) the owners no user answers to. The mail server comes from the\n"
    "settings smtp_host, smtp_port (default 25), smtp_starttls (yes to require\n"
    "STARTTLS) and smtp_from. --dry-run prints the messages instead.\n",
    CLI_STORE, run_remind};
