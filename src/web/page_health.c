/* page_health.c -- GET /health: "ok" for load balancers and monitors,
 * without signing in. It answers from inside a request's transaction, so
 * "ok" also says the register could be opened and read. */
#include "web/pages.h"

int page_health(struct web_request *req, struct web_response *resp)
{
    return web_text(resp, 200, "ok\n");
}
