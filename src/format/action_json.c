/* action_json.c -- an action as a JSON object (action_json.h). */
#include "format/action_json.h"

#include "base/date.h"
#include "base/jsonw.h"

void action_json_members(struct buf *b, int *first, const struct action *a, int32_t as_of,
                         int32_t cutoff)
{
    char d[DATE_BUFSZ];
    jsonw_key(b, first, "ref"), jsonw_str(b, a->ref);
    jsonw_key(b, first, "source"), jsonw_str(b, a->source_title);
    jsonw_key(b, first, "kind"), jsonw_str(b, vocab_name(&VOCAB_ACTION_KIND, a->kind));
    jsonw_key(b, first, "text"), jsonw_str(b, a->text);
    jsonw_key(b, first, "owner"), jsonw_str(b, a->owner);
    jsonw_key(b, first, "directorate"), jsonw_str(b, a->directorate);
    jsonw_key(b, first, "theme"), jsonw_str(b, a->theme);
    jsonw_key(b, first, "risk"), jsonw_str(b, a->risk ? vocab_name(&VOCAB_RISK, a->risk) : NULL);
    jsonw_key(b, first, "scope"),
        jsonw_str(b, vocab_name(&VOCAB_SCOPE, a->scope ? a->scope : a->source_scope));
    jsonw_key(b, first, "marking"),
        jsonw_str(b, vocab_name(&VOCAB_MARKING, a->marking ? a->marking : MK_PUBLIC));
    jsonw_key(b, first, "issued"), jsonw_str(b, date_format(action_issued(a), d));
    jsonw_key(b, first, "due"), jsonw_str(b, a->due);
    jsonw_key(b, first, "due_original"), jsonw_str(b, a->due_original);
    jsonw_key(b, first, "status"), jsonw_str(b, vocab_name(&VOCAB_STATUS, a->status));
    jsonw_key(b, first, "status_date"),
        jsonw_str(b, a->status_date == DATE_NONE ? NULL : date_format(a->status_date, d));
    jsonw_key(b, first, "overdue"), buf_adds(b, action_overdue(a, as_of) ? "true" : "false");
    jsonw_key(b, first, "historic");
    buf_adds(b, cutoff == DATE_NONE ? "null" : action_issued(a) < cutoff ? "true" : "false");
    jsonw_key(b, first, "latest_note"), jsonw_str(b, a->last_note);
}

void action_json(struct buf *b, const struct action *a, int32_t as_of, int32_t cutoff)
{
    int first = 1;
    buf_addc(b, '{');
    action_json_members(b, &first, a, as_of, cutoff);
    buf_addc(b, '}');
}
