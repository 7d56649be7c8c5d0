/* load.c -- oversight-load: a mixed load of reads and updates through the
 * JSON API, then a check that no update was lost.
 *
 *   oversight-load OVERSIGHT DB TOKEN SECONDS [CONNECTIONS]
 *
 * It starts `OVERSIGHT --db DB serve` on a free port of 127.0.0.1, takes up
 * to 1,000 outstanding actions from GET /api/actions, then keeps
 * CONNECTIONS (default 64) keep-alive connections busy for SECONDS: one
 * request in ten a POST /api/actions/REF/updates (a status and a note
 * naming the request), the others GET /api/actions (a page of 50 at a
 * random offset) and GET /api/actions/REF, alternately. Every response must
 * be 200 (reads) or 201 (updates); each 201's update id is kept. Then it
 * stops the server, dumps the register with `OVERSIGHT --db DB dump` and
 * checks that every id is there as an update with its note, and that the
 * register holds no other update with this run's notes. It prints the
 * figures as `key value` lines and exits 0 only when there was no error
 * and nothing was lost. TOKEN's user must be allowed to update every
 * action (an admin or an editor).
 *
 * A stand-alone C17 program on POSIX sockets (no project library), so that
 * what it measures is only the server. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#define MAX_CONNS 512
#define MAX_REFS 1000
#define RESP_MAX (8 << 20)

static const char *bin, *db, *token;
static pid_t server = -1;
static struct sockaddr_in addr;

_Noreturn static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("oversight-load: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
    }
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die("out of memory");
    return q;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* ---- the server ----------------------------------------------------------- */

static void start_server(void)
{
    int out[2];
    char line[512];
    size_t len = 0;
    double t0 = now_ms();
    if (pipe(out))
        die("pipe: %s", strerror(errno));
    server = fork();
    if (server < 0)
        die("fork: %s", strerror(errno));
    if (server == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(out[1], 1);
        dup2(null, 2); /* the request log: a line a request */
        close(out[0]);
        execl(bin, bin, "--db", db, "serve", "--listen", "127.0.0.1:0", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    /* "oversight: serving DB at http://127.0.0.1:PORT/ (Ctrl-C stops)" */
    while (len < sizeof line - 1 && now_ms() - t0 < 30000) {
        ssize_t n = read(out[0], line + len, 1);
        if (n <= 0)
            die("the server did not start");
        if (line[len++] == '\n')
            break;
    }
    line[len] = '\0';
    {
        const char *p = strstr(line, "http://127.0.0.1:");
        int port = p ? atoi(p + 17) : 0;
        if (port <= 0)
            die("cannot read the server's address from: %s", line);
        memset(&addr, 0, sizeof addr);
        addr.sin_family = AF_INET;
        addr.sin_port = htons((uint16_t)port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }
    close(out[0]);
}

static void stop_server(void)
{
    int st;
    kill(server, SIGTERM);
    if (waitpid(server, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("the server did not stop cleanly");
    server = -1;
}

/* ---- one HTTP/1.1 connection ---------------------------------------------- */

/* The first n bytes of s[0..len) equal to w, or NULL. */
static const char *find(const char *s, size_t len, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + n <= len; i++)
        if (s[i] == w[0] && memcmp(s + i, w, n) == 0)
            return s + i;
    return NULL;
}

enum kind { K_LIST, K_ACTION, K_UPDATE, K__COUNT };
static const char *const KIND_NAMES[K__COUNT] = {"list", "action", "update"};

struct conn {
    int fd;
    char *req;
    size_t req_len, sent;
    char *resp;
    size_t resp_len, resp_cap;
    enum kind kind;
    double started;
    const char *ref;
    char note[64];
};

static int connect_to_server(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    if (fd < 0)
        die("socket: %s", strerror(errno));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr))
        die("connect: %s", strerror(errno));
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

/* The response in c->resp complete? Returns its length, 0 when not yet,
 * -1 when it is not one this program can read. */
static long complete(const struct conn *c, int *status, const char **body, size_t *body_len)
{
    const char *end, *cl;
    long n;
    char *p;
    if (c->resp_len < 12)
        return 0;
    if (!(end = find(c->resp, c->resp_len, "\r\n\r\n")))
        return 0;
    *status = atoi(c->resp + 9);
    cl = NULL;
    for (p = c->resp; p && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
        p += *p == '\n';
        if (strncasecmp(p, "Content-Length:", 15) == 0) {
            cl = p + 15;
            break;
        }
    }
    if (!cl)
        return -1;
    n = atol(cl);
    if ((size_t)(end + 4 - c->resp) + (size_t)n > c->resp_len)
        return 0;
    *body = end + 4;
    *body_len = (size_t)n;
    return (long)(end + 4 - c->resp) + n;
}

/* ---- the run ------------------------------------------------------------------ */

static char *refs[MAX_REFS];
static size_t nrefs;
static size_t total_actions;

struct stats {
    double *lat[K__COUNT];
    size_t n[K__COUNT], cap[K__COUNT];
    size_t errors;
    char first_error[512];
};

static void record_error(struct stats *s, const char *fmt, ...)
{
    va_list ap;
    if (!s->errors++) {
        va_start(ap, fmt);
        vsnprintf(s->first_error, sizeof s->first_error, fmt, ap);
        va_end(ap);
    }
}

static void latency(struct stats *s, enum kind k, double ms)
{
    if (s->n[k] == s->cap[k]) {
        s->cap[k] = s->cap[k] ? s->cap[k] * 2 : 4096;
        s->lat[k] = xrealloc(s->lat[k], s->cap[k] * sizeof *s->lat[k]);
    }
    s->lat[k][s->n[k]++] = ms;
}

/* The updates written: their ids and notes. */
struct written {
    long long id;
    char note[64];
};
static struct written *written;
static size_t nwritten, capwritten;

/* A ref percent-encoded as one path segment. */
static void path_ref(char *out, size_t n, const char *ref)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)ref; *p && o + 4 < n; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
}

static unsigned long long rng = 88172645463325252ull;
static unsigned long rnd(unsigned long n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned long)(rng % n);
}

static const char *run_id;
static unsigned long long nrequests;

/* The next request for c: one in ten an update. */
static void next_request(struct conn *c, int ci)
{
    static const char *const statuses[] = {"amber", "red", "white"};
    unsigned long long k = nrequests++;
    char path[1024], body[256];
    int blen = 0;
    c->kind = k % 10 == 9 ? K_UPDATE : k % 2 ? K_ACTION : K_LIST;
    c->ref = refs[rnd(nrefs)];
    path_ref(path, sizeof path, c->ref);
    free(c->req);
    c->req = xrealloc(NULL, 2048);
    switch (c->kind) {
    case K_LIST:
        c->req_len = (size_t)snprintf(c->req, 2048,
                                      "GET /api/actions?limit=50&offset=%lu HTTP/1.1\r\n"
                                      "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n\r\n",
                                      total_actions > 50 ? rnd(total_actions - 50) : 0, token);
        break;
    case K_ACTION:
        c->req_len = (size_t)snprintf(c->req, 2048,
                                      "GET /api/actions/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                      "Authorization: Bearer %s\r\n\r\n",
                                      path, token);
        break;
    default:
        snprintf(c->note, sizeof c->note, "load %s %d-%llu", run_id, ci, k);
        blen = snprintf(body, sizeof body, "{\"status\":\"%s\",\"note\":\"%s\"}",
                        statuses[rnd(3)], c->note);
        c->req_len = (size_t)snprintf(c->req, 2048,
                                      "POST /api/actions/%s/updates HTTP/1.1\r\n"
                                      "Host: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                                      "Content-Type: application/json\r\nContent-Length: %d\r\n"
                                      "\r\n%s",
                                      path, token, blen, body);
    }
    c->sent = 0;
    c->resp_len = 0;
    c->started = now_ms();
}

static void answered(struct stats *s, struct conn *c, int status, const char *body, size_t len)
{
    latency(s, c->kind, now_ms() - c->started);
    if (c->kind == K_UPDATE) {
        const char *id = find(body, len, "\"id\":");
        if (status != 201 || !id) {
            record_error(s, "POST %s: %d %.*s", c->ref, status, (int)(len < 300 ? len : 300),
                         body);
            return;
        }
        if (nwritten == capwritten) {
            capwritten = capwritten ? capwritten * 2 : 4096;
            written = xrealloc(written, capwritten * sizeof *written);
        }
        written[nwritten].id = atoll(id + 5);
        snprintf(written[nwritten].note, sizeof written[nwritten].note, "%s", c->note);
        nwritten++;
    } else if (status != 200) {
        record_error(s, "GET (%s) %s: %d %.*s", KIND_NAMES[c->kind], c->ref, status,
                     (int)(len < 300 ? len : 300), body);
    }
}

static void run(int nconns, double seconds, struct stats *s, double *elapsed)
{
    struct conn *cs = calloc((size_t)nconns, sizeof *cs);
    struct pollfd *pf = calloc((size_t)nconns, sizeof *pf);
    double t0 = now_ms(), end = t0 + seconds * 1000;
    int active = nconns;

    if (!cs || !pf)
        die("out of memory");
    for (int i = 0; i < nconns; i++) {
        cs[i].fd = connect_to_server();
        cs[i].resp_cap = 65536;
        cs[i].resp = xrealloc(NULL, cs[i].resp_cap);
        next_request(&cs[i], i);
    }
    while (active > 0) {
        for (int i = 0; i < nconns; i++) {
            pf[i].fd = cs[i].fd;
            pf[i].events = cs[i].fd < 0 ? 0 : cs[i].sent < cs[i].req_len ? POLLOUT : POLLIN;
        }
        if (poll(pf, (nfds_t)nconns, 1000) < 0 && errno != EINTR)
            die("poll: %s", strerror(errno));
        for (int i = 0; i < nconns; i++) {
            struct conn *c = &cs[i];
            if (c->fd < 0 || !pf[i].revents)
                continue;
            if (c->sent < c->req_len) {
                ssize_t n = send(c->fd, c->req + c->sent, c->req_len - c->sent, MSG_NOSIGNAL);
                if (n < 0 && errno != EAGAIN) {
                    record_error(s, "send: %s", strerror(errno));
                    close(c->fd), c->fd = -1, active--;
                } else if (n > 0) {
                    c->sent += (size_t)n;
                }
                continue;
            }
            for (;;) {
                ssize_t n;
                int status;
                const char *body;
                size_t blen;
                long used;
                if (c->resp_len == c->resp_cap) {
                    if (c->resp_cap >= RESP_MAX) {
                        record_error(s, "a response larger than %d bytes", RESP_MAX);
                        close(c->fd), c->fd = -1, active--;
                        break;
                    }
                    c->resp_cap *= 2;
                    c->resp = xrealloc(c->resp, c->resp_cap);
                }
                n = recv(c->fd, c->resp + c->resp_len, c->resp_cap - c->resp_len, 0);
                if (n < 0 && errno == EAGAIN)
                    break;
                if (n <= 0) {
                    record_error(s, "connection closed by the server during a %s",
                                 KIND_NAMES[c->kind]);
                    close(c->fd), c->fd = -1, active--;
                    break;
                }
                c->resp_len += (size_t)n;
                used = complete(c, &status, &body, &blen);
                if (used < 0) {
                    record_error(s, "a response without Content-Length");
                    close(c->fd), c->fd = -1, active--;
                    break;
                }
                if (used == 0)
                    continue;
                answered(s, c, status, body, blen);
                if (now_ms() >= end) {
                    close(c->fd), c->fd = -1, active--;
                } else {
                    next_request(c, i);
                }
                break;
            }
        }
    }
    *elapsed = (now_ms() - t0) / 1000;
    for (int i = 0; i < nconns; i++) {
        free(cs[i].req);
        free(cs[i].resp);
    }
    free(cs);
    free(pf);
}

/* ---- before and after ------------------------------------------------------ */

/* One GET on a connection of its own; the body into *out (malloc'd). */
static int get(const char *path, char **out)
{
    struct conn c = {0};
    int status = 0;
    const char *body;
    size_t blen;
    c.fd = connect_to_server();
    fcntl(c.fd, F_SETFL, 0);
    c.resp_cap = 1 << 16;
    c.resp = xrealloc(NULL, c.resp_cap);
    c.req = xrealloc(NULL, 2048);
    c.req_len = (size_t)snprintf(c.req, 2048,
                                 "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                                 "Connection: close\r\n\r\n",
                                 path, token);
    if (write(c.fd, c.req, c.req_len) != (ssize_t)c.req_len)
        die("write: %s", strerror(errno));
    for (;;) {
        ssize_t n;
        long used;
        if (c.resp_len == c.resp_cap)
            c.resp = xrealloc(c.resp, c.resp_cap *= 2);
        n = read(c.fd, c.resp + c.resp_len, c.resp_cap - c.resp_len);
        if (n <= 0)
            die("GET %s: no complete answer", path);
        c.resp_len += (size_t)n;
        if ((used = complete(&c, &status, &body, &blen)) < 0)
            die("GET %s: an answer without Content-Length", path);
        if (used)
            break;
    }
    *out = xrealloc(NULL, blen + 1);
    memcpy(*out, body, blen);
    (*out)[blen] = '\0';
    close(c.fd);
    free(c.req);
    free(c.resp);
    return status;
}

/* The JSON string starting at p (after its quote), unescaped enough for a
 * ref: \" \\ \/ and \uXXXX below 0x80. */
static char *json_string_at(const char *p, const char **end)
{
    char *s = xrealloc(NULL, strlen(p) + 1), *o = s;
    while (*p && *p != '"') {
        if (*p == '\\' && p[1]) {
            p++;
            if (*p == 'u') {
                unsigned v = (unsigned)strtoul((char[5]){p[1], p[2], p[3], p[4], 0}, NULL, 16);
                *o++ = v < 0x80 ? (char)v : '?';
                p += 5;
                continue;
            }
            *o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
            p++;
            continue;
        }
        *o++ = *p++;
    }
    *o = '\0';
    *end = p;
    return s;
}

static void take_refs(void)
{
    char *body, path[128];
    const char *p, *t;
    for (size_t offset = 0; nrefs < MAX_REFS; offset += 1000) {
        size_t before = nrefs;
        snprintf(path, sizeof path, "/api/actions?status=outstanding&limit=1000&offset=%zu",
                 offset);
        if (get(path, &body) != 200)
            die("GET %s: %s", path, body);
        for (p = body; nrefs < MAX_REFS && (p = strstr(p, "{\"ref\":\"")); nrefs++)
            refs[nrefs] = json_string_at(p + 8, &p);
        free(body);
        if (nrefs == before || nrefs % 1000)
            break;
    }
    if (!nrefs)
        die("no outstanding actions to update in %s", db);
    if (get("/api/actions?limit=1", &body) != 200 || !(t = strstr(body, "\"total\":")))
        die("GET /api/actions: %s", body);
    total_actions = (size_t)atoll(t + 8);
    free(body);
}

static int by_id(const void *x, const void *y)
{
    long long a = ((const struct written *)x)->id, b = ((const struct written *)y)->id;
    return a < b ? -1 : a > b;
}

/* Every update written is in the dump, with its note; none else of this run. */
static void check(size_t *found, size_t *missing, size_t *extra, char *first, size_t firstn)
{
    char path[] = "/tmp/oversight-load-XXXXXX", *line = NULL, needle[64];
    size_t cap = 0;
    ssize_t len;
    int fd = mkstemp(path), st;
    pid_t pid;
    FILE *f;
    char *seen = calloc(nwritten ? nwritten : 1, 1);

    *found = *missing = *extra = 0;
    first[0] = '\0';
    if (fd < 0 || !seen)
        die("mkstemp: %s", strerror(errno));
    close(fd);
    unlink(path); /* dump writes a new file */
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        execl(bin, bin, "--db", db, "dump", path, (char *)NULL);
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("oversight dump failed");
    if (!(f = fopen(path, "r")))
        die("%s: %s", path, strerror(errno));
    qsort(written, nwritten, sizeof *written, by_id);
    snprintf(needle, sizeof needle, "\"note\":\"load %s ", run_id);
    while ((len = getline(&line, &cap, f)) > 0) {
        struct written key, *w;
        const char *note, *seq;
        if (strncmp(line, "{\"table\":\"updates\",", 19) != 0)
            continue;
        note = strstr(line, needle);
        if (!note)
            continue;
        seq = strstr(line, "\"seq\":");
        key.id = seq ? atoll(seq + 6) : -1;
        w = bsearch(&key, written, nwritten, sizeof *written, by_id);
        if (!w || strncmp(note + 8, w->note, strlen(w->note)) != 0 ||
            note[8 + strlen(w->note)] != '"') {
            if (!(*extra)++ && !first[0])
                snprintf(first, firstn, "an update of this run not answered with 201: %.200s",
                         line);
            continue;
        }
        if (!seen[w - written]++)
            (*found)++;
    }
    free(line);
    fclose(f);
    unlink(path);
    for (size_t i = 0; i < nwritten; i++)
        if (!seen[i] && !(*missing)++ && !first[0])
            snprintf(first, firstn, "update %lld (%s) answered 201 but is not in the register",
                     written[i].id, written[i].note);
    free(seen);
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static double pct(double *v, size_t n, double p)
{
    size_t i;
    if (!n)
        return 0;
    i = (size_t)(p * (double)(n - 1) + 0.5);
    return v[i];
}

int main(int argc, char **argv)
{
    struct stats s = {0};
    double seconds, elapsed;
    int nconns = 64;
    size_t found, missing, extra, all = 0;
    char first[600], idbuf[32];

    if (argc < 5 || argc > 6) {
        fprintf(stderr, "usage: oversight-load OVERSIGHT DB TOKEN SECONDS [CONNECTIONS]\n");
        return 2;
    }
    bin = argv[1];
    db = argv[2];
    token = argv[3];
    seconds = atof(argv[4]);
    if (argc == 6)
        nconns = atoi(argv[5]);
    if (seconds <= 0 || nconns < 1 || nconns > MAX_CONNS)
        die("SECONDS must be positive and CONNECTIONS from 1 to %d", MAX_CONNS);
    snprintf(idbuf, sizeof idbuf, "%ld-%d", (long)time(NULL), (int)getpid());
    run_id = idbuf;
    rng ^= (unsigned long long)getpid();
    signal(SIGPIPE, SIG_IGN);

    start_server();
    take_refs();
    run(nconns, seconds, &s, &elapsed);
    stop_server();
    check(&found, &missing, &extra, first, sizeof first);

    for (int k = 0; k < K__COUNT; k++) {
        qsort(s.lat[k], s.n[k], sizeof *s.lat[k], dbl_cmp);
        all += s.n[k];
    }
    printf("connections %d\n", nconns);
    printf("seconds %.1f\n", elapsed);
    printf("actions %zu\n", total_actions);
    printf("requests %zu\n", all);
    printf("requests_per_second %.0f\n", (double)all / elapsed);
    for (int k = 0; k < K__COUNT; k++) {
        printf("%s_requests %zu\n", KIND_NAMES[k], s.n[k]);
        printf("%s_p50_ms %.1f\n", KIND_NAMES[k], pct(s.lat[k], s.n[k], 0.50));
        printf("%s_p99_ms %.1f\n", KIND_NAMES[k], pct(s.lat[k], s.n[k], 0.99));
        free(s.lat[k]);
    }
    printf("errors %zu\n", s.errors);
    printf("updates_201 %zu\n", nwritten);
    printf("updates_found %zu\n", found);
    printf("updates_missing %zu\n", missing);
    printf("updates_unexpected %zu\n", extra);
    if (s.errors)
        fprintf(stderr, "oversight-load: first error: %s\n", s.first_error);
    if (first[0])
        fprintf(stderr, "oversight-load: %s\n", first);
    for (size_t i = 0; i < nrefs; i++)
        free(refs[i]);
    free(written);
    return s.errors || missing || extra || found != nwritten || nwritten == 0;
}
