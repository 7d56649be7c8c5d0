/* xml.h -- writing XML into a struct buf: element text and attribute values
 * escaped, and any text made fit for XML 1.0 first, so that whatever the
 * register holds makes a well-formed part. Used by the DOCX parts; xml_clean
 * also serves the XLSX writer, whose library writes text as it is given.
 *
 * The writer keeps a stack of open elements and the first error: calls after
 * an error do nothing, and xmlw_finish reports it, so a part is written as a
 * run of calls with one check at the end. Element and attribute names are
 * written as given and must be literals of the program, never data. */
#ifndef OVERSIGHT_XML_H
#define OVERSIGHT_XML_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define XMLW_DEPTH 32

struct xmlw {
    struct buf *out;
    const char *open[XMLW_DEPTH]; /* names of the open elements, innermost last */
    int depth;
    int in_start; /* a start tag is open: attributes may follow */
    int rc;       /* the first error, 0 if none */
};

/* Writes nothing: the caller decides whether the part starts with a declaration. */
void xmlw_init(struct xmlw *w, struct buf *out);
/* <?xml version="1.0" encoding="UTF-8" standalone="yes"?> and a newline. */
void xmlw_decl(struct xmlw *w);
void xmlw_start(struct xmlw *w, const char *name);
/* An attribute of the element just started; a NULL value writes nothing. */
void xmlw_attr(struct xmlw *w, const char *name, const char *value);
void xmlw_attri(struct xmlw *w, const char *name, long long value);
void xmlw_text(struct xmlw *w, const char *s);
void xmlw_textn(struct xmlw *w, const char *s, size_t n);
/* Ends the innermost element, as <name/> when it has no content. */
void xmlw_end(struct xmlw *w);
/* <name/>, or <name attr="value"/> when attr is not NULL. */
void xmlw_empty(struct xmlw *w, const char *name, const char *attr, const char *value);
/* Markup written as it is: for fixed parts of the program, never data. */
void xmlw_raw(struct xmlw *w, const char *markup);
/* 0, or the first error (ERR_LIMIT when out is full; ERR_INPUT for elements
 * left open or ended twice, which is a bug of the caller), with a message. */
int xmlw_finish(struct xmlw *w, struct err *e);

/* Appends s to b as XML 1.0 allows it: invalid UTF-8 becomes U+FFFD, the
 * control characters XML forbids (all below U+0020 but tab, newline and
 * carriage return) and U+FFFE/U+FFFF are dropped. At most maxchars characters
 * are kept (0 for no limit). Returns 0 or ERR_LIMIT. */
int xml_clean(struct buf *b, const char *s, size_t n, size_t maxchars);
/* Appends s cleaned as above and escaped as element text (& < >) or as an
 * attribute value (also " ' tab newline carriage return). */
int xml_escape_text(struct buf *b, const char *s, size_t n);
int xml_escape_attr(struct buf *b, const char *s, size_t n);

#endif
