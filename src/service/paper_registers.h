/* paper_registers.h -- the audit actions paper, the outstanding references,
 * a delivery plan and the board pack: each read from the register as of a
 * date, computed by domain/registers.c, and written as JSON or a struct doc
 * for the other formats. Shared by `oversight report` and the web. */
#ifndef OVERSIGHT_PAPER_REGISTERS_H
#define OVERSIGHT_PAPER_REGISTERS_H

#include "base/buf.h"
#include "domain/registers.h"
#include "format/doc.h"
#include "store/store.h"

enum paper_kind { PAPER_AUDIT, PAPER_REFERENCES, PAPER_PLAN, PAPER_BOARD };

struct paper_register_opts {
    enum paper_kind kind;
    int32_t as_of;           /* DATE_NONE: today */
    const char *recorded_at; /* NULL: the register as it stands */
    const char *plan;        /* PAPER_PLAN: the plan's source title */
    int public_version;
};

struct paper_register {
    enum paper_kind kind;
    const char *org, *committee;
    int32_t as_of;
    int public_version;
    size_t restricted_left_out;
    int has_restricted;      /* restricted items among those in the paper */
    struct timelines tl;
    const char **notes;      /* latest note as of as_of, per action (NULL: none or not needed) */
    union {
        struct audit_report audit;
        struct references_report refs;
        struct plan_report plan;
        struct board_report board;
    } u;
};

int paper_register_load(struct store *s, const struct paper_register_opts *o, struct arena *a,
                        struct paper_register *p, struct err *e);
int paper_register_json(const struct paper_register *p, struct buf *out, struct err *e);
void paper_register_doc(const struct paper_register *p, struct arena *a, struct doc *d);

#endif
