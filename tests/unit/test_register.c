/* test_register.c -- the register's time rules (DESIGN.md §3) through the
 * store and the change rules: status as of a date, several updates on one
 * date, corrections recorded later, as recorded at a moment, voids,
 * sign-off by someone else, reopening, revised target dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "service/changes.h"
#include "store/store.h"

struct fixture {
    char path[64];
    struct store *s;
    struct arena a;
    struct err e;
};

static int32_t D(const char *s)
{
    int32_t d;
    assert_int_equal(date_parse(s, strlen(s), &d), 0);
    return d;
}

/* Begins a transaction recorded by who at moment. */
static void as(struct fixture *f, const char *who, const char *moment)
{
    int64_t m;
    assert_int_equal(moment_parse(moment, strlen(moment), &m), 0);
    store_set_actor(f->s, who, m);
    assert_int_equal(store_begin(f->s, &f->e), 0);
}

static void commit(struct fixture *f)
{
    assert_int_equal(store_commit(f->s, &f->e), 0);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct source src = {0};
    struct action act = {0};
    int fd;
    snprintf(f->path, sizeof f->path, "/tmp/oversight-test-XXXXXX");
    fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    assert_int_equal(store_open(&f->s, f->path, STORE_CREATE, &f->e), 0);
    arena_init(&f->a);
    as(f, "clerk", "2023-01-01T10:00:00Z");
    src.title = "PEEL 2022";
    src.scope = SC_FORCE;
    src.published = D("2022-10-14");
    assert_int_equal(store_source_put(f->s, &src, &f->e), 0);
    act.ref = "A-1";
    act.source_id = src.id;
    act.kind = AK_AFI;
    act.text = "The force should develop a strategy";
    act.issued = DATE_NONE;
    assert_int_equal(store_action_put(f->s, &act, &f->e), 0);
    commit(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char wal[80];
    store_close(f->s);
    arena_release(&f->a);
    unlink(f->path);
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", f->path);
    unlink(wal);
    free(f);
    return 0;
}

static void add(struct fixture *f, const char *date, enum status st, const char *note)
{
    struct update u = {0};
    struct action *a;
    assert_int_equal(store_action_find(f->s, "A-1", &f->a, &a, &f->e), 0);
    u.action_id = a->id;
    u.date = D(date);
    u.status = st;
    u.note = note;
    assert_int_equal(store_update_add(f->s, &u, &f->e), 0);
}

/* Status of A-1 as of date, as recorded at moment (NULL: everything). */
static enum status status_at(struct fixture *f, const char *date, const char *moment)
{
    struct action **v;
    size_t n;
    assert_int_equal(store_actions_as_of(f->s, D(date), moment, &f->a, &v, &n, &f->e), 0);
    if (n == 0)
        return ST_NONE;
    assert_int_equal(n, 1);
    return v[0]->status;
}

static void test_white_until_updated_and_absent_before_issue(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(status_at(f, "2022-10-13", NULL), ST_NONE);
    assert_int_equal(status_at(f, "2022-10-14", NULL), ST_WHITE);
    as(f, "owner", "2023-02-01T10:00:00Z");
    add(f, "2023-02-01", ST_AMBER, "started");
    commit(f);
    assert_int_equal(status_at(f, "2023-01-31", NULL), ST_WHITE);
    assert_int_equal(status_at(f, "2023-02-01", NULL), ST_AMBER);
}

static void test_several_on_one_date_last_recorded_wins(void **state)
{
    struct fixture *f = *state;
    as(f, "owner", "2023-02-01T10:00:00Z");
    add(f, "2023-03-01", ST_GREEN, NULL);
    add(f, "2023-03-01", ST_RED, "later row");
    commit(f);
    assert_int_equal(status_at(f, "2023-03-01", NULL), ST_RED);
}

static void test_correction_recorded_later_about_earlier_date(void **state)
{
    struct fixture *f = *state;
    as(f, "owner", "2023-02-01T10:00:00Z");
    add(f, "2023-02-01", ST_AMBER, NULL);
    commit(f);
    /* Recorded in June about 1 March. */
    as(f, "owner", "2023-06-01T10:00:00Z");
    add(f, "2023-03-01", ST_RED, "we were off track in March");
    commit(f);
    assert_int_equal(status_at(f, "2023-03-15", NULL), ST_RED);
    /* As the register stood in April, March was still amber. */
    assert_int_equal(status_at(f, "2023-03-15", "2023-04-01T00:00:00.000000Z"), ST_AMBER);
    /* Updates about later dates never change an earlier as-of. */
    as(f, "owner", "2023-07-01T10:00:00Z");
    add(f, "2023-07-01", ST_GREEN, NULL);
    commit(f);
    assert_int_equal(status_at(f, "2023-03-15", NULL), ST_RED);
}

static void test_void_no_longer_counts_but_stays(void **state)
{
    struct fixture *f = *state;
    struct action *a;
    struct update **u;
    size_t n;
    as(f, "owner", "2023-02-01T10:00:00Z");
    add(f, "2023-02-01", ST_AMBER, NULL);
    add(f, "2023-02-02", ST_GREEN, "mistake");
    commit(f);
    assert_int_equal(store_action_find(f->s, "A-1", &f->a, &a, &f->e), 0);
    assert_int_equal(store_updates_of(f->s, a->id, &f->a, &u, &n, &f->e), 0);
    assert_int_equal(n, 2);
    as(f, "clerk", "2023-02-03T10:00:00Z");
    assert_int_equal(change_void(f->s, u[1]->seq, "entered against the wrong action", &f->a, &f->e),
                     0);
    commit(f);
    assert_int_equal(status_at(f, "2023-02-05", NULL), ST_AMBER);
    assert_int_equal(status_at(f, "2023-02-05", "2023-02-02T12:00:00.000000Z"), ST_GREEN);
    assert_int_equal(store_updates_of(f->s, a->id, &f->a, &u, &n, &f->e), 0);
    assert_int_equal(n, 2);
    assert_true(u[1]->is_void);
    assert_string_equal(u[1]->void_reason, "entered against the wrong action");
    as(f, "clerk", "2023-02-04T10:00:00Z");
    assert_int_equal(change_void(f->s, u[1]->seq, "again", &f->a, &f->e), ERR_CONFLICT);
    store_rollback(f->s);
}

static void test_sign_off_rules(void **state)
{
    struct fixture *f = *state;
    struct change c = {.ref = "A-1", .date = DATE_NONE};
    c.date = D("2023-03-01");
    c.reason = CR_COMPLETED;
    as(f, "owner", "2023-03-01T10:00:00Z");
    assert_int_equal(change_close(f->s, &c, &f->a, NULL, &f->e), ERR_DENIED);
    assert_non_null(strstr(f->e.msg, "only a green action"));
    c.status = ST_GREEN;
    assert_int_equal(change_update(f->s, &c, &f->a, NULL, &f->e), 0);
    commit(f);
    /* The person who set it green cannot sign it off. */
    as(f, "owner", "2023-03-02T10:00:00Z");
    assert_int_equal(change_close(f->s, &c, &f->a, NULL, &f->e), ERR_DENIED);
    assert_non_null(strstr(f->e.msg, "sign-off must be by someone else"));
    store_rollback(f->s);
    as(f, "board", "2023-03-02T10:00:00Z");
    assert_int_equal(change_close(f->s, &c, &f->a, NULL, &f->e), 0);
    commit(f);
    assert_int_equal(status_at(f, "2023-03-02", NULL), ST_CLOSED);
    /* Closed: no progress until reopened with a reason. */
    as(f, "owner", "2023-04-01T10:00:00Z");
    c.date = D("2023-04-01");
    c.status = ST_AMBER;
    assert_int_equal(change_update(f->s, &c, &f->a, NULL, &f->e), ERR_DENIED);
    c.status = ST_NONE;
    c.reason_text = NULL;
    assert_int_equal(change_reopen(f->s, &c, &f->a, NULL, &f->e), ERR_INPUT);
    c.reason_text = "HMICFRS re-inspection found gaps";
    assert_int_equal(change_reopen(f->s, &c, &f->a, NULL, &f->e), 0);
    commit(f);
    assert_int_equal(status_at(f, "2023-04-01", NULL), ST_AMBER);
}

static void test_other_reasons_close_from_any_status(void **state)
{
    struct fixture *f = *state;
    struct change c = {.ref = "A-1", .reason = CR_WRITTEN_OFF};
    c.date = D("2023-03-01");
    as(f, "board", "2023-03-01T10:00:00Z");
    assert_int_equal(change_close(f->s, &c, &f->a, NULL, &f->e), 0);
    commit(f);
    assert_int_equal(status_at(f, "2023-03-01", NULL), ST_CLOSED);
}

static void test_revised_target_dates_each_from_its_date(void **state)
{
    struct fixture *f = *state;
    struct due_change d = {0};
    struct action *a, **v;
    struct change c = {.ref = "A-1"};
    size_t n;
    as(f, "clerk", "2023-01-02T10:00:00Z");
    assert_int_equal(store_action_find(f->s, "A-1", &f->a, &a, &f->e), 0);
    d.action_id = a->id;
    d.effective = DATE_NONE;
    d.due = "2023-06-30";
    assert_int_equal(store_due_add(f->s, &d, &f->e), 0);
    c.date = D("2023-06-01");
    c.due = "2023-12-31";
    c.reason_text = "awaiting national guidance";
    c.agreed_by = "Operational Improvement Board";
    assert_int_equal(change_extend(f->s, &c, &f->a, NULL, &f->e), 0);
    commit(f);
    assert_int_equal(store_actions_as_of(f->s, D("2023-05-31"), NULL, &f->a, &v, &n, &f->e), 0);
    assert_string_equal(v[0]->due, "2023-06-30");
    assert_int_equal(store_actions_as_of(f->s, D("2023-06-01"), NULL, &f->a, &v, &n, &f->e), 0);
    assert_string_equal(v[0]->due, "2023-12-31");
    assert_string_equal(v[0]->due_original, "2023-06-30");
    as(f, "clerk", "2023-06-02T10:00:00Z");
    c.agreed_by = NULL;
    assert_int_equal(change_extend(f->s, &c, &f->a, NULL, &f->e), ERR_INPUT);
    store_rollback(f->s);
}

static void test_rollback_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    struct action **v;
    size_t n;
    as(f, "owner", "2023-02-01T10:00:00Z");
    add(f, "2023-02-01", ST_RED, NULL);
    store_rollback(f->s);
    assert_int_equal(status_at(f, "2023-02-01", NULL), ST_WHITE);
    /* And the change counter was not advanced by the rolled-back write. */
    as(f, "owner", "2023-02-01T10:00:00Z");
    add(f, "2023-02-01", ST_RED, NULL);
    commit(f);
    assert_int_equal(store_actions_as_of(f->s, D("2023-02-01"), NULL, &f->a, &v, &n, &f->e), 0);
    assert_int_equal(v[0]->status, ST_RED);
}

static void test_newer_schema_is_refused(void **state)
{
    struct fixture *f = *state;
    struct store *s2;
    struct err e;
    char cmd[256];
    store_close(f->s);
    snprintf(cmd, sizeof cmd, "sqlite3 %s \"UPDATE meta SET value = '99' WHERE key = 'schema'\"",
             f->path);
    if (system(cmd) != 0)
        skip();
    assert_int_equal(store_open(&s2, f->path, STORE_EXISTING, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "written by a newer oversight (schema 99"));
    assert_int_equal(store_open(&f->s, "/nonexistent/dir/x.db", STORE_EXISTING, &e), ERR_NOTFOUND);
    f->s = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_white_until_updated_and_absent_before_issue, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_several_on_one_date_last_recorded_wins, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_correction_recorded_later_about_earlier_date, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_void_no_longer_counts_but_stays, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sign_off_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_reasons_close_from_any_status, setup, teardown),
        cmocka_unit_test_setup_teardown(test_revised_target_dates_each_from_its_date, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_is_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
