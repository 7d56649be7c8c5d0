/* page_assets.c -- GET /assets/VERSION/NAME: the embedded stylesheet,
 * scripts and images, cached by browsers for a year (the version in the
 * path changes whenever any of them does). */
#include <string.h>

#include "web/assets.h"
#include "web/pages.h"

const struct web_asset *web_asset_find(const char *name)
{
    for (size_t i = 0; i < WEB_NASSETS; i++)
        if (strcmp(WEB_ASSETS[i].name, name) == 0)
            return &WEB_ASSETS[i];
    return NULL;
}

int page_asset(struct web_request *req, struct web_response *resp)
{
    const char *inm = web_header(req, "If-None-Match");
    const struct web_asset *a;

    if (strcmp(web_param(req, "version"), WEB_ASSET_VERSION) != 0 ||
        !(a = web_asset_find(web_param(req, "name"))))
        return 404;
    web_set_header(resp, "Cache-Control", "public, max-age=31536000, immutable");
    web_set_header(resp, "ETag", a->etag);
    if (inm && strcmp(inm, a->etag) == 0) {
        resp->status = 304;
        resp->content_type = NULL;
        return 0;
    }
    resp->status = 200;
    resp->content_type = a->content_type;
    resp->static_body = a->data;
    resp->static_len = a->len;
    return 0;
}
