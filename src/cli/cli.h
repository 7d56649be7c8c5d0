/* cli.h -- the command line: one table entry per command, each command in
 * its own cmd_*.c file.
 *
 * main() opens the register (as the command's table entry asks), begins one
 * transaction, runs the command, and commits if it returned 0 or rolls back
 * otherwise; so a command never commits or rolls back itself, and a failed
 * command leaves the register exactly as it was. A command returns 0 or a
 * negative ERR_* with the message in ctx->err; main prints it and exits
 * 1 (2 for ERR_USAGE). Standard output is for results, standard error for
 * messages. */
#ifndef OVERSIGHT_CLI_H
#define OVERSIGHT_CLI_H

#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

enum cli_store { CLI_NO_STORE, CLI_STORE, CLI_STORE_CREATE };

struct cli_ctx {
    const char *db_path;
    struct store *store;
    struct arena arena; /* freed when the command ends */
    struct err err;
    FILE *out;
    int stdout_tty, stderr_tty;
};

struct cli_command {
    const char *name;
    const char *summary;
    const char *usage; /* full --help text */
    enum cli_store store;
    int (*run)(struct cli_ctx *c, int argc, char **argv);
};

extern const struct cli_command CMD_INIT, CMD_ADD, CMD_EDIT, CMD_UPDATE, CMD_CLOSE, CMD_REOPEN,
    CMD_EXTEND, CMD_VOID, CMD_LIST, CMD_SHOW, CMD_HISTORY, CMD_POINTS, CMD_SETTINGS, CMD_IMPORT,
    CMD_EXPORT, CMD_DUMP, CMD_RESTORE, CMD_REPORT, CMD_PROGRAMME, CMD_REMIND, CMD_SPC,
    CMD_EXTRACT, CMD_USER, CMD_TOKEN, CMD_SERVE, CMD_MEASURE, CMD_OBSERVE, CMD_NARRATE;

/* Option parsing shared by the commands: getopt_long over argv (argv[0] is the
 * command name). Each spec names a long option; has_arg as getopt. */
struct cli_opt {
    const char *name;
    int has_arg;        /* 0 flag, 1 required value */
    const char **value; /* receives the value ("" for a flag given); NULL if not given */
};
/* Parses options, leaving positional arguments in *rest / *nrest. Returns 0,
 * or ERR_USAGE with a message naming the bad option. "--help" returns 1. */
int cli_parse(int argc, char **argv, const struct cli_opt *opts, char ***rest, int *nrest,
              struct err *e);
/* Runs cli_parse and handles --help (prints usage and returns 1 to stop). */
int cli_options(struct cli_ctx *c, const struct cli_command *cmd, int argc, char **argv,
                const struct cli_opt *opts, char ***rest, int *nrest);

/* Value parsers for flags: each returns 0 or ERR_USAGE naming the flag. */
int cli_date(const char *flag, const char *s, int32_t *out, struct err *e);
int cli_word(const char *flag, const struct vocab *v, const char *s, int *out, struct err *e);

/* The login name changes are recorded under ($OVERSIGHT_USER, else the login). */
const char *cli_login(void);

#endif
