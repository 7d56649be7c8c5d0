/* router.c -- matching a raw path against the route table. */
#include "web/router.h"

#include <string.h>

#define MAX_SEGMENTS 32

struct seg {
    const char *s;
    size_t n;
};

/* Splits "/a/b" into its segments; -1 when the path does not start with
 * '/' or has too many. "/" has none. */
static int split(const char *path, struct seg *out)
{
    int n = 0;
    if (path[0] != '/')
        return -1;
    if (path[1] == '\0')
        return 0;
    for (const char *p = path + 1;;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (n == MAX_SEGMENTS)
            return -1;
        out[n].s = p;
        out[n++].n = len;
        if (!slash)
            return n;
        p = slash + 1;
    }
}

/* 1 when the pattern matches, 0 when not, -1 when a segment it needed could
 * not be decoded. Fills names/values (at most MAX_SEGMENTS). */
static int match(const char *pattern, const struct seg *segs, int nseg, struct arena *a,
                 const char **names, const char **values, size_t *nvals)
{
    struct seg pat[MAX_SEGMENTS];
    int np = split(pattern, pat);

    *nvals = 0;
    if (np < 0)
        return 0;
    for (int i = 0; i < np; i++) {
        const char *ps = pat[i].s;
        size_t pn = pat[i].n;
        if (ps[0] == '*') {
            if (i >= nseg)
                return 0;
            names[*nvals] = arena_strndup(a, ps + 1, pn - 1);
            values[(*nvals)++] = segs[i].s; /* the rest, as received */
            return 1;
        }
        if (i >= nseg || segs[i].n == 0)
            return 0;
        if (ps[0] == ':') {
            const char *v = web_pct_decode(a, segs[i].s, segs[i].n, 0);
            if (!v)
                return -1;
            names[*nvals] = arena_strndup(a, ps + 1, pn - 1);
            values[(*nvals)++] = v;
            continue;
        }
        if (memchr(segs[i].s, '%', segs[i].n)) {
            const char *v = web_pct_decode(a, segs[i].s, segs[i].n, 0);
            if (!v)
                return -1;
            if (strlen(v) != pn || memcmp(v, ps, pn) != 0)
                return 0;
        } else if (segs[i].n != pn || memcmp(segs[i].s, ps, pn) != 0) {
            return 0;
        }
    }
    return np == nseg;
}

static const char *method_name(enum web_method m)
{
    switch (m) {
    case WEB_GET: return "GET";
    case WEB_HEAD: return "HEAD";
    case WEB_POST: return "POST";
    case WEB_PUT: return "PUT";
    case WEB_PATCH: return "PATCH";
    case WEB_DELETE: return "DELETE";
    default: return "";
    }
}

int router_match(const struct web_route *routes, size_t n, enum web_method method,
                 const char *path, struct arena *a, const struct web_route **route,
                 const char ***names, const char ***params, size_t *nparams, const char **allow)
{
    struct seg segs[MAX_SEGMENTS];
    const char *nm[MAX_SEGMENTS], *val[MAX_SEGMENTS];
    char allowed[64] = "";
    int nseg = split(path, segs), bad = 0, found = 0;
    size_t nv;

    *route = NULL;
    *nparams = 0;
    *allow = NULL;
    if (nseg < 0)
        return 404;
    for (size_t i = 0; i < n; i++) {
        int m = match(routes[i].pattern, segs, nseg, a, nm, val, &nv);
        if (m < 0)
            bad = 1;
        if (m <= 0)
            continue;
        if (routes[i].method == method || (routes[i].method == WEB_GET && method == WEB_HEAD)) {
            *route = &routes[i];
            *names = arena_alloc(a, (nv ? nv : 1) * sizeof **names);
            *params = arena_alloc(a, (nv ? nv : 1) * sizeof **params);
            memcpy(*names, nm, nv * sizeof *nm);
            memcpy(*params, val, nv * sizeof *val);
            *nparams = nv;
            return 0;
        }
        if (!strstr(allowed, method_name(routes[i].method)) &&
            strlen(allowed) + 12 < sizeof allowed) {
            if (found++)
                strcat(allowed, ", ");
            strcat(allowed, method_name(routes[i].method));
            if (routes[i].method == WEB_GET)
                strcat(allowed, ", HEAD");
        }
    }
    if (found) {
        *allow = arena_strdup(a, allowed);
        return 405;
    }
    return bad ? 400 : 404;
}
