/* extract_drafts.h -- a report's items drafted as actions of a source, for
 * `oversight extract --format csv` and the web application's review screen
 * alike: refs drafted from the source's title, items the register already
 * holds found, drafts merged and split, and the kept drafts imported as
 * `oversight import actions` imports a file, all or nothing.
 *
 * A drafted ref is PREFIX-KIND-NUMBER ("CDIR-R-3"): the prefix from the
 * source's title (extract_ref_prefix), the kind's code, and the number the
 * report prints when every item of that kind to be drafted has one and no
 * two share it, else the items of that kind counted; made unique against
 * the register and the refs drafted before it by "-2", "-3".
 *
 * Ownership: strings of the drafts live in the arena passed in. */
#ifndef OVERSIGHT_EXTRACT_DRAFTS_H
#define OVERSIGHT_EXTRACT_DRAFTS_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/strmap.h"
#include "domain/extract.h"
#include "store/drafts.h"
#include "store/store.h"

/* What splits a draft: the editor types it where a new draft begins. */
#define DRAFT_SPLIT_MARK "||"

/* The register's actions, every one whenever issued: their texts into idx
 * (to find what an item repeats) and their refs into refs (which drafted
 * refs avoid). Reads inside the caller's transaction. */
int drafts_register(struct store *s, struct arena *a, struct extract_index *idx,
                    struct strmap *refs, struct err *e);

/* Sets each item's duplicate_of from idx; returns how many repeat one. */
size_t drafts_mark_items(const struct extract_index *idx, struct extract_item *it, size_t n);
/* The same for drafts, after they were edited. */
void drafts_mark(const struct extract_index *idx, struct draft *d, size_t n);

/* The items as drafts, in the report's order, refs drafted from title and
 * recorded in refs. Items that repeat the register (duplicate_of) are left
 * out, unless with_duplicates: then they come too, not kept, their refs
 * drafted after the others' so that the others' are the same either way. */
void drafts_from_items(const struct extract_item *it, size_t n, const char *title,
                       int with_duplicates, struct strmap *refs, struct arena *a,
                       struct draft **out, size_t *nout);

/* base if refs does not hold it, else base-2, base-3, ...; recorded in refs. */
const char *drafts_unique_ref(struct strmap *refs, const char *base, struct arena *a);

/* Merges draft i and draft i + 1 of d[0..*n) into draft i: the texts
 * joined, the first's ref, number and page, what the first does not say
 * taken from the second, kept if either was. Returns 0, or -1 when there is
 * no draft after i. */
int drafts_merge(struct draft *d, size_t *n, size_t i, struct arena *a);
/* Splits draft i at each DRAFT_SPLIT_MARK in its text into drafts of the
 * parts (empty parts dropped): the first keeps the ref, the others get refs
 * from it made unique against refs; each part's deadline, target date and
 * addressee are read again from its own text, and where it states none it
 * keeps the whole draft's. *d is replaced by an array
 * from a. Returns the number of parts, or 0 when the text has no mark with
 * text on both sides (nothing changed). */
size_t drafts_split(struct draft **d, size_t *n, size_t i, struct strmap *refs,
                    struct arena *a);

/* The actions.csv of the kept drafts (columns as `import actions` reads
 * them): source title, issued the issued column (YYYY-MM-DD, or NULL for
 * the source's published date). If line is not NULL, line[i] gets the line
 * of the file where draft i's row begins (0 for a draft not kept). */
int drafts_csv(struct buf *b, const struct draft *d, size_t n, const char *title,
               const char *issued, long *line);

/* A problem with a draft, from the import. */
struct draft_problem {
    long draft;          /* index into the drafts, or -1 for none in particular */
    const char *field;   /* the CSV column ("ref", "text", "kind", "due", ...), or NULL */
    const char *message; /* "text is required" */
};

/* Imports the kept drafts as actions of the source titled title, through
 * import_mem as `oversight import actions` would import drafts_csv's file
 * (no source is created). Returns 0 and sets *written; ERR_INPUT when any
 * draft is bad, with every problem in *problems naming its draft (nothing
 * is to be committed); another ERR_* when the import could not run. */
int drafts_import(struct store *s, const struct draft *d, size_t n, const char *title,
                  const char *issued, struct arena *a, size_t *written,
                  struct draft_problem **problems, size_t *nproblems, struct err *e);

#endif
