/* test_web_json.c -- the strict, bounded JSON parser: the values an API
 * client sends, escapes and surrogate pairs, and every refusal (trailing
 * commas, leading zeros, lone surrogates, \u0000, repeated keys, depth and
 * size limits), each naming where. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "web/json.h"

static int parse(struct arena *a, const char *s, struct json_value **v, struct err *e)
{
    return json_parse(s, strlen(s), a, v, e);
}

static void test_values(void **state)
{
    struct arena a;
    struct json_value *v;
    const struct json_value *x;
    struct err e = {0};

    arena_init(&a);
    assert_int_equal(parse(&a,
                           " {\"ref\": \"7/2023/P\", \"status\":\"amber\", \"n\": -12, "
                           "\"r\": 2.5e-1, \"big\": 12345678901234567890, \"ok\": true, "
                           "\"no\": false, \"none\": null, \"list\": [1, [], {}, \"\"]}\n",
                           &v, &e),
                     0);
    assert_int_equal(v->type, JSON_OBJECT);
    assert_int_equal(v->n, 9);
    assert_string_equal(json_str(json_get(v, "ref")), "7/2023/P");
    x = json_get(v, "n");
    assert_int_equal(x->type, JSON_NUMBER);
    assert_true(x->is_int);
    assert_int_equal(x->integer, -12);
    x = json_get(v, "r");
    assert_false(x->is_int);
    assert_true(x->number == 0.25);
    x = json_get(v, "big");
    assert_false(x->is_int); /* past int64: a double only */
    assert_true(x->number > 1.2e19);
    assert_int_equal(json_get(v, "ok")->type, JSON_TRUE);
    assert_int_equal(json_get(v, "no")->type, JSON_FALSE);
    assert_int_equal(json_get(v, "none")->type, JSON_NULL);
    x = json_get(v, "list");
    assert_int_equal(x->type, JSON_ARRAY);
    assert_int_equal(x->n, 4);
    assert_int_equal(x->items[1]->type, JSON_ARRAY);
    assert_int_equal(x->items[2]->type, JSON_OBJECT);
    assert_string_equal(json_str(x->items[3]), "");
    assert_null(json_get(v, "missing"));
    assert_null(json_get(x, "ref"));
    arena_release(&a);
}

static void test_string_escapes(void **state)
{
    struct arena a;
    struct json_value *v;
    struct err e = {0};

    arena_init(&a);
    assert_int_equal(parse(&a, "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u2013\\ud83d\\ude00 \xC3\xA9\"",
                           &v, &e),
                     0);
    assert_string_equal(v->string, "a\"b\\c/d\b\f\n\r\t\xC3\xA9\xE2\x80\x93\xF0\x9F\x98\x80 \xC3\xA9");
    assert_int_equal(v->len, strlen(v->string));
    arena_release(&a);
}

static void test_refusals(void **state)
{
    static const struct {
        const char *text, *msg;
        int code;
    } T[] = {
        {"", "ends where a value should be", ERR_INPUT},
        {"[1,]", "unexpected character", ERR_INPUT},
        {"{\"a\":1,}", "expected a key", ERR_INPUT},
        {"01", "text after the value", ERR_INPUT},
        {"1.", "a bad number", ERR_INPUT},
        {"-", "a bad number", ERR_INPUT},
        {"1e", "a bad number", ERR_INPUT},
        {"NaN", "unexpected character", ERR_INPUT},
        {"1e999", "out of range", ERR_INPUT},
        {"\"\\ud800\"", "bad escape", ERR_INPUT},
        {"\"\\udc00\\ud800\"", "bad escape", ERR_INPUT},
        {"\"\\u0000\"", "bad escape", ERR_INPUT},
        {"\"\\x\"", "bad escape", ERR_INPUT},
        {"\"a\tb\"", "control character", ERR_INPUT},
        {"\"open", "not closed", ERR_INPUT},
        {"\"\xFF\"", "not UTF-8", ERR_INPUT},
        {"{\"a\":1,\"a\":2}", "repeated", ERR_INPUT},
        {"{\"a\" 1}", "expected :", ERR_INPUT},
        {"[1 2]", "expected , or ]", ERR_INPUT},
        {"tru", "unexpected character", ERR_INPUT},
        {"{} {}", "text after the value", ERR_INPUT},
        {"// comment\n1", "unexpected character", ERR_INPUT},
    };
    struct arena a;
    struct json_value *v;
    struct err e = {0};

    arena_init(&a);
    for (size_t i = 0; i < sizeof T / sizeof *T; i++) {
        int rc = parse(&a, T[i].text, &v, &e);
        if (rc != T[i].code || !strstr(e.msg, T[i].msg))
            fail_msg("case %zu (%s): rc %d, \"%s\"", i, T[i].text, rc, e.msg);
    }
    assert_int_equal(parse(&a, "[1,]", &v, &e), ERR_INPUT);
    assert_string_equal(e.msg, "JSON: an unexpected character at byte 3");
    arena_release(&a);
}

static void test_limits(void **state)
{
    struct arena a;
    struct json_value *v;
    struct err e = {0};
    struct buf b;

    arena_init(&a);
    buf_init(&b, 1 << 20);
    for (int i = 0; i < JSON_MAX_DEPTH; i++)
        buf_addc(&b, '[');
    for (int i = 0; i < JSON_MAX_DEPTH; i++)
        buf_addc(&b, ']');
    assert_int_equal(json_parse(b.p, b.len, &a, &v, &e), 0);
    buf_reset(&b);
    for (int i = 0; i <= JSON_MAX_DEPTH; i++)
        buf_addc(&b, '[');
    assert_int_equal(json_parse(b.p, b.len, &a, &v, &e), ERR_LIMIT);
    assert_non_null(strstr(e.msg, "nesting too deep"));

    buf_reset(&b);
    buf_addc(&b, '[');
    for (int i = 0; i < JSON_MAX_VALUES; i++)
        buf_adds(&b, i ? ",0" : "0");
    buf_addc(&b, ']');
    assert_int_equal(json_parse(b.p, b.len, &a, &v, &e), ERR_LIMIT);
    assert_non_null(strstr(e.msg, "too many values"));

    buf_reset(&b);
    for (int i = 0; i <= JSON_MAX_NUMBER; i++)
        buf_addc(&b, '1');
    assert_int_equal(json_parse(b.p, b.len, &a, &v, &e), ERR_LIMIT);
    buf_release(&b);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
