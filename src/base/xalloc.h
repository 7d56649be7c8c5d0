/* xalloc.h -- allocation that never returns NULL.
 *
 * Out of memory is not an error oversight recovers from: these wrappers abort
 * with a message, so ordinary code never checks allocation results. */
#ifndef OVERSIGHT_XALLOC_H
#define OVERSIGHT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grows *p (holding *cap elements of size) to hold at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t size);

#endif
