/* test_store_evidence.c -- evidence kept in the register: a link and a
 * file (every byte value, NULs included) read back as written; found only
 * through its own action; and a dump of a register holding them restored
 * into an empty one and dumped again gives the same bytes, with the file's
 * bytes intact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "store/evidence.h"
#include "store/store.h"

struct reg {
    char path[64];
    struct store *s;
    struct arena a;
};

static void reg_new(struct reg *r)
{
    struct err e = {0};
    int fd;
    snprintf(r->path, sizeof r->path, "/tmp/oversight-evidence-XXXXXX");
    fd = mkstemp(r->path);
    close(fd);
    unlink(r->path);
    arena_init(&r->a);
    assert_int_equal(store_open(&r->s, r->path, STORE_CREATE, &e), 0);
    store_set_actor(r->s, "ed", 1708596930000000LL); /* 2024-02-22T10:15:30Z */
}

static void reg_free(struct reg *r)
{
    char p[96];
    store_close(r->s);
    arena_release(&r->a);
    unlink(r->path);
    snprintf(p, sizeof p, "%s-wal", r->path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", r->path);
    unlink(p);
}

static unsigned char FILE_BYTES[1000];

/* A register with two actions; the first has an update with a link and a
 * file as its evidence. Returns the file's evidence id. */
static int64_t fill(struct reg *r, int64_t *action_id, int64_t *other_id)
{
    struct err e = {0};
    struct source src = {0};
    struct action a = {0}, b = {0};
    struct update u = {0};
    struct evidence link = {0}, file = {0};

    for (size_t i = 0; i < sizeof FILE_BYTES; i++)
        FILE_BYTES[i] = (unsigned char)(i * 7 + 3);
    FILE_BYTES[10] = 0;
    assert_int_equal(store_begin(r->s, &e), 0);
    src.title = "PEEL 2023";
    src.published = date_from_ymd(2023, 5, 1);
    assert_int_equal(store_source_put(r->s, &src, &e), 0);
    a.ref = "7/2023/P";
    a.source_id = src.id;
    a.text = "Improve";
    a.issued = DATE_NONE;
    assert_int_equal(store_action_put(r->s, &a, &e), 0);
    b = a;
    b.id = 0;
    b.ref = "8/2023/P";
    assert_int_equal(store_action_put(r->s, &b, &e), 0);
    u.action_id = a.id;
    u.date = date_from_ymd(2024, 2, 1);
    u.status = ST_GREEN;
    u.note = "Delivered";
    assert_int_equal(store_update_add(r->s, &u, &e), 0);
    link.update_seq = u.seq;
    link.kind = "link";
    link.url = "https://intranet.example/report";
    assert_int_equal(store_evidence_add(r->s, &link, &e), 0);
    file.update_seq = u.seq;
    file.kind = "file";
    file.filename = "report.pdf";
    file.content_type = "application/pdf";
    file.size = sizeof FILE_BYTES;
    file.sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    file.data = FILE_BYTES;
    assert_int_equal(store_evidence_add(r->s, &file, &e), 0);
    assert_int_equal(store_commit(r->s, &e), 0);
    *action_id = a.id;
    *other_id = b.id;
    return file.seq;
}

static void test_kept_and_read_back(void **state)
{
    struct reg r;
    struct err e = {0};
    struct evidence **v, *ev;
    size_t n;
    int64_t id, other, seq;

    reg_new(&r);
    seq = fill(&r, &id, &other);
    assert_int_equal(store_evidence_of_action(r.s, id, &r.a, &v, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0]->kind, "link");
    assert_string_equal(v[0]->url, "https://intranet.example/report");
    assert_null(v[0]->filename);
    assert_string_equal(v[1]->kind, "file");
    assert_string_equal(v[1]->filename, "report.pdf");
    assert_int_equal(v[1]->size, 1000);
    assert_null(v[1]->data); /* the list carries no bytes */
    assert_string_equal(v[1]->recorded_by, "ed");
    assert_string_equal(v[1]->recorded_at, "2024-02-22T10:15:30.000000Z");
    assert_int_equal(store_evidence_get(r.s, id, seq, &r.a, &ev, &e), 0);
    assert_int_equal(ev->size, 1000);
    assert_memory_equal(ev->data, FILE_BYTES, 1000);
    /* not through another action */
    assert_int_equal(store_evidence_get(r.s, other, seq, &r.a, &ev, &e), ERR_NOTFOUND);
    assert_int_equal(store_evidence_of_action(r.s, other, &r.a, &v, &n, &e), 0);
    assert_int_equal(n, 0);
    /* outside a transaction nothing is written */
    {
        struct evidence x = {0};
        x.update_seq = 1;
        x.kind = "link";
        x.url = "https://x.example/";
        assert_int_equal(store_evidence_add(r.s, &x, &e), ERR_DB);
    }
    reg_free(&r);
}

static char *dump(struct store *s, size_t *len)
{
    char *p = NULL;
    FILE *f = open_memstream(&p, len);
    struct err e = {0};
    assert_non_null(f);
    assert_int_equal(store_begin_read(s, &e), 0);
    assert_int_equal(store_dump(s, f, &e), 0);
    store_rollback(s);
    fclose(f);
    return p;
}

static void test_dump_restore_dump(void **state)
{
    struct reg r, r2;
    struct err e = {0};
    struct evidence *ev;
    char *d1, *d2;
    size_t n1, n2;
    int64_t id, other, seq;
    FILE *in;

    reg_new(&r);
    seq = fill(&r, &id, &other);
    d1 = dump(r.s, &n1);
    /* the file's bytes as base64, the link as text */
    assert_non_null(strstr(d1, "\"table\":\"evidence\""));
    assert_non_null(strstr(d1, "\"data\":{\"base64\":\"A"));
    assert_non_null(strstr(d1, "\"url\":\"https://intranet.example/report\""));

    reg_new(&r2);
    in = fmemopen(d1, n1, "r");
    assert_int_equal(store_begin(r2.s, &e), 0);
    if (store_restore(r2.s, in, "dump.jsonl", &e))
        fail_msg("restore: %s", e.msg);
    assert_int_equal(store_commit(r2.s, &e), 0);
    fclose(in);
    d2 = dump(r2.s, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(d1, d2, n1);
    assert_int_equal(store_evidence_get(r2.s, id, seq, &r2.a, &ev, &e), 0);
    assert_memory_equal(ev->data, FILE_BYTES, sizeof FILE_BYTES);
    free(d1);
    free(d2);
    reg_free(&r);
    reg_free(&r2);
}

static void test_bad_base64_is_refused(void **state)
{
    struct reg r;
    struct err e = {0};
    char text[512];
    FILE *in;

    reg_new(&r);
    {
        /* the header line of this program's own dumps, then a bad row */
        char *p = NULL;
        size_t len;
        FILE *f = open_memstream(&p, &len);
        assert_int_equal(store_begin_read(r.s, &e), 0);
        assert_int_equal(store_dump(r.s, f, &e), 0);
        store_rollback(r.s);
        fclose(f);
        snprintf(text, sizeof text,
                 "%.*s{\"table\":\"actions\",\"id\":1,\"ref\":{\"base64\":\"!!!\"}}\n",
                 (int)strcspn(p, "\n") + 1, p);
        free(p);
    }
    in = fmemopen(text, strlen(text), "r");
    assert_int_equal(store_begin(r.s, &e), 0);
    assert_int_equal(store_restore(r.s, in, "bad.jsonl", &e), ERR_INPUT);
    assert_string_equal(e.msg, "bad.jsonl:2: column \"ref\" is not valid base64");
    store_rollback(r.s);
    fclose(in);
    reg_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_and_read_back),
        cmocka_unit_test(test_dump_restore_dump),
        cmocka_unit_test(test_bad_base64_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
