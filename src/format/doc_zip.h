/* doc_zip.h -- what doc_docx.c and doc_xlsx.c share in writing their zip
 * packages: an archive opened in memory, the time every entry carries, and
 * the finished archive's bytes appended to the caller's buffer. Private to
 * src/format. */
#ifndef OVERSIGHT_DOC_ZIP_H
#define OVERSIGHT_DOC_ZIP_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <zip.h>

#include "base/buf.h"
#include "base/err.h"

/* A zip archive in memory. Messages name it as what ("zip") and what would
 * be too large as noun ("document"). */
struct doc_zip {
    zip_source_t *src; /* the archive's bytes, kept when z closes */
    zip_t *z;          /* NULL once closed */
    const char *what, *noun;
};

/* Opens the archive held in data[0..len) (NULL, 0 for none) with libzip's
 * flags (ZIP_TRUNCATE: start empty). Returns 0 or ERR_IO; either way
 * doc_zip_release frees it. */
int doc_zip_open(struct doc_zip *zp, const char *what, const char *noun, const void *data,
                 size_t len, int flags, struct err *e);
/* Closes the archive and appends its bytes to out. Returns 0, ERR_IO, or
 * ERR_LIMIT when out is full. */
int doc_zip_close(struct doc_zip *zp, struct buf *out, struct err *e);
/* Frees the archive, discarding it unless it was closed. */
void doc_zip_release(struct doc_zip *zp);

/* The time_t that libzip, which writes DOS times in local time, turns into
 * day at 00:00:00 whatever the machine's time zone, so the bytes do not
 * depend on it. */
time_t doc_zip_date(int32_t day);

#endif
