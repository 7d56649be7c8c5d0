/* strmap.c -- open-addressing string map with FNV-1a hashing. */
#include "base/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct strmap_slot {
    char *key; /* NULL: empty */
    size_t n;
    uint64_t hash;
    int64_t value;
};

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->cap = m->len = 0;
}

void strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    strmap_init(m);
}

static struct strmap_slot *find(const struct strmap *m, const char *key, size_t n, uint64_t h)
{
    size_t i = h & (m->cap - 1);
    for (;;) {
        struct strmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->n == n && memcmp(s->key, key, n) == 0))
            return s;
        i = (i + 1) & (m->cap - 1);
    }
}

static void grow(struct strmap *m)
{
    struct strmap_slot *old = m->slots;
    size_t oldcap = m->cap;
    m->cap = oldcap ? oldcap * 2 : 64;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key)
            *find(m, old[i].key, old[i].n, old[i].hash) = old[i];
    free(old);
}

int strmap_put(struct strmap *m, const char *key, size_t n, int64_t value)
{
    uint64_t h = hash(key, n);
    struct strmap_slot *s;
    if ((m->len + 1) * 4 > m->cap * 3)
        grow(m);
    s = find(m, key, n, h);
    if (s->key) {
        s->value = value;
        return 0;
    }
    s->key = xstrndup(key, n);
    s->n = n;
    s->hash = h;
    s->value = value;
    m->len++;
    return 1;
}

int strmap_get(const struct strmap *m, const char *key, size_t n, int64_t *value)
{
    struct strmap_slot *s;
    if (!m->cap)
        return 0;
    s = find(m, key, n, hash(key, n));
    if (!s->key)
        return 0;
    *value = s->value;
    return 1;
}
