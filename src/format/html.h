/* html.h -- writing HTML that escapes by context: element text, attribute
 * values, URLs, and SVG markup re-serialised through an allowlist.
 *
 * The rule this builder exists for: every dynamic string reaches the page
 * through an escaping function; markup is written only from string literals,
 * through html_lit (and html_attr/html_url for attribute names), which do
 * not compile with a variable. So there is no way to write a user's text
 * raw by accident.
 *
 * The output is polyglot: well-formed XML as well as valid HTML5, which is
 * what the callers must keep to in their literals too (every element
 * closed, attributes quoted, void elements as <br/>). Text is sanitised on
 * the way out: bytes that are not UTF-8, and characters XML forbids
 * (controls other than tab and newline, U+FFFE, U+FFFF), become U+FFFD.
 *
 * Errors are sticky: after the first failure (the buffer's size limit, an
 * SVG the sanitiser refuses) every call does nothing and returns the same
 * code, so a page is written without a check on every line and the result
 * taken once from html_status. */
#ifndef OVERSIGHT_HTML_H
#define OVERSIGHT_HTML_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

struct html {
    struct buf *out;
    int rc;   /* 0, or the first error; once set, nothing more is written */
};

/* Appends to out (not emptied). No allocation. */
void html_init(struct html *h, struct buf *out);
/* 0, or the first ERR_* a call met. */
int html_status(const struct html *h);

/* Markup: only through html_lit, so that s is a literal. */
int html_raw_n(struct html *h, const char *s, size_t n);
#define html_lit(h, s) html_raw_n((h), "" s "", sizeof(s) - 1)

/* Element content: & < > escaped. NULL writes nothing. */
int html_text(struct html *h, const char *s);
int html_text_n(struct html *h, const char *s, size_t n);
/* The same, with each newline written as <br/>. */
int html_text_br(struct html *h, const char *s);
int html_int(struct html *h, long long v);

/* ` name="value"`, the value escaped for a quoted attribute (& < > " ').
 * name must be a literal. NULL writes nothing. */
int html_attr_(struct html *h, const char *name, const char *value);
#define html_attr(h, name, value) html_attr_((h), "" name "", (value))
int html_attr_int_(struct html *h, const char *name, long long v);
#define html_attr_int(h, name, v) html_attr_int_((h), "" name "", (v))

/* ` name="url"` for href, src, action: a relative URL, or one whose scheme
 * is http, https or mailto; anything else (javascript:, data:, ...) is
 * written as "#". Spaces, controls and non-ASCII bytes are percent-encoded. */
int html_url_(struct html *h, const char *name, const char *url);
#define html_url(h, name, url) html_url_((h), "" name "", (url))
/* Percent-encodes s for one URL component (a path segment, a query value):
 * everything except A-Z a-z 0-9 - . _ ~ . Into a plain buffer, for building
 * the URL that html_url then writes. */
int html_urlenc(struct buf *b, const char *s);

/* An <svg> element, parsed as XML and written again: the elements of static
 * drawing (svg, g, path, text, ...) with their attributes; anything else
 * (script, style, foreignObject, a, image, animation) dropped with its
 * content, event handlers and style attributes dropped, href kept only as a
 * "#fragment". The root gets xmlns; role="img" if it has no role; if it has
 * no aria-label(ledby) of its own and labelledby is given,
 * aria-labelledby=labelledby; width and height (when > 0) if it has none.
 * A document that is not well-formed XML with an svg root is ERR_INPUT. */
int html_svg(struct html *h, const char *svg, const char *labelledby, int width, int height,
             struct err *e);

#endif
