/* api_json.c -- the JSON API's shared pieces (api.h): the response body,
 * errors, query flags and the JSON of actions and updates. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "web/api.h"
#include "web/app.h"

struct buf *api_body(struct web_response *resp, int status)
{
    resp->status = status;
    resp->content_type = "application/json";
    buf_reset(&resp->body);
    return &resp->body;
}

int api_bad(struct web_response *resp, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return web_error(resp, 400, msg);
}

int api_flag(const char *v)
{
    if (!v)
        return 0;
    if (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0)
        return 1;
    if (strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0)
        return 0;
    return -1;
}

int api_known_params(const struct web_request *req, struct web_response *resp,
                     const char *const *names)
{
    for (size_t i = 0; i < req->nquery; i++) {
        const char *k = req->query_fields[i].name;
        size_t j = 0;
        while (names[j] && strcmp(names[j], k) != 0)
            j++;
        if (!names[j])
            return api_bad(resp, "Unknown query parameter \"%s\".", k);
    }
    return 0;
}

static int overdue(const struct action *a, int32_t today)
{
    int32_t due;
    if (!a->due || a->status == ST_GREEN || a->status == ST_CLOSED)
        return 0;
    return date_parse(a->due, strlen(a->due), &due) == 0 && due < today;
}

void api_action_json(struct buf *b, const struct action *a, int64_t version, int32_t today,
                     int32_t cutoff)
{
    char d[DATE_BUFSZ];
    int first = 1;
    buf_addc(b, '{');
    jsonw_key(b, &first, "ref"), jsonw_str(b, a->ref);
    jsonw_key(b, &first, "source"), jsonw_str(b, a->source_title);
    jsonw_key(b, &first, "kind"), jsonw_str(b, vocab_name(&VOCAB_ACTION_KIND, a->kind));
    jsonw_key(b, &first, "text"), jsonw_str(b, a->text);
    jsonw_key(b, &first, "owner"), jsonw_str(b, a->owner);
    jsonw_key(b, &first, "directorate"), jsonw_str(b, a->directorate);
    jsonw_key(b, &first, "theme"), jsonw_str(b, a->theme);
    jsonw_key(b, &first, "risk"), jsonw_str(b, a->risk ? vocab_name(&VOCAB_RISK, a->risk) : NULL);
    jsonw_key(b, &first, "scope"),
        jsonw_str(b, vocab_name(&VOCAB_SCOPE, a->scope ? a->scope : a->source_scope));
    jsonw_key(b, &first, "marking"),
        jsonw_str(b, vocab_name(&VOCAB_MARKING, a->marking ? a->marking : MK_PUBLIC));
    jsonw_key(b, &first, "issued"), jsonw_str(b, date_format(action_issued(a), d));
    jsonw_key(b, &first, "due"), jsonw_str(b, a->due);
    jsonw_key(b, &first, "due_original"), jsonw_str(b, a->due_original);
    jsonw_key(b, &first, "status"), jsonw_str(b, vocab_name(&VOCAB_STATUS, a->status));
    jsonw_key(b, &first, "status_date"),
        jsonw_str(b, a->status_date == DATE_NONE ? NULL : date_format(a->status_date, d));
    jsonw_key(b, &first, "overdue"), buf_adds(b, overdue(a, today) ? "true" : "false");
    jsonw_key(b, &first, "historic");
    buf_adds(b, cutoff == DATE_NONE ? "null" : action_issued(a) < cutoff ? "true" : "false");
    jsonw_key(b, &first, "latest_note"), jsonw_str(b, a->last_note);
    jsonw_key(b, &first, "version"), jsonw_int(b, version);
    buf_addc(b, '}');
}

void api_update_json(struct buf *b, const struct update *u)
{
    char d[DATE_BUFSZ];
    int first = 1;
    buf_addc(b, '{');
    jsonw_key(b, &first, "id"), jsonw_int(b, u->seq);
    jsonw_key(b, &first, "date"), jsonw_str(b, date_format(u->date, d));
    jsonw_key(b, &first, "status"), jsonw_str(b, vocab_name(&VOCAB_STATUS, u->status));
    jsonw_key(b, &first, "note"), jsonw_str(b, u->note);
    jsonw_key(b, &first, "by"), jsonw_str(b, u->by);
    jsonw_key(b, &first, "reason"), jsonw_str(b, u->reason);
    jsonw_key(b, &first, "by_ref"), jsonw_str(b, u->by_ref);
    jsonw_key(b, &first, "recorded_at"), jsonw_str(b, u->recorded_at);
    jsonw_key(b, &first, "recorded_by"), jsonw_str(b, u->recorded_by);
    jsonw_key(b, &first, "void");
    if (u->is_void) {
        int f2 = 1;
        buf_addc(b, '{');
        jsonw_key(b, &f2, "reason"), jsonw_str(b, u->void_reason);
        jsonw_key(b, &f2, "recorded_at"), jsonw_str(b, u->voided_at);
        jsonw_key(b, &f2, "recorded_by"), jsonw_str(b, u->voided_by);
        buf_addc(b, '}');
    } else {
        buf_adds(b, "null");
    }
    buf_addc(b, '}');
}

const char *api_etag(struct arena *a, int64_t version)
{
    return arena_printf(a, "\"%lld\"", (long long)version);
}
