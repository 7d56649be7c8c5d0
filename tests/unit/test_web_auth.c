/* test_web_auth.c -- signing in: Argon2id password hashes, sessions that
 * expire and end, the limit on failed sign-ins per account and per address,
 * disabled users, API tokens, the password rules, roles, and user changes in
 * the audit log without their password hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "service/users.h"
#include "web_fixture.h"

#define PASSWORD "correct horse battery"

struct fixture {
    char path[64];
    struct store *s;
    struct arena a;
    struct err e;
};

static void at(struct fixture *f, const char *moment)
{
    int64_t m;
    assert_int_equal(moment_parse(moment, strlen(moment), &m), 0);
    store_set_actor(f->s, "admin", m);
    assert_int_equal(store_begin(f->s, &f->e), 0);
}

static void commit(struct fixture *f)
{
    assert_int_equal(store_commit(f->s, &f->e), 0);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct user u = {0};
    wf_temp_path(f->path, sizeof f->path, "oversight-test");
    assert_int_equal(store_open(&f->s, f->path, STORE_CREATE, &f->e), 0);
    arena_init(&f->a);
    at(f, "2024-01-10T09:00:00Z");
    u.name = "alice";
    u.role = ROLE_OWNER;
    u.owner_name = "PA Director";
    assert_int_equal(users_add(f->s, &u, PASSWORD, &f->e), 0);
    assert_true(u.id > 0);
    commit(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    arena_release(&f->a);
    wf_remove_register(f->path);
    free(f);
    return 0;
}

static void test_password_hash_is_argon2id(void **state)
{
    char h1[SECRET_HASH_BUFSZ], h2[SECRET_HASH_BUFSZ];
    struct err e = {0};
    assert_int_equal(secret_password_hash(PASSWORD, h1, &e), 0);
    assert_int_equal(secret_password_hash(PASSWORD, h2, &e), 0);
    assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
    assert_string_not_equal(h1, h2); /* salted */
    assert_int_equal(secret_password_verify(h1, PASSWORD), 1);
    assert_int_equal(secret_password_verify(h1, "correct horse batterY"), 0);
    assert_int_equal(secret_password_verify(NULL, PASSWORD), 0);
    assert_int_equal(secret_password_verify("$2y$10$notargon", PASSWORD), 0);
}

static void test_the_stored_user_has_only_a_hash(void **state)
{
    struct fixture *f = *state;
    struct user *u;
    assert_int_equal(store_user_find(f->s, "alice", &f->a, &u, &f->e), 0);
    assert_int_equal(u->role, ROLE_OWNER);
    assert_string_equal(u->owner_name, "PA Director");
    assert_int_equal(strncmp(u->password_hash, "$argon2id$", 10), 0);
    assert_null(strstr(u->password_hash, PASSWORD));
    assert_string_equal(u->recorded_by, "admin");
}

static void test_session_expires_and_ends(void **state)
{
    struct fixture *f = *state;
    struct login lg;
    struct session *ses;
    struct user *u;
    char token[SECRET_TOKEN_BUFSZ];

    at(f, "2024-01-10T10:00:00Z");
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.1", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_OK);
    assert_string_equal(lg.expires_at, "2024-01-10T18:00:00.000000Z");
    assert_int_equal(strlen(lg.token), 43);
    assert_int_equal(strlen(lg.csrf), 43);
    assert_string_not_equal(lg.token, lg.csrf);
    strcpy(token, lg.token);
    commit(f);

    at(f, "2024-01-10T17:59:59Z");
    assert_int_equal(users_session(f->s, token, &f->a, &ses, &u, &f->e), 0);
    assert_string_equal(u->name, "alice");
    assert_string_equal(ses->csrf, lg.csrf);
    /* the store keeps the digest, never the token */
    assert_string_not_equal(ses->token_hash, token);
    assert_int_equal(users_session(f->s, "not-a-token", &f->a, &ses, &u, &f->e), ERR_NOTFOUND);
    commit(f);

    at(f, "2024-01-10T18:00:00Z");
    assert_int_equal(users_session(f->s, token, &f->a, &ses, &u, &f->e), ERR_NOTFOUND);
    assert_null(u);
    commit(f);

    /* a second sign-in, then signing out ends it at once */
    at(f, "2024-01-11T09:00:00Z");
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.1", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(users_logout(f->s, lg.token, &f->e), 0);
    assert_int_equal(users_session(f->s, lg.token, &f->a, &ses, &u, &f->e), ERR_NOTFOUND);
    commit(f);
}

static void test_failed_sign_ins_are_limited_per_account(void **state)
{
    struct fixture *f = *state;
    struct login lg;

    at(f, "2024-01-10T10:00:00Z");
    for (int i = 1; i <= LOGIN_MAX_PER_USER; i++) {
        assert_int_equal(users_login(f->s, "alice", "wrong password!", "10.0.0.1", 8, &f->a, &lg,
                                     &f->e),
                         0);
        assert_int_equal(lg.result, LOGIN_WRONG);
        assert_int_equal(lg.failures, i);
    }
    /* at the limit even the right password is refused, unchecked */
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.2", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_LIMITED);
    commit(f);

    at(f, "2024-01-10T10:14:59Z");
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.2", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_LIMITED);
    commit(f);

    at(f, "2024-01-10T10:15:01Z");
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.2", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_OK);
    commit(f);
}

static void test_failed_sign_ins_are_limited_per_address(void **state)
{
    struct fixture *f = *state;
    struct login lg;

    at(f, "2024-01-10T10:00:00Z");
    for (int i = 1; i < LOGIN_MAX_PER_ADDR; i++)
        assert_int_equal(store_login_failure_add(f->s, "addr:10.9.9.9", &f->e), 0);
    /* one more, under another name, reaches the address's limit */
    assert_int_equal(users_login(f->s, "nobody", "wrong password!", "10.9.9.9", 8, &f->a, &lg,
                                 &f->e),
                     0);
    assert_int_equal(lg.result, LOGIN_WRONG);
    assert_int_equal(lg.failures, LOGIN_MAX_PER_ADDR);
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.9.9.9", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_LIMITED);
    /* from elsewhere alice signs in */
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.1", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_OK);
    commit(f);
}

static void test_disabled_user_cannot_sign_in_or_use_tokens(void **state)
{
    struct fixture *f = *state;
    struct login lg;
    struct session *ses;
    struct user *u;
    char token[SECRET_TOKEN_BUFSZ], api[SECRET_TOKEN_BUFSZ];

    at(f, "2024-01-10T10:00:00Z");
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.1", 8, &f->a, &lg, &f->e), 0);
    strcpy(token, lg.token);
    assert_int_equal(users_token_add(f->s, "alice", "nightly export", api, &f->a, &f->e), 0);
    assert_int_equal(strncmp(api, "ovt_", 4), 0);
    assert_int_equal(users_token_user(f->s, api, &f->a, &u, &f->e), 0);
    assert_string_equal(u->name, "alice");
    assert_int_equal(users_set_disabled(f->s, "alice", 1, &f->a, &f->e), 0);
    assert_int_equal(users_session(f->s, token, &f->a, &ses, &u, &f->e), ERR_NOTFOUND);
    assert_int_equal(users_token_user(f->s, api, &f->a, &u, &f->e), ERR_NOTFOUND);
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.1", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_WRONG);
    assert_int_equal(users_set_disabled(f->s, "alice", 1, &f->a, &f->e), ERR_CONFLICT);
    assert_int_equal(users_set_disabled(f->s, "alice", 0, &f->a, &f->e), 0);
    assert_int_equal(users_token_user(f->s, api, &f->a, &u, &f->e), 0);
    commit(f);
}

static void test_password_and_name_rules(void **state)
{
    struct fixture *f = *state;
    struct user u = {0};
    struct login lg;

    at(f, "2024-01-10T10:00:00Z");
    u.name = "bob";
    u.role = ROLE_VIEWER;
    assert_int_equal(users_add(f->s, &u, "elevenchars", &f->e), ERR_INPUT);
    assert_string_equal(f->e.msg, "A password must be 12 characters or more");
    /* characters, not bytes: twelve accented letters pass */
    assert_int_equal(users_add(f->s, &u, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
                                         "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9",
                               &f->e),
                     0);
    u.name = "alice";
    assert_int_equal(users_add(f->s, &u, PASSWORD, &f->e), ERR_CONFLICT);
    assert_string_equal(f->e.msg, "there is already a user \"alice\"");
    u.name = "-x";
    assert_int_equal(users_add(f->s, &u, PASSWORD, &f->e), ERR_INPUT);
    u.name = "carol smith";
    assert_int_equal(users_add(f->s, &u, PASSWORD, &f->e), ERR_INPUT);
    assert_string_equal(f->e.msg, "A user name can only contain letters, digits and . _ - @");
    u.name = "carol";
    u.role = ROLE_NONE;
    assert_int_equal(users_add(f->s, &u, PASSWORD, &f->e), ERR_INPUT);
    assert_int_equal(users_add(f->s, &u, "tab\there is bad", &f->e), ERR_INPUT);

    /* a new password: the old one stops working */
    assert_int_equal(users_set_password(f->s, "alice", "a new long password", &f->a, &f->e), 0);
    assert_int_equal(users_login(f->s, "alice", PASSWORD, "10.0.0.1", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_WRONG);
    assert_int_equal(
        users_login(f->s, "alice", "a new long password", "10.0.0.1", 8, &f->a, &lg, &f->e), 0);
    assert_int_equal(lg.result, LOGIN_OK);
    assert_int_equal(users_set_password(f->s, "nobody", PASSWORD, &f->a, &f->e), ERR_NOTFOUND);
    commit(f);
}

static void test_roles(void **state)
{
    assert_true(role_allows(ROLE_ADMIN, ROLE_ADMIN));
    assert_true(role_allows(ROLE_ADMIN, ROLE_BOARD));
    assert_true(role_allows(ROLE_EDITOR, ROLE_OWNER));
    assert_false(role_allows(ROLE_EDITOR, ROLE_BOARD));
    assert_false(role_allows(ROLE_BOARD, ROLE_EDITOR));
    assert_false(role_allows(ROLE_OWNER, ROLE_EDITOR));
    assert_true(role_allows(ROLE_VIEWER, ROLE_VIEWER));
    assert_false(role_allows(ROLE_VIEWER, ROLE_OWNER));
    assert_false(role_allows(ROLE_NONE, ROLE_VIEWER));
    assert_int_equal(vocab_parse(&VOCAB_ROLE, "Administrator", 13), ROLE_ADMIN);
}

struct audit_seen {
    char text[4096];
};

static int collect(void *ctx, const struct audit_entry *en)
{
    struct audit_seen *s = ctx;
    size_t n = strlen(s->text);
    snprintf(s->text + n, sizeof s->text - n, "%s %s %s: %s -> %s\n", en->what, en->subject,
             en->field ? en->field : "*", en->old_value ? en->old_value : "",
             en->new_value ? en->new_value : "");
    return 0;
}

static void test_user_changes_in_the_audit_log(void **state)
{
    struct fixture *f = *state;
    struct audit_seen seen = {{0}};

    at(f, "2024-01-10T10:00:00Z");
    assert_int_equal(users_set_password(f->s, "alice", "a new long password", &f->a, &f->e), 0);
    assert_int_equal(users_set_disabled(f->s, "alice", 1, &f->a, &f->e), 0);
    commit(f);
    assert_int_equal(store_audit_each(f->s, NULL, 0, collect, &seen, &f->e), 0);
    assert_string_equal(seen.text,
                        "user alice *:  -> name=alice; role=owner; owner_name=PA Director; "
                        "password_hash=(set); disabled=0\n"
                        "user alice password_hash: (old password) -> (new password)\n"
                        "user alice disabled: 0 -> 1\n");
    assert_null(strstr(seen.text, "$argon2id$"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_hash_is_argon2id),
        cmocka_unit_test(test_roles),
        cmocka_unit_test_setup_teardown(test_the_stored_user_has_only_a_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_expires_and_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_sign_ins_are_limited_per_account, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failed_sign_ins_are_limited_per_address, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_disabled_user_cannot_sign_in_or_use_tokens, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_password_and_name_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user_changes_in_the_audit_log, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
