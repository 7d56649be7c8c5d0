/* cmd_serve.c -- oversight serve: the web application on the register.
 * Runs until SIGINT or SIGTERM, then stops accepting, lets the requests in
 * progress finish, and closes every connection to the register. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "cli/cli.h"
#include "web/app.h"
#include "web/router.h"
#include "web/server.h"

static void handle(void *ctx, struct web_request *req, struct web_response *resp)
{
    web_app_handle(ctx, req, resp);
}

/* The routing table, one route a line: METHOD PATTERN and who may ask
 * (signed-in, anon, api). For tests that must cover every route. */
static int print_routes(struct cli_ctx *c)
{
    static const char *const M[] = {"", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "?"};
    for (size_t i = 0; i < WEB_NROUTES; i++)
        fprintf(c->out, "%s %s %s\n", M[WEB_ROUTES[i].method], WEB_ROUTES[i].pattern,
                (WEB_ROUTES[i].flags & WEB_ANON) ? "anon"
                : (WEB_ROUTES[i].flags & WEB_API) ? "api"
                                                  : "signed-in");
    return 0;
}

static int run_serve(struct cli_ctx *c, int argc, char **argv)
{
    const char *listen, *routes;
    char **rest;
    int nrest, rc, sig;
    struct store *s = NULL;
    struct web_app *app = NULL;
    struct web_server *srv = NULL;
    sigset_t stop;
    const struct cli_opt opts[] = {{"listen", 1, &listen}, {"routes", 0, &routes}, {0}};

    if ((rc = cli_options(c, &CMD_SERVE, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest)
        return err_set(&c->err, ERR_USAGE, "serve takes no arguments (see --help)");
    if (routes)
        return print_routes(c);
    /* Opening once here applies any migration before the workers start,
     * and says at once when there is no register. */
    if ((rc = store_open(&s, c->db_path, STORE_EXISTING, &c->err)))
        return rc;
    store_close(s);
    /* The signals are taken by sigwait below: blocked before the server's
     * threads start, so that they inherit the mask. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    if ((rc = web_app_new(&app, c->db_path, &c->err)))
        return rc;
    if ((rc = web_server_start(&srv, listen ? listen : "127.0.0.1:8080", handle, app,
                               &c->err))) {
        web_app_free(app);
        return rc;
    }
    fprintf(c->out, "oversight: serving %s at http://%s/ (Ctrl-C stops)\n", c->db_path,
            web_server_address(srv));
    fflush(c->out);
    sigwait(&stop, &sig);
    fprintf(stderr, "oversight: stopping\n");
    web_server_stop(srv);
    web_app_free(app);
    return 0;
}

const struct cli_command CMD_SERVE = {
    "serve", "the web application",
    "usage: oversight serve [--listen ADDR:PORT]\n"
    "       oversight serve --routes\n\n"
    "Serves the register to browsers, and its JSON API, at ADDR:PORT (default\n"
    "127.0.0.1:8080; port 0 picks a free one; the address is printed). Stops on\n"
    "Ctrl-C or SIGTERM. Sign-in needs a user: oversight user add NAME --role admin.\n\n"
    "Settings it reads (oversight settings set KEY VALUE): org (shown in the\n"
    "header), web_https yes (the deployment is served over HTTPS: cookies are\n"
    "sent Secure), web_session_hours (how long a sign-in lasts, default 8).\n"
    "Each request is logged on standard error. --routes lists the URLs it answers\n"
    "(METHOD PATTERN and who may ask: anon, signed-in, api) and exits.\n",
    CLI_NO_STORE, run_serve};
