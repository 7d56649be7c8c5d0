/* cmd_points.c -- points and settings: reporting points of committees and
 * the register's settings. */
#include <string.h>

#include "base/date.h"
#include "cli/cli.h"
#include "domain/registers.h"

static int run_points(struct cli_ctx *c, int argc, char **argv)
{
    const char *label, *committee;
    char **rest, d[DATE_BUFSZ];
    int nrest, rc;
    const struct cli_opt opts[] = {{"label", 1, &label}, {"committee", 1, &committee}, {0}};

    if ((rc = cli_options(c, &CMD_POINTS, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest >= 1 && strcmp(rest[0], "add") == 0) {
        struct point p = {0};
        if (nrest != 2)
            return err_set(&c->err, ERR_USAGE, "points add needs one DATE");
        if ((rc = cli_date("DATE", rest[1], &p.date, &c->err)))
            return rc;
        if (!committee &&
            (rc = store_setting_get(c->store, "committee", &c->arena, &committee, &c->err)))
            return rc;
        if (!committee || !*committee)
            return err_set(&c->err, ERR_USAGE,
                           "which committee? give --committee NAME or set the default with: "
                           "oversight settings set committee NAME");
        p.committee = committee;
        p.label = label;
        if ((rc = store_point_add(c->store, &p, &c->err)))
            return rc;
        fprintf(c->out, "reporting point %s added for %s\n", date_format(p.date, d), committee);
        return 0;
    }
    if (nrest >= 1 && strcmp(rest[0], "list") == 0) {
        struct point **v;
        size_t n;
        if (nrest != 1)
            return err_set(&c->err, ERR_USAGE, "points list takes no argument");
        if ((rc = store_points_list(c->store, committee, &c->arena, &v, &n, &c->err)))
            return rc;
        for (size_t i = 0; i < n; i++)
            fprintf(c->out, "%s  %-40s  %s\n", date_format(v[i]->date, d), v[i]->committee,
                    v[i]->label ? v[i]->label : "");
        if (!n)
            fprintf(c->out, "no reporting points%s\n", committee ? " for that committee" : "");
        return 0;
    }
    return err_set(&c->err, ERR_USAGE, "points add DATE | points list (see --help)");
}

const struct cli_command CMD_POINTS = {
    "points", "reporting points of committees",
    "usage: oversight points add DATE [--label TEXT] [--committee NAME]\n"
    "       oversight points list [--committee NAME]\n\n"
    "A reporting point is a dated occasion the register is reported at, for a\n"
    "committee or board (default: the 'committee' setting).\n",
    CLI_STORE, run_points};

static int print_setting(void *ctx, const char *key, const char *value)
{
    struct cli_ctx *c = ctx;
    fprintf(c->out, "%s=%s\n", key, value);
    return 0;
}

static int run_settings(struct cli_ctx *c, int argc, char **argv)
{
    char **rest;
    int nrest, rc;
    const char *value;

    if ((rc = cli_options(c, &CMD_SETTINGS, argc, argv, NULL, &rest, &nrest)))
        return rc;
    if (nrest == 1 && strcmp(rest[0], "get") == 0)
        return store_settings_each(c->store, print_setting, c, &c->err);
    if (nrest == 2 && strcmp(rest[0], "get") == 0) {
        if ((rc = store_setting_get(c->store, rest[1], &c->arena, &value, &c->err)))
            return rc;
        if (!value)
            return err_set(&c->err, ERR_NOTFOUND, "setting \"%s\" is not set", rest[1]);
        fprintf(c->out, "%s\n", value);
        return 0;
    }
    if (nrest == 3 && strcmp(rest[0], "set") == 0) {
        int32_t d;
        if (!*rest[1])
            return err_set(&c->err, ERR_USAGE, "a setting needs a name");
        if ((strcmp(rest[1], "cutoff") == 0 || strcmp(rest[1], "baseline") == 0)) {
            if ((rc = cli_date(rest[1], rest[2], &d, &c->err)))
                return rc;
            rest[2] = date_format(d, arena_alloc(&c->arena, DATE_BUFSZ));
        }
        if (strcmp(rest[1], "audit_monitoring") == 0) {
            struct audit_rule rule;
            if (audit_rule_parse(rest[2], &rule))
                return err_set(&c->err, ERR_USAGE,
                               "audit_monitoring: one of high, high+limited-medium, "
                               "high+medium, all");
        }
        if ((rc = store_setting_set(c->store, rest[1], rest[2], &c->err)))
            return rc;
        fprintf(c->out, "%s=%s\n", rest[1], rest[2]);
        return 0;
    }
    return err_set(&c->err, ERR_USAGE, "settings get [KEY] | settings set KEY VALUE");
}

const struct cli_command CMD_SETTINGS = {
    "settings", "the register's settings",
    "usage: oversight settings get [KEY]\n"
    "       oversight settings set KEY VALUE\n\n"
    "Settings: org (the organisation's name), committee (the committee reported to\n"
    "by default), cutoff (historic/new cut-off date: actions issued before it are\n"
    "historic), baseline (the date flows are counted from), report_of,\n"
    "report_author, audit_monitoring (which audit actions are monitored centrally:\n"
    "high, high+limited-medium (the default), high+medium, all). Every change is\n"
    "kept in the history.\n",
    CLI_STORE, run_settings};
