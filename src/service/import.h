/* import.h -- importing sources, actions and updates from CSV or XLSX, all or
 * nothing.
 *
 * The service layer holds what the command line and the web application both
 * do to the register: it reads through format/, checks with domain/ and
 * writes through store/. It never commits: the caller's transaction does, and
 * is rolled back when import_file reports any bad row. */
#ifndef OVERSIGHT_IMPORT_H
#define OVERSIGHT_IMPORT_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

struct import_opts {
    const char *display;     /* the file's name in messages (NULL: the path) */
    const char *sheet;       /* XLSX sheet (NULL: the first) */
    const char *map;         /* "Header=column,Other header=column" */
    int create_sources;      /* actions: create sources with unknown titles */
    int ignore_unknown;      /* unknown columns are ignored instead of refused */
    size_t max_listed;       /* bad rows listed at most (0: 1000); the rest counted */
    /* Called now and then with bytes read so far and the total. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
};

struct import_result {
    size_t rows;          /* data rows read */
    size_t written;       /* records written (0 when any row was bad) */
    size_t sources_created;
    size_t nproblems;     /* bad values found, all counted */
    size_t nlisted;
    char **problems;      /* "FILE:LINE:FIELD: message", nlisted of them, in the caller's arena */
};

/* Imports what (EXPORT_SOURCES, EXPORT_ACTIONS, EXPORT_UPDATES, EXPORT_PROGRAMME, or
 * the measures' EXPORT_MEASURES, EXPORT_OBSERVATIONS, EXPORT_NARRATIVES) from path
 * ("-" reads standard input). Returns 0 when every row was good and written;
 * ERR_INPUT when any row was bad (r lists them; nothing is to be committed);
 * another ERR_* when the file could not be read at all (message in e). */
int import_file(struct store *s, enum export_table what, const char *path,
                const struct import_opts *o, struct arena *a, struct import_result *r,
                struct err *e);
/* The canonical word for a programme item's status (planned, fieldwork,
 * awaiting_report, published, cancelled), or NULL if s is none of them. */
const char *programme_status_word(const char *s);

/* The same from memory (the web application's uploads). */
int import_mem(struct store *s, enum export_table what, const void *data, size_t len,
               const struct import_opts *o, struct arena *a, struct import_result *r,
               struct err *e);

#endif
