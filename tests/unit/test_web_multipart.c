/* test_web_multipart.c -- the multipart/form-data parser on what browsers
 * send: fields and a file (with its name, type and exact bytes, CRLFs and
 * NULs included), quoted boundaries, preambles; and the refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "web/multipart.h"

#define CT "multipart/form-data; boundary=----WebKitFormBoundaryAbC123"
#define B "------WebKitFormBoundaryAbC123"

static void test_fields_and_a_file(void **state)
{
    static const char body[] =
        B "\r\n"
          "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
          "tok123\r\n" B "\r\n"
          "Content-Disposition: form-data; name=\"file\"; filename=\"actions 2024.csv\"\r\n"
          "Content-Type: text/csv\r\n\r\n"
          "ref,text\r\nA-1,\"x\0y\"\r\n\r\n" B "\r\n"
          "content-disposition: form-data; name=\"empty\"\r\n\r\n"
          "\r\n" B "--\r\n";
    struct arena a;
    struct multipart_part *p;
    const struct multipart_part *f;
    size_t n;
    struct err e = {0};

    arena_init(&a);
    assert_int_equal(multipart_parse(CT, body, sizeof body - 1, &a, &p, &n, &e), 0);
    assert_int_equal(n, 3);
    assert_string_equal(p[0].name, "csrf");
    assert_null(p[0].filename);
    assert_int_equal(p[0].len, 6);
    assert_memory_equal(p[0].data, "tok123", 6);
    f = multipart_get(p, n, "file");
    assert_non_null(f);
    assert_string_equal(f->filename, "actions 2024.csv");
    assert_string_equal(f->content_type, "text/csv");
    assert_int_equal(f->len, 21);
    assert_memory_equal(f->data, "ref,text\r\nA-1,\"x\0y\"\r\n", 21);
    assert_int_equal(p[2].len, 0);
    assert_null(multipart_get(p, n, "missing"));
    arena_release(&a);
}

static void test_quoted_boundary_preamble_and_epilogue(void **state)
{
    static const char body[] = "a preamble to ignore\r\n"
                               "--x y\r\n"
                               "Content-Disposition: form-data; name=a\r\n\r\n"
                               "1\r\n"
                               "--x y--\r\nan epilogue";
    struct arena a;
    struct multipart_part *p;
    size_t n;
    struct err e = {0};

    arena_init(&a);
    assert_int_equal(multipart_parse("multipart/form-data; charset=utf-8; boundary=\"x y\"", body,
                                     sizeof body - 1, &a, &p, &n, &e),
                     0);
    assert_int_equal(n, 1);
    assert_string_equal(p[0].name, "a");
    assert_int_equal(p[0].len, 1);
    arena_release(&a);
}

static void test_refusals(void **state)
{
    static const struct {
        const char *ct, *body, *msg;
    } T[] = {
        {"multipart/form-data", "--x\r\n\r\n--x--", "no boundary"},
        {"text/plain; boundary=x", "", "not a multipart"},
        {"multipart/form-data; boundary=", "", "1 to 70"},
        {"multipart/form-data; boundary=x", "no delimiter here", "no delimiter"},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunfinished", "closing"},
        {"multipart/form-data; boundary=x", "--x\r\nContent-Type: text/plain\r\n\r\nv\r\n--x--",
         "no form-data name"},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--x--", "not form-data"},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--x--", "not closed"},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nv\r\n--x--", "bad header"},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: form-data; name=\"a\xFF\"\r\n\r\nv\r\n--x--", "UTF-8"},
        {"multipart/form-data; boundary=x", "--xjunk\r\n", "bad delimiter"},
    };
    struct arena a;
    struct multipart_part *p;
    size_t n;
    struct err e = {0};

    arena_init(&a);
    for (size_t i = 0; i < sizeof T / sizeof *T; i++) {
        int rc = multipart_parse(T[i].ct, T[i].body, strlen(T[i].body), &a, &p, &n, &e);
        if (rc != ERR_INPUT || !strstr(e.msg, T[i].msg))
            fail_msg("case %zu: rc %d, \"%s\" (wanted \"%s\")", i, rc, e.msg, T[i].msg);
    }
    arena_release(&a);
}

static void test_limits(void **state)
{
    struct arena a;
    struct multipart_part *p;
    size_t n;
    struct err e = {0};
    struct buf b;

    arena_init(&a);
    buf_init(&b, 1 << 20);
    for (int i = 0; i <= MULTIPART_MAX_PARTS; i++)
        buf_addf(&b, "--x\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
    buf_adds(&b, "--x--\r\n");
    assert_int_equal(multipart_parse("multipart/form-data; boundary=x", b.p, b.len, &a, &p, &n, &e),
                     ERR_LIMIT);
    buf_reset(&b);
    buf_adds(&b, "--x\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Long: ");
    for (int i = 0; i < MULTIPART_MAX_HEADER; i++)
        buf_addc(&b, 'h');
    buf_adds(&b, "\r\n\r\nv\r\n--x--\r\n");
    assert_int_equal(multipart_parse("multipart/form-data; boundary=x", b.p, b.len, &a, &p, &n, &e),
                     ERR_LIMIT);
    buf_release(&b);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_and_a_file),
        cmocka_unit_test(test_quoted_boundary_preamble_and_epilogue),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
