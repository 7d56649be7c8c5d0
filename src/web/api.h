/* api.h -- what the JSON API's routes (api_*.c) share: the response body,
 * errors with their reason, the JSON of an action and of an update, query
 * flags, and the OpenAPI document that describes every route under /api.
 *
 * Every route answers JSON; its errors too, as {"error": {"status": N,
 * "message": "..."}} (the application writes them for WEB_API routes). */
#ifndef OVERSIGHT_API_H
#define OVERSIGHT_API_H

#include <stdint.h>

#include "base/buf.h"
#include "domain/model.h"
#include "web/http.h"

/* The response body, emptied, as a JSON response with status: write the
 * document into it. */
struct buf *api_body(struct web_response *resp, int status);

/* 400 with a reason made like printf's. */
int api_bad(struct web_response *resp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A query flag: absent 0; "1", "true", "yes" 1; "0", "false", "no" 0;
 * anything else -1. */
int api_flag(const char *v);

/* Refuses (400) a query parameter not among names (NULL-terminated), so
 * that a mistyped filter is not silently ignored. */
int api_known_params(const struct web_request *req, struct web_response *resp,
                     const char *const *names);

/* An action as the API gives it (the fields of `oversight list --format
 * json`, and its version); today for overdue, cutoff (DATE_NONE: none) for
 * historic. */
void api_action_json(struct buf *b, const struct action *act, int64_t version, int32_t today,
                     int32_t cutoff);
/* An update of an action's history, void ones with why. */
void api_update_json(struct buf *b, const struct update *u);

/* The ETag of an action's version: "\"V\"". */
const char *api_etag(struct arena *a, int64_t version);

/* The OpenAPI 3.0 document (openapi.c). */
extern const char API_OPENAPI_JSON[];

#endif
