/* api_sources.c -- GET /api/sources: the sources of the register (reports,
 * audits, meetings, plans), as their latest versions hold them, by title.
 * A restricted source is left out for a user not cleared for it (its title
 * is itself restricted), and counted. */
#include "base/date.h"
#include "base/jsonw.h"
#include "store/store.h"
#include "web/api.h"
#include "web/app.h"
#include "web/pages.h"

int api_sources(struct web_request *req, struct web_response *resp)
{
    static const char *const params[] = {NULL};
    struct source **v;
    struct err e = {0};
    struct buf *b;
    size_t n, hidden = 0;
    int rc, cleared = req->user && req->user->clearance == MK_RESTRICTED, any = 0;

    if ((rc = web_require(req, ROLE_VIEWER)) || (rc = api_known_params(req, resp, params)))
        return rc;
    if (store_sources_list(req->store, req->arena, &v, &n, &e))
        return web_fail(req, resp, &e);
    b = api_body(resp, 200);
    buf_adds(b, "{\"sources\":[");
    for (size_t i = 0; i < n; i++) {
        const struct source *s = v[i];
        char d[DATE_BUFSZ];
        int f = 1;
        if (s->marking == MK_RESTRICTED && !cleared) {
            hidden++;
            continue;
        }
        if (any++)
            buf_addc(b, ',');
        buf_addc(b, '{');
        jsonw_key(b, &f, "id"), jsonw_int(b, s->id);
        jsonw_key(b, &f, "title"), jsonw_str(b, s->title);
        jsonw_key(b, &f, "body"), jsonw_str(b, s->body);
        jsonw_key(b, &f, "kind"), jsonw_str(b, s->kind ? vocab_name(&VOCAB_SOURCE_KIND, s->kind) : NULL);
        jsonw_key(b, &f, "scope"), jsonw_str(b, s->scope ? vocab_name(&VOCAB_SCOPE, s->scope) : NULL);
        jsonw_key(b, &f, "published"),
            jsonw_str(b, s->published == DATE_NONE ? NULL : date_format(s->published, d));
        jsonw_key(b, &f, "assurance"),
            jsonw_str(b, s->assurance ? vocab_name(&VOCAB_ASSURANCE, s->assurance) : NULL);
        jsonw_key(b, &f, "marking"),
            jsonw_str(b, vocab_name(&VOCAB_MARKING, s->marking ? s->marking : MK_PUBLIC));
        jsonw_key(b, &f, "version"), jsonw_int(b, s->seq);
        buf_addc(b, '}');
    }
    buf_adds(b, "],\"restricted_not_shown\":");
    jsonw_int(b, (int64_t)hidden);
    if (buf_adds(b, "}\n"))
        return web_error(resp, 413, "The list of sources is too large.");
    return 0;
}
