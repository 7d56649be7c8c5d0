/* fuzz_json.c -- libFuzzer entry point for the JSON parser: whatever it
 * accepts is written out again (base/jsonw.h) and must parse again to the
 * same tree; strings must be UTF-8 C strings of their stated length. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/jsonw.h"
#include "web/http.h"
#include "web/json.h"

static void write_value(struct buf *b, const struct json_value *v)
{
    int first = 1;
    switch (v->type) {
    case JSON_NULL: buf_adds(b, "null"); break;
    case JSON_TRUE: buf_adds(b, "true"); break;
    case JSON_FALSE: buf_adds(b, "false"); break;
    case JSON_NUMBER:
        /* as a double: is_int depends on how it was written, which changes */
        jsonw_num(b, v->number);
        break;
    case JSON_STRING:
        if (strlen(v->string) != v->len || !web_utf8_valid(v->string, v->len))
            __builtin_trap();
        jsonw_strn(b, v->string, v->len);
        break;
    case JSON_ARRAY:
        buf_addc(b, '[');
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                buf_addc(b, ',');
            write_value(b, v->items[i]);
        }
        buf_addc(b, ']');
        break;
    case JSON_OBJECT:
        buf_addc(b, '{');
        for (size_t i = 0; i < v->n; i++) {
            jsonw_key(b, &first, v->members[i].key);
            write_value(b, v->members[i].value);
        }
        buf_addc(b, '}');
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct json_value *v, *w;
    struct err e = {0};
    struct buf b1, b2;

    arena_init(&a);
    buf_init(&b1, (size_t)64 << 20);
    buf_init(&b2, (size_t)64 << 20);
    if (json_parse((const char *)data, size, &a, &v, &e) == 0) {
        write_value(&b1, v);
        if (json_parse(buf_str(&b1), b1.len, &a, &w, &e) != 0)
            __builtin_trap();
        write_value(&b2, w);
        if (b1.len != b2.len || memcmp(buf_str(&b1), buf_str(&b2), b1.len) != 0)
            __builtin_trap();
    } else if (e.msg[0] == '\0') {
        __builtin_trap();
    }
    buf_release(&b1);
    buf_release(&b2);
    arena_release(&a);
    return 0;
}
