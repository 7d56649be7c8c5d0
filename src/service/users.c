/* users.c -- users, sign-in, sessions and API tokens, with their rules. */
#include "service/users.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"

/* The store's moment moved by minutes (negative: earlier), formatted. */
static const char *moment_plus(struct store *s, long minutes, char buf[MOMENT_BUFSZ])
{
    const char *now = store_now(s);
    int64_t us;
    if (moment_parse(now, strlen(now), &us))
        us = moment_now();
    return moment_format(us + (int64_t)minutes * 60 * 1000000, buf);
}

int users_add(struct store *s, struct user *u, const char *password, struct err *e)
{
    char hash[SECRET_HASH_BUFSZ];
    const char *problem;
    int rc;

    if ((problem = user_name_problem(u->name ? u->name : "")))
        return err_set(e, ERR_INPUT, "%s", problem);
    if (u->role <= ROLE_NONE || u->role >= ROLE__COUNT)
        return err_set(e, ERR_INPUT, "a user needs a role (admin, editor, board, owner, viewer)");
    if ((problem = user_password_problem(password)))
        return err_set(e, ERR_INPUT, "%s", problem);
    if ((rc = secret_password_hash(password, hash, e)))
        return rc;
    u->id = 0;
    u->password_hash = hash;
    u->disabled = 0;
    rc = store_user_put(s, u, e);
    u->password_hash = NULL; /* hash is about to go out of scope */
    return rc;
}

int users_set_password(struct store *s, const char *name, const char *password,
                       struct arena *a, struct err *e)
{
    char hash[SECRET_HASH_BUFSZ];
    const char *problem;
    struct user *u;
    int rc;

    if ((rc = store_user_find(s, name, a, &u, e)))
        return rc;
    if ((problem = user_password_problem(password)))
        return err_set(e, ERR_INPUT, "%s", problem);
    if ((rc = secret_password_hash(password, hash, e)))
        return rc;
    u->password_hash = arena_strdup(a, hash);
    if ((rc = store_user_put(s, u, e)))
        return rc;
    return store_sessions_end_user(s, u->id, e);
}

int users_set_disabled(struct store *s, const char *name, int disabled, struct arena *a,
                       struct err *e)
{
    struct user *u;
    int rc;

    if ((rc = store_user_find(s, name, a, &u, e)))
        return rc;
    if (u->disabled == (disabled != 0))
        return err_set(e, ERR_CONFLICT, "user \"%s\" is already %s", name,
                       disabled ? "disabled" : "enabled");
    u->disabled = disabled != 0;
    if ((rc = store_user_put(s, u, e)))
        return rc;
    return disabled ? store_sessions_end_user(s, u->id, e) : 0;
}

int users_login(struct store *s, const char *name, const char *password, const char *addr,
                int hours, struct arena *a, struct login *out, struct err *e)
{
    char since[MOMENT_BUFSZ], until[MOMENT_BUFSZ], digest[SECRET_DIGEST_BUFSZ];
    const char *user_key, *addr_key;
    struct user *u = NULL;
    struct session ses = {0};
    long by_user, by_addr;
    int rc, ok;

    memset(out, 0, sizeof *out);
    /* A name longer than any user's cannot sign in; the key is cut so that
     * junk cannot bloat the table. */
    user_key = arena_printf(a, "user:%.*s", USER_NAME_MAX, name);
    addr_key = arena_printf(a, "addr:%.*s", 64, addr ? addr : "");
    moment_plus(s, -LOGIN_WINDOW_MINUTES, since);
    if ((rc = store_login_failures_count(s, user_key, since, &by_user, e)) ||
        (rc = store_login_failures_count(s, addr_key, since, &by_addr, e)))
        return rc;
    if (by_user >= LOGIN_MAX_PER_USER || by_addr >= LOGIN_MAX_PER_ADDR) {
        out->result = LOGIN_LIMITED;
        return 0;
    }
    rc = store_user_find(s, name, a, &u, e);
    if (rc && rc != ERR_NOTFOUND)
        return rc;
    ok = secret_password_verify(u ? u->password_hash : NULL, password) && u && !u->disabled;
    if (!ok) {
        if ((rc = store_login_failure_add(s, user_key, e)) ||
            (rc = store_login_failure_add(s, addr_key, e)))
            return rc;
        out->result = LOGIN_WRONG;
        out->failures = (by_user > by_addr ? by_user : by_addr) + 1;
        return 0;
    }
    if ((rc = store_login_failures_clear(s, user_key, e)) ||
        (rc = store_login_failures_prune(s, since, e)) ||
        (rc = store_sessions_prune(s, store_now(s), e)))
        return rc;
    secret_token(out->token, NULL);
    secret_token(out->csrf, NULL);
    secret_digest(out->token, digest);
    ses.token_hash = digest;
    ses.user_id = u->id;
    ses.csrf = out->csrf;
    ses.expires_at = arena_strdup(a, moment_plus(s, (long)(hours > 0 ? hours : 1) * 60, until));
    if ((rc = store_session_add(s, &ses, e)))
        return rc;
    out->result = LOGIN_OK;
    out->user = u;
    out->expires_at = ses.expires_at;
    return 0;
}

int users_session(struct store *s, const char *token, struct arena *a, struct session **ses,
                  struct user **u, struct err *e)
{
    char digest[SECRET_DIGEST_BUFSZ];
    int rc;

    *ses = NULL;
    *u = NULL;
    secret_digest(token, digest);
    if ((rc = store_session_find(s, digest, store_now(s), a, ses, e)))
        return rc;
    if ((rc = store_user_get(s, (*ses)->user_id, a, u, e)))
        return rc;
    if ((*u)->disabled) {
        *ses = NULL;
        *u = NULL;
        return err_set(e, ERR_NOTFOUND, "no such session");
    }
    return 0;
}

int users_logout(struct store *s, const char *token, struct err *e)
{
    char digest[SECRET_DIGEST_BUFSZ];
    secret_digest(token, digest);
    return store_session_end(s, digest, e);
}

int users_token_add(struct store *s, const char *name, const char *label,
                    char token[SECRET_TOKEN_BUFSZ], struct arena *a, struct err *e)
{
    char digest[SECRET_DIGEST_BUFSZ];
    struct user *u;
    int rc;

    if ((rc = store_user_find(s, name, a, &u, e)))
        return rc;
    if (u->disabled)
        return err_set(e, ERR_DENIED, "user \"%s\" is disabled", name);
    secret_token(token, "ovt_");
    secret_digest(token, digest);
    return store_token_add(s, digest, u->id, label && *label ? label : "token", e);
}

int users_token_user(struct store *s, const char *token, struct arena *a, struct user **u,
                     struct err *e)
{
    char digest[SECRET_DIGEST_BUFSZ];
    int64_t id;
    int rc;

    *u = NULL;
    secret_digest(token, digest);
    if ((rc = store_token_find(s, digest, &id, e)) || (rc = store_user_get(s, id, a, u, e)))
        return rc;
    if ((*u)->disabled) {
        *u = NULL;
        return err_set(e, ERR_NOTFOUND, "no such token");
    }
    return 0;
}
