/* test_store_state.c -- the register as it stands, kept by the store
 * (store/state.h): after every kind of change, and after a bulk change, it
 * equals a rebuild from the versions; and every list read through it -- any
 * filters, any page, actions dated ahead of today -- is exactly what
 * store_actions_as_of says as of today. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/date.h"
#include "service/changes.h"
#include "store/state.h"
#include "store/store.h"

struct fixture {
    char path[64];
    struct store *s;
    struct arena a;
    struct err e;
    int64_t source[3];
    int64_t action[40];
    size_t nactions;
    uint64_t rng;
};

static int32_t D(const char *s)
{
    int32_t d;
    assert_int_equal(date_parse(s, strlen(s), &d), 0);
    return d;
}

static void begin(struct fixture *f, const char *who)
{
    store_set_actor(f->s, who, moment_now());
    assert_int_equal(store_begin(f->s, &f->e), 0);
}

static void commit(struct fixture *f)
{
    assert_int_equal(store_commit(f->s, &f->e), 0);
}

/* The kept state equals a rebuild (in a transaction of its own). */
static void assert_kept(struct fixture *f)
{
    int same = 0;
    begin(f, "check");
    assert_int_equal(store_state_verify(f->s, &same, &f->e), 0);
    store_rollback(f->s);
    assert_true(same);
}

static unsigned rnd(struct fixture *f, unsigned n)
{
    f->rng = f->rng * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((f->rng >> 33) % n);
}

static const char *const OWNERS[] = {"PA Director", "pa director", "FCIR", NULL, "Head of Custody"};
static const char *const DIRECTORATES[] = {"Local Policing", "Specialist Operations", NULL};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    int fd;
    snprintf(f->path, sizeof f->path, "/tmp/oversight-test-XXXXXX");
    fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    assert_int_equal(store_open(&f->s, f->path, STORE_CREATE, &f->e), 0);
    arena_init(&f->a);
    f->rng = 42;
    begin(f, "clerk");
    for (int i = 0; i < 3; i++) {
        struct source src = {0};
        src.title = i == 0 ? "PEEL 2022" : i == 1 ? "Roads policing" : "Custody audit";
        src.scope = i == 1 ? SC_NATIONAL : SC_FORCE;
        /* The third is published after the "today" of the tests. */
        src.published = D(i == 2 ? "2024-09-01" : "2022-10-14");
        assert_int_equal(store_source_put(f->s, &src, &f->e), 0);
        f->source[i] = src.id;
    }
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

static void put_action(struct fixture *f, int i, int source, const char *owner,
                       const char *directorate, const char *issued)
{
    struct action act = {0};
    char ref[32];
    snprintf(ref, sizeof ref, "R-%02d", i);
    if ((size_t)i < f->nactions)
        act.id = f->action[i];
    act.ref = arena_strdup(&f->a, ref);
    act.source_id = f->source[source];
    act.kind = i % 3 == 0 ? AK_AFI : AK_RECOMMENDATION;
    act.text = "Some action";
    act.owner = owner;
    act.directorate = directorate;
    act.issued = issued ? D(issued) : DATE_NONE;
    act.marking = i % 11 == 5 ? MK_RESTRICTED : MK_NONE;
    act.theme = i % 4 == 1 ? "Custody" : NULL;
    assert_int_equal(store_action_put(f->s, &act, &f->e), 0);
    if ((size_t)i >= f->nactions) {
        f->action[i] = act.id;
        f->nactions = (size_t)i + 1;
    }
}

static int64_t add_update(struct fixture *f, int i, const char *date, enum status st,
                          const char *note)
{
    struct update u = {0};
    u.action_id = f->action[i];
    u.date = D(date);
    u.status = st;
    u.note = note;
    if (st == ST_CLOSED)
        u.reason = "completed";
    assert_int_equal(store_update_add(f->s, &u, &f->e), 0);
    return u.seq;
}

static void add_due(struct fixture *f, int i, const char *effective, const char *due)
{
    struct due_change d = {0};
    d.action_id = f->action[i];
    d.effective = effective ? D(effective) : DATE_NONE;
    d.due = due;
    d.reason = "agreed";
    d.agreed_by = "Board";
    assert_int_equal(store_due_add(f->s, &d, &f->e), 0);
}

/* ---- the reference: store_actions_as_of and the list's rules ----------- */

static int overdue(const struct action *a, int32_t today)
{
    int32_t due;
    if (!a->due || a->status == ST_GREEN || a->status == ST_CLOSED)
        return 0;
    return date_parse(a->due, strlen(a->due), &due) == 0 && due < today;
}

/* Equal without case or surrounding spaces and tabs; blank is no one. */
static int same_name(const char *a, const char *b)
{
    size_t la, lb;
    if (!a || !b)
        return 0;
    a += strspn(a, " \t");
    b += strspn(b, " \t");
    la = strlen(a);
    lb = strlen(b);
    while (la && (a[la - 1] == ' ' || a[la - 1] == '\t'))
        la--;
    while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\t'))
        lb--;
    return la && la == lb && strncasecmp(a, b, la) == 0;
}

/* w in s, ASCII case ignored. */
static int has_words(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; s && *s; s++)
        if (strncasecmp(s, w, n) == 0)
            return 1;
    return 0;
}

static int restricted(struct fixture *f, const struct action *a)
{
    struct source *src;
    assert_int_equal(store_source_get(f->s, a->source_id, &f->a, &src, &f->e), 0);
    return a->marking == MK_RESTRICTED || src->marking == MK_RESTRICTED;
}

static int matches_fixed(struct fixture *f, const struct action *a, const struct action_query *q)
{
    if (q->source_id && a->source_id != q->source_id)
        return 0;
    if (q->kind && a->kind != q->kind)
        return 0;
    if (q->owner && !same_name(q->owner, a->owner))
        return 0;
    if (q->directorate && !same_name(q->directorate, a->directorate))
        return 0;
    if (q->mine && !same_name(q->mine_owner, a->owner) &&
        !same_name(q->mine_directorate, a->directorate))
        return 0;
    if (q->words &&
        !(has_words(a->ref, q->words) || has_words(a->text, q->words) ||
          has_words(a->owner, q->words) || has_words(a->directorate, q->words) ||
          has_words(a->theme, q->words) || has_words(a->source_title, q->words) ||
          has_words(a->last_note, q->words)))
        return 0;
    if (q->hide_restricted && restricted(f, a))
        return 0;
    if (q->issued_before != DATE_NONE && !(action_issued(a) < q->issued_before))
        return 0;
    if (q->issued_from != DATE_NONE && !(action_issued(a) >= q->issued_from))
        return 0;
    if (q->overdue && !overdue(a, q->today))
        return 0;
    return 1;
}

/* The list's orders, as the page describes them. */
static int rank(enum status s)
{
    return s == ST_RED ? 0 : s == ST_AMBER ? 1 : s == ST_WHITE ? 2 : s == ST_GREEN ? 3 : 4;
}

static int due_cmp(const char *x, const char *y)
{
    int32_t dx, dy;
    int hx = x && date_parse(x, strlen(x), &dx) == 0, hy = y && date_parse(y, strlen(y), &dy) == 0;
    if (hx && hy)
        return dx < dy ? -1 : dx > dy;
    if (hx != hy)
        return hx ? -1 : 1;
    if (!x || !y)
        return !x - !y;
    return strcasecmp(x, y);
}

static enum action_sort sorting;
static int by_sort(const void *p, const void *q)
{
    const struct action *a = *(struct action *const *)p, *b = *(struct action *const *)q;
    int c = 0;
    if (sorting == ACTION_SORT_STATUS)
        c = rank(a->status) - rank(b->status);
    else if (sorting == ACTION_SORT_DUE)
        c = due_cmp(a->due, b->due);
    else if (sorting == ACTION_SORT_OWNER) {
        int ea = !a->owner || !*a->owner, eb = !b->owner || !*b->owner;
        c = ea != eb ? ea - eb : ea ? 0 : strcasecmp(a->owner, b->owner);
    }
    return c ? c : strcmp(a->ref, b->ref);
}

static int same_text(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* store_actions_now(q) against the reference, row by row and count by count. */
static void check_query(struct fixture *f, const struct action_query *q, int count_overdue)
{
    struct action **all, **got;
    int64_t *versions;
    size_t nall, ngot, seen = 0, k = 0;
    struct action_counts c, want = {0};

    assert_int_equal(store_begin_read(f->s, &f->e), 0);
    assert_int_equal(store_actions_as_of(f->s, q->today, NULL, &f->a, &all, &nall, &f->e), 0);
    assert_int_equal(store_actions_now(f->s, q, count_overdue, &f->a, &got, &versions, &ngot, &c,
                                       &f->e),
                     0);
    sorting = q->sort;
    qsort(all, nall, sizeof *all, by_sort);
    for (size_t i = 0; i < nall; i++) {
        const struct action *a = all[i];
        if (q->hide_restricted && restricted(f, a))
            want.hidden++;
        if (!matches_fixed(f, a, q))
            continue;
        want.status[a->status]++;
        want.overdue += (size_t)overdue(a, q->today);
        if (q->statuses && !(q->statuses & (1u << a->status)))
            continue;
        want.total++;
        if (seen++ < q->offset || (q->limit && k >= q->limit))
            continue;
        assert_true(k < ngot);
        assert_string_equal(got[k]->ref, a->ref);
        assert_int_equal(got[k]->status, a->status);
        assert_int_equal(got[k]->status_date, a->status_date);
        assert_true(same_text(got[k]->due, a->due));
        assert_true(same_text(got[k]->due_original, a->due_original));
        assert_true(same_text(got[k]->last_note, a->last_note));
        assert_true(same_text(got[k]->source_title, a->source_title));
        assert_true(same_text(got[k]->owner, a->owner));
        assert_int_equal(got[k]->seq, a->seq);
        {
            int64_t v;
            assert_int_equal(store_action_version(f->s, a->id, &v, &f->e), 0);
            assert_int_equal(versions[k], v);
        }
        k++;
    }
    assert_int_equal(ngot, k);
    assert_int_equal(c.total, want.total);
    assert_int_equal(c.hidden, want.hidden);
    for (int i = ST_WHITE; i <= ST_CLOSED; i++)
        assert_int_equal(c.status[i], want.status[i]);
    if (count_overdue)
        assert_int_equal(c.overdue, want.overdue);
    store_rollback(f->s);
}

static struct action_query query(const char *today)
{
    struct action_query q = {0};
    q.today = D(today);
    q.issued_before = q.issued_from = DATE_NONE;
    return q;
}

/* ---- the tests ---------------------------------------------------------- */

static void test_kept_through_every_kind_of_change(void **state)
{
    struct fixture *f = *state;
    struct action_query q = query("2024-06-30");
    struct source *src;
    int64_t seq, v0, v1;

    begin(f, "clerk");
    put_action(f, 0, 0, "PA Director", "Local Policing", NULL);
    put_action(f, 1, 1, "FCIR", NULL, "2023-01-10");
    put_action(f, 2, 2, NULL, "Specialist Operations", NULL); /* issued 2024-09-01 */
    add_due(f, 0, NULL, "2024-03-31");
    add_due(f, 1, NULL, "Ongoing");
    commit(f);
    assert_kept(f);
    check_query(f, &q, 1);

    /* updates, one dated earlier than the latest and recorded after it */
    begin(f, "owner");
    add_update(f, 0, "2023-05-01", ST_AMBER, "started");
    add_update(f, 0, "2023-11-01", ST_GREEN, "done");
    add_update(f, 0, "2023-06-01", ST_RED, "correction, recorded late");
    add_update(f, 1, "2023-05-01", ST_RED, NULL);
    add_update(f, 1, "2023-05-01", ST_AMBER, "two on one date: the later wins");
    commit(f);
    assert_kept(f);
    check_query(f, &q, 1);

    /* voiding the latest, and one that is not the latest */
    begin(f, "owner");
    seq = add_update(f, 0, "2024-01-01", ST_CLOSED, "signed off");
    commit(f);
    begin(f, "clerk");
    assert_int_equal(store_action_version(f->s, f->action[0], &v0, &f->e), 0);
    assert_int_equal(v0, seq);
    assert_int_equal(store_update_void(f->s, seq, "mistaken", &f->e), 0);
    assert_int_equal(store_action_version(f->s, f->action[0], &v1, &f->e), 0);
    assert_true(v1 > v0);
    commit(f);
    assert_kept(f);
    check_query(f, &q, 1);

    /* target dates: a revision, and an earlier revision recorded later */
    begin(f, "clerk");
    add_due(f, 0, "2024-01-15", "2024-05-31");
    add_due(f, 0, "2023-12-01", "2024-04-30");
    commit(f);
    assert_kept(f);
    check_query(f, &q, 1);

    /* a new version of an action (owner moves) and of a source (its
     * published date moves, and with it its actions' issued date) */
    begin(f, "clerk");
    put_action(f, 1, 1, "Head of Custody", "Local Policing", "2023-01-10");
    assert_int_equal(store_source_get(f->s, f->source[2], &f->a, &src, &f->e), 0);
    src->published = D("2024-02-01");
    assert_int_equal(store_source_put(f->s, src, &f->e), 0);
    commit(f);
    assert_kept(f);
    check_query(f, &q, 1);
    q.statuses = 1u << ST_WHITE;
    check_query(f, &q, 1);
}

static void test_actions_dated_ahead_of_today(void **state)
{
    struct fixture *f = *state;
    struct action_query q = query("2024-06-30");

    begin(f, "owner");
    put_action(f, 0, 0, "PA Director", NULL, NULL);
    put_action(f, 1, 0, "PA Director", NULL, NULL);
    put_action(f, 2, 0, "FCIR", NULL, NULL);
    add_due(f, 0, NULL, "2024-03-31");
    add_due(f, 1, NULL, "2024-03-31");
    add_due(f, 2, NULL, "2025-03-31");
    add_update(f, 0, "2024-01-01", ST_RED, "late");
    add_update(f, 0, "2024-08-01", ST_GREEN, "will be done (dated ahead)");
    add_update(f, 1, "2024-01-01", ST_AMBER, NULL);
    /* a revised target taking effect after today: today it is still overdue */
    add_due(f, 1, "2024-09-01", "2024-12-31");
    /* and one moving an overdue date into the future now */
    add_due(f, 2, "2024-01-01", "2023-12-31");
    commit(f);
    assert_kept(f);

    check_query(f, &q, 1);
    /* the kept row of R-00 says green: red today, so in the red filter */
    q.statuses = 1u << ST_RED;
    check_query(f, &q, 1);
    q.statuses = 1u << ST_GREEN;
    check_query(f, &q, 1);
    q.statuses = 0;
    q.overdue = 1;
    check_query(f, &q, 1);
    q.owner = "pa DIRECTOR";
    check_query(f, &q, 1);
    /* and as of a later date, when they are no longer ahead */
    q = query("2024-10-01");
    check_query(f, &q, 1);
    q.overdue = 1;
    check_query(f, &q, 1);
}

/* Many changes at random, then every filter and page against the
 * reference, as of dates before, among and after the changes. */
static void test_every_filter_and_page(void **state)
{
    struct fixture *f = *state;
    static const char *const dates[] = {"2023-01-15", "2023-04-01", "2023-09-30", "2024-02-29",
                                        "2024-06-30", "2024-07-01", "2025-01-01"};
    static const char *const todays[] = {"2023-06-30", "2024-06-30", "2026-01-01"};
    int64_t seqs[400];
    size_t nseqs = 0;

    begin(f, "clerk");
    {
        struct source *src;
        assert_int_equal(store_source_get(f->s, f->source[1], &f->a, &src, &f->e), 0);
        src->marking = MK_RESTRICTED;
        assert_int_equal(store_source_put(f->s, src, &f->e), 0);
    }
    for (int i = 0; i < 36; i++)
        put_action(f, i, (int)rnd(f, 3), OWNERS[rnd(f, 5)], DIRECTORATES[rnd(f, 3)],
                   rnd(f, 4) == 0 ? dates[rnd(f, 7)] : NULL);
    for (int i = 0; i < 36; i++)
        if (rnd(f, 5))
            add_due(f, i, NULL, rnd(f, 6) ? dates[rnd(f, 7)] : "TBC");
    commit(f);
    for (int round = 0; round < 8; round++) {
        begin(f, round % 2 ? "owner" : "board");
        for (int k = 0; k < 40; k++) {
            int i = (int)rnd(f, 36);
            int r = (int)rnd(f, 10);
            if (r < 7 && nseqs < 400)
                seqs[nseqs++] = add_update(f, i, dates[rnd(f, 7)], (enum status)(1 + rnd(f, 5)),
                                           rnd(f, 2) ? "a note" : NULL);
            else if (r < 9)
                add_due(f, i, rnd(f, 3) ? dates[rnd(f, 7)] : NULL, dates[rnd(f, 7)]);
            else if (nseqs) {
                int64_t sq = seqs[rnd(f, (unsigned)nseqs)];
                struct update *u;
                assert_int_equal(store_update_get(f->s, sq, &f->a, &u, &f->e), 0);
                if (!u->is_void)
                    assert_int_equal(store_update_void(f->s, sq, "wrong", &f->e), 0);
            }
        }
        commit(f);
        assert_kept(f);
    }
    /* the owners named, with and without the restricted actions' */
    {
        const char **names;
        size_t nn;
        begin(f, "check");
        assert_int_equal(store_action_names(f->s, 0, 1, &f->a, &names, &nn, &f->e), 0);
        assert_int_equal(nn, 4);
        assert_string_equal(names[0], "FCIR");
        assert_string_equal(names[1], "Head of Custody");
        assert_string_equal(names[2], "PA Director");
        assert_string_equal(names[3], "pa director");
        assert_int_equal(store_action_names(f->s, 1, 0, &f->a, &names, &nn, &f->e), 0);
        assert_true(nn <= 2);
        store_rollback(f->s);
    }
    for (size_t t = 0; t < sizeof todays / sizeof *todays; t++) {
        for (int variant = 0; variant < 60; variant++) {
            struct action_query q = query(todays[t]);
            if (rnd(f, 2))
                q.statuses = (unsigned)(rnd(f, 31) + 1) << 1;
            if (rnd(f, 4) == 0)
                q.source_id = f->source[rnd(f, 3)];
            if (rnd(f, 4) == 0)
                q.kind = AK_AFI;
            if (rnd(f, 4) == 0)
                q.owner = OWNERS[rnd(f, 3)];
            if (rnd(f, 5) == 0)
                q.directorate = "local policing";
            if (rnd(f, 5) == 0) {
                q.mine = 1;
                q.mine_owner = rnd(f, 2) ? " PA DIRECTOR\t" : NULL;
                q.mine_directorate = rnd(f, 2) ? "Specialist Operations" : "  ";
            }
            if (rnd(f, 4) == 0)
                q.overdue = 1;
            if (rnd(f, 5) == 0)
                q.issued_before = D("2023-03-01");
            else if (rnd(f, 5) == 0)
                q.issued_from = D("2023-03-01");
            if (rnd(f, 5) == 0) {
                static const char *const words[] = {"note", "R-1", "pa dir", "custody", "%",
                                                    "ROADS", "_"};
                q.words = words[rnd(f, 7)];
            }
            q.hide_restricted = (int)rnd(f, 2);
            q.sort = (enum action_sort)rnd(f, 4);
            if (rnd(f, 2)) {
                q.offset = rnd(f, 12);
                q.limit = 1 + rnd(f, 10);
            }
            check_query(f, &q, (int)rnd(f, 2));
        }
    }
}

/* A transaction past the row-by-row limit rebuilds at commit. */
static void test_bulk_changes_rebuild_at_commit(void **state)
{
    struct fixture *f = *state;
    struct action_query q = query("2024-06-30");
    char date[DATE_BUFSZ];

    begin(f, "import");
    for (int i = 0; i < 30; i++)
        put_action(f, i, i % 2, OWNERS[i % 5], DIRECTORATES[i % 3], NULL);
    for (int k = 0; k < 2500; k++)
        add_update(f, k % 30, date_format(D("2023-01-01") + k % 700, date),
                   (enum status)(1 + k % 4), k % 7 ? NULL : "note");
    commit(f);
    assert_kept(f);
    check_query(f, &q, 1);
    /* and kept row by row again in the next transaction */
    begin(f, "owner");
    add_update(f, 3, "2024-06-01", ST_RED, "after the import");
    commit(f);
    assert_kept(f);
    check_query(f, &q, 1);
}

/* The version: the largest change number about the action, whatever kind
 * of change it was. */
static void test_version_moves_with_every_change(void **state)
{
    struct fixture *f = *state;
    int64_t v, seq;
    struct action *act;

    begin(f, "clerk");
    put_action(f, 0, 0, "PA Director", NULL, NULL);
    assert_int_equal(store_action_find(f->s, "R-00", &f->a, &act, &f->e), 0);
    assert_int_equal(store_action_version(f->s, act->id, &v, &f->e), 0);
    assert_int_equal(v, act->seq);
    seq = add_update(f, 0, "2023-01-01", ST_AMBER, NULL);
    assert_int_equal(store_action_version(f->s, act->id, &v, &f->e), 0);
    assert_int_equal(v, seq);
    /* an update dated earlier than the latest still moves it */
    seq = add_update(f, 0, "2022-12-01", ST_WHITE, NULL);
    assert_int_equal(store_action_version(f->s, act->id, &v, &f->e), 0);
    assert_int_equal(v, seq);
    add_due(f, 0, NULL, "2024-01-01");
    assert_int_equal(store_action_version(f->s, act->id, &v, &f->e), 0);
    assert_true(v > seq);
    seq = v;
    put_action(f, 0, 0, "FCIR", NULL, NULL);
    assert_int_equal(store_action_version(f->s, act->id, &v, &f->e), 0);
    assert_true(v > seq);
    commit(f);
    begin(f, "clerk");
    assert_int_equal(store_action_version(f->s, 999999, &v, &f->e), ERR_NOTFOUND);
    store_rollback(f->s);
    assert_kept(f);
}

/* A restore brings the state back from the versions it restored. */
static void test_restore_rebuilds(void **state)
{
    struct fixture *f = *state;
    struct action_query q = query("2024-06-30");
    char path2[80];
    FILE *dump = tmpfile();
    struct store *s2;

    begin(f, "clerk");
    put_action(f, 0, 0, "PA Director", NULL, NULL);
    put_action(f, 1, 1, "FCIR", NULL, NULL);
    add_update(f, 0, "2023-05-01", ST_RED, "late");
    add_update(f, 1, "2023-05-01", ST_GREEN, "done");
    commit(f);
    begin(f, "clerk");
    assert_int_equal(store_dump(f->s, dump, &f->e), 0);
    store_rollback(f->s);
    rewind(dump);
    snprintf(path2, sizeof path2, "%s-restored", f->path);
    assert_int_equal(store_open(&s2, path2, STORE_CREATE, &f->e), 0);
    store_set_actor(s2, "restore", moment_now());
    assert_int_equal(store_begin(s2, &f->e), 0);
    assert_int_equal(store_restore(s2, dump, "dump", &f->e), 0);
    assert_int_equal(store_commit(s2, &f->e), 0);
    fclose(dump);
    /* the fixture now reads the restored register */
    store_close(f->s);
    f->s = s2;
    assert_kept(f);
    check_query(f, &q, 1);
    q.statuses = 1u << ST_RED;
    check_query(f, &q, 1);
    unlink(path2);
    snprintf(path2, sizeof path2, "%s-restored-wal", f->path);
    unlink(path2);
    snprintf(path2, sizeof path2, "%s-restored-shm", f->path);
    unlink(path2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_kept_through_every_kind_of_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_actions_dated_ahead_of_today, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_filter_and_page, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_changes_rebuild_at_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_version_moves_with_every_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_rebuilds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
