/* cmd_user.c -- oversight user: the people who sign in to the web
 * application. Passwords are read from standard input (its first line), so
 * that they appear neither in the process list nor in a shell's history. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/users.h"

/* The first line of standard input, without its line ending. */
static int read_password(struct cli_ctx *c, const char **out)
{
    char *buf = arena_alloc(&c->arena, USER_PASSWORD_MAX + 3);
    size_t n;

    if (!fgets(buf, USER_PASSWORD_MAX + 3, stdin) || !buf[0])
        return err_set(&c->err, ERR_USAGE,
                       "give the password on standard input, e.g. "
                       "printf '%%s\\n' \"$PASSWORD\" | oversight user ...");
    n = strlen(buf);
    if (n == USER_PASSWORD_MAX + 2 && !strchr(buf, '\n'))
        return err_set(&c->err, ERR_INPUT, "A password must be %d bytes or fewer",
                       USER_PASSWORD_MAX);
    buf[strcspn(buf, "\r\n")] = '\0'; /* the service checks what is left */
    *out = buf;
    return 0;
}

static int user_add(struct cli_ctx *c, char **rest, int nrest, const char *role,
                    const char *owner, const char *directorate, const char *email,
                    const char *clearance)
{
    struct user u = {0};
    const char *password;
    int v, rc;

    if (nrest != 2)
        return err_set(&c->err, ERR_USAGE, "user add needs one NAME");
    if (!role)
        return err_set(&c->err, ERR_USAGE,
                       "user add needs --role (admin, editor, board, owner or viewer)");
    if ((rc = cli_word("--role", &VOCAB_ROLE, role, &v, &c->err)))
        return rc;
    u.role = (enum role)v;
    if (clearance) {
        if ((rc = cli_word("--clearance", &VOCAB_MARKING, clearance, &v, &c->err)))
            return rc;
        u.clearance = (enum marking)v;
    }
    u.name = rest[1];
    u.owner_name = owner;
    u.directorate = directorate;
    u.email = email;
    if ((rc = read_password(c, &password)) || (rc = users_add(c->store, &u, password, &c->err)))
        return rc;
    fprintf(c->out, "user %s added (%s)\n", u.name, vocab_name(&VOCAB_ROLE, u.role));
    return 0;
}

static int user_list(struct cli_ctx *c)
{
    struct user **v;
    size_t n, wn = 4, wr = 4;
    int rc;

    if ((rc = store_users_list(c->store, &c->arena, &v, &n, &c->err)))
        return rc;
    if (!n) {
        fprintf(c->out, "no users (add one with: oversight user add NAME --role admin)\n");
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(v[i]->name), r = strlen(vocab_name(&VOCAB_ROLE, v[i]->role));
        wn = l > wn ? l : wn;
        wr = r > wr ? r : wr;
    }
    fprintf(c->out, "%-*s  %-*s  %-8s  %-10s  %s\n", (int)wn, "NAME", (int)wr, "ROLE", "STATE",
            "CLEARANCE", "OWNER NAME / DIRECTORATE / EMAIL");
    for (size_t i = 0; i < n; i++) {
        const struct user *u = v[i];
        fprintf(c->out, "%-*s  %-*s  %-8s  %-10s  %s / %s / %s\n", (int)wn, u->name, (int)wr,
                vocab_name(&VOCAB_ROLE, u->role), u->disabled ? "disabled" : "active",
                u->clearance ? vocab_name(&VOCAB_MARKING, u->clearance) : "-",
                u->owner_name ? u->owner_name : "-", u->directorate ? u->directorate : "-",
                u->email ? u->email : "-");
    }
    return 0;
}

static int run_user(struct cli_ctx *c, int argc, char **argv)
{
    const char *role, *owner, *directorate, *email, *clearance, *password;
    char **rest;
    int nrest, rc;
    const struct cli_opt opts[] = {{"role", 1, &role},
                                   {"owner-name", 1, &owner},
                                   {"directorate", 1, &directorate},
                                   {"email", 1, &email},
                                   {"clearance", 1, &clearance},
                                   {0}};

    if ((rc = cli_options(c, &CMD_USER, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest >= 1 && strcmp(rest[0], "add") == 0)
        return user_add(c, rest, nrest, role, owner, directorate, email, clearance);
    if (role || owner || directorate || email || clearance)
        return err_set(&c->err, ERR_USAGE, "only user add takes options");
    if (nrest == 1 && strcmp(rest[0], "list") == 0)
        return user_list(c);
    if (nrest == 2 && strcmp(rest[0], "passwd") == 0) {
        if ((rc = read_password(c, &password)) ||
            (rc = users_set_password(c->store, rest[1], password, &c->arena, &c->err)))
            return rc;
        fprintf(c->out, "password of %s changed; their sessions have ended\n", rest[1]);
        return 0;
    }
    if (nrest == 2 && (strcmp(rest[0], "disable") == 0 || strcmp(rest[0], "enable") == 0)) {
        int disable = strcmp(rest[0], "disable") == 0;
        if ((rc = users_set_disabled(c->store, rest[1], disable, &c->arena, &c->err)))
            return rc;
        fprintf(c->out, "user %s %s\n", rest[1],
                disable ? "disabled; their sessions have ended" : "enabled");
        return 0;
    }
    return err_set(&c->err, ERR_USAGE,
                   "user add NAME --role ROLE | user list | user disable NAME | "
                   "user enable NAME | user passwd NAME (see --help)");
}

const struct cli_command CMD_USER = {
    "user", "the people who sign in to the web application",
    "usage: oversight user add NAME --role ROLE [--owner-name TEXT] [--directorate D]\n"
    "                          [--email E] [--clearance restricted]\n"
    "       oversight user list\n"
    "       oversight user disable NAME | oversight user enable NAME\n"
    "       oversight user passwd NAME\n\n"
    "ROLE is admin (everything, users and settings included), editor (keeps the\n"
    "register), board (reviews and signs off closures), owner (records progress on\n"
    "the actions whose owner or directorate is theirs) or viewer (reads only).\n"
    "--owner-name is the owner the user answers to in the register (\"PA Director\");\n"
    "--clearance restricted lets them see restricted items.\n\n"
    "add and passwd read the password from the first line of standard input:\n"
    "  printf '%s\\n' \"$PASSWORD\" | oversight user add alice --role editor\n"
    "A password has at least 12 characters. A new password, or disabling a user,\n"
    "ends their sessions. Every change to a user is kept in the history.\n",
    CLI_STORE, run_user};
