/* xml.c -- the XML writer: escaping, cleaning text for XML 1.0, and a stack
 * of open elements so that every part comes out well-formed. */
#include "format/xml.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The code point starting at s (n > 0 bytes), its length in *len; -1 for an
 * invalid sequence (overlong, surrogate, past U+10FFFF, truncated), which
 * consumes one byte so the next starts afresh. */
static int32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    int32_t cp;
    size_t need, i;

    *len = 1;
    if (s[0] < 0x80)
        return s[0];
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        need = 1;
        cp = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        need = 2;
        cp = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        need = 3;
        cp = s[0] & 0x07;
    } else {
        return -1;
    }
    if (n < need + 1)
        return -1;
    for (i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *len = need + 1;
    return cp;
}

static int xml_allowed(int32_t cp)
{
    if (cp < 0x20)
        return cp == '\t' || cp == '\n' || cp == '\r';
    return cp != 0xFFFE && cp != 0xFFFF;
}

enum esc { ESC_NONE, ESC_TEXT, ESC_ATTR };

static int put(struct buf *b, const char *s, size_t n, size_t maxchars, enum esc how)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, kept = 0, len;
    int rc = 0;

    while (i < n && rc == 0 && (maxchars == 0 || kept < maxchars)) {
        int32_t cp = utf8_next(p + i, n - i, &len);
        const char *rep = NULL;

        if (cp < 0) {
            rc = buf_add(b, "\xEF\xBF\xBD", 3);
            kept++;
            i += len;
            continue;
        }
        if (!xml_allowed(cp)) {
            i += len;
            continue;
        }
        if (how != ESC_NONE) {
            switch (cp) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            default: break;
            }
        }
        if (how == ESC_ATTR) {
            /* Attribute value normalisation would turn these into spaces. */
            switch (cp) {
            case '"': rep = "&quot;"; break;
            case '\'': rep = "&apos;"; break;
            case '\t': rep = "&#9;"; break;
            case '\n': rep = "&#10;"; break;
            case '\r': rep = "&#13;"; break;
            default: break;
            }
        } else if (how == ESC_TEXT && cp == '\r') {
            rep = "&#13;"; /* else a parser reads CR LF as LF */
        }
        rc = rep ? buf_adds(b, rep) : buf_add(b, p + i, len);
        kept++;
        i += len;
    }
    return rc;
}

int xml_clean(struct buf *b, const char *s, size_t n, size_t maxchars)
{
    return put(b, s, n, maxchars, ESC_NONE);
}

int xml_escape_text(struct buf *b, const char *s, size_t n)
{
    return put(b, s, n, 0, ESC_TEXT);
}

int xml_escape_attr(struct buf *b, const char *s, size_t n)
{
    return put(b, s, n, 0, ESC_ATTR);
}

/* ---- the writer ------------------------------------------------------------ */

void xmlw_init(struct xmlw *w, struct buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

static void add(struct xmlw *w, const char *s)
{
    if (w->rc == 0)
        w->rc = buf_adds(w->out, s);
}

/* Closes an open start tag before content. */
static void content(struct xmlw *w)
{
    if (w->in_start) {
        add(w, ">");
        w->in_start = 0;
    }
}

void xmlw_decl(struct xmlw *w)
{
    add(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
}

void xmlw_start(struct xmlw *w, const char *name)
{
    if (w->rc)
        return;
    if (w->depth == XMLW_DEPTH) {
        w->rc = ERR_INPUT;
        return;
    }
    content(w);
    add(w, "<");
    add(w, name);
    w->open[w->depth++] = name;
    w->in_start = 1;
}

void xmlw_attr(struct xmlw *w, const char *name, const char *value)
{
    if (w->rc || !value)
        return;
    if (!w->in_start) {
        w->rc = ERR_INPUT;
        return;
    }
    add(w, " ");
    add(w, name);
    add(w, "=\"");
    if (w->rc == 0)
        w->rc = xml_escape_attr(w->out, value, strlen(value));
    add(w, "\"");
}

void xmlw_attri(struct xmlw *w, const char *name, long long value)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", value);
    xmlw_attr(w, name, num);
}

void xmlw_textn(struct xmlw *w, const char *s, size_t n)
{
    if (w->rc)
        return;
    content(w);
    if (w->rc == 0)
        w->rc = xml_escape_text(w->out, s, n);
}

void xmlw_text(struct xmlw *w, const char *s)
{
    xmlw_textn(w, s ? s : "", s ? strlen(s) : 0);
}

void xmlw_end(struct xmlw *w)
{
    if (w->rc)
        return;
    if (w->depth == 0) {
        w->rc = ERR_INPUT;
        return;
    }
    w->depth--;
    if (w->in_start) {
        add(w, "/>");
        w->in_start = 0;
        return;
    }
    add(w, "</");
    add(w, w->open[w->depth]);
    add(w, ">");
}

void xmlw_empty(struct xmlw *w, const char *name, const char *attr, const char *value)
{
    xmlw_start(w, name);
    if (attr)
        xmlw_attr(w, attr, value);
    xmlw_end(w);
}

void xmlw_raw(struct xmlw *w, const char *markup)
{
    if (w->rc)
        return;
    content(w);
    add(w, markup);
}

int xmlw_finish(struct xmlw *w, struct err *e)
{
    if (w->rc == 0 && w->depth != 0)
        w->rc = ERR_INPUT;
    if (w->rc == ERR_LIMIT)
        return err_set(e, ERR_LIMIT, "document part larger than %zu bytes", w->out->max);
    if (w->rc)
        return err_set(e, w->rc, "XML writer: element %s left open or ended twice",
                       w->depth > 0 && w->depth <= XMLW_DEPTH ? w->open[w->depth - 1] : "?");
    return 0;
}
