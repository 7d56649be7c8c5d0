/* api_json.c -- the JSON API's shared pieces (api.h): the response body,
 * errors, query flags and the JSON of actions and updates. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "format/action_json.h"
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

void api_action_json(struct buf *b, const struct action *a, int64_t version, int32_t today,
                     int32_t cutoff)
{
    int first = 1;
    buf_addc(b, '{');
    action_json_members(b, &first, a, today, cutoff);
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
