/* test_web_form.c -- the application/x-www-form-urlencoded parser: what a
 * browser sends decodes to what was typed; bad escapes, NULs, bytes that
 * are not UTF-8 and too many fields are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "web/form.h"

static int parse(struct arena *a, const char *s, struct web_field **f, size_t *n, struct err *e)
{
    return form_parse(s, strlen(s), a, f, n, e);
}

static void test_browser_form_decodes(void **state)
{
    struct arena a;
    struct web_field *f;
    size_t n;
    struct err e = {0};

    arena_init(&a);
    assert_int_equal(parse(&a,
                           "csrf=abc-_1&username=alice&password=p%40ss+w%C3%B6rd%21&note="
                           "line1%0D%0Aline2&empty=&flag&=nameless",
                           &f, &n, &e),
                     0);
    assert_int_equal(n, 7);
    assert_string_equal(form_get(f, n, "csrf"), "abc-_1");
    assert_string_equal(form_get(f, n, "password"), "p@ss w\xC3\xB6rd!");
    assert_string_equal(form_get(f, n, "note"), "line1\r\nline2");
    assert_string_equal(form_get(f, n, "empty"), "");
    assert_string_equal(form_get(f, n, "flag"), "");
    assert_string_equal(form_get(f, n, ""), "nameless");
    assert_null(form_get(f, n, "missing"));
    arena_release(&a);
}

static void test_repeated_and_empty_pairs(void **state)
{
    struct arena a;
    struct web_field *f;
    size_t n;
    struct err e = {0};

    arena_init(&a);
    assert_int_equal(parse(&a, "&&a=1&&a=2&", &f, &n, &e), 0);
    assert_int_equal(n, 2);
    assert_string_equal(form_get(f, n, "a"), "1"); /* the first wins */
    assert_string_equal(f[1].value, "2");
    assert_int_equal(parse(&a, "", &f, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_null(form_get(f, n, "a"));
    arena_release(&a);
}

static void test_bad_input_is_refused(void **state)
{
    static const char *const bad[] = {"a=%", "a=%4", "a=%G1", "a=1%00", "%00=1", "a=%FF",
                                      "a=%ED%A0%80", "a=\xC3"};
    struct arena a;
    struct web_field *f;
    size_t n;
    struct err e = {0};

    arena_init(&a);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse(&a, bad[i], &f, &n, &e), ERR_INPUT);
        assert_non_null(strstr(e.msg, "field 1"));
    }
    arena_release(&a);
}

static void test_limits(void **state)
{
    struct arena a;
    struct web_field *f;
    size_t n;
    struct err e = {0};
    struct buf b;

    arena_init(&a);
    buf_init(&b, 1 << 20);
    for (int i = 0; i < FORM_MAX_FIELDS; i++)
        buf_addf(&b, "%sf%d=%d", i ? "&" : "", i, i);
    assert_int_equal(form_parse(b.p, b.len, &a, &f, &n, &e), 0);
    assert_int_equal(n, FORM_MAX_FIELDS);
    buf_adds(&b, "&one=more");
    assert_int_equal(form_parse(b.p, b.len, &a, &f, &n, &e), ERR_LIMIT);
    assert_string_equal(e.msg, "more than 1000 form fields");

    buf_reset(&b);
    for (int i = 0; i < FORM_MAX_NAME + 1; i++)
        buf_addc(&b, 'n');
    buf_adds(&b, "=1");
    assert_int_equal(form_parse(b.p, b.len, &a, &f, &n, &e), ERR_LIMIT);
    buf_release(&b);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_browser_form_decodes),
        cmocka_unit_test(test_repeated_and_empty_pairs),
        cmocka_unit_test(test_bad_input_is_refused),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
