/* multipart.h -- the multipart/form-data parser (RFC 7578), for file
 * uploads: our own, bounded, working on the whole body already in memory.
 *
 * The boundary comes from the Content-Type's boundary parameter (quoted or
 * not, 1 to 70 characters). Each part needs a Content-Disposition of
 * form-data with a name; filename and Content-Type are optional, other part
 * headers are ignored. A part's data points into the body (not copied, not
 * NUL-terminated); names and headers are copied into the arena.
 *
 * Refused with ERR_INPUT: a missing or bad boundary, a body that does not
 * begin with (a preamble and) the first delimiter or never reaches the
 * closing one, a part without the form-data disposition or a name, header
 * lines that are folded or not "Name: value", names and filenames that are
 * not UTF-8 or hold control characters. With ERR_LIMIT: more than
 * MULTIPART_MAX_PARTS parts, or a part's headers over MULTIPART_MAX_HEADER
 * bytes. Whatever the input, the parser reads nothing outside it and
 * allocates at most a small multiple of its length. */
#ifndef OVERSIGHT_MULTIPART_H
#define OVERSIGHT_MULTIPART_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define MULTIPART_MAX_PARTS 100
#define MULTIPART_MAX_HEADER 8192

struct multipart_part {
    const char *name;         /* the form field's name */
    const char *filename;     /* as the browser sent it: untrusted, may hold a path; NULL if none */
    const char *content_type; /* the part's Content-Type, or NULL */
    const char *data;         /* into the body */
    size_t len;
};

/* Parses body[0..n) sent with content_type (the request's whole
 * Content-Type header). Returns 0, or ERR_INPUT / ERR_LIMIT with a message. */
int multipart_parse(const char *content_type, const char *body, size_t n, struct arena *a,
                    struct multipart_part **out, size_t *nout, struct err *e);
/* The first part called name, or NULL. */
const struct multipart_part *multipart_get(const struct multipart_part *p, size_t n,
                                           const char *name);

#endif
