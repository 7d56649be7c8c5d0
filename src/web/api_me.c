/* api_me.c -- GET /api/me: who the API token (or session) belongs to. The
 * smallest API route, and the one a script calls first to check its token. */
#include "base/jsonw.h"
#include "domain/user.h"
#include "web/pages.h"

int api_me(struct web_request *req, struct web_response *resp)
{
    const struct user *u = req->user;
    struct buf b;
    int first = 1;

    buf_init(&b, 1 << 16);
    buf_adds(&b, "{");
    jsonw_key(&b, &first, "name");
    jsonw_str(&b, u->name);
    jsonw_key(&b, &first, "role");
    jsonw_str(&b, vocab_name(&VOCAB_ROLE, u->role));
    jsonw_key(&b, &first, "owner_name");
    jsonw_str(&b, u->owner_name);
    jsonw_key(&b, &first, "directorate");
    jsonw_str(&b, u->directorate);
    jsonw_key(&b, &first, "email");
    jsonw_str(&b, u->email);
    jsonw_key(&b, &first, "clearance");
    jsonw_str(&b, u->clearance ? vocab_name(&VOCAB_MARKING, u->clearance) : NULL);
    buf_adds(&b, "}\n");
    web_json(resp, 200, &b);
    buf_release(&b);
    return 0;
}
