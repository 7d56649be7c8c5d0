/* cache.c -- rendered pages kept by what they depend on (cache.h). A small
 * table searched in full: a few hundred entries at most, compared by a hash
 * first. */
#include "web/cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct entry {
    char *key;
    uint64_t hash;
    int status;
    char *content_type;
    struct web_header *headers; /* names and values in one allocation each */
    size_t nheaders;
    char *body;
    size_t len;
    uint64_t used; /* the clock of its last use */
};

struct web_cache {
    pthread_mutex_t lock;
    struct entry v[WEB_CACHE_ENTRIES];
    size_t bytes;
    uint64_t clock;
};

static uint64_t hash_of(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void entry_release(struct web_cache *c, struct entry *e)
{
    if (!e->key)
        return;
    c->bytes -= e->len;
    for (size_t i = 0; i < e->nheaders; i++) {
        free((char *)e->headers[i].name);
        free((char *)e->headers[i].value);
    }
    free(e->headers);
    free(e->key);
    free(e->content_type);
    free(e->body);
    memset(e, 0, sizeof *e);
}

struct web_cache *web_cache_new(void)
{
    struct web_cache *c = xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    return c;
}

void web_cache_free(struct web_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < WEB_CACHE_ENTRIES; i++)
        entry_release(c, &c->v[i]);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static struct entry *find(struct web_cache *c, const char *key, uint64_t h)
{
    for (size_t i = 0; i < WEB_CACHE_ENTRIES; i++)
        if (c->v[i].key && c->v[i].hash == h && strcmp(c->v[i].key, key) == 0)
            return &c->v[i];
    return NULL;
}

int web_cache_get(struct web_cache *c, const char *key, struct web_response *resp)
{
    uint64_t h = hash_of(key);
    struct entry *e;
    int hit = 0;
    pthread_mutex_lock(&c->lock);
    if ((e = find(c, key, h)) && buf_add(&resp->body, e->body, e->len) == 0) {
        e->used = ++c->clock;
        resp->status = e->status;
        resp->content_type = arena_strdup(resp->arena, e->content_type);
        for (size_t i = 0; i < e->nheaders; i++)
            web_set_header(resp, e->headers[i].name, e->headers[i].value);
        hit = 1;
    }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void web_cache_put(struct web_cache *c, const char *key, const struct web_response *resp)
{
    uint64_t h = hash_of(key);
    struct entry *e, *oldest;
    if (resp->status != 200 || resp->static_body || resp->body.len > WEB_CACHE_BYTES / 4)
        return;
    pthread_mutex_lock(&c->lock);
    if ((e = find(c, key, h)))
        entry_release(c, e);
    /* Room: the least recently used go until there is. */
    for (;;) {
        oldest = NULL;
        e = NULL;
        for (size_t i = 0; i < WEB_CACHE_ENTRIES; i++) {
            if (!c->v[i].key) {
                e = e ? e : &c->v[i];
                continue;
            }
            if (!oldest || c->v[i].used < oldest->used)
                oldest = &c->v[i];
        }
        if (e && c->bytes + resp->body.len <= WEB_CACHE_BYTES)
            break;
        if (!oldest)
            break;
        entry_release(c, oldest);
    }
    if (e) {
        e->key = xstrdup(key);
        e->hash = h;
        e->status = resp->status;
        e->content_type = xstrdup(resp->content_type ? resp->content_type : "");
        e->nheaders = resp->nheaders;
        e->headers = xcalloc(resp->nheaders ? resp->nheaders : 1, sizeof *e->headers);
        for (size_t i = 0; i < resp->nheaders; i++) {
            e->headers[i].name = xstrdup(resp->headers[i].name);
            e->headers[i].value = xstrdup(resp->headers[i].value);
        }
        e->len = resp->body.len;
        e->body = xmalloc(e->len ? e->len : 1);
        memcpy(e->body, resp->body.p, e->len);
        e->used = ++c->clock;
        c->bytes += e->len;
    }
    pthread_mutex_unlock(&c->lock);
}
