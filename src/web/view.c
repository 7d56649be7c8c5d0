/* view.c -- the register's values on its pages: dates, moments, statuses,
 * addresses, restricted text, GOV.UK form fields. */
#include "web/view.h"

#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "domain/user.h"

int view_cleared(const struct web_request *req)
{
    return req->user && req->user->clearance == MK_RESTRICTED;
}

int view_source_restricted(const struct source *s)
{
    return s && s->marking == MK_RESTRICTED;
}

void view_date(struct html *h, int32_t d)
{
    char b[32];
    if (d != DATE_NONE)
        html_text(h, date_long(d, b));
}

/* The last Sunday of month m of year y. Sunday is day 3 of the week the
 * epoch began (1970-01-01 was a Thursday). */
static int32_t last_sunday(int y, int m)
{
    int32_t last = date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
    int wd = (int)(((last + 4) % 7 + 7) % 7); /* 0: Sunday */
    return last - wd;
}

/* Whether British Summer Time is in force at moment us: from 01:00 UTC on
 * the last Sunday of March to 01:00 UTC on the last Sunday of October (the
 * rule since 1996; earlier moments are not in any register). */
static int bst_at(int64_t us)
{
    int64_t day = us >= 0 ? us / 86400000000LL : (us - 86399999999LL) / 86400000000LL;
    int y, m, d;
    int64_t start, end;
    date_to_ymd((int32_t)day, &y, &m, &d);
    start = ((int64_t)last_sunday(y, 3) * 86400 + 3600) * 1000000;
    end = ((int64_t)last_sunday(y, 10) * 86400 + 3600) * 1000000;
    return us >= start && us < end;
}

int64_t view_london_midnight(int32_t d)
{
    int64_t utc = (int64_t)d * 86400 * 1000000;
    /* Midnight in London is an hour before midnight UTC in summer; whether
     * it is summer then is decided an hour earlier, which is the same
     * answer on every day but the two changes, when midnight is GMT. */
    return bst_at(utc - 3600LL * 1000000) ? utc - 3600LL * 1000000 : utc;
}

void view_moment(struct html *h, const char *moment)
{
    int64_t us;
    int32_t day;
    long secs;
    char b[64], db[32];

    if (!moment)
        return;
    if (moment_parse(moment, strlen(moment), &us)) {
        html_text(h, moment);
        return;
    }
    if (bst_at(us))
        us += 3600LL * 1000000;
    day = (int32_t)(us >= 0 ? us / 86400000000LL : (us - 86399999999LL) / 86400000000LL);
    secs = (long)((us - (int64_t)day * 86400000000LL) / 1000000);
    snprintf(b, sizeof b, "%s, %02ld:%02ld", date_long(day, db), secs / 3600, secs / 60 % 60);
    html_text(h, b);
}

static const char *const STATUS_WORDS[ST__COUNT] = {
    [ST_NONE] = "", [ST_WHITE] = "White", [ST_AMBER] = "Amber",
    [ST_RED] = "Red", [ST_GREEN] = "Green", [ST_CLOSED] = "Closed",
};

const char *view_status_word(enum status s)
{
    return s > ST_NONE && s < ST__COUNT ? STATUS_WORDS[s] : "";
}

void view_status_tag(struct html *h, enum status s)
{
    switch (s) {
    case ST_RED: html_lit(h, "<strong class=\"govuk-tag govuk-tag--red\">Red</strong>"); break;
    case ST_AMBER:
        html_lit(h, "<strong class=\"govuk-tag govuk-tag--orange\">Amber</strong>");
        break;
    case ST_GREEN:
        html_lit(h, "<strong class=\"govuk-tag govuk-tag--green\">Green</strong>");
        break;
    case ST_WHITE:
        html_lit(h, "<strong class=\"govuk-tag govuk-tag--grey\">White</strong>");
        break;
    case ST_CLOSED: html_lit(h, "<strong class=\"govuk-tag\">Closed</strong>"); break;
    default: break;
    }
}

const char *view_urlenc(struct arena *a, const char *s)
{
    struct buf b;
    const char *r;
    buf_init(&b, (size_t)1 << 20);
    html_urlenc(&b, s ? s : "");
    r = arena_strdup(a, buf_str(&b));
    buf_release(&b);
    return r;
}

const char *view_action_href(struct arena *a, const char *ref)
{
    return arena_printf(a, "/actions/%s", view_urlenc(a, ref));
}

const char *view_source_href(struct arena *a, const struct source *s, int cleared)
{
    const char *t = s->title ? s->title : "";
    if ((view_source_restricted(s) && !cleared) || !*t || strspn(t, "0123456789") == strlen(t) ||
        strcmp(t, "new") == 0)
        return arena_printf(a, "/sources/%lld", (long long)s->id);
    return arena_printf(a, "/sources/%s", view_urlenc(a, t));
}

const char *view_trim(struct arena *a, const char *s)
{
    size_t n;
    if (!s)
        return NULL;
    s += strspn(s, " \t\r\n");
    n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

const char *view_error_for(const struct web_field_error *errs, size_t n, const char *field)
{
    for (size_t i = 0; i < n; i++)
        if (errs[i].field && strcmp(errs[i].field, field) == 0)
            return errs[i].message;
    return NULL;
}

/* The id of a field's hint or error, for aria-describedby. */
static void describedby(struct html *h, const char *id, int hint, int error)
{
    char b[160] = "";
    if (hint)
        snprintf(b, sizeof b, "%s-hint", id);
    if (error)
        snprintf(b + strlen(b), sizeof b - strlen(b), "%s%s-error", hint ? " " : "", id);
    if (*b)
        html_attr(h, "aria-describedby", b);
}

static void hint_and_error(struct html *h, const char *id, const char *hint, const char *error)
{
    char b[128];
    if (hint) {
        snprintf(b, sizeof b, "%s-hint", id);
        html_lit(h, "<div class=\"govuk-hint\"");
        html_attr(h, "id", b);
        html_lit(h, ">");
        html_text(h, hint);
        html_lit(h, "</div>");
    }
    if (error) {
        snprintf(b, sizeof b, "%s-error", id);
        html_lit(h, "<p class=\"govuk-error-message\"");
        html_attr(h, "id", b);
        html_lit(h, "><span class=\"govuk-visually-hidden\">Error:</span> ");
        html_text(h, error);
        html_lit(h, "</p>");
    }
}

void view_input(struct html *h, const struct view_input *in)
{
    char cls[128];
    html_lit(h, "<div class=\"govuk-form-group");
    if (in->error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\"><label class=\"govuk-label\"");
    html_attr(h, "for", in->id);
    html_lit(h, ">");
    html_text(h, in->label);
    html_lit(h, "</label>");
    hint_and_error(h, in->id, in->hint, in->error);
    snprintf(cls, sizeof cls, "govuk-input%s%s%s", in->width ? " " : "",
             in->width ? in->width : "", in->error ? " govuk-input--error" : "");
    html_lit(h, "<input");
    html_attr(h, "class", cls);
    html_attr(h, "id", in->id);
    html_attr(h, "name", in->id);
    html_attr(h, "type", in->type ? in->type : "text");
    if (in->autocomplete)
        html_attr(h, "autocomplete", in->autocomplete);
    if (in->spellcheck_off)
        html_lit(h, " spellcheck=\"false\"");
    if (in->value && (!in->type || strcmp(in->type, "password") != 0))
        html_attr(h, "value", in->value);
    describedby(h, in->id, in->hint != NULL, in->error != NULL);
    html_lit(h, "/></div>");
}

int view_choice_ok(const struct view_choice *c, const char *v)
{
    for (size_t i = 0; v && i < c->n; i++)
        if (strcmp(c->values[i], v) == 0)
            return 1;
    return 0;
}

void view_radios(struct html *h, const struct view_choice *c)
{
    char b[160];
    html_lit(h, "<div class=\"govuk-form-group");
    if (c->error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\"><fieldset class=\"govuk-fieldset\"");
    describedby(h, c->id, c->hint != NULL, c->error != NULL);
    html_lit(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">");
    html_text(h, c->legend);
    html_lit(h, "</legend>");
    hint_and_error(h, c->id, c->hint, c->error);
    html_lit(h, "<div class=\"govuk-radios");
    if (c->inline_radios)
        html_lit(h, " govuk-radios--inline");
    html_lit(h, "\" data-module=\"govuk-radios\">");
    for (size_t i = 0; i < c->n; i++) {
        /* The first radio carries the group's id, so that the error
         * summary's link lands on it. */
        if (i == 0)
            snprintf(b, sizeof b, "%s", c->id);
        else
            snprintf(b, sizeof b, "%s-%zu", c->id, i + 1);
        html_lit(h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\"");
        html_attr(h, "id", b);
        html_attr(h, "name", c->id);
        html_lit(h, " type=\"radio\"");
        html_attr(h, "value", c->values[i]);
        if (c->value && strcmp(c->value, c->values[i]) == 0)
            html_lit(h, " checked=\"checked\"");
        html_lit(h, "/><label class=\"govuk-label govuk-radios__label\"");
        html_attr(h, "for", b);
        html_lit(h, ">");
        html_text(h, c->labels ? c->labels[i] : c->values[i]);
        html_lit(h, "</label></div>");
    }
    html_lit(h, "</div></fieldset></div>");
}

void view_select(struct html *h, const struct view_choice *c)
{
    html_lit(h, "<div class=\"govuk-form-group");
    if (c->error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\"><label class=\"govuk-label\"");
    html_attr(h, "for", c->id);
    html_lit(h, ">");
    html_text(h, c->legend);
    html_lit(h, "</label>");
    hint_and_error(h, c->id, c->hint, c->error);
    html_lit(h, "<select class=\"govuk-select");
    if (c->error)
        html_lit(h, " govuk-select--error");
    html_lit(h, "\"");
    html_attr(h, "id", c->id);
    html_attr(h, "name", c->id);
    describedby(h, c->id, c->hint != NULL, c->error != NULL);
    html_lit(h, ">");
    for (size_t i = 0; i < c->n; i++) {
        html_lit(h, "<option");
        html_attr(h, "value", c->values[i]);
        if (c->value && strcmp(c->value, c->values[i]) == 0)
            html_lit(h, " selected=\"selected\"");
        html_lit(h, ">");
        html_text(h, c->labels ? c->labels[i] : c->values[i]);
        html_lit(h, "</option>");
    }
    html_lit(h, "</select></div>");
}

void view_scroll_begin(struct html *h, const char *label)
{
    html_lit(h, "<div class=\"app-table-scroll\" role=\"region\" tabindex=\"0\"");
    html_attr(h, "aria-label", label);
    html_lit(h, ">");
}

void view_scroll_end(struct html *h)
{
    html_lit(h, "</div>");
}
