/* multipart.c -- the bounded multipart/form-data parser. */
#include "web/multipart.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/http.h"

/* The first occurrence of needle[0..m) in hay[0..n), or NULL. */
static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
    const char *p = hay, *end = hay + n;
    while (m <= (size_t)(end - p)) {
        const char *c = memchr(p, needle[0], (size_t)(end - p) - m + 1);
        if (!c)
            return NULL;
        if (memcmp(c, needle, m) == 0)
            return c;
        p = c + 1;
    }
    return NULL;
}

static int bchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("'()+_,-./:=? ", c);
}

/* The boundary parameter of a Content-Type, into buf (at most 70 bytes). */
static int get_boundary(const char *ct, char *buf, struct err *e)
{
    const char *p;
    size_t len;

    if (strncasecmp(ct, "multipart/form-data", 19) != 0 || (ct[19] && ct[19] != ';' &&
                                                             ct[19] != ' ' && ct[19] != '\t'))
        return err_set(e, ERR_INPUT, "not a multipart/form-data body");
    p = ct + 19;
    while (*p) {
        p += strspn(p, " \t;");
        if (strncasecmp(p, "boundary=", 9) == 0) {
            p += 9;
            if (*p == '"') {
                const char *q = strchr(++p, '"');
                if (!q)
                    return err_set(e, ERR_INPUT, "the multipart boundary is not closed");
                len = (size_t)(q - p);
            } else {
                len = strcspn(p, "; \t");
            }
            if (len < 1 || len > 70)
                return err_set(e, ERR_INPUT, "the multipart boundary must be 1 to 70 characters");
            for (size_t i = 0; i < len; i++)
                if (!bchar(p[i]))
                    return err_set(e, ERR_INPUT, "the multipart boundary has a bad character");
            if (p[len - 1] == ' ')
                return err_set(e, ERR_INPUT, "the multipart boundary ends in a space");
            memcpy(buf, p, len);
            buf[len] = '\0';
            return 0;
        }
        p += strcspn(p, ";");
    }
    return err_set(e, ERR_INPUT, "the multipart body has no boundary");
}

/* Text of a name or filename: UTF-8 without control characters. */
static int clean_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return web_utf8_valid(s, n);
}

/* A parameter (name="value" or name=token) of a Content-Disposition value
 * v[0..n); *found 0 when absent. */
static int disposition_param(const char *v, size_t n, const char *param, struct arena *a,
                             const char **out, struct err *e)
{
    size_t plen = strlen(param), i = 0;
    *out = NULL;
    while (i < n) {
        /* each parameter starts after a ';' */
        const char *semi = memchr(v + i, ';', n - i);
        if (!semi)
            return 0;
        i = (size_t)(semi - v) + 1;
        while (i < n && (v[i] == ' ' || v[i] == '\t'))
            i++;
        if (n - i > plen && strncasecmp(v + i, param, plen) == 0 && v[i + plen] == '=') {
            const char *s = v + i + plen + 1, *end = v + n;
            size_t len;
            if (s < end && *s == '"') {
                const char *q;
                s++;
                q = memchr(s, '"', (size_t)(end - s));
                if (!q)
                    return err_set(e, ERR_INPUT, "a multipart %s is not closed", param);
                len = (size_t)(q - s);
            } else {
                len = 0;
                while (s + len < end && s[len] != ';' && s[len] != ' ' && s[len] != '\t')
                    len++;
            }
            if (!clean_text(s, len))
                return err_set(e, ERR_INPUT, "a multipart %s is not clean UTF-8 text", param);
            *out = arena_strndup(a, s, len);
            return 0;
        }
    }
    return 0;
}

/* Reads the headers h[0..n) of one part into p. */
static int part_headers(const char *h, size_t n, struct arena *a, struct multipart_part *p,
                        struct err *e)
{
    size_t i = 0;
    int disposition = 0;

    while (i < n) {
        const char *eol = find(h + i, n - i, "\r\n", 2);
        size_t len = eol ? (size_t)(eol - h - i) : n - i;
        const char *line = h + i, *colon = memchr(line, ':', len);
        const char *v;
        size_t vlen;

        if (!colon || colon == line || line[0] == ' ' || line[0] == '\t')
            return err_set(e, ERR_INPUT, "a multipart part has a bad header line");
        v = colon + 1;
        vlen = len - (size_t)(v - line);
        while (vlen && (*v == ' ' || *v == '\t'))
            v++, vlen--;
        while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
            vlen--;
        if ((size_t)(colon - line) == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
            const char *type_end = memchr(v, ';', vlen);
            size_t tlen = type_end ? (size_t)(type_end - v) : vlen;
            while (tlen && (v[tlen - 1] == ' ' || v[tlen - 1] == '\t'))
                tlen--;
            if (tlen != 9 || strncasecmp(v, "form-data", 9) != 0)
                return err_set(e, ERR_INPUT, "a multipart part is not form-data");
            if (disposition_param(v, vlen, "name", a, &p->name, e) ||
                disposition_param(v, vlen, "filename", a, &p->filename, e))
                return ERR_INPUT;
            disposition = 1;
        } else if ((size_t)(colon - line) == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
            if (!clean_text(v, vlen))
                return err_set(e, ERR_INPUT, "a multipart part has a bad Content-Type");
            p->content_type = arena_strndup(a, v, vlen);
        }
        i += len + 2;
    }
    if (!disposition || !p->name)
        return err_set(e, ERR_INPUT, "a multipart part has no form-data name");
    return 0;
}

int multipart_parse(const char *content_type, const char *body, size_t n, struct arena *a,
                    struct multipart_part **out, size_t *nout, struct err *e)
{
    char boundary[71], delim[76];
    size_t dlen, count = 0;
    const char *p, *end = body + n;
    struct multipart_part *parts;

    *out = NULL;
    *nout = 0;
    if (get_boundary(content_type ? content_type : "", boundary, e))
        return ERR_INPUT;
    /* delim is "\r\n--boundary"; the first delimiter may also open the body */
    dlen = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    if (n >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
        p = body + dlen - 2;
    } else {
        const char *d = find(body, n, delim, dlen);
        if (!d)
            return err_set(e, ERR_INPUT, "the multipart body has no delimiter");
        p = d + dlen;
    }
    parts = arena_alloc(a, MULTIPART_MAX_PARTS * sizeof *parts);
    for (;;) {
        const char *hdr_end, *next;
        struct multipart_part *part;
        int rc;

        /* after a delimiter: "--" closes; else padding, then CRLF */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            break;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return err_set(e, ERR_INPUT, "the multipart body ends early or has a bad delimiter");
        p += 2;
        if (count == MULTIPART_MAX_PARTS)
            return err_set(e, ERR_LIMIT, "more than %d parts in a multipart body",
                           MULTIPART_MAX_PARTS);
        part = &parts[count++];
        if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
            hdr_end = p; /* no headers at all: refused below for want of a name */
        } else {
            size_t look = (size_t)(end - p) < MULTIPART_MAX_HEADER + 4 ? (size_t)(end - p)
                                                                         : MULTIPART_MAX_HEADER + 4;
            hdr_end = find(p, look, "\r\n\r\n", 4);
            if (!hdr_end)
                return (size_t)(end - p) > MULTIPART_MAX_HEADER
                           ? err_set(e, ERR_LIMIT, "a multipart part's headers are over %d bytes",
                                     MULTIPART_MAX_HEADER)
                           : err_set(e, ERR_INPUT, "the multipart body ends in a part's headers");
            hdr_end += 2; /* the headers end with their own CRLF */
        }
        if ((rc = part_headers(p, (size_t)(hdr_end - p), a, part, e)))
            return rc;
        p = hdr_end + 2;
        next = find(p, (size_t)(end - p), delim, dlen);
        if (!next)
            return err_set(e, ERR_INPUT, "the multipart body ends before its closing delimiter");
        part->data = p;
        part->len = (size_t)(next - p);
        p = next + dlen;
    }
    *out = parts;
    *nout = count;
    return 0;
}

const struct multipart_part *multipart_get(const struct multipart_part *p, size_t n,
                                           const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].name, name) == 0)
            return &p[i];
    return NULL;
}
