/* json.c -- the strict, bounded JSON parser. Recursive descent; the depth
 * limit bounds the recursion. */
#include "web/json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"
#include "web/http.h"

struct parser {
    const char *s, *end, *p;
    struct arena *a;
    struct err *e;
    size_t values;
    int depth;
};

static int fail(struct parser *ps, int code, const char *what)
{
    return err_set(ps->e, code, "JSON: %s at byte %zu", what, (size_t)(ps->p - ps->s));
}

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end &&
           (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int parse_value(struct parser *ps, struct json_value **out);

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xc0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xe0 | cp >> 12);
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *o++ = (char)(0x80 | (cp & 0x3f));
    } else {
        *o++ = (char)(0xf0 | cp >> 18);
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
        *o++ = (char)(0x80 | (cp & 0x3f));
    }
    return o;
}

/* A string starting at the opening quote; decoded into the arena. The
 * decoded text is never longer than the escaped one. */
static int parse_string(struct parser *ps, const char **out, size_t *len)
{
    const char *start = ++ps->p;
    char *buf, *o;

    while (ps->p < ps->end && *ps->p != '"') {
        if ((unsigned char)*ps->p < 0x20)
            return fail(ps, ERR_INPUT, "a control character in a string");
        ps->p += *ps->p == '\\' && ps->end - ps->p > 1 ? 2 : 1;
    }
    if (ps->p >= ps->end)
        return fail(ps, ERR_INPUT, "a string is not closed");
    buf = o = arena_alloc(ps->a, (size_t)(ps->p - start) + 1);
    for (const char *q = start; q < ps->p;) {
        unsigned cp, lo;
        if (*q != '\\') {
            *o++ = *q++;
            continue;
        }
        switch (q[1]) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u':
            if (ps->p - q < 6 || hex4(q + 2, &cp))
                goto bad_escape;
            if (cp >= 0xdc00 && cp <= 0xdfff)
                goto bad_escape;
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (ps->p - q < 12 || q[6] != '\\' || q[7] != 'u' || hex4(q + 8, &lo) ||
                    lo < 0xdc00 || lo > 0xdfff)
                    goto bad_escape;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                q += 6;
            }
            if (cp == 0)
                goto bad_escape;
            o = put_utf8(o, cp);
            q += 6;
            continue;
        default:
            goto bad_escape;
        }
        q += 2;
        continue;
    bad_escape:
        ps->p = q;
        return fail(ps, ERR_INPUT, "a bad escape in a string");
    }
    *o = '\0';
    ps->p++; /* the closing quote */
    *out = buf;
    *len = (size_t)(o - buf);
    return 0;
}

static int parse_number(struct parser *ps, struct json_value *v)
{
    const char *start = ps->p, *q = ps->p, *end = ps->end;
    char text[JSON_MAX_NUMBER + 1];
    int integral = 1;

    if (q < end && *q == '-')
        q++;
    if (q < end && *q == '0') {
        q++;
    } else if (q < end && *q >= '1' && *q <= '9') {
        while (q < end && *q >= '0' && *q <= '9')
            q++;
    } else {
        return fail(ps, ERR_INPUT, "a bad number");
    }
    if (q < end && *q == '.') {
        integral = 0;
        if (++q >= end || *q < '0' || *q > '9')
            return fail(ps, ERR_INPUT, "a bad number");
        while (q < end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q < end && (*q == 'e' || *q == 'E')) {
        integral = 0;
        if (++q < end && (*q == '+' || *q == '-'))
            q++;
        if (q >= end || *q < '0' || *q > '9')
            return fail(ps, ERR_INPUT, "a bad number");
        while (q < end && *q >= '0' && *q <= '9')
            q++;
    }
    if (q - start > JSON_MAX_NUMBER)
        return fail(ps, ERR_LIMIT, "a number too long");
    memcpy(text, start, (size_t)(q - start));
    text[q - start] = '\0';
    v->type = JSON_NUMBER;
    v->number = strtod(text, NULL);
    if (!isfinite(v->number))
        return fail(ps, ERR_INPUT, "a number out of range");
    if (integral) {
        errno = 0;
        v->integer = strtoll(text, NULL, 10);
        v->is_int = errno == 0;
    }
    ps->p = q;
    return 0;
}

/* Grows an arena vector of pointers-or-members, doubling. */
static void *grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size)
{
    void *nv;
    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 8;
    nv = arena_alloc(a, *cap * size);
    if (n)
        memcpy(nv, v, n * size);
    return nv;
}

static int parse_array(struct parser *ps, struct json_value *v)
{
    size_t cap = 0;
    int rc;
    v->type = JSON_ARRAY;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        return 0;
    }
    for (;;) {
        struct json_value *item;
        if ((rc = parse_value(ps, &item)))
            return rc;
        v->items = grow(ps->a, v->items, v->n, &cap, sizeof *v->items);
        v->items[v->n++] = item;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == ']') {
            ps->p++;
            return 0;
        }
        return fail(ps, ERR_INPUT, "expected , or ] in an array");
    }
}

static int parse_object(struct parser *ps, struct json_value *v)
{
    struct strmap keys;
    size_t cap = 0;
    int rc = 0;

    v->type = JSON_OBJECT;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        return 0;
    }
    strmap_init(&keys);
    for (;;) {
        const char *key;
        size_t klen;
        struct json_value *val;

        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != '"') {
            rc = fail(ps, ERR_INPUT, "expected a key in an object");
            break;
        }
        if ((rc = parse_string(ps, &key, &klen)))
            break;
        if (!strmap_put(&keys, key, klen, 1)) {
            rc = fail(ps, ERR_INPUT, "a key repeated in an object");
            break;
        }
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != ':') {
            rc = fail(ps, ERR_INPUT, "expected : after a key");
            break;
        }
        ps->p++;
        if ((rc = parse_value(ps, &val)))
            break;
        v->members = grow(ps->a, v->members, v->n, &cap, sizeof *v->members);
        v->members[v->n].key = key;
        v->members[v->n++].value = val;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == '}') {
            ps->p++;
            break;
        }
        rc = fail(ps, ERR_INPUT, "expected , or } in an object");
        break;
    }
    strmap_release(&keys);
    return rc;
}

static int literal(struct parser *ps, const char *word, enum json_type t, struct json_value *v)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail(ps, ERR_INPUT, "an unexpected character");
    ps->p += n;
    v->type = t;
    return 0;
}

static int parse_value(struct parser *ps, struct json_value **out)
{
    struct json_value *v;
    int rc;

    skip_ws(ps);
    if (ps->p >= ps->end)
        return fail(ps, ERR_INPUT, "the text ends where a value should be");
    if (++ps->values > JSON_MAX_VALUES)
        return fail(ps, ERR_LIMIT, "too many values");
    v = *out = arena_alloc(ps->a, sizeof *v);
    switch (*ps->p) {
    case '{':
    case '[':
        if (++ps->depth > JSON_MAX_DEPTH)
            return fail(ps, ERR_LIMIT, "nesting too deep");
        rc = *ps->p == '{' ? parse_object(ps, v) : parse_array(ps, v);
        ps->depth--;
        return rc;
    case '"':
        v->type = JSON_STRING;
        return parse_string(ps, &v->string, &v->len);
    case 't': return literal(ps, "true", JSON_TRUE, v);
    case 'f': return literal(ps, "false", JSON_FALSE, v);
    case 'n': return literal(ps, "null", JSON_NULL, v);
    default:
        if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
            return parse_number(ps, v);
        return fail(ps, ERR_INPUT, "an unexpected character");
    }
}

int json_parse(const char *s, size_t n, struct arena *a, struct json_value **out, struct err *e)
{
    struct parser ps = {s, s + n, s, a, e, 0, 0};
    int rc;

    *out = NULL;
    if (!web_utf8_valid(s, n))
        return err_set(e, ERR_INPUT, "JSON: the text is not UTF-8");
    if ((rc = parse_value(&ps, out)))
        return rc;
    skip_ws(&ps);
    if (ps.p != ps.end) {
        *out = NULL;
        return fail(&ps, ERR_INPUT, "text after the value");
    }
    return 0;
}

const struct json_value *json_get(const struct json_value *v, const char *key)
{
    if (!v || v->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->members[i].key, key) == 0)
            return v->members[i].value;
    return NULL;
}

const char *json_str(const struct json_value *v)
{
    return v && v->type == JSON_STRING ? v->string : NULL;
}
