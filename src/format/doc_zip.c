/* doc_zip.c -- the zip packaging doc_docx.c and doc_xlsx.c share (doc_zip.h). */
#include "format/doc_zip.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"

int doc_zip_open(struct doc_zip *zp, const char *what, const char *noun, const void *data,
                 size_t len, int flags, struct err *e)
{
    zip_error_t ze;
    int rc = 0;

    memset(zp, 0, sizeof *zp);
    zp->what = what;
    zp->noun = noun;
    zip_error_init(&ze);
    zp->src = zip_source_buffer_create(data, len, 0, &ze);
    if (!zp->src || !(zp->z = zip_open_from_source(zp->src, flags, &ze)))
        rc = err_set(e, ERR_IO, "%s: %s", what, zip_error_strerror(&ze));
    else
        zip_source_keep(zp->src); /* the archive's bytes stay in src after zip_close */
    zip_error_fini(&ze);
    return rc;
}

int doc_zip_close(struct doc_zip *zp, struct buf *out, struct err *e)
{
    zip_source_t *src = zp->src;
    zip_int64_t len;

    if (zip_close(zp->z) < 0)
        return err_set(e, ERR_IO, "%s: %s", zp->what, zip_strerror(zp->z));
    zp->z = NULL;
    if (zip_source_open(src) < 0 || zip_source_seek(src, 0, SEEK_END) < 0 ||
        (len = zip_source_tell(src)) < 0 || zip_source_seek(src, 0, SEEK_SET) < 0)
        return err_set(e, ERR_IO, "%s: %s", zp->what, zip_error_strerror(zip_source_error(src)));
    while (len > 0) {
        char chunk[65536];
        zip_int64_t got = zip_source_read(src, chunk, sizeof chunk);
        if (got <= 0 || buf_add(out, chunk, (size_t)got) != 0) {
            int rc = got <= 0
                         ? err_set(e, ERR_IO, "%s: short read", zp->what)
                         : err_set(e, ERR_LIMIT, "%s larger than %zu bytes", zp->noun, out->max);
            zip_source_close(src);
            return rc;
        }
        len -= got;
    }
    zip_source_close(src);
    return 0;
}

void doc_zip_release(struct doc_zip *zp)
{
    if (zp->z)
        zip_discard(zp->z);
    if (zp->src)
        zip_source_free(zp->src);
    zp->z = NULL;
    zp->src = NULL;
}

time_t doc_zip_date(int32_t day)
{
    struct tm tm;
    int y, m, d;

    date_to_ymd(day, &y, &m, &d);
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_isdst = -1;
    return mktime(&tm);
}
