/* cmd_token.c -- oversight token: API tokens for the web application's
 * JSON API. A token is printed once and kept only as its digest. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/users.h"

static int run_token(struct cli_ctx *c, int argc, char **argv)
{
    const char *label;
    char **rest, token[SECRET_TOKEN_BUFSZ];
    int nrest, rc;
    const struct cli_opt opts[] = {{"label", 1, &label}, {0}};

    if ((rc = cli_options(c, &CMD_TOKEN, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest != 2 || strcmp(rest[0], "add") != 0)
        return err_set(&c->err, ERR_USAGE, "token add NAME [--label TEXT] (see --help)");
    if ((rc = users_token_add(c->store, rest[1], label, token, &c->arena, &c->err)))
        return rc;
    fprintf(c->out, "%s\n", token);
    fprintf(stderr, "API token for %s: shown once, kept only as its digest; send it as\n"
                    "  Authorization: Bearer TOKEN\n",
            rest[1]);
    return 0;
}

const struct cli_command CMD_TOKEN = {
    "token", "API tokens for the web application's JSON API",
    "usage: oversight token add NAME [--label TEXT]\n\n"
    "Prints a new API token for user NAME on standard output. The token acts as\n"
    "that user, with their role, sent as the header\n"
    "  Authorization: Bearer TOKEN\n"
    "It is shown once: the register keeps only its digest. --label names what the\n"
    "token is for. Disabling the user refuses their tokens.\n",
    CLI_STORE, run_token};
