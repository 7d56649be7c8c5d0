/* html.c -- the escaping HTML builder: text, attributes, URLs, sanitised SVG. */
#include "format/html.h"

#include <expat.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

void html_init(struct html *h, struct buf *out)
{
    h->out = out;
    h->rc = 0;
}

int html_status(const struct html *h)
{
    return h->rc;
}

int html_raw_n(struct html *h, const char *s, size_t n)
{
    int rc;
    if (h->rc)
        return h->rc;
    if ((rc = buf_add(h->out, s, n)))
        h->rc = rc;
    return h->rc;
}

/* How many bytes of s[0..n) the next character takes (at least 1), and in
 * *ok whether it may be written as it is. Not: bytes that are not UTF-8
 * (each replaced on its own), and whole characters that are controls other
 * than tab, newline and carriage return (C0, DEL, C1), surrogates or
 * noncharacters (each replaced once). XML forbids some of these and HTML
 * calls all of them parse errors; the page must stay well-formed and valid. */
static size_t char_len(const unsigned char *s, size_t n, int *ok)
{
    unsigned c = s[0], cp;
    size_t len;

    *ok = 0;
    if (c < 0x80) {
        *ok = (c >= 0x20 && c != 0x7f) || c == '\t' || c == '\n' || c == '\r';
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, cp = c & 0x07;
    else
        return 1;
    if (n < len)
        return 1;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 1;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
        return 1; /* overlong or out of range: not UTF-8 */
    *ok = cp >= 0xa0 && !(cp >= 0xd800 && cp <= 0xdfff) && !(cp >= 0xfdd0 && cp <= 0xfdef) &&
          (cp & 0xfffe) != 0xfffe;
    return len;
}

enum esc { ESC_TEXT, ESC_BR, ESC_ATTR };

static int escape(struct html *h, const char *s, size_t n, enum esc mode)
{
    size_t i = 0, start = 0;

    while (i < n && !h->rc) {
        unsigned char c = (unsigned char)s[i];
        int ok;
        size_t cl;
        const char *rep = NULL;

        /* Most of a page is printable ASCII written as it is: passed over
         * without the character's decoding. */
        if (c >= 0x20 && c < 0x7f && c != '&' && c != '<' && c != '>' &&
            (mode != ESC_ATTR || (c != '"' && c != '\''))) {
            i++;
            continue;
        }
        cl = char_len((const unsigned char *)s + i, n - i, &ok);

        if (!ok)
            rep = REPLACEMENT;
        else if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (mode == ESC_ATTR && c == '"')
            rep = "&quot;";
        else if (mode == ESC_ATTR && c == '\'')
            rep = "&#39;";
        /* XML normalises whitespace in attribute values and HTML does not:
         * written as references, both read the same value. */
        else if (mode == ESC_ATTR && c == '\n')
            rep = "&#10;";
        else if (mode == ESC_ATTR && c == '\r')
            rep = "&#13;";
        else if (mode == ESC_ATTR && c == '\t')
            rep = "&#9;";
        else if (mode == ESC_BR && c == '\r')
            rep = i + 1 < n && s[i + 1] == '\n' ? "" : "<br/>";
        else if (mode == ESC_BR && c == '\n')
            rep = "<br/>";
        if (rep) {
            html_raw_n(h, s + start, i - start);
            html_raw_n(h, rep, strlen(rep));
            start = i + cl;
        }
        i += cl;
    }
    if (start < n)
        html_raw_n(h, s + start, n - start);
    return h->rc;
}

int html_text_n(struct html *h, const char *s, size_t n)
{
    return s ? escape(h, s, n, ESC_TEXT) : h->rc;
}

int html_text(struct html *h, const char *s)
{
    return s ? escape(h, s, strlen(s), ESC_TEXT) : h->rc;
}

int html_text_br(struct html *h, const char *s)
{
    return s ? escape(h, s, strlen(s), ESC_BR) : h->rc;
}

int html_int(struct html *h, long long v)
{
    char n[32];
    int len = snprintf(n, sizeof n, "%lld", v);
    return html_raw_n(h, n, (size_t)len);
}

int html_attr_(struct html *h, const char *name, const char *value)
{
    if (!value)
        return h->rc;
    html_raw_n(h, " ", 1);
    html_raw_n(h, name, strlen(name));
    html_raw_n(h, "=\"", 2);
    escape(h, value, strlen(value), ESC_ATTR);
    return html_raw_n(h, "\"", 1);
}

int html_attr_int_(struct html *h, const char *name, long long v)
{
    char n[32];
    snprintf(n, sizeof n, "%lld", v);
    return html_attr_(h, name, n);
}

/* A URL whose scheme (the text before a ':' that comes before any / ? #)
 * is not on the list is refused whole: browsers ignore tabs, newlines and
 * leading spaces in a scheme, so anything but an exact allowed name is
 * treated as hostile. */
static int url_allowed(const char *u)
{
    static const char *const schemes[] = {"http", "https", "mailto"};
    size_t k = strcspn(u, ":/?#");
    if (u[k] != ':')
        return 1; /* relative */
    for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
        if (strlen(schemes[i]) == k && strncasecmp(u, schemes[i], k) == 0)
            return 1;
    return 0;
}

int html_url_(struct html *h, const char *name, const char *url)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!url)
        return h->rc;
    if (!url_allowed(url))
        url = "#";
    html_raw_n(h, " ", 1);
    html_raw_n(h, name, strlen(name));
    html_raw_n(h, "=\"", 2);
    for (const unsigned char *p = (const unsigned char *)url; *p && !h->rc; p++) {
        if (*p == '&') {
            html_lit(h, "&amp;");
        } else if (*p <= 0x20 || *p >= 0x7f || strchr("\"'<>\\`", *p)) {
            char pct[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            html_raw_n(h, pct, 3);
        } else {
            html_raw_n(h, (const char *)p, 1);
        }
    }
    return html_raw_n(h, "\"", 1);
}

int html_urlenc(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p)) {
            rc = buf_addc(b, (char)*p);
        } else {
            char pct[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rc = buf_add(b, pct, 3);
        }
    }
    return rc;
}

/* --- SVG ------------------------------------------------------------------ */

/* The elements of a static drawing. Everything else goes, with its content:
 * script and foreignObject for the obvious reason, style because the web
 * application's Content-Security-Policy forbids inline styles, a and image
 * because a chart links and loads nothing, animation because set/animate can
 * rewrite an href after the fact. */
static const char *const SVG_ELEMENTS[] = {
    "svg",      "g",       "defs",     "symbol",         "use",
    "title",    "desc",    "path",     "line",           "polyline",
    "polygon",  "rect",    "circle",   "ellipse",        "text",
    "tspan",    "clipPath", "marker",  "linearGradient", "radialGradient",
    "stop",     "pattern", "mask",
};

struct svgw {
    struct html *h;
    XML_Parser p;
    const char *labelledby;
    int width, height;
    int depth; /* of the element being read */
    int skip;  /* depth of the dropped element whose content is being read, or 0 */
    int open;  /* a start tag written without its ">": "/>" if the element is empty */
    struct err *e;
    int rc;
};

static const char *svg_element(const char *name)
{
    for (size_t i = 0; i < sizeof SVG_ELEMENTS / sizeof *SVG_ELEMENTS; i++)
        if (strcmp(name, SVG_ELEMENTS[i]) == 0)
            return SVG_ELEMENTS[i];
    return NULL;
}

static void svg_fail(struct svgw *w, const char *msg)
{
    if (w->rc)
        return;
    w->rc = err_set(w->e, ERR_INPUT, "svg line %lu: %s",
                    (unsigned long)XML_GetCurrentLineNumber(w->p), msg);
    XML_StopParser(w->p, XML_FALSE);
}

/* An attribute name XML and HTML agree on, and that cannot smuggle in an
 * attribute of another kind. */
static int plain_name(const char *n)
{
    if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z')))
        return 0;
    for (; *n; n++)
        if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') ||
              (*n >= '0' && *n <= '9') || *n == '-' || *n == ':' || *n == '_' || *n == '.'))
            return 0;
    return 1;
}

static int svg_attr_kept(const char *name, const char *value)
{
    if (!plain_name(name) || strncasecmp(name, "on", 2) == 0 || strcasecmp(name, "style") == 0)
        return 0;
    if (strcasecmp(name, "href") == 0 || strcasecmp(name, "xlink:href") == 0)
        return value[0] == '#';
    /* xmlns is written by us on the root; another namespace would move the
     * elements out of SVG, where the allowlist means nothing. */
    if (strcasecmp(name, "xmlns") == 0 || strncasecmp(name, "xmlns:", 6) == 0)
        return strcmp(name, "xmlns:xlink") == 0 &&
               strcmp(value, "http://www.w3.org/1999/xlink") == 0;
    return 1;
}

/* Ends the start tag left open, now that the element has content. */
static void close_tag(struct svgw *w)
{
    if (w->open)
        html_lit(w->h, ">");
    w->open = 0;
}

static void XMLCALL svg_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct svgw *w = ud;
    struct html *h = w->h;
    const char *el;
    int root = ++w->depth == 1, has_w = 0, has_h = 0, has_role = 0, has_name = 0;

    if (w->skip || w->rc)
        return;
    close_tag(w);
    if (root && strcmp(name, "svg") != 0) {
        svg_fail(w, "the chart is not an <svg> element");
        return;
    }
    if (!(el = svg_element(name))) {
        w->skip = w->depth;
        return;
    }
    html_lit(h, "<");
    html_raw_n(h, el, strlen(el));
    if (root)
        html_lit(h, " xmlns=\"http://www.w3.org/2000/svg\"");
    for (size_t i = 0; atts[i]; i += 2) {
        if (!svg_attr_kept(atts[i], atts[i + 1]))
            continue;
        has_w |= strcmp(atts[i], "width") == 0;
        has_h |= strcmp(atts[i], "height") == 0;
        has_role |= strcmp(atts[i], "role") == 0;
        has_name |= strcmp(atts[i], "aria-labelledby") == 0 || strcmp(atts[i], "aria-label") == 0;
        html_raw_n(h, " ", 1);
        html_raw_n(h, atts[i], strlen(atts[i]));
        html_lit(h, "=\"");
        escape(h, atts[i + 1], strlen(atts[i + 1]), ESC_ATTR);
        html_lit(h, "\"");
    }
    /* A chart that names itself (its own <title> and <desc>) keeps its
     * name; one that does not is named by the caller's caption. */
    if (root && !has_role)
        html_lit(h, " role=\"img\"");
    if (root && !has_name && w->labelledby)
        html_attr(h, "aria-labelledby", w->labelledby);
    if (root && !has_w && w->width > 0)
        html_attr_int(h, "width", w->width);
    if (root && !has_h && w->height > 0)
        html_attr_int(h, "height", w->height);
    w->open = 1;
}

static void XMLCALL svg_end(void *ud, const XML_Char *name)
{
    struct svgw *w = ud;
    const char *el;

    if (w->skip) {
        if (w->skip == w->depth)
            w->skip = 0;
    } else if (w->open) {
        html_lit(w->h, "/>");
        w->open = 0;
    } else if (!w->rc && (el = svg_element(name))) {
        html_lit(w->h, "</");
        html_raw_n(w->h, el, strlen(el));
        html_lit(w->h, ">");
    }
    w->depth--;
}

static void XMLCALL svg_chars(void *ud, const XML_Char *s, int len)
{
    struct svgw *w = ud;
    if (!w->skip && !w->rc && w->depth > 0) {
        close_tag(w);
        escape(w->h, s, (size_t)len, ESC_TEXT);
    }
}

/* A chart has no use for a DOCTYPE, and refusing it refuses entity
 * definitions, and with them every entity-expansion attack. */
static void XMLCALL svg_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                const XML_Char *pubid, int internal)
{
    svg_fail(ud, "a DOCTYPE is not allowed in a chart");
}

int html_svg(struct html *h, const char *svg, const char *labelledby, int width, int height,
             struct err *e)
{
    struct svgw w = {h, NULL, labelledby, width, height, 0, 0, 0, e, 0};
    size_t len = svg ? strlen(svg) : 0;

    if (h->rc)
        return h->rc;
    if (len > INT_MAX)
        return h->rc = err_set(e, ERR_LIMIT, "svg: a chart of %zu bytes is too large", len);
    if (!(w.p = XML_ParserCreate("UTF-8")))
        return h->rc = err_set(e, ERR_INPUT, "svg: cannot create the XML parser");
    XML_SetUserData(w.p, &w);
    XML_SetElementHandler(w.p, svg_start, svg_end);
    XML_SetCharacterDataHandler(w.p, svg_chars);
    XML_SetStartDoctypeDeclHandler(w.p, svg_doctype);
    if (XML_Parse(w.p, svg ? svg : "", (int)len, XML_TRUE) != XML_STATUS_OK &&
        !w.rc)
        w.rc = err_set(e, ERR_INPUT, "svg line %lu: %s",
                       (unsigned long)XML_GetCurrentLineNumber(w.p),
                       XML_ErrorString(XML_GetErrorCode(w.p)));
    XML_ParserFree(w.p);
    if (!w.rc && h->rc)
        err_set(e, h->rc, "the page is larger than its limit");
    if (w.rc && !h->rc)
        h->rc = w.rc;
    return h->rc;
}
