/* page_action.c -- one action: GET /actions/REF (its details, its whole
 * history as a timeline, and the forms the user may use), GET
 * /actions/new and GET /actions/REF/edit (adding and editing), the
 * evidence download GET /actions/REF/evidence/ID; and what the action pages
 * share (page_action.h): rights, words, status tags, form fields. What the
 * forms post is handled in page_action_forms.c. */
#include "web/page_action.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/date.h"
#include "store/evidence.h"
#include "store/store.h"
#include "web/app.h"
#include "web/evidence.h"
#include "web/pages.h"
#include "web/view.h"

/* ---- rights ------------------------------------------------------------ */

int action_restricted(const struct action *act, enum marking source_marking)
{
    return act->marking == MK_RESTRICTED || source_marking == MK_RESTRICTED;
}

/* a and b equal without case or surrounding spaces; an empty name is no one's. */
static int same_name(const char *a, const char *b)
{
    size_t la, lb;
    if (!a || !b)
        return 0;
    a += strspn(a, " \t");
    b += strspn(b, " \t");
    la = strlen(a);
    lb = strlen(b);
    while (la && (a[la - 1] == ' ' || a[la - 1] == '\t'))
        la--;
    while (lb && (b[lb - 1] == ' ' || b[lb - 1] == '\t'))
        lb--;
    return la && la == lb && strncasecmp(a, b, la) == 0;
}

int action_is_mine(const struct user *u, const struct action *act)
{
    return u && (same_name(u->owner_name, act->owner) || same_name(u->directorate, act->directorate));
}

int role_board(const struct user *u)
{
    return u && (u->role == ROLE_ADMIN || u->role == ROLE_EDITOR || u->role == ROLE_BOARD);
}

int role_keeper(const struct user *u)
{
    return u && (u->role == ROLE_ADMIN || u->role == ROLE_EDITOR);
}

void action_rights(const struct user *u, const struct action *act, enum marking source_marking,
                   struct action_rights *r)
{
    memset(r, 0, sizeof *r);
    r->see = !action_restricted(act, source_marking) || (u && u->clearance == MK_RESTRICTED);
    r->mine = action_is_mine(u, act);
    r->keep = role_keeper(u);
    r->board = role_board(u);
    r->update = r->keep || (u && u->role == ROLE_OWNER && r->mine);
}

const char *action_path(struct arena *a, const char *ref, const char *tail)
{
    struct buf b;
    const char *out;
    buf_init(&b, 16384);
    buf_adds(&b, "/actions/");
    html_urlenc(&b, ref);
    buf_adds(&b, tail);
    out = arena_strdup(a, buf_str(&b));
    buf_release(&b);
    return out;
}

int action_load(struct web_request *req, struct web_response *resp, const char *ref,
                struct action **act, struct source **src, struct action_rights *r)
{
    struct err e = {0};
    int rc = store_action_find(req->store, ref ? ref : "", req->arena, act, &e);
    if (rc == ERR_NOTFOUND)
        return web_error(resp, 404, "There is no action with that reference.");
    if (rc || store_source_get(req->store, (*act)->source_id, req->arena, src, &e))
        return web_fail(req, resp, &e);
    action_rights(req->user, *act, (*src)->marking, r);
    if (!r->see)
        return web_error(resp, 404, "There is no action with that reference.");
    return 0;
}

/* ---- words ------------------------------------------------------------- */

const char *kind_words(enum action_kind k)
{
    static const char *const w[AK__COUNT] = {
        "", "Recommendation", "Area for improvement", "Cause of concern", "Audit action",
        "Committee reference", "Deliverable"};
    return k > AK_NONE && k < AK__COUNT ? w[k] : "";
}

const char *reason_words(enum close_reason r)
{
    static const char *const w[CR__COUNT] = {"", "Completed", "Superseded", "Written off",
                                             "Not applicable", "Closed by the issuer"};
    return r > CR_NONE && r < CR__COUNT ? w[r] : "";
}

static const char *scope_words(enum scope sc)
{
    static const char *const w[SC__COUNT] = {"", "National", "Force", "Regional"};
    return sc > SC_NONE && sc < SC__COUNT ? w[sc] : "";
}

/* A target date as people read it: "31 March 2025", or the label as written. */
static const char *due_words(struct arena *a, const char *due)
{
    int32_t d;
    char buf[32];
    if (!due)
        return NULL;
    if (date_parse(due, strlen(due), &d) == 0)
        return arena_strdup(a, date_long(d, buf));
    return due;
}

static const char *date_words(struct arena *a, int32_t d)
{
    char buf[32];
    return d == DATE_NONE ? NULL : arena_strdup(a, date_long(d, buf));
}

/* ---- form fields ------------------------------------------------------- */

const char *field_error(const struct web_field_error *errs, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (errs[i].field && strcmp(errs[i].field, id) == 0)
            return errs[i].message;
    return NULL;
}

const char *form_text(const struct web_request *req, const char *name)
{
    const char *v = web_form(req, name);
    size_t n;
    if (!v)
        return NULL;
    v += strspn(v, " \t\r\n");
    n = strlen(v);
    while (n && strchr(" \t\r\n", v[n - 1]))
        n--;
    return n ? arena_strndup(req->arena, v, n) : NULL;
}

/* A number of at most digits digits, or -1 (blank: 0 in *blank). */
static int date_part(const struct web_request *req, const char *name, int digits, int *blank)
{
    const char *v = form_text(req, name);
    int n = 0;
    if (!v) {
        (*blank)++;
        return -1;
    }
    if ((int)strlen(v) > digits)
        return -1;
    for (const char *p = v; *p; p++) {
        if (!isdigit((unsigned char)*p))
            return -1;
        n = n * 10 + (*p - '0');
    }
    return n;
}

int form_date(const struct web_request *req, const char *name, int32_t *out)
{
    int blank = 0, d, m, y;
    d = date_part(req, arena_printf(req->arena, "%s-day", name), 2, &blank);
    m = date_part(req, arena_printf(req->arena, "%s-month", name), 2, &blank);
    y = date_part(req, arena_printf(req->arena, "%s-year", name), 4, &blank);
    *out = DATE_NONE;
    if (blank == 3)
        return 0;
    if (d < 1 || m < 1 || y < 1900 || y > 2199 || !date_valid_ymd(y, m, d))
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

static void group_begin(struct html *h, const struct field *f)
{
    html_lit(h, "<div class=\"govuk-form-group");
    if (f->error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\">");
}

static void label(struct html *h, const struct field *f)
{
    html_lit(h, "<label class=\"govuk-label\"");
    html_attr(h, "for", f->id);
    html_lit(h, ">");
    html_text(h, f->label);
    html_lit(h, "</label>");
}

static void legend(struct html *h, struct arena *a, const struct field *f, int group)
{
    html_lit(h, "<fieldset class=\"govuk-fieldset\"");
    if (group)
        html_lit(h, " role=\"group\"");
    if (f->hint || f->error)
        html_attr(h, "aria-describedby",
                  arena_printf(a, "%s%s%s%s%s", f->hint ? f->id : "", f->hint ? "-hint" : "",
                               f->hint && f->error ? " " : "", f->error ? f->id : "",
                               f->error ? "-error" : ""));
    html_lit(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">");
    html_text(h, f->label);
    html_lit(h, "</legend>");
}

static void hint_error(struct html *h, struct arena *a, const struct field *f)
{
    if (f->hint) {
        html_lit(h, "<div class=\"govuk-hint\"");
        html_attr(h, "id", arena_printf(a, "%s-hint", f->id));
        html_lit(h, ">");
        html_text(h, f->hint);
        html_lit(h, "</div>");
    }
    if (f->error) {
        html_lit(h, "<p class=\"govuk-error-message\"");
        html_attr(h, "id", arena_printf(a, "%s-error", f->id));
        html_lit(h, "><span class=\"govuk-visually-hidden\">Error:</span> ");
        html_text(h, f->error);
        html_lit(h, "</p>");
    }
}

/* id, name and aria-describedby of a single input. */
static void input_attrs(struct html *h, struct arena *a, const struct field *f)
{
    html_attr(h, "id", f->id);
    html_attr(h, "name", f->id);
    if (f->hint || f->error)
        html_attr(h, "aria-describedby",
                  arena_printf(a, "%s%s%s%s%s", f->hint ? f->id : "", f->hint ? "-hint" : "",
                               f->hint && f->error ? " " : "", f->error ? f->id : "",
                               f->error ? "-error" : ""));
}

void field_input(struct html *h, struct arena *a, const struct field *f, enum field_width w)
{
    group_begin(h, f);
    label(h, f);
    hint_error(h, a, f);
    html_lit(h, "<input class=\"govuk-input");
    switch (w) {
    case FW_FULL: break;
    case FW_TWO_THIRDS: html_lit(h, " govuk-!-width-two-thirds"); break;
    case FW_HALF: html_lit(h, " govuk-!-width-one-half"); break;
    case FW_20: html_lit(h, " govuk-input--width-20"); break;
    case FW_10: html_lit(h, " govuk-input--width-10"); break;
    }
    if (f->error)
        html_lit(h, " govuk-input--error");
    html_lit(h, "\" type=\"text\" spellcheck=\"false\"");
    input_attrs(h, a, f);
    html_attr(h, "value", f->value ? f->value : "");
    html_lit(h, "/></div>");
}

void field_textarea(struct html *h, struct arena *a, const struct field *f, int rows)
{
    group_begin(h, f);
    label(h, f);
    hint_error(h, a, f);
    html_lit(h, "<textarea class=\"govuk-textarea");
    if (f->error)
        html_lit(h, " govuk-textarea--error");
    html_lit(h, "\"");
    html_attr_int(h, "rows", rows);
    input_attrs(h, a, f);
    html_lit(h, ">");
    html_text(h, f->value);
    html_lit(h, "</textarea></div>");
}

void field_select(struct html *h, struct arena *a, const struct field *f,
                  const struct field_opt *opts, size_t n)
{
    group_begin(h, f);
    label(h, f);
    hint_error(h, a, f);
    html_lit(h, "<select class=\"govuk-select");
    if (f->error)
        html_lit(h, " govuk-select--error");
    html_lit(h, "\"");
    input_attrs(h, a, f);
    html_lit(h, ">");
    for (size_t i = 0; i < n; i++) {
        html_lit(h, "<option");
        html_attr(h, "value", opts[i].value);
        if (f->value && strcmp(f->value, opts[i].value) == 0)
            html_lit(h, " selected=\"selected\"");
        html_lit(h, ">");
        html_text(h, opts[i].text);
        html_lit(h, "</option>");
    }
    html_lit(h, "</select></div>");
}

/* Radios and checkboxes: the first item's id is the field's, so that the
 * error summary's link lands on it, as GOV.UK's pattern has it. */
static void choices(struct html *h, struct arena *a, const struct field *f,
                    const struct field_opt *opts, size_t n, unsigned ticked, int small, int radio)
{
    group_begin(h, f);
    legend(h, a, f, 0);
    hint_error(h, a, f);
    if (radio)
        html_lit(h, "<div class=\"govuk-radios");
    else
        html_lit(h, "<div class=\"govuk-checkboxes");
    if (small && radio)
        html_lit(h, " govuk-radios--small");
    else if (small)
        html_lit(h, " govuk-checkboxes--small");
    if (radio)
        html_lit(h, "\" data-module=\"govuk-radios\">");
    else
        html_lit(h, "\" data-module=\"govuk-checkboxes\">");
    for (size_t i = 0; i < n; i++) {
        const char *id = i ? arena_printf(a, "%s-%zu", f->id, i + 1) : f->id;
        int on = radio ? f->value && strcmp(f->value, opts[i].value) == 0 : (ticked >> i) & 1;
        if (radio)
            html_lit(h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
                        "type=\"radio\"");
        else
            html_lit(h, "<div class=\"govuk-checkboxes__item\"><input "
                        "class=\"govuk-checkboxes__input\" type=\"checkbox\"");
        html_attr(h, "id", id);
        html_attr(h, "name", f->id);
        html_attr(h, "value", opts[i].value);
        if (on)
            html_lit(h, " checked=\"checked\"");
        if (radio)
            html_lit(h, "/><label class=\"govuk-label govuk-radios__label\"");
        else
            html_lit(h, "/><label class=\"govuk-label govuk-checkboxes__label\"");
        html_attr(h, "for", id);
        html_lit(h, ">");
        html_text(h, opts[i].text);
        html_lit(h, "</label></div>");
    }
    html_lit(h, "</div></fieldset></div>");
}

void field_radios(struct html *h, struct arena *a, const struct field *f,
                  const struct field_opt *opts, size_t n, int small)
{
    choices(h, a, f, opts, n, 0, small, 1);
}

void field_checkboxes(struct html *h, struct arena *a, const struct field *f,
                      const struct field_opt *opts, size_t n, unsigned ticked, int small)
{
    choices(h, a, f, opts, n, ticked, small, 0);
}

void field_date(struct html *h, struct web_request *req, const struct field *f)
{
    static const char *const part[] = {"day", "month", "year"}, *const word[] = {"Day", "Month", "Year"};
    struct arena *a = req->arena;
    const char *v[3] = {NULL, NULL, NULL};
    int typed = 0, y, m, d;
    int32_t day;

    for (int i = 0; i < 3; i++) {
        v[i] = web_form(req, arena_printf(a, "%s-%s", f->id, part[i]));
        typed |= v[i] != NULL;
    }
    if (!typed && f->value && date_parse(f->value, strlen(f->value), &day) == 0) {
        date_to_ymd(day, &y, &m, &d);
        v[0] = arena_printf(a, "%d", d);
        v[1] = arena_printf(a, "%d", m);
        v[2] = arena_printf(a, "%d", y);
    }
    group_begin(h, f);
    legend(h, a, f, 1);
    hint_error(h, a, f);
    html_lit(h, "<div class=\"govuk-date-input\"");
    html_attr(h, "id", f->id);
    html_lit(h, ">");
    for (int i = 0; i < 3; i++) {
        const char *id = arena_printf(a, "%s-%s", f->id, part[i]);
        html_lit(h, "<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">"
                    "<label class=\"govuk-label govuk-date-input__label\"");
        html_attr(h, "for", id);
        html_lit(h, ">");
        html_text(h, word[i]);
        html_lit(h, "</label><input class=\"govuk-input govuk-date-input__input");
        if (i == 2)
            html_lit(h, " govuk-input--width-4");
        else
            html_lit(h, " govuk-input--width-2");
        if (f->error)
            html_lit(h, " govuk-input--error");
        html_lit(h, "\" type=\"text\" inputmode=\"numeric\"");
        html_attr(h, "id", id);
        html_attr(h, "name", id);
        html_attr(h, "value", v[i] ? v[i] : "");
        html_lit(h, "/></div></div>");
    }
    html_lit(h, "</div></fieldset></div>");
}

void field_file(struct html *h, struct arena *a, const struct field *f)
{
    group_begin(h, f);
    label(h, f);
    hint_error(h, a, f);
    html_lit(h, "<input class=\"govuk-file-upload");
    if (f->error)
        html_lit(h, " govuk-file-upload--error");
    html_lit(h, "\" type=\"file\" accept=\".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg,.gif\"");
    input_attrs(h, a, f);
    html_lit(h, "/></div>");
}

/* What a field shows: what was typed into it (a form sent back), else dflt. */
static const char *shown(const struct web_request *req, const char *id, const char *dflt)
{
    const char *v = web_form(req, id);
    return v ? v : dflt;
}

/* ---- the action's page ------------------------------------------------- */

struct page {
    struct web_request *req;
    struct html *h;
    struct arena *a;
    const struct action *act;
    const char *form;                  /* the form sent back, or NULL */
    const struct web_field_error *errs;
    size_t nerr;
};

static const char *err(const struct page *p, const char *id)
{
    return field_error(p->errs, p->nerr, id);
}

static int form_is(const struct page *p, const char *name)
{
    return p->form && strcmp(p->form, name) == 0;
}

static void summary_row(struct html *h, const char *key)
{
    html_lit(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
    html_text(h, key);
    html_lit(h, "</dt><dd class=\"govuk-summary-list__value\">");
}

static void summary_text(struct html *h, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    summary_row(h, key);
    html_text(h, value);
    html_lit(h, "</dd></div>");
}

/* <details> holding one form: open when it is the form sent back. */
static void details_begin(struct page *p, const char *name, const char *summary, int open)
{
    struct html *h = p->h;
    html_lit(h, "<details class=\"govuk-details\"");
    if (open || form_is(p, name))
        html_lit(h, " open=\"open\"");
    html_lit(h, "><summary class=\"govuk-details__summary\"><span class=\"govuk-details__summary-text\">");
    html_text(h, summary);
    html_lit(h, "</span></summary><div class=\"govuk-details__text\">");
}

static void details_end(struct page *p)
{
    html_lit(p->h, "</div></details>");
}

static void form_begin(struct page *p, const char *tail, const char *name, int multipart)
{
    struct html *h = p->h;
    html_lit(h, "<form method=\"post\" novalidate=\"novalidate\"");
    if (multipart)
        html_lit(h, " enctype=\"multipart/form-data\"");
    html_url(h, "action", action_path(p->a, p->act->ref, tail));
    html_lit(h, ">");
    web_csrf_field(p->req, h);
    html_lit(h, "<input type=\"hidden\" name=\"form\"");
    html_attr(h, "value", name);
    html_lit(h, "/>");
}

static const struct field_opt OUTSTANDING[] = {
    {"white", "White: not started, or waiting on another body"},
    {"amber", "Amber: in progress and on track"},
    {"red", "Red: off track, the target date has passed or will not be met"},
};

/* Record progress, or (green) propose closure: the same fields, the
 * second needing evidence. */
static void progress_form(struct page *p, int green)
{
    struct html *h = p->h;
    struct arena *a = p->a;
    const char *f = green ? "green" : "update";
    struct field fl;

    details_begin(p, f, green ? "Propose closure" : "Record progress", !green && !p->form);
    if (green)
        html_lit(h, "<p class=\"govuk-body\">When delivery has been evidenced, set the action "
                    "green with the evidence. Someone else then signs it off.</p>");
    form_begin(p, "/updates", f, 1);
    if (!green) {
        fl = (struct field){"update-status", "Status", NULL, err(p, "update-status"),
                            shown(p->req, "update-status", NULL)};
        if (!fl.value && p->act->status >= ST_WHITE && p->act->status <= ST_RED)
            fl.value = vocab_name(&VOCAB_STATUS, p->act->status);
        field_radios(h, a, &fl, OUTSTANDING, 3, 0);
    }
    fl = (struct field){arena_printf(a, "%s-note", f),
                        green ? "How delivery was evidenced" : "Progress note", NULL,
                        err(p, arena_printf(a, "%s-note", f)), NULL};
    fl.value = shown(p->req, fl.id, NULL);
    field_textarea(h, a, &fl, 4);
    fl = (struct field){arena_printf(a, "%s-date", f), "Date of this update",
                        "The date the progress applies to. Leave it blank for today. For "
                        "example, 27 3 2024",
                        err(p, arena_printf(a, "%s-date-day", f)), NULL};
    field_date(h, p->req, &fl);
    fl = (struct field){arena_printf(a, "%s-link", f),
                        green ? "Link to the evidence" : "Link to evidence (optional)",
                        "For example, a page on the intranet, starting https://",
                        err(p, arena_printf(a, "%s-link", f)), NULL};
    fl.value = shown(p->req, fl.id, NULL);
    field_input(h, a, &fl, FW_FULL);
    fl = (struct field){arena_printf(a, "%s-file", f),
                        green ? "Or attach the evidence" : "Or attach a file (optional)",
                        "A PDF, Word document, Excel workbook or image (PNG, JPEG or GIF), "
                        "up to 20 MB",
                        err(p, arena_printf(a, "%s-file", f)), NULL};
    field_file(h, a, &fl);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">");
    html_text(h, green ? "Propose closure" : "Record progress");
    html_lit(h, "</button></form>");
    details_end(p);
}

static void signoff_forms(struct page *p, const struct update *setter)
{
    struct html *h = p->h;
    struct arena *a = p->a;
    struct field fl;

    details_begin(p, "signoff", "Sign off", 0);
    if (setter) {
        html_lit(h, "<p class=\"govuk-body\">Set green by ");
        html_text(h, setter->recorded_by);
        html_lit(h, " on ");
        html_text(h, date_words(a, setter->date));
        html_lit(h, ".</p>");
        if (p->req->user && strcmp(setter->recorded_by, p->req->user->name) == 0)
            html_lit(h, "<div class=\"govuk-inset-text\">You set this action green, so someone "
                        "else must sign it off.</div>");
    }
    form_begin(p, "/closure", "signoff", 0);
    html_lit(h, "<input type=\"hidden\" name=\"reason\" value=\"completed\"/>");
    fl = (struct field){"signoff-note", "Note (optional)", NULL, err(p, "signoff-note"),
                        shown(p->req, "signoff-note", NULL)};
    field_textarea(h, a, &fl, 3);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Sign off as completed</button></form>");
    details_end(p);

    details_begin(p, "refusal", "Refuse sign-off", 0);
    form_begin(p, "/refusal", "refusal", 0);
    fl = (struct field){"refusal-reason", "Why sign-off is refused",
                        "The action goes back to amber with this reason.",
                        err(p, "refusal-reason"), shown(p->req, "refusal-reason", NULL)};
    field_textarea(h, a, &fl, 3);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
                "data-module=\"govuk-button\">Refuse sign-off</button></form>");
    details_end(p);
}

static const struct field_opt OTHER_REASONS[] = {
    {"superseded", "Superseded by another action"},
    {"written_off", "Written off"},
    {"not_applicable", "Not applicable"},
    {"closed_by_issuer", "Closed by the issuer"},
};

static void close_form(struct page *p)
{
    struct html *h = p->h;
    struct arena *a = p->a;
    struct field fl;

    details_begin(p, "close", "Write off or supersede", 0);
    form_begin(p, "/closure", "close", 0);
    fl = (struct field){"close-reason", "Why it is closed", NULL, err(p, "close-reason"),
                        shown(p->req, "close-reason", NULL)};
    field_radios(h, a, &fl, OTHER_REASONS, 4, 1);
    fl = (struct field){"close-by-ref", "Superseded by (optional)",
                        "The reference of the action that supersedes it",
                        err(p, "close-by-ref"), shown(p->req, "close-by-ref", NULL)};
    field_input(h, a, &fl, FW_20);
    fl = (struct field){"close-note", "Explanation", NULL, err(p, "close-note"),
                        shown(p->req, "close-note", NULL)};
    field_textarea(h, a, &fl, 3);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                "data-module=\"govuk-button\">Close the action</button></form>");
    details_end(p);
}

static void reopen_form(struct page *p)
{
    struct html *h = p->h;
    struct arena *a = p->a;
    struct field fl;

    details_begin(p, "reopen", "Reopen", 0);
    form_begin(p, "/reopening", "reopen", 0);
    fl = (struct field){"reopen-status", "Status when reopened", NULL, err(p, "reopen-status"),
                        shown(p->req, "reopen-status", "amber")};
    field_radios(h, a, &fl, OUTSTANDING, 3, 1);
    fl = (struct field){"reopen-reason", "Why it is reopened", NULL, err(p, "reopen-reason"),
                        shown(p->req, "reopen-reason", NULL)};
    field_textarea(h, a, &fl, 3);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Reopen the action</button></form>");
    details_end(p);
}

static void extend_form(struct page *p)
{
    struct html *h = p->h;
    struct arena *a = p->a;
    struct field fl;

    details_begin(p, "extend", "Revise the target date", 0);
    form_begin(p, "/target-dates", "extend", 0);
    fl = (struct field){"extend-due", "New target date", "For example, 31 3 2025",
                        err(p, "extend-due-day"), NULL};
    field_date(h, p->req, &fl);
    fl = (struct field){"extend-from", "Takes effect from",
                        "The date the revision was agreed. Leave it blank for today.",
                        err(p, "extend-from-day"), NULL};
    field_date(h, p->req, &fl);
    fl = (struct field){"extend-reason", "Reason", NULL, err(p, "extend-reason"),
                        shown(p->req, "extend-reason", NULL)};
    field_textarea(h, a, &fl, 3);
    fl = (struct field){"extend-agreed", "Agreed by", "For example, the improvement board",
                        err(p, "extend-agreed"), shown(p->req, "extend-agreed", NULL)};
    field_input(h, a, &fl, FW_TWO_THIRDS);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Revise the target date</button></form>");
    details_end(p);
}

static void void_form(struct page *p, const struct update *u)
{
    struct html *h = p->h;
    struct arena *a = p->a;
    const char *name = arena_printf(a, "void-%lld", (long long)u->seq);
    struct field fl = {arena_printf(a, "%s-reason", name), "Why this update is void",
                       "It stays in the history, marked void, and no longer counts.",
                       err(p, arena_printf(a, "%s-reason", name)), NULL};

    fl.value = shown(p->req, fl.id, NULL);
    details_begin(p, name, "Void this update", 0);
    form_begin(p, arena_printf(a, "/updates/%lld/void", (long long)u->seq), name, 0);
    field_textarea(h, a, &fl, 2);
    html_lit(h, "<button type=\"submit\" class=\"govuk-button govuk-button--warning\" "
                "data-module=\"govuk-button\">Void this update</button></form>");
    details_end(p);
}

/* ---- the history ------------------------------------------------------- */

struct event {
    int32_t date;
    int64_t seq;
    const struct update *u;       /* an update, or */
    const struct due_change *d;   /* a revised target date */
};

static int event_cmp(const void *x, const void *y)
{
    const struct event *a = x, *b = y;
    if (a->date != b->date)
        return a->date > b->date ? -1 : 1;
    return a->seq > b->seq ? -1 : a->seq < b->seq;
}

static void evidence_list(struct page *p, const struct update *u, struct evidence **ev, size_t nev)
{
    struct html *h = p->h;
    int any = 0;
    for (size_t i = 0; i < nev; i++) {
        if (ev[i]->update_seq != u->seq)
            continue;
        if (!any++)
            html_lit(h, "<h4 class=\"govuk-heading-s govuk-!-margin-bottom-1\">Evidence</h4>"
                        "<ul class=\"govuk-list\">");
        html_lit(h, "<li>");
        if (strcmp(ev[i]->kind, "file") == 0) {
            html_lit(h, "<a class=\"govuk-link\" download=\"\"");
            html_url(h, "href",
                     action_path(p->a, p->act->ref,
                                 arena_printf(p->a, "/evidence/%lld", (long long)ev[i]->seq)));
            html_lit(h, ">");
            html_text(h, ev[i]->filename);
            html_lit(h, "</a> (");
            html_text(h, evidence_type_label(ev[i]->content_type));
            html_lit(h, ", ");
            html_text(h, evidence_size_words(p->a, ev[i]->size));
            html_lit(h, ")");
        } else {
            html_lit(h, "<a class=\"govuk-link\" rel=\"noreferrer noopener\"");
            html_url(h, "href", ev[i]->url);
            html_lit(h, ">");
            html_text(h, ev[i]->url);
            html_lit(h, "</a>");
        }
        html_lit(h, "</li>");
    }
    if (any)
        html_lit(h, "</ul>");
}

static void update_event(struct page *p, const struct update *u, struct evidence **ev, size_t nev,
                         int keep)
{
    struct html *h = p->h;
    struct arena *a = p->a;
    int reason = u->reason ? vocab_parse(&VOCAB_CLOSE_REASON, u->reason, strlen(u->reason)) : 0;
    const char *title;
    char d[DATE_BUFSZ];

    if (u->status == ST_CLOSED)
        title = reason == CR_COMPLETED ? "Signed off as completed"
                                       : arena_printf(a, "Closed: %s", reason > 0
                                                                            ? reason_words(reason)
                                                                            : u->reason
                                                                                  ? u->reason
                                                                                  : "no reason");
    else if (u->reason)
        title = "Reopened";
    else if (u->status == ST_GREEN)
        title = "Proposed for closure";
    else
        title = "Progress update";
    html_lit(h, "<div class=\"moj-timeline__item\"><div class=\"moj-timeline__header\">"
                "<h3 class=\"moj-timeline__title\">");
    html_text(h, title);
    html_lit(h, " ");
    view_status_tag(h, u->status);
    if (u->is_void)
        html_lit(h, " <strong class=\"govuk-tag govuk-tag--grey\">Void</strong>");
    html_lit(h, "</h3> <p class=\"moj-timeline__byline\">by ");
    html_text(h, u->by ? u->by : u->recorded_by);
    html_lit(h, "</p></div><p class=\"moj-timeline__date\"><time");
    html_attr(h, "datetime", date_format(u->date, d));
    html_lit(h, ">");
    html_text(h, date_words(a, u->date));
    html_lit(h, "</time></p><div class=\"moj-timeline__description\">");
    if (u->is_void) {
        html_lit(h, "<p class=\"govuk-body\"><strong>This update is void</strong> and no longer "
                    "counts: ");
        html_text(h, u->void_reason);
        html_lit(h, " (");
        html_text(h, u->voided_by);
        html_lit(h, ", ");
        view_moment(h, u->voided_at);
        html_lit(h, ")</p>");
    }
    if (u->note) {
        html_lit(h, "<p class=\"govuk-body\">");
        html_text_br(h, u->note);
        html_lit(h, "</p>");
    }
    if (u->reason && u->status != ST_CLOSED && (!u->note || strcmp(u->note, u->reason) != 0)) {
        html_lit(h, "<p class=\"govuk-body\">Reason: ");
        html_text(h, u->reason);
        html_lit(h, "</p>");
    }
    if (u->by_ref) {
        html_lit(h, "<p class=\"govuk-body\">Superseded by <a class=\"govuk-link\"");
        html_url(h, "href", action_path(a, u->by_ref, ""));
        html_lit(h, ">");
        html_text(h, u->by_ref);
        html_lit(h, "</a></p>");
    }
    evidence_list(p, u, ev, nev);
    html_lit(h, "<p class=\"govuk-body-s govuk-!-margin-bottom-1\">Update ");
    html_int(h, u->seq);
    html_lit(h, ", recorded ");
    view_moment(h, u->recorded_at);
    html_lit(h, " by ");
    html_text(h, u->recorded_by);
    html_lit(h, "</p>");
    if (keep && !u->is_void)
        void_form(p, u);
    html_lit(h, "</div></div>");
}

static void due_event(struct page *p, const struct due_change *d)
{
    struct html *h = p->h;
    char ds[DATE_BUFSZ];
    html_lit(h, "<div class=\"moj-timeline__item\"><div class=\"moj-timeline__header\">"
                "<h3 class=\"moj-timeline__title\">Target date revised</h3> "
                "<p class=\"moj-timeline__byline\">by ");
    html_text(h, d->recorded_by);
    html_lit(h, "</p></div><p class=\"moj-timeline__date\"><time");
    html_attr(h, "datetime", date_format(d->effective, ds));
    html_lit(h, ">");
    html_text(h, date_words(p->a, d->effective));
    html_lit(h, "</time></p><div class=\"moj-timeline__description\">"
                "<p class=\"govuk-body\">New target date: ");
    html_text(h, due_words(p->a, d->due));
    html_lit(h, "</p>");
    if (d->reason) {
        html_lit(h, "<p class=\"govuk-body\">Reason: ");
        html_text(h, d->reason);
        html_lit(h, "</p>");
    }
    if (d->agreed_by) {
        html_lit(h, "<p class=\"govuk-body\">Agreed by ");
        html_text(h, d->agreed_by);
        html_lit(h, "</p>");
    }
    html_lit(h, "<p class=\"govuk-body-s govuk-!-margin-bottom-1\">Recorded ");
    view_moment(h, d->recorded_at);
    html_lit(h, "</p></div></div>");
}

static void history(struct page *p, struct update **u, size_t nu, struct due_change **d,
                    size_t nd, struct evidence **ev, size_t nev, int keep)
{
    struct html *h = p->h;
    struct event *e = arena_alloc(p->a, (nu + nd + 1) * sizeof *e);
    size_t n = 0;
    int32_t issued = action_issued(p->act);
    char ds[DATE_BUFSZ];

    for (size_t i = 0; i < nu; i++)
        e[n++] = (struct event){u[i]->date, u[i]->seq, u[i], NULL};
    for (size_t i = 0; i < nd; i++)
        if (d[i]->effective != DATE_NONE)
            e[n++] = (struct event){d[i]->effective, d[i]->seq, NULL, d[i]};
    qsort(e, n, sizeof *e, event_cmp);
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"history\">History</h2>"
                "<div class=\"moj-timeline\">");
    for (size_t i = 0; i < n; i++) {
        if (e[i].u)
            update_event(p, e[i].u, ev, nev, keep);
        else
            due_event(p, e[i].d);
    }
    html_lit(h, "<div class=\"moj-timeline__item\"><div class=\"moj-timeline__header\">"
                "<h3 class=\"moj-timeline__title\">Issued</h3></div>"
                "<p class=\"moj-timeline__date\"><time");
    html_attr(h, "datetime", date_format(issued, ds));
    html_lit(h, ">");
    html_text(h, date_words(p->a, issued));
    html_lit(h, "</time></p><div class=\"moj-timeline__description\"><p class=\"govuk-body\">");
    if (!nu)
        html_lit(h, "No updates yet, so the action is white. ");
    if (p->act->due_original) {
        html_lit(h, "Original target date: ");
        html_text(h, due_words(p->a, p->act->due_original));
        html_lit(h, ".");
    }
    html_lit(h, "</p></div></div></div>");
}

static const struct {
    const char *key, *text;
} SAVED[] = {
    {"update", "Progress recorded"},
    {"green", "Proposed for closure: the action is green and awaits sign-off"},
    {"signoff", "Signed off as completed"},
    {"refusal", "Sign-off refused: the action is amber again"},
    {"close", "The action is closed"},
    {"reopen", "The action is reopened"},
    {"extend", "Target date revised"},
    {"void", "The update is void"},
    {"edit", "Your changes are saved"},
    {"new", "Action added"},
};

static void saved_banner(struct web_request *req, struct html *h)
{
    const char *k = web_query(req, "saved");
    for (size_t i = 0; k && i < sizeof SAVED / sizeof *SAVED; i++)
        if (strcmp(k, SAVED[i].key) == 0) {
            html_lit(h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                        "role=\"alert\" aria-labelledby=\"saved-title\" "
                        "data-module=\"govuk-notification-banner\">"
                        "<div class=\"govuk-notification-banner__header\">"
                        "<h2 class=\"govuk-notification-banner__title\" id=\"saved-title\">"
                        "Success</h2></div><div class=\"govuk-notification-banner__content\">"
                        "<p class=\"govuk-notification-banner__heading\">");
            html_text(h, SAVED[i].text);
            html_lit(h, "</p></div></div>");
        }
}

int action_page(struct web_request *req, struct web_response *resp, int status, const char *ref,
                const char *form, const struct web_field_error *errs, size_t nerr)
{
    struct arena *a = req->arena;
    struct action *act;
    struct source *src;
    struct update **u, *setter = NULL;
    struct due_change **d;
    struct evidence **ev;
    size_t nu, nd, nev;
    struct action_rights r;
    struct err e = {0};
    struct page p = {0};
    struct html *h;
    int32_t today = date_today();
    int any_form;

    int rc;

    if ((rc = action_load(req, resp, ref, &act, &src, &r)))
        return rc;
    if (store_updates_of(req->store, act->id, a, &u, &nu, &e) ||
        store_due_history(req->store, act->id, a, &d, &nd, &e) ||
        store_evidence_of_action(req->store, act->id, a, &ev, &nev, &e) ||
        (act->status == ST_GREEN && store_status_at(req->store, act->id, today, a, &setter, &e)))
        return web_fail(req, resp, &e);

    p = (struct page){req, NULL, a, act, form, errs, nerr};
    h = p.h = web_page_begin(req, resp, status,
                             arena_printf(a, "%sAction %s", nerr ? "Error: " : "", act->ref),
                             NAV_ACTIONS);
    html_lit(h, "<a class=\"govuk-back-link\" href=\"/actions\">All actions</a>");
    saved_banner(req, h);
    web_error_summary(h, errs, nerr);
    html_lit(h, "<span class=\"govuk-caption-l\">");
    html_text(h, src->title);
    html_lit(h, "</span><h1 class=\"govuk-heading-l\">");
    html_text(h, act->ref);
    html_lit(h, "</h1><p class=\"govuk-body\">");
    view_status_tag(h, act->status);
    if (action_overdue(act, today))
        html_lit(h, " <strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
    if (r.mine)
        html_lit(h, " <strong class=\"govuk-tag govuk-tag--purple\">Yours</strong>");
    if (action_restricted(act, src->marking))
        html_lit(h, " <strong class=\"govuk-tag govuk-tag--yellow\">Restricted</strong>");
    html_lit(h, "</p><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                "<p class=\"govuk-body-l\">");
    html_text_br(h, act->text);
    html_lit(h, "</p><dl class=\"govuk-summary-list\">");
    summary_row(h, "Source");
    html_text(h, src->title);
    if (src->body) {
        html_lit(h, " (");
        html_text(h, src->body);
        if (src->published != DATE_NONE) {
            html_lit(h, ", published ");
            html_text(h, date_words(a, src->published));
        }
        html_lit(h, ")");
    }
    html_lit(h, "</dd></div>");
    summary_text(h, "Kind", kind_words(act->kind));
    summary_text(h, "Owner", act->owner);
    summary_text(h, "Directorate", act->directorate);
    summary_text(h, "Theme", act->theme);
    if (act->risk)
        summary_text(h, "Risk", vocab_name(&VOCAB_RISK, act->risk));
    summary_text(h, "Scope", scope_words(act->scope ? act->scope : src->scope));
    summary_text(h, "Issued", date_words(a, action_issued(act)));
    summary_text(h, "Original target date", due_words(a, act->due_original));
    if (act->due) {
        summary_row(h, "Target date");
        html_text(h, due_words(a, act->due));
        if (action_overdue(act, today))
            html_lit(h, " <strong class=\"govuk-tag govuk-tag--red\">Overdue</strong>");
        html_lit(h, "</dd></div>");
    }
    summary_row(h, "Status");
    view_status_tag(h, act->status);
    if (act->status_date != DATE_NONE) {
        html_lit(h, " since ");
        html_text(h, date_words(a, act->status_date));
    }
    html_lit(h, "</dd></div></dl>");
    if (r.keep) {
        html_lit(h, "<a class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\"");
        html_url(h, "href", action_path(a, act->ref, "/edit"));
        html_lit(h, ">Edit this action</a>");
    }

    any_form = (r.update && act->status != ST_CLOSED) ||
               (r.board && act->status != ST_CLOSED) || r.keep;
    if (any_form)
        html_lit(h, "<h2 class=\"govuk-heading-m\">What you can do</h2>");
    if (r.update && act->status != ST_CLOSED) {
        progress_form(&p, 0);
        if (act->status != ST_GREEN)
            progress_form(&p, 1);
    }
    if (r.board && act->status == ST_GREEN)
        signoff_forms(&p, setter);
    if (r.board && act->status != ST_CLOSED)
        close_form(&p);
    if (r.keep && act->status == ST_CLOSED)
        reopen_form(&p);
    if (r.keep && act->status != ST_CLOSED)
        extend_form(&p);
    history(&p, u, nu, d, nd, ev, nev, r.keep);
    html_lit(h, "</div></div>");
    return web_page_end(req, resp);
}

int page_action(struct web_request *req, struct web_response *resp)
{
    int rc;
    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    return action_page(req, resp, 200, web_param(req, "ref"), NULL, NULL, 0);
}

int page_action_evidence(struct web_request *req, struct web_response *resp)
{
    const char *id = web_param(req, "id");
    struct action *act;
    struct source *src;
    struct evidence *ev;
    struct action_rights r;
    struct err e = {0};
    char *end;
    long long seq;
    int rc;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    seq = strtoll(id, &end, 10);
    if (*end || seq <= 0)
        return 404;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    if (store_evidence_get(req->store, act->id, seq, req->arena, &ev, &e))
        return web_fail(req, resp, &e);
    if (strcmp(ev->kind, "file") != 0 || !ev->data)
        return 404;
    evidence_send(resp, ev->filename, ev->content_type, ev->data, (size_t)ev->size);
    return 0;
}

/* ---- adding and editing ----------------------------------------------- */

static const struct field_opt KINDS[] = {
    {"recommendation", "Recommendation"}, {"afi", "Area for improvement"},
    {"cause_of_concern", "Cause of concern"}, {"audit_action", "Audit action"},
    {"reference", "Committee reference"}, {"deliverable", "Deliverable"},
};
static const struct field_opt RISKS[] = {
    {"", "None"}, {"high", "High"}, {"medium", "Medium"}, {"low", "Low"}};
static const struct field_opt SCOPES[] = {
    {"", "As the source"}, {"national", "National"}, {"force", "Force"}, {"regional", "Regional"}};
static const struct field_opt MARKINGS[] = {{"public", "Public"}, {"restricted", "Restricted"}};

int action_edit_page(struct web_request *req, struct web_response *resp, int status,
                     const struct action *act, const struct web_field_error *errs, size_t nerr)
{
    struct arena *a = req->arena;
    struct source **srcs;
    struct field_opt *opts;
    struct err e = {0};
    struct field fl;
    struct html *h;
    size_t ns;
    char ds[DATE_BUFSZ];
    const char *title = act ? arena_printf(a, "Edit %s", act->ref) : "Add an action";

    if (store_sources_list(req->store, a, &srcs, &ns, &e))
        return web_fail(req, resp, &e);
    opts = arena_alloc(a, (ns + 1) * sizeof *opts);
    opts[0] = (struct field_opt){"", "Choose a source"};
    for (size_t i = 0; i < ns; i++)
        opts[i + 1] = (struct field_opt){arena_printf(a, "%lld", (long long)srcs[i]->id),
                                         srcs[i]->title};

    h = web_page_begin(req, resp, status, nerr ? arena_printf(a, "Error: %s", title) : title,
                       NAV_ACTIONS);
    html_lit(h, "<a class=\"govuk-back-link\"");
    html_url(h, "href", act ? action_path(a, act->ref, "") : "/actions");
    html_lit(h, ">Back</a><div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
    web_error_summary(h, errs, nerr);
    html_lit(h, "<h1 class=\"govuk-heading-l\">");
    html_text(h, title);
    html_lit(h, "</h1><form method=\"post\" novalidate=\"novalidate\"");
    html_url(h, "action", act ? action_path(a, act->ref, "") : "/actions");
    html_lit(h, ">");
    web_csrf_field(req, h);
    if (!act) {
        fl = (struct field){"ref", "Reference",
                            "As the report or tracker writes it, for example PEEL22-AFI-3 or "
                            "7/2023/P",
                            field_error(errs, nerr, "ref"), shown(req, "ref", NULL)};
        field_input(h, a, &fl, FW_20);
    }
    fl = (struct field){"source", "Source", "The report, audit, meeting or plan it comes from",
                        field_error(errs, nerr, "source"),
                        shown(req, "source",
                              act ? arena_printf(a, "%lld", (long long)act->source_id) : NULL)};
    field_select(h, a, &fl, opts, ns + 1);
    fl = (struct field){"kind", "Kind", NULL, field_error(errs, nerr, "kind"),
                        shown(req, "kind",
                              act ? vocab_name(&VOCAB_ACTION_KIND, act->kind) : "recommendation")};
    field_select(h, a, &fl, KINDS, sizeof KINDS / sizeof *KINDS);
    fl = (struct field){"text", "Text of the action", NULL, field_error(errs, nerr, "text"),
                        shown(req, "text", act ? act->text : NULL)};
    field_textarea(h, a, &fl, 6);
    fl = (struct field){"owner", "Owner", "As the papers write it, for example PA Director",
                        field_error(errs, nerr, "owner"), shown(req, "owner", act ? act->owner : NULL)};
    field_input(h, a, &fl, FW_TWO_THIRDS);
    fl = (struct field){"directorate", "Directorate", NULL, field_error(errs, nerr, "directorate"),
                        shown(req, "directorate", act ? act->directorate : NULL)};
    field_input(h, a, &fl, FW_TWO_THIRDS);
    fl = (struct field){"theme", "Theme (optional)", NULL, field_error(errs, nerr, "theme"),
                        shown(req, "theme", act ? act->theme : NULL)};
    field_input(h, a, &fl, FW_TWO_THIRDS);
    fl = (struct field){"risk", "Risk", "For audit actions", field_error(errs, nerr, "risk"),
                        shown(req, "risk", act ? vocab_name(&VOCAB_RISK, act->risk) : "")};
    field_select(h, a, &fl, RISKS, sizeof RISKS / sizeof *RISKS);
    fl = (struct field){"scope", "Scope",
                        "Only when the action's scope differs from its source's, such as a "
                        "regional recommendation in a force's report",
                        field_error(errs, nerr, "scope"),
                        shown(req, "scope", act ? vocab_name(&VOCAB_SCOPE, act->scope) : "")};
    field_select(h, a, &fl, SCOPES, sizeof SCOPES / sizeof *SCOPES);
    fl = (struct field){"marking", "Marking",
                        "A restricted action is seen only by people cleared for restricted "
                        "items, and left out of public papers",
                        field_error(errs, nerr, "marking"),
                        shown(req, "marking",
                              act && act->marking == MK_RESTRICTED ? "restricted" : "public")};
    field_radios(h, a, &fl, MARKINGS, 2, 1);
    fl = (struct field){"issued", "Issued",
                        "Leave it blank to use the source's published date. For example, 27 3 "
                        "2024",
                        field_error(errs, nerr, "issued-day"),
                        act && act->issued != DATE_NONE ? date_format(act->issued, ds) : NULL};
    field_date(h, req, &fl);
    if (!act || !act->due) {
        fl = (struct field){"due", "Target date (optional)",
                            "A date, for example 31/03/2025, or words the papers use, such as "
                            "Ongoing or TBC",
                            field_error(errs, nerr, "due"), shown(req, "due", NULL)};
        field_input(h, a, &fl, FW_20);
    } else {
        html_lit(h, "<p class=\"govuk-body\">To change the target date, use Revise the target "
                    "date on the action's page, which keeps the original and the reason.</p>");
    }
    html_lit(h, "<div class=\"govuk-button-group\"><button type=\"submit\" class=\"govuk-button\" "
                "data-module=\"govuk-button\">");
    html_text(h, act ? "Save changes" : "Add the action");
    html_lit(h, "</button><a class=\"govuk-link\"");
    html_url(h, "href", act ? action_path(a, act->ref, "") : "/actions");
    html_lit(h, ">Cancel</a></div></form></div></div>");
    return web_page_end(req, resp);
}

int page_action_new(struct web_request *req, struct web_response *resp)
{
    if (!role_keeper(req->user))
        return 403;
    return action_edit_page(req, resp, 200, NULL, NULL, 0);
}

int page_action_edit(struct web_request *req, struct web_response *resp)
{
    struct action *act;
    struct source *src;
    struct action_rights r;
    int rc;

    if (!role_keeper(req->user))
        return 403;
    if ((rc = action_load(req, resp, web_param(req, "ref"), &act, &src, &r)))
        return rc;
    return action_edit_page(req, resp, 200, act, NULL, 0);
}
