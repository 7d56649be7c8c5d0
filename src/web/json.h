/* json.h -- a small, strict, bounded JSON parser (RFC 8259) into a tree in
 * the request's arena, for the bodies of API requests. (Writing JSON is
 * base/jsonw.h.)
 *
 * Strict: one value with optional whitespace around it; no comments, no
 * trailing commas, no leading zeros, no NaN; the input must be UTF-8;
 * strings may not hold raw control characters, lone surrogates or \u0000
 * (so every string is also a C string); an object may not repeat a key.
 * Bounded: nesting deeper than JSON_MAX_DEPTH, more than JSON_MAX_VALUES
 * values or a number longer than JSON_MAX_NUMBER characters is ERR_LIMIT,
 * so no input can exhaust the stack or make the tree much larger than the
 * text. Errors name the byte offset where the parse stopped. */
#ifndef OVERSIGHT_JSON_H
#define OVERSIGHT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

#define JSON_MAX_DEPTH 32
#define JSON_MAX_VALUES 100000
#define JSON_MAX_NUMBER 64

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_member;

struct json_value {
    enum json_type type;
    double number;       /* JSON_NUMBER */
    int is_int;          /* JSON_NUMBER written as an integer that fits int64_t */
    int64_t integer;
    const char *string;  /* JSON_STRING: decoded, NUL-terminated */
    size_t len;          /* its length in bytes */
    struct json_value **items; /* JSON_ARRAY */
    struct json_member *members; /* JSON_OBJECT, in the order written */
    size_t n;            /* items or members */
};

struct json_member {
    const char *key;
    struct json_value *value;
};

/* Parses s[0..n). Returns 0 with the root in *out, or ERR_INPUT / ERR_LIMIT. */
int json_parse(const char *s, size_t n, struct arena *a, struct json_value **out, struct err *e);
/* The member key of an object, or NULL (also when v is not an object). */
const struct json_value *json_get(const struct json_value *v, const char *key);
/* The string of a JSON_STRING value, else NULL. */
const char *json_str(const struct json_value *v);

#endif
