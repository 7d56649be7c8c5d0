/* http.c -- request accessors, response helpers, percent-decoding. */
#include "web/http.h"

#include <string.h>
#include <strings.h>

#include "web/form.h"

int web_utf8_valid(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], cp;
        size_t len;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            len = 2, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4, cp = c & 0x07;
        else
            return 0;
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        i += len;
    }
    return 1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *web_pct_decode(struct arena *a, const char *s, size_t n, int plus)
{
    char *out = arena_alloc(a, n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            int hi, lo;
            if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
                return NULL;
            *o++ = (char)(hi << 4 | lo);
            i += 2;
        } else if (s[i] == '+' && plus) {
            *o++ = ' ';
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    if (memchr(out, '\0', (size_t)(o - out)) || !web_utf8_valid(out, (size_t)(o - out)))
        return NULL;
    return out;
}

const char *web_header(const struct web_request *req, const char *name)
{
    for (size_t i = 0; i < req->nheaders; i++)
        if (strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value;
    return NULL;
}

/* Cookie: a=1; b=2 -- values taken as they are (our cookies are base64url),
 * the first of a name winning, as browsers send the most specific first. */
const char *web_cookie(const struct web_request *req, const char *name)
{
    size_t nlen = strlen(name);
    for (size_t i = 0; i < req->nheaders; i++) {
        const char *p;
        if (strcasecmp(req->headers[i].name, "Cookie") != 0)
            continue;
        p = req->headers[i].value;
        while (*p) {
            const char *end, *eq;
            p += strspn(p, " \t;");
            end = p + strcspn(p, ";");
            eq = memchr(p, '=', (size_t)(end - p));
            if (eq && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
                const char *v = eq + 1;
                size_t vlen = (size_t)(end - v);
                while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                    vlen--;
                if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
                    v++, vlen -= 2;
                return arena_strndup(req->arena, v, vlen);
            }
            p = end;
        }
    }
    return NULL;
}

const char *web_query(const struct web_request *req, const char *name)
{
    return form_get(req->query_fields, req->nquery, name);
}

const char *web_form(const struct web_request *req, const char *name)
{
    return form_get(req->form, req->nform, name);
}

const char *web_param(const struct web_request *req, const char *name)
{
    for (size_t i = 0; i < req->nparams; i++)
        if (strcmp(req->param_names[i], name) == 0)
            return req->params[i];
    return NULL;
}

void web_set_header(struct web_response *resp, const char *name, const char *value)
{
    if (resp->nheaders == resp->cap) {
        size_t cap = resp->cap ? resp->cap * 2 : 16;
        struct web_header *h = arena_alloc(resp->arena, cap * sizeof *h);
        if (resp->nheaders)
            memcpy(h, resp->headers, resp->nheaders * sizeof *h);
        resp->headers = h;
        resp->cap = cap;
    }
    resp->headers[resp->nheaders].name = arena_strdup(resp->arena, name);
    resp->headers[resp->nheaders].value = arena_strdup(resp->arena, value);
    resp->nheaders++;
}

const char *web_response_header(const struct web_response *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcasecmp(resp->headers[i].name, name) == 0)
            return resp->headers[i].value;
    return NULL;
}

int web_redirect(struct web_response *resp, const char *location)
{
    resp->status = 303;
    web_set_header(resp, "Location", location);
    resp->content_type = "text/plain; charset=utf-8";
    buf_reset(&resp->body);
    return 0;
}

int web_text(struct web_response *resp, int status, const char *text)
{
    resp->status = status;
    resp->content_type = "text/plain; charset=utf-8";
    buf_reset(&resp->body);
    buf_adds(&resp->body, text);
    return 0;
}

int web_json(struct web_response *resp, int status, const struct buf *json)
{
    resp->status = status;
    resp->content_type = "application/json";
    buf_reset(&resp->body);
    buf_add(&resp->body, json->p ? json->p : "", json->len);
    return 0;
}

const char *web_status_text(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}
