/* assets.h -- the stylesheet, scripts and images of the web pages,
 * embedded in the binary at build time (tools/embed.c writes the table
 * from the files scripts/web-assets.sh prepares), so the binary stands
 * alone.
 *
 * They are served at /assets/VERSION/NAME, where VERSION is a hash of all
 * of them: a page always asks for the assets it was built with, and a
 * browser may keep them for a year. */
#ifndef OVERSIGHT_ASSETS_H
#define OVERSIGHT_ASSETS_H

#include <stddef.h>

struct web_asset {
    const char *name;          /* "app.css", "images/icon-document.svg" */
    const char *content_type;
    const unsigned char *data;
    size_t len;
    const char *etag;          /* a quoted hash of the content */
};

extern const struct web_asset WEB_ASSETS[];
extern const size_t WEB_NASSETS;
extern const char WEB_ASSET_VERSION[];

/* The asset called name, or NULL. */
const struct web_asset *web_asset_find(const char *name);

#endif
