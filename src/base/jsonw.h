/* jsonw.h -- writing JSON into a struct buf: strings escaped, numbers as
 * integers or shortest round-trip decimals. Used by every JSON output (dumps,
 * exports, reports), so they all escape and format numbers the same way. */
#ifndef OVERSIGHT_JSONW_H
#define OVERSIGHT_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* A JSON string literal, quotes included; NULL writes null. */
int jsonw_str(struct buf *b, const char *s);
int jsonw_strn(struct buf *b, const char *s, size_t n);
int jsonw_int(struct buf *b, int64_t v);
/* The shortest decimal that reads back as the same double (no exponent for
 * ordinary magnitudes; integers without ".0"). Non-finite values write null. */
int jsonw_num(struct buf *b, double v);
/* ,"key": when not first, else "key": -- *first is cleared. */
int jsonw_key(struct buf *b, int *first, const char *key);

#endif
