/* users.h -- the people who sign in, with the rules for them: adding users,
 * their passwords, disabling them; signing in (with the limit on failed
 * attempts), sessions and signing out; API tokens. Shared by the command
 * line (oversight user, oversight token) and the web application.
 *
 * As in changes.h: each function checks its rules and writes through the
 * store; the caller's transaction commits or rolls back. Times are the
 * store's moment (store_set_actor), so a request or a test decides "now". */
#ifndef OVERSIGHT_SERVICE_USERS_H
#define OVERSIGHT_SERVICE_USERS_H

#include "base/arena.h"
#include "base/err.h"
#include "base/secret.h"
#include "store/users.h"

/* Failed sign-ins are counted over a window per account and per address;
 * at the limit, sign-in is refused without looking at the password until
 * the window has passed. The address limit is higher because a force's
 * offices reach the server from few addresses. */
#define LOGIN_WINDOW_MINUTES 15
#define LOGIN_MAX_PER_USER 5
#define LOGIN_MAX_PER_ADDR 20
#define SESSION_HOURS_DEFAULT 8

/* Adds u (id 0; name, role and the optional fields set) with password.
 * ERR_INPUT names a bad name, a missing role or a weak password;
 * ERR_CONFLICT a name already taken. */
int users_add(struct store *s, struct user *u, const char *password, struct err *e);
/* A new password for user name; their sessions end. */
int users_set_password(struct store *s, const char *name, const char *password,
                       struct arena *a, struct err *e);
/* Disables (or enables again) user name; disabling ends their sessions and
 * refuses their API tokens while disabled. */
int users_set_disabled(struct store *s, const char *name, int disabled, struct arena *a,
                       struct err *e);

enum login_result { LOGIN_OK, LOGIN_WRONG, LOGIN_LIMITED };

struct login {
    enum login_result result;
    long failures;                  /* LOGIN_WRONG: failures in the window, this one included */
    struct user *user;              /* LOGIN_OK */
    char token[SECRET_TOKEN_BUFSZ]; /* LOGIN_OK: the session's cookie value */
    char csrf[SECRET_TOKEN_BUFSZ];  /* LOGIN_OK: the session's form token */
    const char *expires_at;         /* LOGIN_OK */
};

/* Signs name in from address addr with password, for a session of hours.
 * A wrong password, an unknown name and a disabled user are all
 * LOGIN_WRONG, told apart neither by the result nor by the time taken (the
 * failure is recorded, so the transaction must commit). Returns 0 with the
 * result in *out, or an ERR_* for a store failure. */
int users_login(struct store *s, const char *name, const char *password, const char *addr,
                int hours, struct arena *a, struct login *out, struct err *e);

/* The live session of a cookie value and its user: ERR_NOTFOUND when the
 * token is unknown, ended or expired, or the user is disabled. */
int users_session(struct store *s, const char *token, struct arena *a, struct session **ses,
                  struct user **u, struct err *e);
/* Ends the session of a cookie value (nothing when there is none). */
int users_logout(struct store *s, const char *token, struct err *e);

/* A new API token for user name, labelled label: written into token, shown
 * once, kept only as its digest. */
int users_token_add(struct store *s, const char *name, const char *label,
                    char token[SECRET_TOKEN_BUFSZ], struct arena *a, struct err *e);
/* The user of an API token: ERR_NOTFOUND when unknown, revoked or disabled. */
int users_token_user(struct store *s, const char *token, struct arena *a, struct user **u,
                     struct err *e);

#endif
