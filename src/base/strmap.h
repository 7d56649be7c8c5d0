/* strmap.h -- a hash map from strings to 64-bit integers (open addressing).
 * Keys are copied into the map. Lifecycle: strmap_init, strmap_release. */
#ifndef OVERSIGHT_STRMAP_H
#define OVERSIGHT_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot;
struct strmap {
    struct strmap_slot *slots;
    size_t cap, len;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Sets key to value; returns 1 if the key was new, 0 if it replaced a value. */
int strmap_put(struct strmap *m, const char *key, size_t n, int64_t value);
/* Returns 1 and sets *value if found, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t n, int64_t *value);

#endif
