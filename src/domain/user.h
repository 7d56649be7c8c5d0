/* user.h -- the people who sign in: their roles, what each role may do, and
 * the rules for names and passwords. Pure data and checks, no I/O.
 *
 * Roles (DESIGN.md §2): admin (the strategy and planning team: everything,
 * users and settings included), editor (keeps the register: sources,
 * actions, imports, papers), board (the improvement board: reviews and signs
 * off closures), owner (an action owner: records progress on the actions
 * whose owner or directorate is theirs), viewer (reads; changes nothing). */
#ifndef OVERSIGHT_USER_H
#define OVERSIGHT_USER_H

#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"

enum role { ROLE_NONE = 0, ROLE_ADMIN, ROLE_EDITOR, ROLE_BOARD, ROLE_OWNER, ROLE_VIEWER, ROLE__COUNT };

extern const struct vocab VOCAB_ROLE;

/* Whether a user with role have may do what role need is for. An admin may
 * do everything; an editor what an owner may (an editor keeps every action);
 * everyone what a viewer may. Board and editor are apart: signing off is
 * not keeping the register, and the other way round. */
int role_allows(enum role have, enum role need);

/* A user as their latest version holds them. Strings belong to the arena
 * the record was read into. */
struct user {
    int64_t id, seq;
    const char *name;        /* what they sign in as */
    enum role role;
    const char *owner_name;  /* the owner they answer to in the register ("PA Director") */
    const char *directorate;
    const char *email;
    enum marking clearance;  /* MK_RESTRICTED: may see restricted items */
    const char *password_hash;
    int disabled;
    const char *recorded_at, *recorded_by;
};

#define USER_PASSWORD_MIN 12    /* characters */
#define USER_PASSWORD_MAX 1024  /* bytes */
#define USER_NAME_MAX 64        /* bytes */

/* NULL when name is a good user name (1 to USER_NAME_MAX bytes of letters,
 * digits and . _ - @, not starting with a punctuation mark), else what is
 * wrong with it, as a sentence to show. */
const char *user_name_problem(const char *name);
/* NULL when password is acceptable (USER_PASSWORD_MIN characters or more,
 * valid UTF-8, no control characters, at most USER_PASSWORD_MAX bytes),
 * else what is wrong with it. */
const char *user_password_problem(const char *password);

#endif
