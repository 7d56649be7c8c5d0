/* cli.c -- option parsing and value checking shared by the commands. */
#include "cli/cli.h"

#include <getopt.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "base/xalloc.h"

int cli_parse(int argc, char **argv, const struct cli_opt *opts, char ***rest, int *nrest,
              struct err *e)
{
    struct option lo[64];
    size_t n = 0;
    int ch, idx;

    for (; opts && opts[n].name; n++) {
        if (n >= 62)
            return err_set(e, ERR_USAGE, "too many options");
        lo[n] = (struct option){opts[n].name, opts[n].has_arg, NULL, (int)n + 1};
        *opts[n].value = NULL;
    }
    lo[n++] = (struct option){"help", 0, NULL, 'h'};
    lo[n] = (struct option){0};
    optind = 0; /* GNU: re-initialise, argv permuted so REF may come first */
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "ho:", lo, &idx)) != -1) {
        if (ch == 'h')
            return 1;
        if (ch == 'o') { /* -o FILE is --output FILE wherever a command takes it */
            int found = 0;
            for (size_t k = 0; opts && opts[k].name; k++)
                if (strcmp(opts[k].name, "output") == 0) {
                    *opts[k].value = optarg;
                    found = 1;
                }
            if (!found)
                return err_set(e, ERR_USAGE, "unknown option -o");
            continue;
        }
        if (ch == '?' || ch == ':') {
            if (optopt && optopt < (int)n && ch == ':')
                return err_set(e, ERR_USAGE, "--%s needs a value", opts[optopt - 1].name);
            if (optind > 0 && optind <= argc && argv[optind - 1][0] == '-' && ch == '?' && optopt > 0 &&
                optopt <= (int)n)
                return err_set(e, ERR_USAGE, "--%s needs a value", opts[optopt - 1].name);
            return err_set(e, ERR_USAGE, "unknown option %s (see --help)", argv[optind - 1]);
        }
        *opts[ch - 1].value = opts[ch - 1].has_arg ? optarg : "";
    }
    *rest = argv + optind;
    *nrest = argc - optind;
    return 0;
}

int cli_options(struct cli_ctx *c, const struct cli_command *cmd, int argc, char **argv,
                const struct cli_opt *opts, char ***rest, int *nrest)
{
    int rc = cli_parse(argc, argv, opts, rest, nrest, &c->err);
    if (rc == 1)
        fputs(cmd->usage, c->out);
    return rc;
}

int cli_date(const char *flag, const char *s, int32_t *out, struct err *e)
{
    if (date_parse(s, strlen(s), out))
        return err_set(e, ERR_USAGE, "%s: \"%s\" is not a date (YYYY-MM-DD or DD/MM/YYYY)", flag,
                       s);
    return 0;
}

int cli_word(const char *flag, const struct vocab *v, const char *s, int *out, struct err *e)
{
    char list[256];
    int r = vocab_parse(v, s, strlen(s));
    if (r <= 0)
        return err_set(e, ERR_USAGE, "%s: unknown %s \"%s\" (one of: %s)", flag, v->what, s,
                       vocab_list(v, list, sizeof list));
    *out = r;
    return 0;
}

const char *cli_login(void)
{
    static char name[128];
    const char *env = getenv("OVERSIGHT_USER");
    struct passwd *pw;
    if (env && *env)
        return env;
    if (name[0])
        return name;
    pw = getpwuid(geteuid());
    snprintf(name, sizeof name, "%s", pw && pw->pw_name ? pw->pw_name : "unknown");
    return name;
}
