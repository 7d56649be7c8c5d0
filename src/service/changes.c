/* changes.c -- the rules of DESIGN.md §3 for changes made through oversight. */
#include "service/changes.h"

#include <string.h>

#include "base/date.h"

/* Reads the action and its status as of the change's date. */
static int load(struct store *s, const struct change *c, struct arena *a, struct action **act,
                struct update **at, int32_t *date, struct err *e)
{
    char d[DATE_BUFSZ];
    int rc;
    if ((rc = store_action_find(s, c->ref, a, act, e)))
        return rc;
    *date = c->date == DATE_NONE ? date_today() : c->date;
    if (action_issued(*act) != DATE_NONE && *date < action_issued(*act)) {
        char i[DATE_BUFSZ];
        return err_set(e, ERR_INPUT, "%s: %s is before the action was issued (%s)", c->ref,
                       date_format(*date, d), date_format(action_issued(*act), i));
    }
    return store_status_at(s, (*act)->id, *date, a, at, e);
}

static enum status status_of(const struct update *u)
{
    return u ? u->status : ST_WHITE;
}

static int write(struct store *s, const struct action *act, int32_t date, enum status st,
                 const struct change *c, const char *reason, int64_t *seq, struct err *e)
{
    struct update u = {0};
    int rc;
    u.action_id = act->id;
    u.date = date;
    u.status = st;
    u.note = c->note;
    u.by = c->by && *c->by ? c->by : store_actor(s);
    u.reason = reason;
    u.by_ref = c->by_ref;
    if ((rc = store_update_add(s, &u, e)))
        return rc;
    if (seq)
        *seq = u.seq;
    return 0;
}

int change_update(struct store *s, const struct change *c, struct arena *a, int64_t *seq,
                  struct err *e)
{
    struct action *act;
    struct update *at;
    int32_t date;
    int rc;
    if (c->status == ST_CLOSED)
        return err_set(e, ERR_INPUT, "%s: use close to close an action (it needs a reason)",
                       c->ref);
    if (c->status == ST_NONE)
        return err_set(e, ERR_INPUT, "%s: a status is required", c->ref);
    if ((rc = load(s, c, a, &act, &at, &date, e)))
        return rc;
    if (status_of(at) == ST_CLOSED)
        return err_set(e, ERR_DENIED, "%s is closed: reopen it first, with a reason", c->ref);
    return write(s, act, date, c->status, c, NULL, seq, e);
}

int change_close(struct store *s, const struct change *c, struct arena *a, int64_t *seq,
                 struct err *e)
{
    struct action *act, *other;
    struct update *at;
    int32_t date;
    int rc;
    if (c->reason == CR_NONE)
        return err_set(e, ERR_INPUT, "%s: a closure needs a reason", c->ref);
    if ((rc = load(s, c, a, &act, &at, &date, e)))
        return rc;
    if (status_of(at) == ST_CLOSED)
        return err_set(e, ERR_DENIED, "%s is already closed", c->ref);
    if (c->reason == CR_COMPLETED) {
        if (status_of(at) != ST_GREEN)
            return err_set(e, ERR_DENIED,
                           "%s is %s: only a green action (delivery evidenced) can be signed "
                           "off as completed",
                           c->ref, vocab_name(&VOCAB_STATUS, status_of(at)));
        if (strcmp(at->recorded_by, store_actor(s)) == 0)
            return err_set(e, ERR_DENIED,
                           "%s was set green by %s: sign-off must be by someone else", c->ref,
                           at->recorded_by);
    }
    if (c->by_ref && *c->by_ref) {
        if (c->reason != CR_SUPERSEDED)
            return err_set(e, ERR_INPUT, "%s: --by-ref goes with the reason superseded", c->ref);
        if ((rc = store_action_find(s, c->by_ref, a, &other, e)))
            return rc;
        if (other->id == act->id)
            return err_set(e, ERR_INPUT, "%s cannot supersede itself", c->ref);
    }
    return write(s, act, date, ST_CLOSED, c, vocab_name(&VOCAB_CLOSE_REASON, c->reason), seq, e);
}

int change_reopen(struct store *s, const struct change *c, struct arena *a, int64_t *seq,
                  struct err *e)
{
    struct action *act;
    struct update *at;
    int32_t date;
    int rc;
    struct change r = *c;
    if (!c->reason_text || !*c->reason_text)
        return err_set(e, ERR_INPUT, "%s: reopening needs a reason", c->ref);
    if (c->status == ST_CLOSED || c->status == ST_GREEN)
        return err_set(e, ERR_INPUT, "%s: a reopened action is white, amber or red", c->ref);
    if ((rc = load(s, c, a, &act, &at, &date, e)))
        return rc;
    if (status_of(at) != ST_CLOSED)
        return err_set(e, ERR_DENIED, "%s is not closed (it is %s)", c->ref,
                       vocab_name(&VOCAB_STATUS, status_of(at)));
    if (!r.note || !*r.note)
        r.note = c->reason_text;
    return write(s, act, date, c->status ? c->status : ST_AMBER, &r, c->reason_text, seq, e);
}

int change_extend(struct store *s, const struct change *c, struct arena *a, int64_t *seq,
                  struct err *e)
{
    struct action *act;
    struct due_change d = {0};
    int32_t due;
    int rc;
    if (!c->due || date_parse(c->due, strlen(c->due), &due))
        return err_set(e, ERR_INPUT, "%s: the revised target date must be a date", c->ref);
    if (c->date == DATE_NONE)
        return err_set(e, ERR_INPUT, "%s: the date the revision takes effect is required", c->ref);
    if (!c->reason_text || !*c->reason_text || !c->agreed_by || !*c->agreed_by)
        return err_set(e, ERR_INPUT, "%s: a revised target date needs a reason and who agreed it",
                       c->ref);
    if ((rc = store_action_find(s, c->ref, a, &act, e)))
        return rc;
    d.action_id = act->id;
    d.effective = c->date;
    d.due = date_format(due, arena_alloc(a, DATE_BUFSZ));
    d.reason = c->reason_text;
    d.agreed_by = c->agreed_by;
    if ((rc = store_due_add(s, &d, e)))
        return rc;
    if (seq)
        *seq = d.seq;
    return 0;
}

int change_void(struct store *s, int64_t update_seq, const char *reason, struct arena *a,
                struct err *e)
{
    struct update *u;
    int rc;
    if (!reason || !*reason)
        return err_set(e, ERR_INPUT, "voiding an update needs a reason");
    if ((rc = store_update_get(s, update_seq, a, &u, e)))
        return rc;
    if (u->is_void)
        return err_set(e, ERR_CONFLICT, "update %lld is already void (%s)", (long long)update_seq,
                       u->void_reason);
    return store_update_void(s, update_seq, reason, e);
}
