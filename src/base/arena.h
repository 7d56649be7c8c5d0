/* arena.h -- a memory pool: allocate freely, free everything at once.
 *
 * A command, a request or a report allocates its records from one arena and
 * releases the arena when done; nothing allocated from an arena is freed
 * individually. Lifecycle: arena_init (no allocation), arena_release. */
#ifndef OVERSIGHT_ARENA_H
#define OVERSIGHT_ARENA_H

#include <stddef.h>

struct arena_block;
struct arena {
    struct arena_block *head;
    size_t used; /* bytes handed out, for limits and tests */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);   /* zeroed, aligned for any type */
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
