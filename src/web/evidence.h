/* evidence.h -- what the web application accepts as evidence, and how it
 * gives a file back.
 *
 * A file is accepted only when its name ends in one of the accepted
 * extensions (PDF, Word, Excel, PNG, JPEG, GIF) AND its bytes are that kind
 * of file: the magic bytes of PDF, PNG, JPEG and GIF; the compound-file
 * signature of .doc and .xls; for .docx and .xlsx a zip archive holding the
 * main part of a Word document or an Excel workbook. A page of HTML called
 * report.pdf is refused. The type recorded and served is the one checked,
 * never the one the browser sent. Files are served only as downloads
 * (Content-Disposition: attachment), with nosniff, so that even a file
 * that is two things at once is never shown as a page of this service. */
#ifndef OVERSIGHT_WEB_EVIDENCE_H
#define OVERSIGHT_WEB_EVIDENCE_H

#include <stddef.h>

#include "base/arena.h"
#include "web/http.h"

#define EVIDENCE_URL_MAX 2000

struct evidence_file {
    const char *filename;      /* the name to keep: the last path segment, cleaned */
    const char *content_type;  /* checked from the bytes */
    const char *label;         /* "PDF", "Word document", ... */
    char sha256[65];           /* hex */
};

/* Checks an uploaded file. Returns NULL and fills out, or the sentence to
 * show the user (the file is empty, too large, of a kind not accepted, or
 * not what its name says). */
const char *evidence_check(const char *filename, const void *data, size_t len, struct arena *a,
                           struct evidence_file *out);
/* NULL when url is a link we accept as evidence (absolute http or https,
 * with a host, no spaces or control characters, at most EVIDENCE_URL_MAX
 * bytes), else the sentence to show. */
const char *evidence_link_problem(const char *url);
/* "PDF", "Word document", ... for a stored content type ("File" if unknown). */
const char *evidence_type_label(const char *content_type);
/* "12 KB", "1.4 MB". */
const char *evidence_size_words(struct arena *a, long long size);
/* Answers with the file as a download: its type, Content-Disposition:
 * attachment with the name (ASCII fallback and UTF-8 filename*), and its
 * bytes (not copied: they live in the request's arena). */
void evidence_send(struct web_response *resp, const char *filename, const char *content_type,
                   const void *data, size_t len);

#endif
