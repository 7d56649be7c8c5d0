/* buf.h -- a growable byte buffer with a mandatory size limit.
 *
 * Every buffer is given the most it may ever hold, so that input larger than
 * anything reasonable ("the client sent 2 GB") is an ordinary ERR_LIMIT and
 * never an exhausted machine. The contents are always NUL-terminated.
 * Lifecycle: buf_init (no allocation), buf_reset (keep memory, empty),
 * buf_release (free contents). */
#ifndef OVERSIGHT_BUF_H
#define OVERSIGHT_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *p;
    size_t len, cap, max;
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)

void buf_init(struct buf *b, size_t max);
void buf_reset(struct buf *b);
void buf_release(struct buf *b);
/* Each returns 0, or ERR_LIMIT (leaving b unchanged) past b->max. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Hands the contents to the caller (to free) and empties b. */
char *buf_detach(struct buf *b, size_t *len);
/* The contents, "" when empty (never NULL). */
const char *buf_str(const struct buf *b);

#endif
