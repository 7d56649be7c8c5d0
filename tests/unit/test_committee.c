/* test_committee.c -- the committee table's rules (DESIGN.md §4) on
 * hand-built histories, and properties over many generated registers:
 * every column sums, outstanding = red + amber + white, flows reconcile, and
 * the previous column at D is the current column of the paper at P. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "domain/committee.h"

static int32_t D(const char *s)
{
    int32_t d;
    assert_int_equal(date_parse(s, strlen(s), &d), 0);
    return d;
}

/* A small register built by hand. */
struct reg {
    struct arena a;
    struct timelines tl;
    size_t capv, caps;
};

static void reg_init(struct reg *r)
{
    memset(r, 0, sizeof *r);
    arena_init(&r->a);
    r->tl.sources = arena_alloc(&r->a, 64 * sizeof *r->tl.sources);
    r->tl.v = arena_alloc(&r->a, 4096 * sizeof *r->tl.v);
}

static size_t reg_source(struct reg *r, const char *title, enum scope sc, int32_t published)
{
    struct source *s = arena_alloc(&r->a, sizeof *s);
    s->id = (int64_t)r->tl.nsources + 1;
    s->title = arena_strdup(&r->a, title);
    s->scope = sc;
    s->published = published;
    r->tl.sources[r->tl.nsources] = s;
    return r->tl.nsources++;
}

static struct tl_action *reg_action(struct reg *r, size_t source, const char *ref,
                                    const char *directorate)
{
    struct tl_action *t = &r->tl.v[r->tl.n++];
    struct action *a = arena_alloc(&r->a, sizeof *a);
    a->ref = arena_strdup(&r->a, ref);
    a->issued = DATE_NONE;
    a->source_published = r->tl.sources[source]->published;
    a->directorate = directorate;
    t->a = a;
    t->source = source;
    t->ev = arena_alloc(&r->a, 64 * sizeof *t->ev);
    return t;
}

static void ev(struct tl_action *t, const char *date, enum status s)
{
    t->ev[t->nev].seq = (int64_t)t->nev + 1;
    t->ev[t->nev].date = D(date);
    t->ev[t->nev].status = (uint8_t)s;
    t->nev++;
}

static void compute(struct reg *r, const char *d, const char *p, const char *p0,
                    struct committee_report *out)
{
    char why[256] = "";
    int rc = committee_compute(&r->tl, D(d), p ? D(p) : DATE_NONE, p0 ? D(p0) : DATE_NONE,
                               D("2023-03-01"), D("2023-04-01"), &r->a, out, why, sizeof why);
    if (rc)
        fail_msg("does not reconcile: %s", why);
}

static const struct cm_source *find(const struct committee_report *c, const struct reg *r,
                                    const char *title)
{
    for (size_t i = 0; i < c->nsources; i++)
        if (strcmp(r->tl.sources[c->sources[i].source]->title, title) == 0)
            return &c->sources[i];
    return NULL;
}

static void test_green_listed_once_as_new_then_dropped(void **state)
{
    struct reg r;
    struct committee_report c;
    (void)state;
    reg_init(&r);
    size_t s = reg_source(&r, "Roads policing", SC_NATIONAL, D("2020-07-21"));
    struct tl_action *t = reg_action(&r, s, "RP-1", "Specialist Operations");
    ev(t, "2023-01-10", ST_AMBER);
    ev(t, "2023-06-01", ST_GREEN);
    /* Points: 2023-05-25 (P0), 2023-09-14 (P), 2023-11-23 (D). */
    compute(&r, "2023-09-14", "2023-05-25", NULL, &c);
    assert_int_equal(find(&c, &r, "Roads policing")->current.new_green, 1);
    assert_string_equal(cm_counts_text(&find(&c, &r, "Roads policing")->current, &r.a),
                        "1 NEW GREEN");
    assert_string_equal(cm_counts_text(&find(&c, &r, "Roads policing")->previous, &r.a), "1 AMBER");
    compute(&r, "2023-11-23", "2023-09-14", "2023-05-25", &c);
    /* Still green: no longer listed now, but listed (as new) in the previous column. */
    assert_non_null(find(&c, &r, "Roads policing"));
    assert_int_equal(find(&c, &r, "Roads policing")->current.green, 0);
    assert_int_equal(find(&c, &r, "Roads policing")->previous.new_green, 1);
    assert_int_equal(c.nlisted, 0);
    arena_release(&r.a);
}

static void test_closure_appears_once_in_its_period(void **state)
{
    struct reg r;
    struct committee_report c;
    (void)state;
    reg_init(&r);
    size_t s = reg_source(&r, "PEEL 2022", SC_FORCE, D("2022-10-14"));
    struct tl_action *t = reg_action(&r, s, "PEEL-1", "Local Policing");
    ev(t, "2023-01-10", ST_GREEN);
    ev(t, "2023-10-01", ST_CLOSED);
    compute(&r, "2023-11-23", "2023-09-14", "2023-05-25", &c);
    assert_int_equal(find(&c, &r, "PEEL 2022")->current.closed, 1);
    assert_int_equal(find(&c, &r, "PEEL 2022")->current.new_closed, 1);
    assert_int_equal(find(&c, &r, "PEEL 2022")->current.outstanding, 0);
    compute(&r, "2024-02-22", "2023-11-23", "2023-09-14", &c);
    assert_int_equal(find(&c, &r, "PEEL 2022")->current.closed, 0);
    assert_int_equal(find(&c, &r, "PEEL 2022")->previous.closed, 1);
    arena_release(&r.a);
}

static void test_reopened_counts_in_the_flow(void **state)
{
    struct reg r;
    struct committee_report c;
    (void)state;
    reg_init(&r);
    size_t s = reg_source(&r, "Vetting", SC_NATIONAL, D("2022-11-02"));
    struct tl_action *t = reg_action(&r, s, "V-1", NULL);
    ev(t, "2023-05-01", ST_CLOSED);
    ev(t, "2023-08-01", ST_AMBER);
    ev(t, "2023-08-02", ST_RED);
    compute(&r, "2023-09-14", "2023-05-25", NULL, &c);
    /* From the baseline 2023-04-01: open 1, closed 1, reopened 1: open 1. */
    assert_int_equal(c.flow.open_at_start, 1);
    assert_int_equal(c.flow.closed, 1);
    assert_int_equal(c.flow.reopened, 1);
    assert_int_equal(c.flow.open_now, 1);
    assert_string_equal(cm_counts_text(&find(&c, &r, "Vetting")->current, &r.a), "1 NEW RED");
    assert_int_equal(c.dirs[0].red, 1);
    assert_string_equal(c.dirs[0].name, "(no directorate)");
    arena_release(&r.a);
}

static void test_sources_without_actions_and_new_reports(void **state)
{
    struct reg r;
    struct committee_report c;
    (void)state;
    reg_init(&r);
    reg_source(&r, "Custody inspection", SC_FORCE, D("2023-10-05"));
    size_t old = reg_source(&r, "Old report", SC_NATIONAL, D("2019-01-01"));
    size_t fresh = reg_source(&r, "Vetting 2023", SC_NATIONAL, D("2023-12-14"));
    struct tl_action *t = reg_action(&r, old, "OLD-1", NULL);
    ev(t, "2020-01-01", ST_CLOSED);
    reg_action(&r, fresh, "NEW-1", NULL);
    reg_action(&r, fresh, "NEW-2", NULL);
    compute(&r, "2024-02-22", "2023-11-23", "2023-09-14", &c);
    /* Published in the period: appears, even with no actions. */
    assert_null(find(&c, &r, "Custody inspection"));
    assert_non_null(find(&c, &r, "Vetting 2023"));
    assert_true(find(&c, &r, "Vetting 2023")->is_new);
    assert_int_equal(find(&c, &r, "Vetting 2023")->current.new_white, 2);
    /* Closed years ago: not in the table. */
    assert_null(find(&c, &r, "Old report"));
    assert_int_equal(c.npublished, 1);
    compute(&r, "2023-11-23", "2023-09-14", "2023-05-25", &c);
    assert_non_null(find(&c, &r, "Custody inspection"));
    assert_int_equal(find(&c, &r, "Custody inspection")->actions, 0);
    assert_int_equal(c.npublished, 1);
    assert_int_equal(c.npublished_with_actions, 0);
    arena_release(&r.a);
}

static void test_several_on_one_date_and_no_previous_point(void **state)
{
    struct reg r;
    struct committee_report c;
    (void)state;
    reg_init(&r);
    size_t s = reg_source(&r, "CDI review", SC_FORCE, D("2024-01-15"));
    struct tl_action *t = reg_action(&r, s, "CDI-1", "FCIR");
    ev(t, "2024-02-01", ST_GREEN);
    ev(t, "2024-02-01", ST_AMBER); /* the last recorded on a date wins */
    compute(&r, "2024-02-22", NULL, NULL, &c);
    assert_string_equal(cm_counts_text(&find(&c, &r, "CDI review")->current, &r.a), "1 AMBER");
    assert_int_equal(find(&c, &r, "CDI review")->current.new_amber, 1);
    assert_int_equal(c.outstanding.fresh[SC_FORCE], 1);
    arena_release(&r.a);
}

/* ---- properties over generated registers -------------------------------- */

static uint64_t rng = 88172645463325252ULL;
static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)rng;
}

static void sum_into(struct cm_counts *to, const struct cm_counts *c)
{
    to->red += c->red, to->amber += c->amber, to->white += c->white, to->green += c->green;
    to->closed += c->closed, to->new_green += c->new_green, to->new_red += c->new_red;
    to->new_amber += c->new_amber, to->new_white += c->new_white;
    to->new_closed += c->new_closed, to->outstanding += c->outstanding;
}

static void check_columns(const struct committee_report *c)
{
    for (int k = 0; k < 2; k++) {
        struct cm_counts sum = {0}, by_scope = {0};
        for (size_t i = 0; i < c->nsources; i++) {
            const struct cm_counts *x = k ? &c->sources[i].previous : &c->sources[i].current;
            assert_int_equal(x->outstanding, x->red + x->amber + x->white);
            assert_int_equal(x->green, x->new_green); /* a listed green is always new */
            assert_int_equal(x->closed, x->new_closed);
            sum_into(&sum, x);
        }
        for (int sc = 0; sc < SC__COUNT; sc++)
            sum_into(&by_scope, &c->by_scope[sc][k]);
        assert_memory_equal(&sum, &c->total[k], sizeof sum);
        assert_memory_equal(&by_scope, &c->total[k], sizeof sum);
    }
}

static void test_properties_over_generated_registers(void **state)
{
    static const char *const dirs[] = {"Local Policing", "Specialist Operations", NULL,
                                       "Corporate Services"};
    int32_t points[8];
    (void)state;
    for (int i = 0; i < 8; i++)
        points[i] = D("2022-01-01") + i * 91;
    for (int round = 0; round < 200; round++) {
        struct reg r;
        reg_init(&r);
        size_t ns = 1 + next() % 12;
        for (size_t s = 0; s < ns; s++) {
            char title[32];
            snprintf(title, sizeof title, "Report %zu", s);
            reg_source(&r, title, (enum scope)(1 + next() % 3),
                       D("2021-06-01") + (int32_t)(next() % 900));
        }
        size_t na = next() % 60;
        for (size_t i = 0; i < na; i++) {
            char ref[16];
            snprintf(ref, sizeof ref, "A-%03zu", i);
            struct tl_action *t = reg_action(&r, next() % ns, ref, dirs[next() % 4]);
            int32_t d = t->a->source_published + (int32_t)(next() % 30);
            int nev = (int)(next() % 8);
            if (next() % 5 == 0)
                t->a->issued = d + (int32_t)(next() % 200);
            for (int k = 0; k < nev; k++) {
                d += (int32_t)(next() % 120);
                t->ev[t->nev].seq = k + 1;
                t->ev[t->nev].date = d;
                t->ev[t->nev].status = (uint8_t)(1 + next() % 5);
                t->nev++;
            }
        }
        for (int p = 2; p < 8; p++) {
            struct committee_report now, then;
            char why[256];
            assert_int_equal(committee_compute(&r.tl, points[p], points[p - 1], points[p - 2],
                                               D("2023-01-01"), D("2022-06-01"), &r.a, &now, why,
                                               sizeof why),
                             0);
            check_columns(&now);
            assert_int_equal(now.flow.open_at_start + now.flow.opened + now.flow.reopened -
                                 now.flow.closed,
                             now.flow.open_now);
            /* The paper at P: its current column is this paper's previous. */
            assert_int_equal(committee_compute(&r.tl, points[p - 1], points[p - 2],
                                               p >= 3 ? points[p - 3] : DATE_NONE, D("2023-01-01"),
                                               D("2022-06-01"), &r.a, &then, why, sizeof why),
                             0);
            if (p >= 3)
                assert_memory_equal(&now.total[1], &then.total[0], sizeof now.total[1]);
            for (size_t i = 0; p >= 3 && i < then.nsources; i++) {
                const struct cm_source *x = &then.sources[i];
                int found = 0;
                for (size_t j = 0; j < now.nsources; j++)
                    if (now.sources[j].source == x->source) {
                        assert_memory_equal(&now.sources[j].previous, &x->current,
                                            sizeof x->current);
                        found = 1;
                    }
                /* A source listed at P appears at D too. */
                if (x->current.red + x->current.amber + x->current.white + x->current.green +
                    x->current.closed)
                    assert_true(found);
            }
        }
        arena_release(&r.a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_green_listed_once_as_new_then_dropped),
        cmocka_unit_test(test_closure_appears_once_in_its_period),
        cmocka_unit_test(test_reopened_counts_in_the_flow),
        cmocka_unit_test(test_sources_without_actions_and_new_reports),
        cmocka_unit_test(test_several_on_one_date_and_no_previous_point),
        cmocka_unit_test(test_properties_over_generated_registers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
