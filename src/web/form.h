/* form.h -- the application/x-www-form-urlencoded parser, for form bodies
 * and query strings: our own, bounded, so that what a client sends is
 * never trusted to a library's idea of limits.
 *
 * name=value pairs separated by '&'; '+' is a space; %XX escapes decoded.
 * Strict: a bad escape, a decoded NUL or bytes that are not UTF-8 refuse
 * the whole body (ERR_INPUT), as do more than FORM_MAX_FIELDS fields or a
 * name longer than FORM_MAX_NAME bytes (ERR_LIMIT). Empty pairs ("a=1&&b=2")
 * are skipped; a pair without '=' is a field with an empty value. */
#ifndef OVERSIGHT_FORM_H
#define OVERSIGHT_FORM_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "web/http.h"

#define FORM_MAX_FIELDS 1000
#define FORM_MAX_NAME 256

/* Parses s[0..n) into fields in arena a. Returns 0, or ERR_INPUT / ERR_LIMIT
 * with a message in e. */
int form_parse(const char *s, size_t n, struct arena *a, struct web_field **out, size_t *nout,
               struct err *e);
/* The first field called name, or NULL. */
const char *form_get(const struct web_field *f, size_t n, const char *name);

#endif
