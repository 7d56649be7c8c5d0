/* model.c -- the vocabularies of the register and their parsers, and the
 * rule for an overdue action. */
#include "domain/model.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"

static const char *const status_names[] = {"", "white", "amber", "red", "green", "closed"};
static const struct vocab_alias status_aliases[] = {
    {"w", ST_WHITE},       {"not started", ST_WHITE}, {"a", ST_AMBER},
    {"in progress", ST_AMBER}, {"r", ST_RED},          {"g", ST_GREEN},
    {"complete", ST_GREEN},    {"completed", ST_GREEN}, {"done", ST_GREEN},
    {"signed off", ST_CLOSED}, {NULL, 0}};
const struct vocab VOCAB_STATUS = {"status", status_names, ST__COUNT, status_aliases};

static const char *const akind_names[] = {"",          "recommendation", "afi",
                                          "cause_of_concern", "audit_action", "reference",
                                          "deliverable"};
static const struct vocab_alias akind_aliases[] = {
    {"area for improvement", AK_AFI}, {"area for further improvement", AK_AFI},
    {"cause for concern", AK_CAUSE_OF_CONCERN}, {"coc", AK_CAUSE_OF_CONCERN},
    {"audit", AK_AUDIT_ACTION}, {NULL, 0}};
const struct vocab VOCAB_ACTION_KIND = {"kind", akind_names, AK__COUNT, akind_aliases};

static const char *const skind_names[] = {"", "inspection", "joint_inspection", "audit",
                                          "review", "meeting", "plan"};
static const struct vocab_alias skind_aliases[] = {{"joint", SK_JOINT_INSPECTION}, {NULL, 0}};
const struct vocab VOCAB_SOURCE_KIND = {"source kind", skind_names, SK__COUNT, skind_aliases};

static const char *const scope_names[] = {"", "national", "force", "regional"};
static const struct vocab_alias scope_aliases[] = {{"local", SC_FORCE}, {NULL, 0}};
const struct vocab VOCAB_SCOPE = {"scope", scope_names, SC__COUNT, scope_aliases};

static const char *const marking_names[] = {"", "public", "restricted"};
static const struct vocab_alias marking_aliases[] = {{"non-restricted", MK_PUBLIC},
                                                     {"official", MK_PUBLIC},
                                                     {"non-public", MK_RESTRICTED},
                                                     {NULL, 0}};
const struct vocab VOCAB_MARKING = {"marking", marking_names, MK__COUNT, marking_aliases};

static const char *const assurance_names[] = {"", "substantial", "reasonable", "limited", "no"};
static const struct vocab_alias assurance_aliases[] = {{"none", AS_NO},
                                                       {"no assurance", AS_NO},
                                                       {"limited assurance", AS_LIMITED},
                                                       {NULL, 0}};
const struct vocab VOCAB_ASSURANCE = {"assurance", assurance_names, AS__COUNT,
                                      assurance_aliases};

static const char *const risk_names[] = {"", "high", "medium", "low"};
static const struct vocab_alias risk_aliases[] = {
    {"h", RK_HIGH}, {"m", RK_MEDIUM}, {"l", RK_LOW}, {"med", RK_MEDIUM}, {NULL, 0}};
const struct vocab VOCAB_RISK = {"risk", risk_names, RK__COUNT, risk_aliases};

static const char *const reason_names[] = {"",           "completed",      "superseded",
                                           "written_off", "not_applicable", "closed_by_issuer"};
static const struct vocab_alias reason_aliases[] = {{"complete", CR_COMPLETED},
                                                    {"n/a", CR_NOT_APPLICABLE},
                                                    {NULL, 0}};
const struct vocab VOCAB_CLOSE_REASON = {"reason", reason_names, CR__COUNT, reason_aliases};

/* Lower-cases s into out with spaces, '-' and '_' folded to one space and
 * the ends trimmed. Returns the length, or -1 if it does not fit. */
static int fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0, j = 0;
    int pending_space = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '\t') {
            pending_space = j > 0;
            continue;
        }
        if (pending_space) {
            if (j + 1 >= cap)
                return -1;
            out[j++] = ' ';
            pending_space = 0;
        }
        if (j + 1 >= cap)
            return -1;
        out[j++] = (char)tolower(c);
    }
    out[j] = '\0';
    return (int)j;
}

/* Compares a folded word with a vocabulary word as fold would write it:
 * canonical names use '_' where the folded form has ' '. */
static int same_word(const char *folded, const char *word)
{
    for (; *folded && *word; folded++, word++) {
        char c = *word == '_' || *word == '-' ? ' ' : *word;
        if (*folded != c)
            return 0;
    }
    return *folded == *word;
}

int vocab_parse(const struct vocab *v, const char *s, size_t n)
{
    char w[64];
    int len = fold(s, n, w, sizeof w);
    if (len == 0)
        return 0;
    if (len < 0)
        return -1;
    /* Names and aliases are written lower case, single-spaced. */
    for (int i = 1; i < v->count; i++)
        if (same_word(w, v->names[i]))
            return i;
    for (const struct vocab_alias *a = v->aliases; a && a->word; a++)
        if (same_word(w, a->word))
            return a->value;
    return -1;
}

const char *vocab_name(const struct vocab *v, int value)
{
    return value > 0 && value < v->count ? v->names[value] : "";
}

const char *vocab_list(const struct vocab *v, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 1; i < v->count && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i > 1 ? ", " : "", v->names[i]);
    return buf;
}

int action_overdue(const struct action *a, int32_t date)
{
    int32_t due;
    if (!a->due || a->status == ST_GREEN || a->status == ST_CLOSED)
        return 0;
    return date_parse(a->due, strlen(a->due), &due) == 0 && due < date;
}
