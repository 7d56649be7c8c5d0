/* report_read.h -- reading a published report (PDF, DOCX or plain text) into
 * the numbered lines domain/extract.c reads.
 *
 * Every reader gives lines of UTF-8 text, each with its page, table cells
 * separated by tabs, paragraphs separated by empty lines where the document
 * shows them:
 *   - PDF through poppler-glib: each page's text and character boxes, laid
 *     out again by position so that the cells of a table row share a line;
 *   - DOCX through libzip and expat: word/document.xml's paragraphs, runs,
 *     tabs, table rows (one line a row), list numbering from
 *     word/numbering.xml, headings by style; pages where Word marked them;
 *   - text: UTF-8 (validated; a byte-order mark is skipped), pages split at
 *     form feeds as pdftotext writes them.
 * A report is untrusted input: sizes are bounded (the file, each zip entry
 * however well it compresses, the pages and the text read), DTDs are refused,
 * and an encrypted or damaged file is a clear error naming the file.
 *
 * Ownership: the lines, their text and the title live in the arena given. */
#ifndef OVERSIGHT_REPORT_READ_H
#define OVERSIGHT_REPORT_READ_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/extract.h"

#define REPORT_MAX_FILE ((size_t)256 << 20) /* bytes of the file */
#define REPORT_MAX_TEXT ((size_t)64 << 20)  /* bytes of text read from it */
#define REPORT_MAX_PAGES 5000

enum report_format { REPORT_TEXT, REPORT_PDF, REPORT_DOCX };

struct report_text {
    struct extract_line *lines;
    size_t n;
    const char *title;          /* from the document's properties; NULL if none */
    int pages;
    enum report_format format;
};

/* Reads the report at path, its format told by its content (a PDF header, a
 * zip archive, else text); a name ending .pdf or .docx whose content is not
 * that format is an error. Returns 0, or ERR_IO, ERR_INPUT or ERR_LIMIT with
 * a message starting "PATH: ". */
int report_read_file(const char *path, struct arena *a, struct report_text *out, struct err *e);

/* The same from memory; display names the report in messages. max_pages
 * bounds the pages of a PDF (0: REPORT_MAX_PAGES); a PDF with more is an
 * error. data must stay valid until the call returns. */
int report_read_mem(const void *data, size_t n, const char *display, int max_pages,
                    struct arena *a, struct report_text *out, struct err *e);

int report_read_pdf(const void *data, size_t n, const char *display, int max_pages,
                    struct arena *a, struct report_text *out, struct err *e);
int report_read_docx(const void *data, size_t n, const char *display, struct arena *a,
                     struct report_text *out, struct err *e);
int report_read_text(const void *data, size_t n, const char *display, struct arena *a,
                     struct report_text *out, struct err *e);

#endif
