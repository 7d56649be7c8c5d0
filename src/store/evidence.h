/* evidence.h -- the evidence attached to an update: a link, or a file kept
 * in the register itself (so that a dump, a backup or a copy of the
 * register carries it, and nothing depends on a shared drive).
 *
 * Like everything else, evidence is only ever added: each row carries the
 * next change number, when it was recorded and by whom. An update that is
 * voided keeps its evidence (shown with the void update).
 *
 * Records are read into the caller's arena, as in store.h. */
#ifndef OVERSIGHT_STORE_EVIDENCE_H
#define OVERSIGHT_STORE_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct store;

struct evidence {
    int64_t seq;               /* the change number, and the evidence's id in URLs */
    int64_t update_seq;        /* the update it evidences */
    const char *kind;          /* "link" or "file" */
    const char *url;           /* a link: http or https */
    const char *filename;      /* a file: the name to offer it under */
    const char *content_type;  /* a file: its type, as checked from its bytes */
    int64_t size;              /* a file: bytes */
    const char *sha256;        /* a file: hex digest of its bytes */
    const void *data;          /* a file's bytes: store_evidence_get only */
    const char *recorded_at, *recorded_by;
};

/* Adds ev (kind, update_seq, and url or filename, content_type, size,
 * sha256, data), setting ev->seq, recorded_at and recorded_by. */
int store_evidence_add(struct store *s, struct evidence *ev, struct err *e);
/* Every piece of evidence on the updates of an action, without the files'
 * bytes, in the order recorded. */
int store_evidence_of_action(struct store *s, int64_t action_id, struct arena *a,
                             struct evidence ***out, size_t *n, struct err *e);
/* One piece of evidence of the action, with its bytes: ERR_NOTFOUND when
 * there is none with that id on that action's updates. */
int store_evidence_get(struct store *s, int64_t action_id, int64_t seq, struct arena *a,
                       struct evidence **out, struct err *e);

#endif
