/* users.h -- the store's part for the web application: users (versioned,
 * like every record of the register), sign-in sessions, API tokens, and
 * failed sign-ins. Implemented in users.c over the same connection as the
 * rest of the store; the same rules hold (store.h): reads into the caller's
 * arena, writes only inside a transaction, errors as err.h.
 *
 * Sessions, tokens and failures are not versioned and take no change number:
 * they are the web server's working state, not part of the register's
 * history. A dump keeps users and API tokens, not sessions or failures. */
#ifndef OVERSIGHT_STORE_USERS_H
#define OVERSIGHT_STORE_USERS_H

#include "domain/user.h"
#include "store/store.h"

/* Users. find: by name, ERR_NOTFOUND when there is none. put writes a new
 * version recorded by the store's actor (a new user when u->id is 0, then
 * setting u->id; ERR_CONFLICT when the name is taken), and sets u->seq. */
int store_user_find(struct store *s, const char *name, struct arena *a, struct user **out,
                    struct err *e);
int store_user_get(struct store *s, int64_t id, struct arena *a, struct user **out,
                   struct err *e);
int store_user_put(struct store *s, struct user *u, struct err *e);
/* Every user, disabled ones included, in name order. */
int store_users_list(struct store *s, struct arena *a, struct user ***out, size_t *n,
                     struct err *e);

/* Sessions, keyed by the digest of their token (base/secret.h). */
struct session {
    const char *token_hash;
    int64_t user_id;
    const char *csrf;
    const char *created_at, *expires_at;
};
int store_session_add(struct store *s, const struct session *ses, struct err *e);
/* The session if it is live at moment now (not ended, expires after now);
 * ERR_NOTFOUND otherwise. */
int store_session_find(struct store *s, const char *token_hash, const char *now,
                       struct arena *a, struct session **out, struct err *e);
int store_session_end(struct store *s, const char *token_hash, struct err *e);
/* Ends every session of a user (on disabling them, or a new password). */
int store_sessions_end_user(struct store *s, int64_t user_id, struct err *e);
/* Forgets sessions that expired before a moment. */
int store_sessions_prune(struct store *s, const char *before, struct err *e);

/* API tokens, keyed by the digest of their token. find: the user of a token
 * not revoked, ERR_NOTFOUND otherwise. */
int store_token_add(struct store *s, const char *token_hash, int64_t user_id, const char *name,
                    struct err *e);
int store_token_find(struct store *s, const char *token_hash, int64_t *user_id, struct err *e);

/* Failed sign-ins under a key ("user:NAME", "addr:ADDRESS"), each at the
 * store's moment. count: those at or after since. */
int store_login_failure_add(struct store *s, const char *key, struct err *e);
int store_login_failures_count(struct store *s, const char *key, const char *since, long *n,
                               struct err *e);
int store_login_failures_clear(struct store *s, const char *key, struct err *e);
int store_login_failures_prune(struct store *s, const char *before, struct err *e);

#endif
