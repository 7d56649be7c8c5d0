/* server.h -- the HTTP server: libmicrohttpd behind a small interface, so
 * that server.c is the only file that knows the library.
 *
 * A thread pool (one thread per core, each with its own epoll loop) accepts
 * connections; headers and body are gathered under hard limits (http.h:
 * past them the request is answered 431 or 413 without reading further),
 * then one complete struct web_request is handed to the handler, whose
 * struct web_response is sent. The request's arena lives until the
 * response has been sent. */
#ifndef OVERSIGHT_SERVER_H
#define OVERSIGHT_SERVER_H

#include "base/err.h"
#include "web/http.h"

struct web_server;

/* Listens on listen ("ADDR:PORT", "[ADDR]:PORT"; port 0 picks a free one)
 * and answers every request with handle(ctx, req, resp), called from the
 * server's threads, concurrently. */
int web_server_start(struct web_server **out, const char *listen,
                     void (*handle)(void *ctx, struct web_request *req, struct web_response *resp),
                     void *ctx, struct err *e);
/* The address actually listened on, as "127.0.0.1:8080" or "[::1]:8080". */
const char *web_server_address(const struct web_server *s);
/* Stops accepting, finishes the requests in progress, joins the threads. */
void web_server_stop(struct web_server *s);

#endif
