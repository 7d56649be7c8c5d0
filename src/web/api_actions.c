/* api_actions.c -- the actions in the JSON API:
 *
 *   GET  /api/actions               the list, with the list's filters, a page at a time
 *   GET  /api/actions/REF           one action with its status, version and history
 *   POST /api/actions/REF/updates   a progress update, a closure or a reopening
 *
 * The rules are the web pages' (page_action.h): a viewer reads; an owner
 * records progress on their own actions; the board (and admins and
 * editors) close; admins and editors reopen; a restricted action is not
 * there for a user not cleared for it. An update is refused (409) when the
 * client says, with If-Match, which version it read and that is no longer
 * the action's version: a change made meanwhile is never silently
 * overtaken. The register is read as it stands today, through the store's
 * kept state (store/state.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "base/jsonw.h"
#include "service/changes.h"
#include "store/state.h"
#include "store/store.h"
#include "web/api.h"
#include "web/app.h"
#include "web/json.h"
#include "web/page_action.h"
#include "web/pages.h"

#define API_PAGE_DEFAULT 100
#define API_PAGE_MAX 1000

static int cutoff_of(struct web_request *req, int32_t *cutoff, struct err *e)
{
    const char *v;
    int rc;
    *cutoff = DATE_NONE;
    if ((rc = store_setting_get(req->store, "cutoff", req->arena, &v, e)))
        return rc;
    if (v && date_parse(v, strlen(v), cutoff))
        *cutoff = DATE_NONE;
    return 0;
}

static int cleared(const struct web_request *req)
{
    return req->user && req->user->clearance == MK_RESTRICTED;
}

/* ---- the list ------------------------------------------------------------ */

static const char *const LIST_PARAMS[] = {"status", "source", "source_id", "kind",  "owner",
                                          "directorate", "mine", "overdue", "period", "q",
                                          "sort", "limit", "offset", NULL};

/* A count in the query: 0 and *out, or -1. */
static int count_param(const char *v, size_t max, size_t *out)
{
    char *end;
    long long n;
    if (!v)
        return 0;
    n = strtoll(v, &end, 10);
    if (!*v || *end || n < 0 || (unsigned long long)n > max)
        return -1;
    *out = (size_t)n;
    return 0;
}

/* status=red&status=amber, or status=red,amber; with the list's words
 * "outstanding" (red, amber, white) and "open" (not closed). */
static int parse_statuses(struct web_request *req, struct web_response *resp, unsigned *out)
{
    *out = 0;
    for (size_t i = 0; i < req->nquery; i++) {
        const char *p = req->query_fields[i].value;
        if (strcmp(req->query_fields[i].name, "status") != 0)
            continue;
        while (*p) {
            size_t len = strcspn(p, ",");
            int w = vocab_parse(&VOCAB_STATUS, p, len);
            if (len == 11 && strncasecmp(p, "outstanding", 11) == 0)
                *out |= 1u << ST_WHITE | 1u << ST_AMBER | 1u << ST_RED;
            else if (len == 4 && strncasecmp(p, "open", 4) == 0)
                *out |= 1u << ST_WHITE | 1u << ST_AMBER | 1u << ST_RED | 1u << ST_GREEN;
            else if (w > 0)
                *out |= 1u << w;
            else
                return api_bad(resp,
                               "Unknown status \"%.*s\": one of white, amber, red, green, closed, "
                               "outstanding, open.",
                               (int)len, p);
            p += len + (p[len] == ',');
        }
    }
    return 0;
}

static int parse_query(struct web_request *req, struct web_response *resp, int32_t cutoff,
                       struct action_query *q)
{
    const char *v;
    struct err e = {0};
    int rc, f;

    memset(q, 0, sizeof *q);
    q->today = date_today();
    q->issued_before = q->issued_from = DATE_NONE;
    q->limit = API_PAGE_DEFAULT;
    if ((rc = api_known_params(req, resp, LIST_PARAMS)) || (rc = parse_statuses(req, resp, &q->statuses)))
        return rc;
    if ((v = web_query(req, "source")) && *v) {
        struct source *src;
        rc = store_source_find(req->store, v, req->arena, &src, &e);
        if (rc == 0 && src->marking == MK_RESTRICTED && !cleared(req))
            rc = ERR_NOTFOUND;
        if (rc == ERR_NOTFOUND)
            return api_bad(resp, "There is no source titled \"%s\".", v);
        if (rc)
            return web_fail(req, resp, &e);
        q->source_id = src->id;
    }
    if ((v = web_query(req, "source_id")) && *v) {
        char *end;
        long long id = strtoll(v, &end, 10);
        if (*end || id <= 0)
            return api_bad(resp, "source_id must be a source's id (a whole number).");
        q->source_id = id;
    }
    if ((v = web_query(req, "kind")) && *v) {
        int k = vocab_parse(&VOCAB_ACTION_KIND, v, strlen(v));
        if (k <= 0)
            return api_bad(resp,
                           "Unknown kind \"%s\": one of recommendation, afi, cause_of_concern, "
                           "audit_action, reference, deliverable.",
                           v);
        q->kind = (enum action_kind)k;
    }
    q->owner = web_query(req, "owner");
    q->directorate = web_query(req, "directorate");
    if ((f = api_flag(web_query(req, "mine"))) < 0)
        return api_bad(resp, "mine is true or false.");
    if (f) {
        q->mine = 1;
        q->mine_owner = req->user->owner_name;
        q->mine_directorate = req->user->directorate;
    }
    if ((q->overdue = api_flag(web_query(req, "overdue"))) < 0)
        return api_bad(resp, "overdue is true or false.");
    if ((v = web_query(req, "period")) && *v) {
        if (strcmp(v, "historic") != 0 && strcmp(v, "new") != 0)
            return api_bad(resp, "period is historic or new.");
        if (cutoff == DATE_NONE)
            return api_bad(resp, "period needs the cut-off date: it is not set in this register.");
        if (strcmp(v, "historic") == 0)
            q->issued_before = cutoff;
        else
            q->issued_from = cutoff;
    }
    q->words = web_query(req, "q");
    if ((v = web_query(req, "sort")) && *v) {
        static const char *const sorts[] = {"ref", "status", "due", "owner"};
        size_t i = 0;
        while (i < 4 && strcmp(v, sorts[i]) != 0)
            i++;
        if (i == 4)
            return api_bad(resp, "sort is ref, status, due or owner.");
        q->sort = (enum action_sort)i;
    }
    if (count_param(web_query(req, "limit"), API_PAGE_MAX, &q->limit) || q->limit == 0)
        return api_bad(resp, "limit is a whole number from 1 to %d.", API_PAGE_MAX);
    if (count_param(web_query(req, "offset"), (size_t)1 << 40, &q->offset))
        return api_bad(resp, "offset is a whole number, 0 or more.");
    q->hide_restricted = !cleared(req);
    return 0;
}

int api_actions(struct web_request *req, struct web_response *resp)
{
    struct action_query q;
    struct action_counts c;
    struct action **v;
    int64_t *versions;
    struct err e = {0};
    struct buf *b;
    char today[DATE_BUFSZ];
    int32_t cutoff;
    size_t n;
    int rc, first = 1;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    if (cutoff_of(req, &cutoff, &e))
        return web_fail(req, resp, &e);
    if ((rc = parse_query(req, resp, cutoff, &q)))
        return rc;
    if (store_actions_now(req->store, &q, 0, req->arena, &v, &versions, &n, &c, &e))
        return web_fail(req, resp, &e);
    b = api_body(resp, 200);
    buf_addc(b, '{');
    jsonw_key(b, &first, "as_of"), jsonw_str(b, date_format(q.today, today));
    jsonw_key(b, &first, "total"), jsonw_int(b, (int64_t)c.total);
    jsonw_key(b, &first, "offset"), jsonw_int(b, (int64_t)q.offset);
    jsonw_key(b, &first, "limit"), jsonw_int(b, (int64_t)q.limit);
    jsonw_key(b, &first, "counts");
    {
        int f2 = 1;
        static const enum status order[] = {ST_RED, ST_AMBER, ST_WHITE, ST_GREEN, ST_CLOSED};
        buf_addc(b, '{');
        for (size_t i = 0; i < 5; i++) {
            jsonw_key(b, &f2, vocab_name(&VOCAB_STATUS, order[i]));
            jsonw_int(b, (int64_t)c.status[order[i]]);
        }
        buf_addc(b, '}');
    }
    jsonw_key(b, &first, "restricted_not_shown"), jsonw_int(b, (int64_t)c.hidden);
    jsonw_key(b, &first, "actions");
    buf_addc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addc(b, ',');
        api_action_json(b, v[i], versions[i], q.today, cutoff);
    }
    if (buf_adds(b, "]}\n"))
        return web_error(resp, 413, "The list is too large: ask for a smaller page.");
    return 0;
}

/* ---- one action -------------------------------------------------------- */

int api_action(struct web_request *req, struct web_response *resp)
{
    struct action *act;
    struct source *src;
    struct action_rights r;
    struct update **ups;
    struct err e = {0};
    struct buf *b;
    int64_t version;
    int32_t cutoff;
    size_t n;
    int rc;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    if (store_action_version(req->store, act->id, &version, &e) ||
        store_updates_of(req->store, act->id, req->arena, &ups, &n, &e) ||
        cutoff_of(req, &cutoff, &e))
        return web_fail(req, resp, &e);
    b = api_body(resp, 200);
    api_action_json(b, act, version, date_today(), cutoff);
    /* the history, after the action's own fields */
    b->len--;
    buf_adds(b, ",\"updates\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addc(b, ',');
        api_update_json(b, ups[i]);
    }
    if (buf_adds(b, "]}\n"))
        return web_error(resp, 413, "The action's history is too large.");
    web_set_header(resp, "ETag", api_etag(req->arena, version));
    return 0;
}

/* ---- a change -------------------------------------------------------------- */

/* Whether If-Match names version: "V" (any of a list), or *. Returns 1 or
 * 0, or -1 when the header cannot be read. Weak tags never match (If-Match
 * compares strongly); a bare number is taken as the tag it names. */
static int if_match(const char *h, int64_t version)
{
    const char *p = h;
    int any = 0;
    while (*p) {
        long long v;
        char *end;
        int quoted;
        p += strspn(p, " \t,");
        if (!*p)
            break;
        any = 1;
        if (*p == '*')
            return 1;
        if (strncmp(p, "W/", 2) == 0) {
            p += 2 + strcspn(p + 2, ",");
            continue;
        }
        quoted = *p == '"';
        v = strtoll(p + quoted, &end, 10);
        if (end == p + quoted || (quoted && *end != '"'))
            return -1;
        p = end + quoted;
        if (v == version)
            return 1;
    }
    return any ? 0 : -1;
}

static int conflict(struct web_request *req, struct web_response *resp, const char *ref,
                    int64_t version)
{
    struct buf *b = api_body(resp, 409);
    int first = 1;
    buf_adds(b, "{\"error\":{");
    jsonw_key(b, &first, "status"), jsonw_int(b, 409);
    jsonw_key(b, &first, "message");
    jsonw_str(b, arena_printf(req->arena,
                              "%s has changed since the version you read: read it again, "
                              "and send your change with If-Match: \"%lld\" if it still holds.",
                              ref, (long long)version));
    jsonw_key(b, &first, "version"), jsonw_int(b, version);
    buf_adds(b, "}}\n");
    web_set_header(resp, "ETag", api_etag(req->arena, version));
    return 0;
}

/* A string member of the body: 0 with *out (NULL when absent or null), or
 * 400. */
static int member(struct web_response *resp, const struct json_value *body, const char *key,
                  const char **out)
{
    const struct json_value *v = json_get(body, key);
    *out = NULL;
    if (!v || v->type == JSON_NULL)
        return 0;
    if (v->type != JSON_STRING)
        return api_bad(resp, "\"%s\" must be a string.", key);
    *out = v->string;
    /* blank is not given */
    if (!v->string[strspn(v->string, " \t\r\n")])
        *out = NULL;
    return 0;
}

static int refused(struct web_request *req, struct web_response *resp, const struct err *e)
{
    switch (e->code) {
    case ERR_INPUT:
    case ERR_NOTFOUND: return web_error(resp, 400, e->msg);
    case ERR_DENIED: return web_error(resp, 403, e->msg);
    default: return web_fail(req, resp, e);
    }
}

int api_action_update(struct web_request *req, struct web_response *resp)
{
    static const char *const keys[] = {"status", "note", "date", "reason", "by_ref", NULL};
    const struct json_value *body = req->json;
    const char *status_s, *note, *date_s, *reason, *by_ref, *h;
    struct action *act;
    struct source *src;
    struct action_rights r;
    struct change c = {0};
    struct err e = {0};
    struct buf *b;
    int64_t version, seq = 0;
    int closing, reopening, st, rc, first = 1;
    char d[DATE_BUFSZ];

    /* Who may change anything at all: a viewer may not. */
    if (!req->user || !(role_allows(req->user->role, ROLE_OWNER) || role_board(req->user)))
        return web_error(resp, 403, "Your role does not allow changes to the register.");
    if (!body || body->type != JSON_OBJECT)
        return api_bad(resp, "Send a JSON object (Content-Type: application/json) with "
                             "\"status\" and, as needed, \"note\", \"date\" and \"reason\".");
    for (size_t i = 0; i < body->n; i++) {
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], body->members[i].key) != 0)
            k++;
        if (!keys[k])
            return api_bad(resp, "Unknown field \"%s\": the fields are status, note, date, "
                                 "reason and by_ref.",
                           body->members[i].key);
    }
    if ((rc = member(resp, body, "status", &status_s)) || (rc = member(resp, body, "note", &note)) ||
        (rc = member(resp, body, "date", &date_s)) || (rc = member(resp, body, "reason", &reason)) ||
        (rc = member(resp, body, "by_ref", &by_ref)))
        return rc;
    if (!status_s)
        return api_bad(resp, "\"status\" is required: white, amber, red, green or closed.");
    if ((st = vocab_parse(&VOCAB_STATUS, status_s, strlen(status_s))) <= 0)
        return api_bad(resp, "Unknown status \"%s\": white, amber, red, green or closed.",
                       status_s);
    c.date = DATE_NONE;
    if (date_s) {
        if (date_parse(date_s, strlen(date_s), &c.date))
            return api_bad(resp, "\"date\" must be a real date, YYYY-MM-DD.");
        if (c.date > date_today())
            return api_bad(resp, "\"date\" must be today or in the past.");
    }
    closing = st == ST_CLOSED;
    if (closing) {
        int cr = reason ? vocab_parse(&VOCAB_CLOSE_REASON, reason, strlen(reason)) : 0;
        if (cr <= 0)
            return api_bad(resp,
                           "A closure needs a \"reason\": completed, superseded, written_off, "
                           "not_applicable or closed_by_issuer.");
        c.reason = (enum close_reason)cr;
        if (cr != CR_COMPLETED && !note)
            return api_bad(resp, "Explain in \"note\" why the action is closed.");
        if (by_ref && cr != CR_SUPERSEDED)
            return api_bad(resp, "\"by_ref\" goes with the reason superseded.");
    } else if (by_ref) {
        return api_bad(resp, "\"by_ref\" goes with a closure as superseded.");
    }

    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    reopening = !closing && act->status == ST_CLOSED;
    if (closing && !r.board)
        return web_error(resp, 403, "Only the board, editors and administrators close actions.");
    if (reopening && !r.keep)
        return web_error(resp, 403, "Only editors and administrators reopen actions.");
    if (!closing && !reopening && !r.update)
        return web_error(resp, 403,
                         "You can record progress only on the actions whose owner or "
                         "directorate is yours.");
    if (!closing && !reopening) {
        if (reason)
            return api_bad(resp, "\"reason\" goes with a closure or a reopening.");
        if (st == ST_GREEN && !note)
            return api_bad(resp, "Say in \"note\" how delivery was evidenced.");
    }
    if (reopening) {
        if (!reason)
            return api_bad(resp, "%s is closed: reopening it needs a \"reason\".", act->ref);
        if (st == ST_GREEN)
            return api_bad(resp, "A reopened action is white, amber or red.");
    }

    /* In this transaction (BEGIN IMMEDIATE) nothing changes between this
     * comparison and the write. */
    if (store_action_version(req->store, act->id, &version, &e))
        return web_fail(req, resp, &e);
    if ((h = web_header(req, "If-Match"))) {
        int m = if_match(h, version);
        if (m < 0)
            return api_bad(resp, "If-Match must name the version read: If-Match: \"%lld\".",
                           (long long)version);
        if (m == 0)
            return conflict(req, resp, act->ref, version);
    }

    c.ref = act->ref;
    c.status = (enum status)st;
    c.note = note;
    c.by_ref = by_ref;
    if (closing)
        rc = change_close(req->store, &c, req->arena, &seq, &e);
    else if (reopening) {
        c.reason_text = reason;
        rc = change_reopen(req->store, &c, req->arena, &seq, &e);
    } else
        rc = change_update(req->store, &c, req->arena, &seq, &e);
    if (rc == ERR_NOTFOUND && by_ref)
        err_set(&e, ERR_INPUT, "There is no action %s to supersede it.", by_ref);
    if (rc)
        return refused(req, resp, &e);
    if (store_action_version(req->store, act->id, &version, &e))
        return web_fail(req, resp, &e);

    b = api_body(resp, 201);
    buf_addc(b, '{');
    jsonw_key(b, &first, "id"), jsonw_int(b, seq);
    jsonw_key(b, &first, "ref"), jsonw_str(b, act->ref);
    jsonw_key(b, &first, "date"),
        jsonw_str(b, date_format(c.date == DATE_NONE ? date_today() : c.date, d));
    jsonw_key(b, &first, "status"), jsonw_str(b, vocab_name(&VOCAB_STATUS, st));
    jsonw_key(b, &first, "note"), jsonw_str(b, reopening && !note ? reason : note);
    jsonw_key(b, &first, "reason"),
        jsonw_str(b, closing ? vocab_name(&VOCAB_CLOSE_REASON, c.reason) : reason);
    jsonw_key(b, &first, "by"), jsonw_str(b, store_actor(req->store));
    jsonw_key(b, &first, "version"), jsonw_int(b, version);
    buf_adds(b, "}\n");
    web_set_header(resp, "ETag", api_etag(req->arena, version));
    web_set_header(resp, "Location",
                   arena_printf(req->arena, "/api%s", action_path(req->arena, act->ref, "")));
    return 0;
}
