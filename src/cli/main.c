/* main.c -- oversight's entry point: global options, the command table, the
 * one transaction around every command, and the exit status. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/date.h"
#include "cli/cli.h"

static const struct cli_command *const COMMANDS[] = {
    &CMD_INIT,    &CMD_ADD,    &CMD_EDIT,   &CMD_UPDATE,  &CMD_CLOSE,  &CMD_REOPEN,
    &CMD_EXTEND,  &CMD_VOID,   &CMD_LIST,   &CMD_SHOW,    &CMD_HISTORY, &CMD_POINTS,
    &CMD_SETTINGS, &CMD_IMPORT, &CMD_EXPORT, &CMD_DUMP,   &CMD_RESTORE, &CMD_REPORT, &CMD_PROGRAMME, &CMD_REMIND,
    &CMD_SPC,     &CMD_EXTRACT, &CMD_USER, &CMD_TOKEN, &CMD_SERVE,
    &CMD_MEASURE, &CMD_OBSERVE, &CMD_NARRATE,
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void usage(FILE *f)
{
    fprintf(f, "usage: oversight [--db TARGET] COMMAND [ARGS...]\n\n"
               "Keeps the register of inspection, audit and committee actions and their\n"
               "whole history, and writes the committee papers.\n\n"
               "TARGET is a SQLite file (default: $OVERSIGHT_DB, else ./oversight.db).\n\n"
               "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i]->name, COMMANDS[i]->summary);
    fprintf(f, "\n'oversight COMMAND --help' describes a command; 'man oversight' all of them.\n"
               "Exit status: 0 success, 1 failure (the register unchanged), 2 bad usage.\n");
}

static int run(const struct cli_command *cmd, struct cli_ctx *c, int argc, char **argv)
{
    int rc, wants_help = 0;

    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            wants_help = 1;
    if (cmd->store != CLI_NO_STORE && !wants_help) {
        rc = store_open(&c->store, c->db_path,
                        cmd->store == CLI_STORE_CREATE ? STORE_CREATE : STORE_EXISTING, &c->err);
        if (rc)
            return rc;
        store_set_actor(c->store, cli_login(), moment_now());
        if ((rc = store_begin(c->store, &c->err)))
            return rc;
    }
    rc = cmd->run(c, argc, argv);
    if (rc == 1) /* --help printed */
        rc = 0;
    if (c->store) {
        if (rc == 0)
            rc = store_commit(c->store, &c->err);
        else
            store_rollback(c->store);
    }
    if (rc == 0 && fflush(c->out) != 0)
        rc = err_set(&c->err, ERR_IO, "writing the output failed");
    return rc;
}

int main(int argc, char **argv)
{
    struct cli_ctx c = {0};
    const char *db = getenv("OVERSIGHT_DB");
    const struct cli_command *cmd = NULL;
    int i = 1, rc;

    setenv("TZ", "Europe/London", 1);
    tzset();
    c.out = stdout;
    c.stdout_tty = isatty(1);
    c.stderr_tty = isatty(2);
    arena_init(&c.arena);

    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            db = argv[i + 1];
            i += 2;
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            db = argv[i] + 5;
            i++;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("oversight 0.1.0\n");
            return 0;
        } else {
            fprintf(stderr, "oversight: unknown option %s\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    c.db_path = db && *db ? db : "oversight.db";
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (strcmp(argv[i], COMMANDS[k]->name) == 0)
            cmd = COMMANDS[k];
    if (!cmd) {
        fprintf(stderr, "oversight: unknown command \"%s\" (see oversight --help)\n", argv[i]);
        return 2;
    }
    rc = run(cmd, &c, argc - i, argv + i);
    if (rc)
        fprintf(stderr, "oversight %s: %s\n", cmd->name, c.err.msg);
    store_close(c.store);
    arena_release(&c.arena);
    return err_exit_status(rc);
}
