/* page_action_forms.c -- what the forms of the action pages post: progress
 * and proposed closure with evidence (POST /actions/REF/updates), sign-off
 * and other closures (/closure), refused sign-off (/refusal), reopening
 * (/reopening), revised target dates (/target-dates), voided updates
 * (/updates/ID/void), and adding (POST /actions) and editing (POST
 * /actions/REF) actions.
 *
 * Each checks the role first, then the action and the user's rights to it,
 * then the form; a form with mistakes comes back with status 400 and an
 * error summary, so nothing is written (the request's transaction rolls
 * back). The register's own rules (service/changes.c) have the last word:
 * a change they refuse comes back with their message. On success, a 303 to
 * the action's page, which says what was done. */
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "service/changes.h"
#include "store/evidence.h"
#include "store/store.h"
#include "web/app.h"
#include "web/evidence.h"
#include "web/multipart.h"
#include "web/page_action.h"
#include "web/pages.h"

#define MAX_ERRORS 12

struct form_errors {
    struct web_field_error e[MAX_ERRORS];
    size_t n;
};

static void add_error(struct form_errors *fe, const char *field, const char *message)
{
    if (fe->n < MAX_ERRORS)
        fe->e[fe->n++] = (struct web_field_error){field, message};
}

static int saved(struct web_request *req, struct web_response *resp, const char *ref,
                 const char *what)
{
    return web_redirect(resp, arena_printf(req->arena, "%s?saved=%s",
                                           action_path(req->arena, ref, ""), what));
}

/* A change the register's rules refused: the page again with their
 * message, on field (or at the top when NULL), with the status the error
 * means. Failures of the store are the standard error page. */
static int refused(struct web_request *req, struct web_response *resp, const char *ref,
                   const char *form, const char *field, const struct err *e)
{
    struct web_field_error *fe;
    int status;
    switch (e->code) {
    case ERR_INPUT:
    case ERR_NOTFOUND: status = 400; break;
    case ERR_DENIED: status = 403; break;
    case ERR_CONFLICT: status = 409; break;
    default: return web_fail(req, resp, e);
    }
    fe = arena_alloc(req->arena, sizeof *fe);
    fe->field = e->code == ERR_DENIED || e->code == ERR_CONFLICT ? NULL : field;
    fe->message = arena_strdup(req->arena, e->msg);
    return action_page(req, resp, status, ref, form, fe, 1);
}

static enum status outstanding_status(const char *v)
{
    int s = v ? vocab_parse(&VOCAB_STATUS, v, strlen(v)) : 0;
    return s == ST_WHITE || s == ST_AMBER || s == ST_RED ? (enum status)s : ST_NONE;
}

/* ---- progress and proposed closure ------------------------------------ */

int page_action_update(struct web_request *req, struct web_response *resp)
{
    struct arena *a = req->arena;
    const char *form = web_form(req, "form"), *f, *note, *link, *problem;
    const struct multipart_part *file;
    struct evidence_file ef;
    struct form_errors fe = {0};
    struct action *act;
    struct source *src;
    struct action_rights r;
    struct change c = {0};
    struct err e = {0};
    enum status st;
    int32_t date;
    int64_t seq;
    int green, rc, has_file;

    if ((rc = web_require(req, ROLE_OWNER)))
        return rc;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    if (!r.update)
        return web_error(resp, 403,
                         "You can record progress only on the actions whose owner or directorate "
                         "is yours.");
    green = form && strcmp(form, "green") == 0;
    f = green ? "green" : "update";
    st = green ? ST_GREEN : outstanding_status(web_form(req, "update-status"));
    if (st == ST_NONE)
        add_error(&fe, "update-status", "Select the status");
    note = form_text(req, arena_printf(a, "%s-note", f));
    if (green && !note)
        add_error(&fe, arena_printf(a, "%s-note", f), "Enter how delivery was evidenced");
    if (form_date(req, arena_printf(a, "%s-date", f), &date))
        add_error(&fe, arena_printf(a, "%s-date-day", f),
                  "The date of this update must be a real date");
    else if (date != DATE_NONE && date > date_today())
        add_error(&fe, arena_printf(a, "%s-date-day", f),
                  "The date of this update must be today or in the past");
    link = form_text(req, arena_printf(a, "%s-link", f));
    if (link && (problem = evidence_link_problem(link)))
        add_error(&fe, arena_printf(a, "%s-link", f), problem);
    file = multipart_get(req->parts, req->nparts, arena_printf(a, "%s-file", f));
    /* A browser sends an empty part, without a name, when no file is chosen. */
    has_file = file && ((file->filename && *file->filename) || file->len);
    if (has_file && file->len > WEB_MAX_UPLOAD)
        return web_error(resp, 413, "The selected file must be smaller than 20 MB.");
    if (has_file && (problem = evidence_check(file->filename, file->data, file->len, a, &ef)))
        add_error(&fe, arena_printf(a, "%s-file", f), problem);
    if (green && !link && !has_file)
        add_error(&fe, arena_printf(a, "%s-link", f),
                  "Enter a link to the evidence, or attach it as a file");
    if (fe.n)
        return action_page(req, resp, 400, act->ref, f, fe.e, fe.n);

    c.ref = act->ref;
    c.date = date;
    c.status = st;
    c.note = note;
    if ((rc = change_update(req->store, &c, a, &seq, &e)))
        return refused(req, resp, act->ref, f, arena_printf(a, "%s-date-day", f), &e);
    if (link) {
        struct evidence ev = {0};
        ev.update_seq = seq;
        ev.kind = "link";
        ev.url = link;
        if (store_evidence_add(req->store, &ev, &e))
            return web_fail(req, resp, &e);
    }
    if (has_file) {
        struct evidence ev = {0};
        ev.update_seq = seq;
        ev.kind = "file";
        ev.filename = ef.filename;
        ev.content_type = ef.content_type;
        ev.size = (int64_t)file->len;
        ev.sha256 = ef.sha256;
        ev.data = file->data;
        if (store_evidence_add(req->store, &ev, &e))
            return web_fail(req, resp, &e);
    }
    return saved(req, resp, act->ref, f);
}

/* ---- sign-off and the other closures ---------------------------------- */

int page_action_closure(struct web_request *req, struct web_response *resp)
{
    struct arena *a = req->arena;
    const char *form = web_form(req, "form"), *reason = web_form(req, "reason");
    struct form_errors fe = {0};
    struct action *act;
    struct source *src;
    struct action_rights r;
    struct change c = {0};
    struct err e = {0};
    int signoff, rc, v;

    if (!role_board(req->user))
        return 403;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    signoff = (form && strcmp(form, "signoff") == 0) || (reason && strcmp(reason, "completed") == 0);
    c.ref = act->ref;
    c.date = DATE_NONE;
    if (signoff) {
        c.reason = CR_COMPLETED;
        c.note = form_text(req, "signoff-note");
    } else {
        reason = web_form(req, "close-reason");
        v = reason ? vocab_parse(&VOCAB_CLOSE_REASON, reason, strlen(reason)) : 0;
        if (v <= 0 || v == CR_COMPLETED)
            add_error(&fe, "close-reason", "Select why the action is closed");
        c.reason = v > 0 ? (enum close_reason)v : CR_NONE;
        c.by_ref = form_text(req, "close-by-ref");
        if (c.by_ref && v > 0 && v != CR_SUPERSEDED)
            add_error(&fe, "close-by-ref",
                      "Give the action that supersedes it only when it is superseded");
        c.note = form_text(req, "close-note");
        if (!c.note)
            add_error(&fe, "close-note", "Explain why the action is closed");
    }
    if (fe.n)
        return action_page(req, resp, 400, act->ref, signoff ? "signoff" : "close", fe.e, fe.n);
    if ((rc = change_close(req->store, &c, a, NULL, &e))) {
        if (rc == ERR_NOTFOUND)
            err_set(&e, ERR_NOTFOUND, "There is no action %s to supersede it", c.by_ref);
        return refused(req, resp, act->ref, signoff ? "signoff" : "close",
                       signoff ? "signoff-note" : "close-by-ref", &e);
    }
    return saved(req, resp, act->ref, signoff ? "signoff" : "close");
}

int page_action_refusal(struct web_request *req, struct web_response *resp)
{
    struct form_errors fe = {0};
    struct action *act;
    struct source *src;
    struct action_rights r;
    struct change c = {0};
    struct err e = {0};
    const char *reason;
    int rc;

    if (!role_board(req->user))
        return 403;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    reason = form_text(req, "refusal-reason");
    if (!reason)
        add_error(&fe, "refusal-reason", "Enter why sign-off is refused");
    if (act->status != ST_GREEN)
        add_error(&fe, NULL,
                  arena_printf(req->arena, "%s is not awaiting sign-off: it is %s", act->ref,
                               vocab_name(&VOCAB_STATUS, act->status)));
    if (fe.n)
        return action_page(req, resp, 400, act->ref, "refusal", fe.e, fe.n);
    c.ref = act->ref;
    c.date = DATE_NONE;
    c.status = ST_AMBER;
    c.note = arena_printf(req->arena, "Sign-off refused: %s", reason);
    if ((rc = change_update(req->store, &c, req->arena, NULL, &e)))
        return refused(req, resp, act->ref, "refusal", "refusal-reason", &e);
    return saved(req, resp, act->ref, "refusal");
}

/* ---- reopening, revised target dates, voided updates ------------------ */

int page_action_reopen(struct web_request *req, struct web_response *resp)
{
    struct form_errors fe = {0};
    struct action *act;
    struct source *src;
    struct action_rights r;
    struct change c = {0};
    struct err e = {0};
    int rc;

    if (!role_keeper(req->user))
        return 403;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    c.ref = act->ref;
    c.date = DATE_NONE;
    c.status = outstanding_status(web_form(req, "reopen-status"));
    if (c.status == ST_NONE)
        add_error(&fe, "reopen-status", "Select the status it is reopened with");
    c.reason_text = form_text(req, "reopen-reason");
    if (!c.reason_text)
        add_error(&fe, "reopen-reason", "Enter why the action is reopened");
    if (fe.n)
        return action_page(req, resp, 400, act->ref, "reopen", fe.e, fe.n);
    if ((rc = change_reopen(req->store, &c, req->arena, NULL, &e)))
        return refused(req, resp, act->ref, "reopen", "reopen-reason", &e);
    return saved(req, resp, act->ref, "reopen");
}

int page_action_extend(struct web_request *req, struct web_response *resp)
{
    struct form_errors fe = {0};
    struct action *act;
    struct source *src;
    struct action_rights r;
    struct change c = {0};
    struct err e = {0};
    int32_t due, from;
    char ds[DATE_BUFSZ];
    int rc;

    if (!role_keeper(req->user))
        return 403;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    if (form_date(req, "extend-due", &due))
        add_error(&fe, "extend-due-day", "The new target date must be a real date");
    else if (due == DATE_NONE)
        add_error(&fe, "extend-due-day", "Enter the new target date");
    if (form_date(req, "extend-from", &from))
        add_error(&fe, "extend-from-day", "The date it takes effect from must be a real date");
    c.reason_text = form_text(req, "extend-reason");
    if (!c.reason_text)
        add_error(&fe, "extend-reason", "Enter the reason for the new target date");
    c.agreed_by = form_text(req, "extend-agreed");
    if (!c.agreed_by)
        add_error(&fe, "extend-agreed", "Enter who agreed the new target date");
    if (fe.n)
        return action_page(req, resp, 400, act->ref, "extend", fe.e, fe.n);
    c.ref = act->ref;
    c.due = date_format(due, ds);
    c.date = from == DATE_NONE ? date_today() : from;
    if ((rc = change_extend(req->store, &c, req->arena, NULL, &e)))
        return refused(req, resp, act->ref, "extend", "extend-due-day", &e);
    return saved(req, resp, act->ref, "extend");
}

int page_action_void(struct web_request *req, struct web_response *resp)
{
    struct form_errors fe = {0};
    struct action *act;
    struct source *src;
    struct action_rights r;
    struct update *u;
    struct err e = {0};
    const char *id = web_param(req, "id"), *form, *reason;
    char *end;
    long long seq;
    int rc;

    if (!role_keeper(req->user))
        return 403;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    seq = strtoll(id, &end, 10);
    if (*end || seq <= 0)
        return 404;
    rc = store_update_get(req->store, seq, req->arena, &u, &e);
    if (rc == ERR_NOTFOUND || (rc == 0 && u->action_id != act->id))
        return web_error(resp, 404, "This action has no update with that number.");
    if (rc)
        return web_fail(req, resp, &e);
    form = arena_printf(req->arena, "void-%lld", seq);
    reason = form_text(req, arena_printf(req->arena, "%s-reason", form));
    if (!reason) {
        add_error(&fe, arena_printf(req->arena, "%s-reason", form),
                  "Enter why the update is void");
        return action_page(req, resp, 400, act->ref, form, fe.e, fe.n);
    }
    if ((rc = change_void(req->store, seq, reason, req->arena, &e)))
        return refused(req, resp, act->ref, form, NULL, &e);
    return saved(req, resp, act->ref, "void");
}

/* ---- adding and editing actions --------------------------------------- */

static int word(const struct web_request *req, const char *name, const struct vocab *v,
                int *out)
{
    const char *s = web_form(req, name);
    int k = s ? vocab_parse(v, s, strlen(s)) : 0;
    if (k < 0)
        return -1;
    *out = k;
    return 0;
}

/* The add/edit form into act (old: the action edited, NULL when adding),
 * with its target date in *due (NULL: none given). */
static void read_action_form(struct web_request *req, const struct action *old, struct action *act,
                             const char **due, struct form_errors *fe)
{
    struct arena *a = req->arena;
    struct source *src = NULL;
    struct err e = {0};
    const char *v;
    int k;
    int32_t d;

    if (old)
        *act = *old;
    else
        memset(act, 0, sizeof *act);
    if (!old) {
        act->ref = form_text(req, "ref");
        if (!act->ref)
            add_error(fe, "ref", "Enter the action's reference");
        else if (strlen(act->ref) > 100)
            add_error(fe, "ref", "The reference must be 100 characters or fewer");
        else if (strpbrk(act->ref, "\r\n\t"))
            add_error(fe, "ref", "The reference must be on one line");
        else if (strcmp(act->ref, "new") == 0)
            add_error(fe, "ref", "The reference cannot be the word new");
    }
    v = web_form(req, "source");
    act->source_id = v && *v ? strtoll(v, NULL, 10) : 0;
    if (act->source_id <= 0 || store_source_get(req->store, act->source_id, a, &src, &e)) {
        src = NULL;
        add_error(fe, "source", "Select the source the action comes from");
    }
    if (word(req, "kind", &VOCAB_ACTION_KIND, &k) || k == 0)
        add_error(fe, "kind", "Select the kind of action");
    else
        act->kind = k;
    act->text = form_text(req, "text");
    if (!act->text)
        add_error(fe, "text", "Enter the text of the action");
    act->owner = form_text(req, "owner");
    act->directorate = form_text(req, "directorate");
    act->theme = form_text(req, "theme");
    if (word(req, "risk", &VOCAB_RISK, &k))
        add_error(fe, "risk", "Select the risk");
    else
        act->risk = k;
    if (word(req, "scope", &VOCAB_SCOPE, &k))
        add_error(fe, "scope", "Select the scope");
    else
        act->scope = k;
    if (word(req, "marking", &VOCAB_MARKING, &k))
        add_error(fe, "marking", "Select the marking");
    else if (k == MK_RESTRICTED)
        act->marking = MK_RESTRICTED;
    else /* an action imported without a marking is public, and stays unmarked */
        act->marking = old && old->marking == MK_NONE ? MK_NONE : MK_PUBLIC;
    if (form_date(req, "issued", &act->issued))
        add_error(fe, "issued-day", "The date it was issued must be a real date");
    else if (act->issued == DATE_NONE && src && src->published == DATE_NONE)
        add_error(fe, "issued-day",
                  "Enter the date it was issued: its source has no published date");
    *due = NULL;
    if ((!old || !old->due) && (v = form_text(req, "due"))) {
        if (strlen(v) > 100)
            add_error(fe, "due", "The target date must be 100 characters or fewer");
        else if (v[0] >= '0' && v[0] <= '9') {
            if (date_parse(v, strlen(v), &d))
                add_error(fe, "due", "The target date must be a real date, such as 31/03/2025");
            else
                v = date_format(d, arena_alloc(a, DATE_BUFSZ));
        }
        *due = v;
    }
}

static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static int unchanged(const struct action *x, const struct action *y)
{
    return x->source_id == y->source_id && x->kind == y->kind && same_text(x->text, y->text) &&
           same_text(x->owner, y->owner) && same_text(x->directorate, y->directorate) &&
           same_text(x->theme, y->theme) && x->risk == y->risk && x->scope == y->scope &&
           x->marking == y->marking && x->issued == y->issued;
}

static int add_due(struct web_request *req, struct web_response *resp, int64_t id, const char *due)
{
    struct due_change dc = {0};
    struct err e = {0};
    if (!due)
        return 0;
    dc.action_id = id;
    dc.effective = DATE_NONE;
    dc.due = due;
    if (store_due_add(req->store, &dc, &e))
        return web_fail(req, resp, &e);
    return 0;
}

int page_action_create(struct web_request *req, struct web_response *resp)
{
    struct form_errors fe = {0};
    struct action act;
    struct err e = {0};
    const char *due;
    int rc;

    if (!role_keeper(req->user))
        return 403;
    read_action_form(req, NULL, &act, &due, &fe);
    if (fe.n)
        return action_edit_page(req, resp, 400, NULL, fe.e, fe.n);
    rc = store_action_put(req->store, &act, &e);
    if (rc == ERR_CONFLICT) {
        add_error(&fe, "ref", "An action with this reference is already in the register");
        return action_edit_page(req, resp, 400, NULL, fe.e, fe.n);
    }
    if (rc)
        return web_fail(req, resp, &e);
    if ((rc = add_due(req, resp, act.id, due)))
        return rc;
    return saved(req, resp, act.ref, "new");
}

int page_action_save(struct web_request *req, struct web_response *resp)
{
    struct form_errors fe = {0};
    struct action *old, act;
    struct source *src;
    struct action_rights r;
    struct err e = {0};
    const char *due;
    int rc;

    if (!role_keeper(req->user))
        return 403;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &old, &src, &r)))
        return rc;
    read_action_form(req, old, &act, &due, &fe);
    if (fe.n)
        return action_edit_page(req, resp, 400, old, fe.e, fe.n);
    /* Saving what is already there writes no new version. */
    if (!unchanged(&act, old) && store_action_put(req->store, &act, &e))
        return web_fail(req, resp, &e);
    if ((rc = add_due(req, resp, act.id, due)))
        return rc;
    return saved(req, resp, act.ref, "edit");
}
