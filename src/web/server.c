/* server.c -- the libmicrohttpd adapter: the only file that includes
 * microhttpd.h. It listens, gathers each request under the limits of
 * http.h, hands the complete request over, and sends the response.
 *
 * The raw request target comes from the URI log callback, which MHD calls
 * with the target exactly as received, before it splits off the query and
 * percent-decodes the path; the router needs the undecoded path. That
 * callback also creates the per-request state (its arena), which the
 * completion callback frees. */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/xalloc.h"

/* MHD's own per-connection memory: room for headers well past our limit,
 * so that it is our limit that refuses them (with our 431 page and headers)
 * and MHD's only ever a backstop. */
#define CONNECTION_MEMORY (64 * 1024)
#define CONNECTION_LIMIT 512
#define CONNECTION_TIMEOUT 30 /* seconds */

struct web_server {
    struct MHD_Daemon *daemon;
    void (*handle)(void *ctx, struct web_request *req, struct web_response *resp);
    void *ctx;
    char address[80];
};

/* One request in progress. */
struct pending {
    struct arena arena;
    char *target;              /* as received */
    struct buf body;
    size_t limit, discarded;
    int refused, started;
    struct web_header *headers;
    size_t nheaders, header_bytes;
};

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    fputs("oversight serve: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* No unescaping by MHD: the router decodes each path segment itself, and
 * queries are parsed by form.c from the raw target. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
    return strlen(s);
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
    struct pending *p = xcalloc(1, sizeof *p);
    arena_init(&p->arena);
    p->target = arena_strdup(&p->arena, uri ? uri : "");
    buf_init(&p->body, WEB_MAX_BODY);
    return p;
}

static void on_completed(void *cls, struct MHD_Connection *con, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct pending *p = *req_cls;
    if (!p)
        return;
    buf_release(&p->body);
    arena_release(&p->arena);
    free(p);
    *req_cls = NULL;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    struct pending *p = cls;
    size_t n = strlen(key) + (value ? strlen(value) : 0) + 4;
    p->header_bytes += n;
    if (p->nheaders >= WEB_MAX_HEADERS || p->header_bytes > WEB_MAX_HEADER_BYTES) {
        p->refused = 431;
        return MHD_NO;
    }
    p->headers[p->nheaders].name = arena_strdup(&p->arena, key);
    p->headers[p->nheaders++].value = arena_strdup(&p->arena, value ? value : "");
    return MHD_YES;
}

static enum web_method parse_method(const char *m)
{
    static const struct {
        const char *name;
        enum web_method m;
    } T[] = {{"GET", WEB_GET},     {"HEAD", WEB_HEAD},   {"POST", WEB_POST},
             {"PUT", WEB_PUT},     {"PATCH", WEB_PATCH}, {"DELETE", WEB_DELETE}};
    for (size_t i = 0; i < sizeof T / sizeof *T; i++)
        if (strcmp(m, T[i].name) == 0)
            return T[i].m;
    return WEB_OTHER;
}

/* The headers, the body limit, and whether the request is refused before
 * its body is read. */
static void start(struct pending *p, struct MHD_Connection *con)
{
    const char *ct, *cl;

    p->header_bytes = strlen(p->target) + 16;
    p->headers = arena_alloc(&p->arena, WEB_MAX_HEADERS * sizeof *p->headers);
    MHD_get_connection_values(con, MHD_HEADER_KIND, collect_header, p);
    if (p->header_bytes > WEB_MAX_HEADER_BYTES)
        p->refused = 431;
    ct = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Type");
    p->limit = ct && strncasecmp(ct, "multipart/form-data", 19) == 0 ? WEB_MAX_UPLOAD_BODY
                                                                     : WEB_MAX_BODY;
    p->body.max = p->limit;
    cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, "Content-Length");
    if (!p->refused && cl) {
        char *end;
        unsigned long long n;
        errno = 0;
        n = strtoull(cl, &end, 10);
        if (errno || *end || n > p->limit)
            p->refused = 413;
    }
}

static void split_target(struct web_request *req, const char *target)
{
    const char *q;
    size_t n;
    /* absolute-form (http://host/path) as a proxy might send it */
    if (strncasecmp(target, "http://", 7) == 0 || strncasecmp(target, "https://", 8) == 0) {
        const char *slash = strchr(strchr(target, ':') + 3, '/');
        target = slash ? slash : "/";
    }
    q = strchr(target, '?');
    req->query = q ? arena_strndup(req->arena, q + 1, strcspn(q + 1, "#")) : "";
    /* a fragment is never sent by browsers, but would be junk in a path */
    n = strcspn(target, "?#");
    req->path = arena_strndup(req->arena, target, n);
}

static void remote_address(struct MHD_Connection *con, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, n, "-");
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
                  out, (socklen_t)n);
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, out,
                  (socklen_t)n);
}

static enum MHD_Result respond(struct web_server *srv, struct pending *p,
                               struct MHD_Connection *con, const char *method)
{
    struct web_request req = {0};
    struct web_response resp = {0};
    struct MHD_Response *r;
    char *addr = arena_alloc(&p->arena, INET6_ADDRSTRLEN + 1);
    enum MHD_Result ok;

    req.arena = &p->arena;
    req.method_name = arena_strdup(&p->arena, method);
    req.method = parse_method(method);
    split_target(&req, p->target);
    req.headers = p->headers;
    req.nheaders = p->nheaders;
    req.body = buf_str(&p->body); /* NUL-terminated, as every struct buf is */
    req.body_len = p->body.len;
    remote_address(con, addr, INET6_ADDRSTRLEN + 1);
    req.remote_addr = addr;
    req.refused = p->refused;
    buf_init(&resp.body, WEB_MAX_RESPONSE);

    srv->handle(srv->ctx, &req, &resp);

    if (resp.static_body) {
        r = MHD_create_response_from_buffer(resp.static_len, (void *)resp.static_body,
                                            MHD_RESPMEM_PERSISTENT);
        buf_release(&resp.body);
    } else {
        size_t len;
        char *body = buf_detach(&resp.body, &len);
        r = MHD_create_response_from_buffer(len, body ? body : (char *)"",
                                            body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!r)
            free(body);
    }
    if (!r)
        return MHD_NO;
    if (resp.content_type)
        MHD_add_response_header(r, "Content-Type", resp.content_type);
    for (size_t i = 0; i < resp.nheaders; i++)
        MHD_add_response_header(r, resp.headers[i].name, resp.headers[i].value);
    ok = MHD_queue_response(con, (unsigned)resp.status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **req_cls)
{
    struct web_server *srv = cls;
    struct pending *p = *req_cls;

    if (!p) /* MHD always calls on_uri first; this is only a safety net */
        *req_cls = p = on_uri(NULL, url, con);
    if (!p->started) {
        p->started = 1;
        start(p, con);
        /* Refused before the body: answered now, MHD then discards the
         * rest and closes the connection. */
        if (p->refused)
            return respond(srv, p, con, method);
        return MHD_YES;
    }
    if (*upload_size) {
        /* A body without Content-Length (chunked) that outgrows the limit:
         * MHD lets no response be queued while body data is being handed
         * over, so the rest is read and dropped, up to the limit again,
         * then the connection is cut. */
        if (!p->refused && buf_add(&p->body, upload, *upload_size))
            p->refused = 413;
        if (p->refused && (p->discarded += *upload_size) > p->limit)
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    return respond(srv, p, con, method);
}

/* Creates the listening socket ourselves: for a clear message when the
 * address is taken, and to learn the port when 0 was asked for. */
static int listen_on(const char *spec, char *shown, size_t shown_n, int *fd_out, struct err *e)
{
    char host[256], port[16], numeric[INET6_ADDRSTRLEN];
    const char *colon = strrchr(spec, ':');
    struct addrinfo hints = {0}, *ai = NULL;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    int fd = -1, one = 1, rc;
    size_t hl;

    if (!colon || colon == spec || strlen(colon + 1) == 0 || strlen(colon + 1) >= sizeof port)
        return err_set(e, ERR_USAGE, "--listen: \"%s\" is not ADDR:PORT", spec);
    hl = (size_t)(colon - spec);
    if (spec[0] == '[' && hl >= 2 && spec[hl - 1] == ']')
        spec++, hl -= 2;
    if (hl >= sizeof host)
        return err_set(e, ERR_USAGE, "--listen: the address is too long");
    memcpy(host, spec, hl);
    host[hl] = '\0';
    snprintf(port, sizeof port, "%s", colon + 1);
    if (strspn(port, "0123456789") != strlen(port) || atoi(port) > 65535)
        return err_set(e, ERR_USAGE, "--listen: \"%s\" is not a port", port);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    if ((rc = getaddrinfo(host, port, &hints, &ai)) != 0)
        return err_set(e, ERR_USAGE, "--listen: %s: %s", host, gai_strerror(rc));
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        rc = err_set(e, ERR_IO, "cannot listen on %s: %s", spec, strerror(errno));
        goto out;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0 ||
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0 ||
        getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
        rc = err_set(e, ERR_IO, "cannot listen on %s:%s: %s", host, port, strerror(errno));
        close(fd);
        goto out;
    }
    if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &s6->sin6_addr, numeric, sizeof numeric);
        snprintf(shown, shown_n, "[%s]:%u", numeric, ntohs(s6->sin6_port));
    } else {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &s4->sin_addr, numeric, sizeof numeric);
        snprintf(shown, shown_n, "%s:%u", numeric, ntohs(s4->sin_port));
    }
    *fd_out = fd;
    rc = 0;
out:
    freeaddrinfo(ai);
    return rc;
}

int web_server_start(struct web_server **out, const char *listen,
                     void (*handle)(void *ctx, struct web_request *req, struct web_response *resp),
                     void *ctx, struct err *e)
{
    struct web_server *srv = xcalloc(1, sizeof *srv);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int fd, rc;

    if ((rc = listen_on(listen, srv->address, sizeof srv->address, &fd, e))) {
        free(srv);
        return rc;
    }
    srv->handle = handle;
    srv->ctx = ctx;
    if (cores < 1)
        cores = 1;
    if (cores > 64)
        cores = 64;
    srv->daemon = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, log_mhd, srv, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cores, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)CONNECTION_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONNECTION_TIMEOUT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, srv, MHD_OPTION_END);
    if (!srv->daemon) {
        close(fd);
        free(srv);
        return err_set(e, ERR_IO, "cannot start the web server on %s", listen);
    }
    *out = srv;
    return 0;
}

const char *web_server_address(const struct web_server *s)
{
    return s->address;
}

void web_server_stop(struct web_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    free(s);
}
