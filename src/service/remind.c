/* remind.c -- building the reminder digests and sending them with libcurl. */
#include "service/remind.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/date.h"
#include "domain/remind.h"
#include "store/users.h"

struct smtp {
    const char *host, *port, *starttls, *from;
};

/* Header values come from the register: a line break would start a header
 * of the sender's choosing, so every control character becomes a space. */
static void header_value(struct buf *b, const char *s)
{
    for (; s && *s; s++)
        buf_addc(b, (unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static int plausible_address(const char *s)
{
    const char *at = s ? strchr(s, '@') : NULL;
    if (!at || at == s || !at[1] || strchr(at + 1, '@'))
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || *s == '<' || *s == '>' || *s == ',' || *s == 0x7f)
            return 0;
    return 1;
}

/* The message head, with CRLF line ends as SMTP wants them. */
static void head(struct buf *b, const struct smtp *m, const char *to, const char *subject)
{
    static const char *const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int64_t now = moment_now() / 1000000;
    int64_t day = now / 86400, sod = now % 86400;
    int y, mo, d;
    date_to_ymd((int32_t)day, &y, &mo, &d);
    buf_adds(b, "From: oversight <");
    header_value(b, m->from);
    buf_adds(b, ">\r\nTo: <");
    header_value(b, to);
    buf_adds(b, ">\r\nSubject: ");
    header_value(b, subject);
    buf_addf(b, "\r\nDate: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[day % 7], d,
             months[mo - 1], y, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
    buf_adds(b, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n");
}

/* Appends body text, turning its line ends into CRLF. */
static void body(struct buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            buf_addc(b, '\r');
        if (*s != '\r')
            buf_addc(b, *s);
    }
}

struct upload {
    const char *p;
    size_t left;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct upload *u = ud;
    size_t n = size * nmemb < u->left ? size * nmemb : u->left;
    memcpy(ptr, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

static int send_mail(const struct smtp *m, const char *to, const struct buf *msg, struct err *e)
{
    CURL *c = curl_easy_init();
    struct curl_slist *rcpt = NULL;
    struct upload up = {msg->p, msg->len};
    char url[512], from[512], rcpt_to[512], why[CURL_ERROR_SIZE] = "";
    CURLcode rc;
    if (!c)
        return err_set(e, ERR_IO, "cannot start the mail client");
    snprintf(url, sizeof url, "smtp://%s:%s", m->host, m->port ? m->port : "25");
    snprintf(from, sizeof from, "<%s>", m->from);
    snprintf(rcpt_to, sizeof rcpt_to, "<%s>", to);
    rcpt = curl_slist_append(rcpt, rcpt_to);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, why);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (m->starttls && strcmp(m->starttls, "yes") == 0)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK)
        return err_set(e, ERR_IO, "sending to %s through %s: %s", to, url,
                       why[0] ? why : curl_easy_strerror(rc));
    return 0;
}

/* Sends (or, in a dry run, prints) one message. */
static int deliver(const struct remind_opts *o, const struct smtp *m, const char *to,
                   const struct buf *msg, struct remind_result *r, struct err *e)
{
    int rc;
    if (o->dry_run) {
        fprintf(o->out, "---- to %s\n", to);
        for (size_t i = 0; i < msg->len; i++)
            if (msg->p[i] != '\r')
                fputc(msg->p[i], o->out);
        fputc('\n', o->out);
        r->sent++;
        return 0;
    }
    if ((rc = send_mail(m, to, msg, e)))
        return rc;
    r->sent++;
    return 0;
}

static const char *upper(enum status s)
{
    static const char *const up[] = {"", "WHITE", "AMBER", "RED", "GREEN", "CLOSED"};
    return up[s];
}

int remind_run(struct store *s, const struct remind_opts *o, struct arena *a,
               struct remind_result *r, struct err *e)
{
    struct smtp m = {0};
    struct timelines tl;
    struct user **users;
    size_t nusers;
    struct remind_plan plan;
    const char *org;
    char until[20];
    struct buf msg;
    int rc;

    memset(r, 0, sizeof *r);
    if ((rc = store_setting_get(s, "smtp_host", a, &m.host, e)) ||
        (rc = store_setting_get(s, "smtp_port", a, &m.port, e)) ||
        (rc = store_setting_get(s, "smtp_starttls", a, &m.starttls, e)) ||
        (rc = store_setting_get(s, "smtp_from", a, &m.from, e)) ||
        (rc = store_setting_get(s, "org", a, &org, e)))
        return rc;
    if (!o->dry_run && (!m.host || !*m.host || !m.from || !*m.from))
        return err_set(e, ERR_INPUT, "no mail server: set smtp_host and smtp_from (and "
                                     "smtp_port, smtp_starttls) with oversight settings set");
    if (!m.from)
        m.from = "oversight@localhost";
    if (!plausible_address(m.from))
        return err_set(e, ERR_INPUT, "smtp_from \"%s\" is not an email address", m.from);
    if ((rc = store_timelines(s, NULL, a, &tl, e)) ||
        (rc = store_users_list(s, a, &users, &nusers, e)))
        return rc;
    remind_compute(&tl, users, nusers, date_today(), o->days, a, &plan);
    date_long(plan.until, until);
    buf_init(&msg, (size_t)16 << 20);

    for (size_t k = 0; k < plan.ndigests; k++) {
        const struct remind_digest *dg = &plan.digests[k];
        if (!plausible_address(dg->user->email)) {
            fprintf(stderr, "oversight remind: %s: \"%s\" is not an email address; skipped\n",
                    dg->user->name, dg->user->email);
            continue;
        }
        buf_reset(&msg);
        head(&msg, &m, dg->user->email,
             arena_printf(a, "oversight: %zu action%s due or overdue%s", dg->n,
                          dg->n == 1 ? "" : "s",
                          dg->overdue ? arena_printf(a, " (%zu overdue)", dg->overdue) : ""));
        body(&msg, arena_printf(a,
                                "These actions in the register%s%s are yours and are overdue "
                                "or due by %s:\n\n",
                                org ? " of " : "", org ? org : "", until));
        for (size_t i = 0; i < dg->n; i++) {
            const struct tl_action *t = &tl.v[dg->actions[i]];
            int32_t due = tl_due_date_at(t, plan.as_of);
            char dl[20];
            body(&msg, arena_printf(a, "%s  due %s  %s%s\n    %s\n\n", t->a->ref,
                                    date_long(due, dl), upper(tl_status_at(t, plan.as_of)),
                                    due < plan.as_of ? "  OVERDUE" : "", t->a->text));
        }
        body(&msg, "Record progress on each action's page, or with: oversight update REF "
                   "--status STATUS --note TEXT\n");
        if ((rc = deliver(o, &m, dg->user->email, &msg, r, e)))
            goto out;
        r->users++;
    }

    r->orphans = plan.norphans;
    if (plan.norphans) {
        for (size_t k = 0; k < nusers; k++) {
            const struct user *u = users[k];
            if (u->disabled || (u->role != ROLE_ADMIN && u->role != ROLE_EDITOR) ||
                !plausible_address(u->email))
                continue;
            buf_reset(&msg);
            head(&msg, &m, u->email,
                 arena_printf(a, "oversight: %zu owner%s no user answers to", plan.norphans,
                              plan.norphans == 1 ? "" : "s"));
            body(&msg, "These owners have outstanding actions in the register, but no user "
                       "answers to them, so nobody is reminded of their actions. Give a user "
                       "the owner name (oversight user add NAME --owner-name TEXT):\n\n");
            for (size_t i = 0; i < plan.norphans; i++)
                body(&msg, arena_printf(a, "  %s\n", plan.orphans[i]));
            if ((rc = deliver(o, &m, u->email, &msg, r, e)))
                goto out;
        }
    }
out:
    buf_release(&msg);
    return rc;
}
