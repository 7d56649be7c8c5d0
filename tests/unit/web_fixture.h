/* web_fixture.h -- what the web application's unit tests share: a register
 * in a temporary file with the users they sign in as, the application over
 * it driven without a server (each request built as a browser or an API
 * client sends it), signing in, multipart bodies, and a page's form read
 * back and sent as a browser would send it. Anything unexpected fails the
 * test at once (cmocka), so the tests need not check what these return. */
#ifndef OVERSIGHT_TEST_WEB_FIXTURE_H
#define OVERSIGHT_TEST_WEB_FIXTURE_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "domain/model.h"
#include "domain/user.h"
#include "store/store.h"
#include "web/app.h"
#include "web/http.h"
#include "web/router.h"

/* Every user wf_add_user adds has this password; wf_sign_in sends it. */
#define WF_PASSWORD "correct horse battery"

struct web_fixture {
    char path[64]; /* the register's file */
    struct web_app *app;
};

/* ---- the register ------------------------------------------------------- */

/* A name for a new temporary file, "/tmp/PREFIX-XXXXXX", that does not
 * exist yet. */
void wf_temp_path(char *path, size_t n, const char *prefix);
/* Removes the register at path with its -wal and -shm files. */
void wf_remove_register(const char *path);

/* Creates a register at a new temporary path (f->path) and returns it open
 * inside a transaction, as actor, for the test to fill. */
struct store *wf_register_create(struct web_fixture *f, const char *prefix, const char *actor);
/* Commits and closes s, and starts the application over f->path with the
 * routes given (NULL: the application's own table). */
void wf_app_start(struct web_fixture *f, struct store *s, const struct web_route *routes,
                  size_t nroutes);
/* Ends the application and removes the register. */
void wf_app_stop(struct web_fixture *f);
/* A cmocka teardown for a fixture allocated into *state: wf_app_stop, then
 * frees it. */
int wf_teardown(void **state);

/* Adds a user with WF_PASSWORD; owner and directorate may be NULL. */
void wf_add_user(struct store *s, const char *name, enum role role, enum marking clearance,
                 const char *owner, const char *directorate);
/* Imports the demonstration register's file (the demo directory under
 * $OVERSIGHT_SRC) as table t; fails the test naming every problem. */
void wf_import_demo(struct store *s, enum export_table t, const char *file, struct arena *a);

/* The register at path opened for reading, inside a read transaction;
 * wf_store_done ends it. */
struct store *wf_store_read(const char *path);
void wf_store_done(struct store *s);
/* The bytes `oversight report ARGS...` writes to standard output, run on the
 * register at path (argv[0] is the paper: "committee", "performance", ...);
 * the caller frees them. */
char *wf_report_bytes(const char *path, size_t *len, int argc, char **argv);

/* ---- requests ----------------------------------------------------------- */

struct json_value;

/* One request and its response, and whatever the test reads from them in
 * their arena. */
struct web_call {
    struct arena arena;
    struct web_request req;
    struct web_response resp;
    struct web_header h[8];
    struct json_value *json; /* the response read as JSON, for the API's tests */
};

/* Sends one request through the application. headers are name and value
 * pairs ending at a NULL name (a NULL value leaves its header out); body,
 * of len bytes, may be NULL. */
struct web_call *wf_send(struct web_fixture *f, const char *method, const char *target,
                         const char *const *headers, const char *body, size_t len);
/* A GET, and a urlencoded form's POST, with the cookie (which may be NULL). */
struct web_call *wf_get(struct web_fixture *f, const char *target, const char *cookie);
struct web_call *wf_post(struct web_fixture *f, const char *target, const char *cookie,
                         const char *body);
/* A POST the server refused at one of its limits (413, 431) before the
 * application saw it. */
struct web_call *wf_refused(struct web_fixture *f, const char *path, int status);
void wf_done(struct web_call *c);

/* The response's body ("" when empty), and one of its headers (or NULL). */
const char *wf_body(const struct web_call *c);
const char *wf_header(const struct web_call *c, const char *name);
/* The Set-Cookie header that sets cookie name, or NULL; the cookie's value
 * into out. */
const char *wf_set_cookie(const struct web_call *c, const char *name, char *out, size_t n);

/* Signs in as name as a browser does (the sign-in form, its post, then the
 * dashboard): the session's cookie header to send into cookie, and the
 * CSRF token its forms carry into csrf (64 bytes). */
void wf_sign_in(struct web_fixture *f, const char *name, char *cookie, size_t n, char *csrf);

/* ---- multipart bodies --------------------------------------------------- */

#define WF_BOUNDARY "----oversightTestBoundary7MA4YWxkTrZu0gW"
#define WF_MULTIPART "multipart/form-data; boundary=" WF_BOUNDARY

/* A multipart/form-data body, of type WF_MULTIPART, into b (initialised
 * here): fields as name and value pairs ending at a NULL name (a NULL value
 * leaves its field out), then, unless file_field is NULL, one file part of
 * the given content type. */
void wf_multipart(struct buf *b, const char *const *fields, const char *file_field,
                  const char *filename, const char *type, const void *data, size_t len);
/* Posts such a body to target with the cookie. */
struct web_call *wf_upload(struct web_fixture *f, const char *target, const char *cookie,
                           const char *const *fields, const char *file_field,
                           const char *filename, const char *type, const void *data,
                           size_t len);

/* ---- forms read from a page ------------------------------------------- */

/* What a browser would send from a form: its fields, in page order. */
struct wf_form {
    char *name[400], *value[400];
    size_t n;
};

/* Reads the page's first <form method="post" novalidate>: hidden and text
 * inputs, ticked boxes, textareas and the selected options, with the HTML
 * escapes undone (the buttons are left for the caller to add as the one
 * clicked). */
void wf_form_read(const char *page, struct wf_form *fm);
/* Sets a field, adding it when it is not there; removes one. */
void wf_form_set(struct wf_form *fm, const char *name, const char *value);
void wf_form_unset(struct wf_form *fm, const char *name);
/* The form urlencoded, with op=OP after it unless op is NULL; the caller
 * frees it. */
char *wf_form_body(const struct wf_form *fm, const char *op);
void wf_form_release(struct wf_form *fm);
/* Reads the form of the page at url (which must be 200), lets edit change
 * it (edit may be NULL), and posts it to target (the form's own action, or
 * one of its buttons') with op. */
struct web_call *wf_submit(struct web_fixture *f, const char *cookie, const char *url,
                           const char *target, const char *op,
                           void (*edit)(struct wf_form *fm));

#endif
