/* extract.c -- the items of a published report, from its text lines: running
 * headers and footers, paragraphs and dehyphenation, headings, labels,
 * lists, tables, deadlines, addressees, and the de-duplication index.
 * Pure functions, no I/O.
 *
 * Three passes, each linear: lines are cleaned and the repeated ones at the
 * top and bottom of pages dropped; lines are joined into blocks (paragraphs,
 * list entries, table rows); the blocks are read in order by a small state
 * machine that knows the heading, list or table an item would sit in. */
#include "domain/extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/xalloc.h"

/* ---- characters ------------------------------------------------------------ */

static int lc(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_lower(int c)
{
    return c >= 'a' && c <= 'z';
}

static int is_alpha(int c)
{
    return is_upper(c) || is_lower(c);
}

/* Bytes of white space at s: ASCII blanks (not the tab, which separates
 * cells), no-break and other Unicode spaces. 0 if none. */
static size_t space_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (!n)
        return 0;
    if (u[0] == ' ' || u[0] == '\r' || u[0] == '\f' || u[0] == '\v')
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && ((u[2] >= 0x80 && u[2] <= 0x8B) || u[2] == 0xAF))
        return 3;
    if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
    size_t k;
    while (i < n && (s[i] == '\t' || (k = space_at(s + i, n - i)) > 0))
        i += s[i] == '\t' ? 1 : k;
    return i;
}

/* Length of s[0..n) without trailing white space (tabs included). */
static size_t rtrim(const char *s, size_t n)
{
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\f' ||
                  s[n - 1] == '\v'))
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
                 ((unsigned char)s[n - 1] == 0x8B || (unsigned char)s[n - 1] == 0xAF))
            n -= 3;
        else
            return n;
    }
}

/* Whether a UTF-8 sequence starting with byte c (>= 0x80) is punctuation or a
 * symbol rather than a letter: general punctuation (dashes, quotes, bullets),
 * Latin-1 symbols, geometric shapes, dingbats, symbol-font bullets. */
static int utf8_punct(const unsigned char *u, size_t n)
{
    if (u[0] == 0xC2)
        return 1;
    if (u[0] == 0xE2 && n >= 2 && (u[1] == 0x80 || u[1] == 0x81 || u[1] == 0x96 || u[1] == 0x97 ||
                                   u[1] == 0x9C || u[1] == 0x9D || u[1] == 0x9E || u[1] == 0x86))
        return 1;
    if (u[0] == 0xEF && n >= 2 && (u[1] == 0x82 || u[1] == 0x83 || u[1] == 0x80))
        return 1;
    return 0;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Characters (code points) in s[0..n). */
static int width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* s[0..n) folded for matching words and phrases: ASCII letters lower-cased,
 * digits and other letters kept, every run of anything else (spaces,
 * punctuation, quotes, dashes) one space, and a space at each end, so that
 * strstr(f, " word ") finds whole words. Written into b (reset first). */
static const char *fold(const char *s, size_t n, struct buf *b)
{
    size_t o = 0;
    int gap = 1;
    char *p;

    /* the folded text is never longer than the text and two spaces: make
     * room once, then write in place */
    buf_reset(b);
    buf_add(b, s, n);
    buf_add(b, "  ", 2);
    p = b->p;
    p[o++] = ' ';
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = utf8_len(c);
        if (k > n - i)
            k = n - i;
        int punct = c < 0x80 ? !(is_alpha(c) || is_digit(c))
                             : utf8_punct((const unsigned char *)s + i, n - i);
        if (punct) {
            if (!gap)
                p[o++] = ' ';
            gap = 1;
        } else if (c < 0x80) {
            p[o++] = (char)lc(c);
            gap = 0;
        } else {
            memcpy(p + o, s + i, k);
            o += k;
            gap = 0;
        }
        i += k;
    }
    if (!gap)
        p[o++] = ' ';
    p[o] = '\0';
    b->len = o;
    return p;
}

static int has(const char *f, const char *phrase)
{
    return strstr(f, phrase) != NULL;
}

static int starts(const char *f, const char *phrase)
{
    return strncmp(f, phrase, strlen(phrase)) == 0;
}

static int has_any(const char *f, const char *const *phrases)
{
    for (; *phrases; phrases++)
        if (has(f, *phrases))
            return 1;
    return 0;
}

static int starts_any(const char *f, const char *const *phrases)
{
    for (; *phrases; phrases++)
        if (starts(f, *phrases))
            return 1;
    return 0;
}

/* Case-insensitive match of the ASCII word or phrase w at s[i..n), a space
 * in w matching any run of white space; the match must end at a word
 * boundary. Returns the length matched, or 0. */
static size_t word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t j = i;
    for (; *w; w++) {
        if (*w == ' ') {
            size_t k = skip_space(s, n, j);
            if (k == j)
                return 0;
            j = k;
            continue;
        }
        if (j >= n || lc((unsigned char)s[j]) != *w)
            return 0;
        j++;
    }
    if (j < n && (is_alpha((unsigned char)s[j]) || is_digit((unsigned char)s[j])))
        return 0;
    return j - i;
}

/* ---- vocabulary -------------------------------------------------------------- */

/* A committee paper's own recommendation to its members, or its minutes:
 * never an item of a report. */
static const char *const COMMITTEE_START[] = {
    " members ", " member ", " that members ", " it is recommended that members ",
    " it is recommended that the committee ", " it is recommended that the board ",
    " the committee ", " the board is ", " the board are ", " the panel ", " resolved ",
    " agreed ", " noted ", " received ", " that the report be ", " that the committee ",
    " the audit panel ", " the audit committee ", " the police authority board ", NULL};
static const char *const COMMITTEE_ANY[] = {
    " recommended to note ", " asked to note ", " invited to note ", " to note the report ",
    " to note this report ", " members are asked ", " members note ", " members are invited ",
    " members to note ",
    " note the report ", " note this report ", " note the contents ", " note its contents ",
    " receive this report ", " receive the report ", " is asked to note ", " are asked to note ",
    " be noted ", NULL};
/* Minutes and reported speech. */
static const char *const MINUTES_ANY[] = {
    " asked whether ", " asked if ", " asked that ", " asked how ", " asked what ",
    " confirmed that ", " responded that ", " explained that ", " advised that ", " reported that ",
    " it was noted ", " it was agreed ", " a member ", " the chair ", " the chairman ",
    " in response to ", " queried ", " undertook to ", NULL};
/* Earlier findings restated. */
static const char *const PAST_ANY[] = {
    " we recommended ", " it was recommended ", " was recommended ", " were recommended ",
    " previously recommended ", " in our previous ", " our last inspection ",
    " previous inspection ", " the last inspection ", " has been implemented ",
    " have been implemented ", " had been implemented ", " have been closed ", " has been closed ",
    " was made ", " were made ", " have been met ", " has been met ", NULL};
static const char *const ACTION_ANY[] = {
    " should ", " must ", " need to ", " needs to ", " ought to ", " is to ", " are to ",
    " recommend ", " recommends ", " to ensure ", " to make sure ", NULL};
static const char *const IMPERATIVES[] = {
    " ensure ", " review ", " develop ", " improve ", " introduce ", " establish ", " implement ",
    " make ", " consider ", " provide ", " put ", " update ", " create ", " publish ", " set ",
    " work ", " identify ", " undertake ", " assess ", " evaluate ", " produce ", " strengthen ",
    " adopt ", " agree ", " carry ", " collaborate ", " embed ", " train ", " increase ",
    " reduce ", " monitor ", " record ", " confirm ", NULL};

static int committee(const char *f)
{
    return starts_any(f, COMMITTEE_START) || has_any(f, COMMITTEE_ANY);
}

/* Whether f (folded) asks for something to be done. */
static int action_like(const char *f)
{
    int words = 0;
    if (has_any(f, ACTION_ANY) || starts(f, " that ") || starts_any(f, IMPERATIVES))
        return 1;
    /* "Force to review ...", "FCIR to develop ...": a short subject, then to. */
    for (const char *p = f + 1; *p && words < 8; p++)
        if (*p == ' ') {
            words++;
            if (strncmp(p, " to ", 4) == 0 && words >= 1)
                return 1;
        }
    return 0;
}

/* Kinds as words, folded; singular first in each pair. */
static const struct kindword {
    const char *one, *many;
    enum action_kind kind;
} KINDWORDS[] = {
    {" recommendation ", " recommendations ", AK_RECOMMENDATION},
    {" area for improvement ", " areas for improvement ", AK_AFI},
    {" area for further improvement ", " areas for further improvement ", AK_AFI},
    {" afi ", " afis ", AK_AFI},
    {" cause of concern ", " causes of concern ", AK_CAUSE_OF_CONCERN},
    {" cause for concern ", " causes for concern ", AK_CAUSE_OF_CONCERN},
};
#define NKINDWORDS (sizeof KINDWORDS / sizeof KINDWORDS[0])

static const char *const QUANTITIES[] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "several", "many", "some", "no", "any", "all", "these", "those", "both",
    "each", "further", "remaining", "outstanding", NULL};

/* The word ending just before position p of f (folded), into w. */
static int word_before(const char *f, const char *p, char *w, size_t wn)
{
    const char *e = p, *s;
    while (e > f && e[-1] == ' ')
        e--;
    s = e;
    while (s > f && s[-1] != ' ')
        s--;
    if (s == e || (size_t)(e - s) >= wn)
        return 0;
    memcpy(w, s, (size_t)(e - s));
    w[e - s] = '\0';
    return 1;
}

static int quantity(const char *w)
{
    if (is_digit((unsigned char)w[0]))
        return 1;
    for (const char *const *q = QUANTITIES; *q; q++)
        if (strcmp(w, *q) == 0)
            return 1;
    return 0;
}

/* Whether f counts or refers to items in prose: "made 6 recommendations",
 * "ten areas for improvement", "4 of which", "one regional recommendation". */
static int prose_count(const char *f)
{
    for (size_t k = 0; k < NKINDWORDS; k++)
        for (int many = 0; many < 2; many++) {
            const char *phrase = many ? KINDWORDS[k].many : KINDWORDS[k].one;
            for (const char *p = strstr(f, phrase); p; p = strstr(p + 1, phrase)) {
                char w[32];
                const char *q = p;
                /* up to two words back: "6 recommendations", "two local areas" */
                for (int back = 0; back < 3 && q > f; back++) {
                    if (!word_before(f, q + 1, w, sizeof w))
                        break;
                    if (quantity(w))
                        return 1;
                    q -= strlen(w) + 1;
                }
            }
        }
    return 0;
}

/* A kind named in an introduction (folded, its last sentence): 1 for one
 * item ("has one area for improvement which covers:"), 2 for several ("made
 * the following recommendations:", "our recommendations are:"). */
static int intro_kind(const char *f, enum action_kind *kind)
{
    static const char *const MANY_BEFORE[] = {"following", "these", "our", "its", "their",
                                              "further", "new", "main", "key", NULL};
    static const char *const MANY_AFTER[] = {" ", " are ", " were ", " is ", " as follows ",
                                             " below ", " are as follows ", " made ",
                                             " made are ", NULL};
    for (size_t k = 0; k < NKINDWORDS; k++) {
        const char *p = strstr(f, KINDWORDS[k].many);
        for (; p; p = strstr(p + 1, KINDWORDS[k].many)) {
            const char *after = p + strlen(KINDWORDS[k].many) - 1;
            char w[32];
            const char *q = p;
            int ok = 0;
            for (const char *const *a = MANY_AFTER; *a && !ok; a++)
                ok = strcmp(after, *a) == 0;
            for (int back = 0; back < 3 && q > f && !ok; back++) {
                if (!word_before(f, q + 1, w, sizeof w))
                    break;
                for (const char *const *m = MANY_BEFORE; *m && !ok; m++)
                    ok = strcmp(w, *m) == 0;
                ok = ok || (quantity(w) && strcmp(w, "no") && strcmp(w, "any"));
                q -= strlen(w) + 1;
            }
            if (ok) {
                *kind = KINDWORDS[k].kind;
                return 2;
            }
        }
    }
    for (size_t k = 0; k < NKINDWORDS; k++) {
        const char *p = strstr(f, KINDWORDS[k].one);
        if (p) {
            char w[32];
            const char *q = p;
            for (int back = 0; back < 3 && q > f; back++) {
                if (!word_before(f, q + 1, w, sizeof w))
                    break;
                if (!strcmp(w, "one") || !strcmp(w, "a") || !strcmp(w, "an") ||
                    !strcmp(w, "single") || !strcmp(w, "following")) {
                    *kind = KINDWORDS[k].kind;
                    return 1;
                }
                q -= strlen(w) + 1;
            }
        }
    }
    return 0;
}

/* Where the last sentence of s[0..n) starts. */
static size_t last_sentence(const char *s, size_t n)
{
    for (size_t i = n; i > 1; i--)
        if ((s[i - 1] == ' ') && strchr(".!?", s[i - 2]) && i < n && is_upper((unsigned char)s[i]))
            return i;
    return 0;
}

/* A heading naming a kind of several items ("Recommendations", "Areas for
 * improvement", "5. Causes of concern", "Appendix 2 - Recommendations"). */
static enum action_kind kind_heading(const char *f)
{
    static const struct {
        const char *h;
        enum action_kind kind;
        int prefix; /* "recommendations for chief constables" */
    } H[] = {
        {"recommendations", AK_RECOMMENDATION, 0}, {"recommendation s", AK_RECOMMENDATION, 0},
        {"our recommendations", AK_RECOMMENDATION, 0},
        {"summary of recommendations", AK_RECOMMENDATION, 0},
        {"list of recommendations", AK_RECOMMENDATION, 0},
        {"national recommendations", AK_RECOMMENDATION, 0},
        {"force recommendations", AK_RECOMMENDATION, 0},
        {"regional recommendations", AK_RECOMMENDATION, 0},
        {"new recommendations", AK_RECOMMENDATION, 0},
        {"recommendations for ", AK_RECOMMENDATION, 1},
        {"recommendations to ", AK_RECOMMENDATION, 1},
        {"areas for improvement", AK_AFI, 0}, {"area s for improvement", AK_AFI, 0},
        {"areas for further improvement", AK_AFI, 0}, {"areas for improvement afis", AK_AFI, 0},
        {"areas for improvement afi", AK_AFI, 0}, {"afis", AK_AFI, 0},
        {"our areas for improvement", AK_AFI, 0}, {"summary of areas for improvement", AK_AFI, 0},
        {"causes of concern", AK_CAUSE_OF_CONCERN, 0},
        {"causes for concern", AK_CAUSE_OF_CONCERN, 0},
        {"cause s of concern", AK_CAUSE_OF_CONCERN, 0},
        {"our causes of concern", AK_CAUSE_OF_CONCERN, 0},
        {"summary of causes of concern", AK_CAUSE_OF_CONCERN, 0},
    };
    static const char *const LEAD[] = {"appendix", "annex", "annexe", "chapter", "section", "part",
                                       "schedule", NULL};
    const char *p = f + 1;
    size_t n;

    /* Numbering and the words that carry it: "5 2", "appendix 2", "annex a". */
    for (;;) {
        const char *e = strchr(p, ' ');
        size_t wl;
        int skip = 0;
        if (!e)
            break;
        wl = (size_t)(e - p);
        if (wl && (is_digit((unsigned char)p[0]) || wl == 1))
            skip = 1;
        for (const char *const *l = LEAD; *l && !skip; l++)
            if (strlen(*l) == wl && memcmp(p, *l, wl) == 0)
                skip = 1;
        if (wl <= 4 && strspn(p, "ivxl") == wl && e[1])
            skip = 1;
        if (!skip)
            break;
        p = e + 1;
    }
    n = strlen(p);
    if (n && p[n - 1] == ' ')
        n--;
    for (size_t k = 0; k < sizeof H / sizeof H[0]; k++) {
        size_t hl = strlen(H[k].h);
        if (H[k].prefix ? (n > hl && memcmp(p, H[k].h, hl) == 0)
                        : (n == hl && memcmp(p, H[k].h, hl) == 0))
            return H[k].kind;
    }
    return AK_NONE;
}

/* ---- labels -------------------------------------------------------------- */

struct label {
    enum action_kind kind;
    enum scope scope;
    size_t num, numlen;   /* the number, as offsets into the text */
    size_t rest;          /* where the item's text starts; == n when only a label */
};

/* Dash bytes at s: '-' (1) or an en or em dash (3); 0 if none. */
static size_t dash_at(const char *s, size_t n)
{
    if (n >= 1 && s[0] == '-')
        return 1;
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94))
        return 3;
    return 0;
}

/* A label at the start of s[0..n): "Recommendation 3:", "Area for
 * improvement:", "RECOMMENDATION 1 -", "Regional Recommendation:", or a label
 * alone on its line. Returns 1 and fills *L, else 0. */
static int label_parse(const char *s, size_t n, struct label *L)
{
    static const struct {
        const char *w;
        enum scope scope;
    } QUAL[] = {{"regional", SC_REGIONAL}, {"national", SC_NATIONAL}, {"force", SC_FORCE},
                {"local", SC_FORCE}};
    static const struct {
        const char *w;
        enum action_kind kind;
    } KW[] = {{"recommendation", AK_RECOMMENDATION}, {"area for further improvement", AK_AFI},
              {"area for improvement", AK_AFI}, {"afi", AK_AFI},
              {"cause of concern", AK_CAUSE_OF_CONCERN},
              {"cause for concern", AK_CAUSE_OF_CONCERN}};
    size_t i = 0, m = 0, sep;
    int have_num = 0;

    memset(L, 0, sizeof *L);
    for (size_t q = 0; q < sizeof QUAL / sizeof QUAL[0]; q++)
        if ((m = word_at(s, n, 0, QUAL[q].w)) > 0) {
            i = skip_space(s, n, m);
            L->scope = QUAL[q].scope;
            break;
        }
    for (size_t k = 0; k < sizeof KW / sizeof KW[0] && !L->kind; k++)
        if ((m = word_at(s, n, i, KW[k].w)) > 0) {
            L->kind = KW[k].kind;
            i += m;
        }
    if (!L->kind)
        return 0;
    i = skip_space(s, n, i);
    /* The number: "3", "2.1", "1a", "R3", "(3)", "no. 3", "#3". */
    if (i < n && s[i] == '#')
        i++;
    else if ((m = word_at(s, n, i, "no")) > 0 && i + m < n && s[i + m] == '.')
        i = skip_space(s, n, i + m + 1);
    else if ((m = word_at(s, n, i, "number")) > 0)
        i = skip_space(s, n, i + m);
    {
        size_t j = i, paren = 0;
        if (j < n && s[j] == '(')
            paren = 1, j++;
        if (j + 1 < n && is_alpha((unsigned char)s[j]) && is_digit((unsigned char)s[j + 1]))
            j++;
        if (j < n && is_digit((unsigned char)s[j])) {
            size_t start = paren ? i + 1 : i;
            while (j < n && is_digit((unsigned char)s[j]))
                j++;
            while (j + 1 < n && (s[j] == '.' || s[j] == '-') && is_digit((unsigned char)s[j + 1])) {
                j++;
                while (j < n && is_digit((unsigned char)s[j]))
                    j++;
            }
            if (j < n && is_lower((unsigned char)s[j]) &&
                (j + 1 == n || !is_alpha((unsigned char)s[j + 1])))
                j++;
            L->num = start;
            L->numlen = j - start;
            if (paren) {
                if (j < n && s[j] == ')')
                    j++;
                else
                    return 0;
            }
            have_num = 1;
            i = j;
        }
    }
    sep = i;
    i = skip_space(s, n, i);
    if (i >= n) {
        L->rest = n;
        return 1;
    }
    if (s[i] == ':' || s[i] == ')' || (s[i] == '.' && (i + 1 == n || s[i + 1] == ' '))) {
        i++;
    } else if ((m = dash_at(s + i, n - i)) > 0 && (i > sep || i + m == n || s[i + m] == ' ')) {
        i += m;
    } else if (i > sep && have_num && (s[sep] == '\t' || is_upper((unsigned char)s[i]))) {
        /* "Recommendation 1 By 31 March ...": a bold label run into its text */
    } else {
        return 0;
    }
    i = skip_space(s, n, i);
    /* "RECOMMENDATION 1 -- That": a second dash */
    if ((m = dash_at(s + i, n - i)) > 0 && i + m < n && s[i + m] == ' ')
        i = skip_space(s, n, i + m);
    L->rest = i;
    return 1;
}

/* ---- list markers ---------------------------------------------------------- */

enum mclass { MC_NONE = 0, MC_DIGIT, MC_UPPER, MC_LOWER, MC_ROMAN, MC_BULLET };

struct marker {
    enum mclass cls;
    size_t len;            /* bytes of the marker and the space after it */
    size_t tok, toklen;    /* the number or letter, without punctuation */
};

static int bullet_at(const char *s, size_t n)
{
    static const char *const B[] = {
        "\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xE2\x96\xAB", "\xE2\x80\xA3",
        "\xE2\x81\x83", "\xE2\x97\x8F", "\xE2\x97\x8B", "\xE2\x96\xA0", "\xE2\x96\xA1",
        "\xEF\x82\xB7", "\xEF\x82\xA7", "\xEF\x81\xB6", "\xEF\x82\xA8", "\xE2\x9E\xA2",
        "\xE2\x9C\x93", "\xC2\xB7",     "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x9D\x96", NULL};
    if (n && (s[0] == '-' || s[0] == '*' || s[0] == '+'))
        return 1;
    for (const char *const *b = B; *b; b++) {
        size_t bl = strlen(*b);
        if (n >= bl && memcmp(s, *b, bl) == 0)
            return (int)bl;
    }
    return 0;
}

static int roman(const char *s, size_t n)
{
    if (!n || n > 5)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("ivxlIVXL", s[i]))
            return 0;
    return 1;
}

/* A list marker at the start of s[0..n): a bullet, "1.", "1)", "(1)", "2.1",
 * "a.", "(a)", "iv." followed by white space (or, for "1.", by a capital). */
static int marker_parse(const char *s, size_t n, struct marker *mk)
{
    size_t i = 0, t0, t1, sp;
    int paren = 0, b;

    memset(mk, 0, sizeof *mk);
    if ((b = bullet_at(s, n)) > 0) {
        sp = skip_space(s, n, (size_t)b);
        if (sp == (size_t)b || sp >= n)
            return 0;
        /* "**bold**" and "--" are not bullets */
        if ((s[0] == '*' && s[1] == '*') || (s[0] == '-' && s[1] == '-'))
            return 0;
        mk->cls = MC_BULLET;
        mk->len = sp;
        return 1;
    }
    if (n && s[0] == '(')
        paren = 1, i = 1;
    t0 = i;
    if (i < n && is_digit((unsigned char)s[i])) {
        while (i < n && is_digit((unsigned char)s[i]) && i - t0 < 3)
            i++;
        if (i < n && is_digit((unsigned char)s[i]))
            return 0;
        while (i + 1 < n && s[i] == '.' && is_digit((unsigned char)s[i + 1])) {
            i++;
            while (i < n && is_digit((unsigned char)s[i]))
                i++;
        }
        mk->cls = MC_DIGIT;
    } else {
        while (i < n && is_alpha((unsigned char)s[i]) && i - t0 < 6)
            i++;
        if (i == t0)
            return 0;
        if (roman(s + t0, i - t0) && (i - t0 > 1 || s[t0] == 'i' || s[t0] == 'I'))
            mk->cls = MC_ROMAN;
        else if (i - t0 == 1)
            mk->cls = is_upper((unsigned char)s[t0]) ? MC_UPPER : MC_LOWER;
        else
            return 0;
    }
    t1 = i;
    if (paren) {
        if (i >= n || s[i] != ')')
            return 0;
        i++;
    } else if (i < n && (s[i] == '.' || s[i] == ')')) {
        i++;
    } else if (!(mk->cls == MC_DIGIT && memchr(s + t0, '.', t1 - t0))) {
        return 0;
    }
    sp = skip_space(s, n, i);
    if (sp >= n)
        return 0;
    if (sp == i) {
        /* "1.The force" as some PDFs give it; never "1.5" */
        if (!(mk->cls == MC_DIGIT && s[i - 1] == '.' && is_upper((unsigned char)s[i])))
            return 0;
    } else if (mk->cls == MC_DIGIT && s[i - 1] != '.' && s[i - 1] != ')' &&
               !is_upper((unsigned char)s[sp])) {
        return 0; /* "2.1 million" */
    }
    if (mk->cls == MC_UPPER && !is_upper((unsigned char)s[sp]) && s[i - 1] == '.')
        return 0; /* "A. n. other" is not a list */
    mk->tok = t0;
    mk->toklen = t1 - t0;
    mk->len = sp;
    return 1;
}

static int mclass_rank(enum mclass c)
{
    switch (c) {
    case MC_DIGIT: return 0;
    case MC_UPPER: return 1;
    case MC_LOWER: return 2;
    case MC_ROMAN: return 3;
    default: return 4;
    }
}

/* ---- lines ------------------------------------------------------------------ */

enum { LN_BLANK = 1, LN_DROP = 2, LN_BREAK = 4 };

struct ln {
    const char *s;  /* after the indentation (spaces only: a tab is an empty cell) */
    size_t n;
    int indent;
    int page;
    int group;      /* index of its page group */
    int w;          /* width in characters */
    unsigned flags, hint;
};

/* Key for finding repeated headers and footers: lower case, digits as '#',
 * white space collapsed. Returns its length (0: too long to be one). */
static size_t header_key(const char *s, size_t n, char *k, size_t kn)
{
    size_t o = 0;
    int gap = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t') {
            gap = o > 0;
            continue;
        }
        if (gap) {
            if (o + 1 >= kn)
                return 0;
            k[o++] = ' ';
            gap = 0;
        }
        if (o + 1 >= kn)
            return 0;
        k[o++] = is_digit(c) ? '#' : (char)lc(c);
    }
    return o;
}

/* A page number line: "12", "Page 12", "Page 3 of 40", "- 12 -", "iv". */
static int page_number(const char *s, size_t n)
{
    size_t i = 0, m;
    int digits = 0;
    if ((m = word_at(s, n, 0, "page")) > 0)
        i = skip_space(s, n, m);
    if (i < n && (m = dash_at(s + i, n - i)) > 0)
        i = skip_space(s, n, i + m);
    while (i < n && is_digit((unsigned char)s[i]))
        i++, digits++;
    if (!digits) {
        size_t r = i;
        while (r < n && strchr("ivxlcIVXLC", s[r]))
            r++;
        return r == n && r > i && r - i <= 6;
    }
    i = skip_space(s, n, i);
    if ((m = word_at(s, n, i, "of")) > 0 || (i < n && s[i] == '/')) {
        i = skip_space(s, n, i + (m ? m : 1));
        while (i < n && is_digit((unsigned char)s[i]))
            i++;
        i = skip_space(s, n, i);
    }
    if (i < n && (m = dash_at(s + i, n - i)) > 0)
        i = skip_space(s, n, i + m);
    return i == n;
}

static int blank_page_notice(const char *s, size_t n)
{
    size_t m = word_at(s, n, 0, "this page is intentionally left blank");
    if (!m)
        m = word_at(s, n, 0, "this page has been left intentionally blank");
    if (!m)
        m = word_at(s, n, 0, "page intentionally left blank");
    return m && (m == n || (m + 1 == n && s[m] == '.'));
}

/* ---- the extractor's state --------------------------------------------------- */

enum bkind { BK_PARA, BK_ITEM, BK_ROW, BK_BREAK };

struct block {
    enum bkind kind;
    size_t off, len;       /* text in x->text: a paragraph, an entry without its marker,
                              or a row's cells separated by tabs */
    int page, indent, nlines;
    unsigned hint;         /* EXTRACT_HEADING */
    enum mclass mcls;
    size_t moff, mlen;     /* the marker's number or letter, in x->text */
    int blank_before;
};

struct witem {
    enum action_kind kind;
    struct buf text;
    char *number, *owner, *deadline_cell, *section;
    enum scope scope;
    int page;
};

/* What the list being read is: each entry an item (under a heading, or an
 * introduction naming several), all entries one item (an introduction
 * naming one, or a label or action ending with a colon), or not items at
 * all (a committee's "Members are asked to:"). */
enum mode { M_NONE, M_EACH, M_ONE, M_REJECT };

struct ex {
    struct arena *a;
    const struct extract_line *in;
    size_t nin;
    struct ln *lines;
    size_t nlines;
    int *page_maxw;        /* per page group */
    int ngroups;
    struct strmap words;   /* words of the report, for dehyphenation */
    int want_words;
    struct buf text;       /* every block's text */
    struct block *blocks;
    size_t nblocks, capblocks;
    struct witem *items;
    size_t nitems, capitems;
    struct buf f, f2;      /* scratch for fold() */
    /* pass 3 */
    const char *section;
    enum action_kind ctx;  /* under a heading naming a kind */
    enum mode mode;
    enum action_kind mode_kind;
    enum mclass top_cls;
    int top_indent, top_set;
    long cur;              /* the item entries are being added to, -1 none */
    int pending;           /* a label alone on its line, waiting for its text */
    struct label pl;
    const char *pl_num;
    int pl_page;
    int table;             /* inside a table whose header named a kind */
    enum action_kind table_kind;
    int col_num, col_text, col_owner, col_due;
    long table_row;        /* the item of the current row, -1 none */
    int table_page;
};

/* ---- pass 1: lines, headers and footers ---------------------------------------- */

static void prepare_lines(struct ex *x)
{
    int group = -1, prev_page = 0;

    x->lines = xcalloc(x->nin ? x->nin : 1, sizeof *x->lines);
    x->nlines = x->nin;
    for (size_t i = 0; i < x->nin; i++) {
        struct ln *l = &x->lines[i];
        const char *s = x->in[i].text ? x->in[i].text : "";
        size_t n = x->in[i].text ? x->in[i].len : 0, j = 0, k;
        int indent = 0;

        while (j < n && (k = space_at(s + j, n - j)) > 0)
            j += k, indent++;
        n = rtrim(s, n);
        l->s = s + (j < n ? j : n);
        l->n = j < n ? n - j : 0;
        l->indent = indent;
        l->page = x->in[i].page;
        l->hint = x->in[i].flags & EXTRACT_HEADING;
        if (i == 0 || l->page != prev_page)
            group++;
        prev_page = l->page;
        l->group = group;
        if (!l->n)
            l->flags |= LN_BLANK;
        else if (blank_page_notice(l->s, l->n))
            l->flags |= LN_BREAK;
        l->w = width(l->s, l->n);
        if (l->n >= 2 && l->s[l->n - 1] == '-' && is_alpha((unsigned char)l->s[l->n - 2]))
            x->want_words = 1;
    }
    x->ngroups = group + 1;
}

/* Whether a line may never be taken for a header: it names an item, or it
 * reads as a paragraph's inside (it starts in lower case or breaks a word). */
static int protected_line(const char *s, size_t n, struct buf *f)
{
    struct label L;
    if (n && (is_lower((unsigned char)s[0]) || s[n - 1] == '-'))
        return 1;
    return label_parse(s, n, &L) || kind_heading(fold(s, n, f)) != AK_NONE;
}

/* Drops running headers and footers (lines among the first and last three
 * of a page that recur, digits ignored, on at least two pages and 40% of
 * them: a title page often has none) and page numbers at the top or bottom
 * of a page. */
static void drop_headers(struct ex *x)
{
    struct strmap seen;
    size_t i = 0;
    int pages = 0;
    char key[256];

    strmap_init(&seen);
    /* Per page group, its first and last three lines with text. */
    size_t *cand = xmalloc(sizeof *cand * (x->nlines ? x->nlines : 1));
    size_t ncand = 0;
    while (i < x->nlines) {
        size_t start = i, end, first[3], last[3];
        int nf = 0, nl = 0;
        while (i < x->nlines && x->lines[i].group == x->lines[start].group)
            i++;
        end = i;
        for (size_t j = start; j < end && nf < 3; j++)
            if (!(x->lines[j].flags & LN_BLANK))
                first[nf++] = j;
        for (size_t j = end; j > start && nl < 3; j--)
            if (!(x->lines[j - 1].flags & LN_BLANK))
                last[nl++] = j - 1;
        if (nf)
            pages++;
        for (int k = 0; k < nf + nl; k++) {
            size_t j = k < nf ? first[k] : last[k - nf];
            int dup = 0;
            for (int q = 0; q < k; q++)
                dup |= (q < nf ? first[q] : last[q - nf]) == j;
            if (dup)
                continue;
            cand[ncand++] = j;
            if (page_number(x->lines[j].s, x->lines[j].n) && x->ngroups > 1)
                x->lines[j].flags |= LN_DROP;
        }
    }
    if (pages >= 2) {
        for (size_t c = 0; c < ncand; c++) {
            struct ln *l = &x->lines[cand[c]];
            size_t kl = header_key(l->s, l->n, key, sizeof key);
            int64_t v;
            if (!kl)
                continue;
            if (strmap_get(&seen, key, kl, &v)) {
                if ((v & 0xffffffff) != (int64_t)l->group + 1)
                    strmap_put(&seen, key, kl, ((v >> 32) + 1) << 32 | ((int64_t)l->group + 1));
            } else {
                strmap_put(&seen, key, kl, (int64_t)1 << 32 | ((int64_t)l->group + 1));
            }
        }
        for (size_t c = 0; c < ncand; c++) {
            struct ln *l = &x->lines[cand[c]];
            size_t kl = header_key(l->s, l->n, key, sizeof key);
            int64_t v, count;
            if (!kl || !strmap_get(&seen, key, kl, &v))
                continue;
            count = v >> 32;
            if (count >= 2 && count * 5 >= (int64_t)pages * 2 &&
                !protected_line(l->s, l->n, &x->f))
                l->flags |= LN_DROP;
        }
    }
    free(cand);
    strmap_release(&seen);

    /* The widest line of each page, for telling a paragraph's short last line. */
    x->page_maxw = xcalloc((size_t)(x->ngroups > 0 ? x->ngroups : 1), sizeof *x->page_maxw);
    for (i = 0; i < x->nlines; i++)
        if (!(x->lines[i].flags & (LN_DROP | LN_BLANK)) &&
            x->lines[i].w > x->page_maxw[x->lines[i].group])
            x->page_maxw[x->lines[i].group] = x->lines[i].w;
}

/* The report's words, lower-cased, for deciding whether "inter-" + "national"
 * is "international" or "multi-" + "agency" is "multi-agency". */
static void collect_words(struct ex *x)
{
    char w[64];
    for (size_t i = 0; i < x->nlines; i++) {
        const struct ln *l = &x->lines[i];
        size_t j = 0;
        if (l->flags & (LN_DROP | LN_BLANK))
            continue;
        while (j < l->n) {
            size_t s = j;
            while (j < l->n && (is_alpha((unsigned char)l->s[j]) ||
                                (l->s[j] == '-' && j > s && j + 1 < l->n &&
                                 is_alpha((unsigned char)l->s[j + 1]))))
                j++;
            /* not the first half of a word broken at the end of the line */
            if (j > s && j - s < sizeof w && !(j + 1 == l->n && l->s[j] == '-')) {
                for (size_t k = s; k < j; k++)
                    w[k - s] = (char)lc((unsigned char)l->s[k]);
                strmap_put(&x->words, w, j - s, 1);
            }
            while (j < l->n && !is_alpha((unsigned char)l->s[j]))
                j++;
            /* a word glued to a non-letter ("x2y") is skipped whole */
            while (j < l->n && j > 0 && is_alpha((unsigned char)l->s[j]) &&
                   !is_alpha((unsigned char)l->s[j - 1]) && l->s[j - 1] != ' ' &&
                   l->s[j - 1] != '-' && l->s[j - 1] != '(' && l->s[j - 1] != '"')
                j++;
        }
    }
}

/* ---- pass 2: blocks ----------------------------------------------------------- */

/* Splits a line into cells at tabs and at runs of three or more spaces.
 * Writes the cells separated by tabs into b; returns how many. */
static int split_cells(const char *s, size_t n, struct buf *b, int *nonempty)
{
    int cells = 1, filled = 0, cur = 0;
    size_t run = 0, i;

    /* most lines have no column in them: say so without copying */
    for (i = 0; i < n && s[i] != '\t' && run < 3; i++)
        run = s[i] == ' ' ? run + 1 : 0;
    if (i == n) {
        *nonempty = n > 0;
        return 1;
    }
    buf_reset(b);
    for (i = 0; i < n;) {
        size_t k;
        if (s[i] == '\t' || (s[i] == ' ' && i + 2 < n && s[i + 1] == ' ' && s[i + 2] == ' ')) {
            while (i < n && (s[i] == '\t' || s[i] == ' ')) {
                if (s[i] == '\t' && i + 1 < n && s[i + 1] == '\t') {
                    /* consecutive tabs: empty cells between them */
                    buf_addc(b, '\t');
                    cells++;
                }
                i++;
            }
            filled += cur;
            cur = 0;
            buf_addc(b, '\t');
            cells++;
            continue;
        }
        k = space_at(s + i, n - i);
        if (k > 1) {
            buf_addc(b, ' ');
            i += k;
            continue;
        }
        buf_addc(b, s[i]);
        cur = 1;
        i++;
    }
    filled += cur;
    *nonempty = filled;
    return cells;
}

static const char *PREFIXES[] = {"self", "non", "co", "ex", "anti", "cross", "multi", "well",
                                 "semi", "half", "all", "long", "short", "full", "part", "high",
                                 "low", "pre", "post", "one", "two", "three", "four", "five",
                                 "six", "seven", "eight", "nine", "ten", "cyber", "counter", NULL};

/* Appends line text s[0..n) to the text in t from block_off on, joining it
 * to what is there: a space, or nothing where a word was hyphenated across
 * the break (the hyphen goes unless the report writes the word with one). */
static void join_text(struct ex *x, struct buf *t, size_t block_off, const char *s, size_t n)
{
    size_t len = t->len - block_off;
    const char *p = t->p + block_off;

    if (len >= 2 && (unsigned char)p[len - 1] == 0xAD && (unsigned char)p[len - 2] == 0xC2) {
        t->len -= 2; /* a soft hyphen always goes */
        t->p[t->len] = '\0';
    } else if (len >= 2 && p[len - 1] == '-' && is_alpha((unsigned char)p[len - 2]) && n &&
               is_alpha((unsigned char)s[0])) {
        char w[128];
        size_t a0 = len - 1, o = 0, b1 = 0;
        int keep;
        while (a0 > 0 && is_alpha((unsigned char)p[a0 - 1]))
            a0--;
        while (b1 < n && is_alpha((unsigned char)s[b1]))
            b1++;
        keep = !is_lower((unsigned char)s[0]);
        if (!keep && (len - 1 - a0) + b1 + 1 < sizeof w) {
            int64_t v;
            for (size_t k = a0; k < len - 1; k++)
                w[o++] = (char)lc((unsigned char)p[k]);
            size_t alen = o;
            for (size_t k = 0; k < b1; k++)
                w[o++] = (char)lc((unsigned char)s[k]);
            if (strmap_get(&x->words, w, o, &v)) {
                keep = 0;
            } else {
                char h[128];
                memcpy(h, w, alen);
                h[alen] = '-';
                memcpy(h + alen + 1, w + alen, o - alen);
                if (strmap_get(&x->words, h, o + 1, &v)) {
                    keep = 1;
                } else {
                    w[alen] = '\0';
                    for (const char **pf = PREFIXES; *pf; pf++)
                        if (strcmp(w, *pf) == 0)
                            keep = 1;
                }
            }
        }
        if (!keep) {
            t->len--;
            t->p[t->len] = '\0';
        }
        buf_add(t, s, n);
        return;
    } else if (len && p[len - 1] == '/') {
        buf_add(t, s, n); /* a URL or "and/or" broken at its slash */
        return;
    }
    if (len)
        buf_addc(t, ' ');
    buf_add(t, s, n);
}

static struct block *new_block(struct ex *x, enum bkind kind, const struct ln *l, int blank)
{
    struct block *b;
    xgrow((void **)&x->blocks, &x->capblocks, x->nblocks + 1, sizeof *x->blocks);
    b = &x->blocks[x->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->off = x->text.len;
    b->page = l ? l->page : 0;
    b->indent = l ? l->indent : 0;
    b->hint = l ? l->hint : 0;
    b->blank_before = blank;
    return b;
}

static int ends_with(const struct ex *x, const struct block *b, const char *chars)
{
    size_t n = rtrim(x->text.p + b->off, b->len);
    const char *p = x->text.p + b->off;
    /* closing quotes, brackets and emphasis do not hide the punctuation */
    while (n && (p[n - 1] == '*' || p[n - 1] == '_' || p[n - 1] == ')' || p[n - 1] == '"' ||
                 p[n - 1] == '\''))
        n--;
    while (n >= 3 && (unsigned char)p[n - 3] == 0xE2 && (unsigned char)p[n - 2] == 0x80 &&
           ((unsigned char)p[n - 1] == 0x99 || (unsigned char)p[n - 1] == 0x9D))
        n -= 3;
    return n && strchr(chars, p[n - 1]) != NULL;
}

static void build_blocks(struct ex *x)
{
    struct buf cells;
    struct block *cur = NULL;
    int blank = 0, last_short = 0, last_page = 0, last_lonely = 0;

    buf_init(&cells, 0);
    for (size_t i = 0; i < x->nlines; i++) {
        const struct ln *l = &x->lines[i];
        struct marker mk;
        struct label L;
        int ncells, filled, is_row = 0, is_item = 0, lonely, fresh;
        int maxw = x->page_maxw[l->group];
        const char *s = l->s;
        size_t n = l->n;

        if (l->flags & LN_DROP)
            continue;
        if (l->flags & LN_BREAK) {
            new_block(x, BK_BREAK, l, 1);
            cur = NULL;
            continue;
        }
        if (l->flags & LN_BLANK) {
            blank = 1;
            continue;
        }
        ncells = split_cells(s, n, &cells, &filled);
        if (ncells >= 2 && filled >= 1) {
            /* "1.<tab>The force should": a list entry, not a row */
            const char *c0 = cells.p, *tab = strchr(c0, '\t');
            struct marker m2;
            size_t c0n = (size_t)(tab - c0);
            char tmp[16];
            if (ncells == 2 && filled == 2 && c0n + 2 < sizeof tmp) {
                memcpy(tmp, c0, c0n);
                tmp[c0n] = ' ';
                tmp[c0n + 1] = 'X';
                if (marker_parse(tmp, c0n + 2, &m2) && m2.len == c0n + 1) {
                    is_item = 1;
                }
            }
            if (!is_item && (filled >= 2 || c0n == 0))
                is_row = 1;
        }
        if (is_row) {
            struct block *b = new_block(x, BK_ROW, l, blank);
            buf_add(&x->text, cells.p, cells.len);
            b->len = x->text.len - b->off;
            b->nlines = 1;
            cur = b;
            blank = 0;
            last_lonely = 1;
            last_page = l->page;
            continue;
        }
        if (ncells >= 2) {
            /* tabs that are only indentation or a marker's gap: as spaces */
            buf_reset(&cells);
            for (size_t k = 0; k < n; k++)
                buf_addc(&cells, s[k] == '\t' ? ' ' : s[k]);
            s = cells.p;
            n = cells.len;
            {
                size_t k = skip_space(s, n, 0);
                s += k;
                n -= k;
            }
        }
        if (!is_item)
            is_item = marker_parse(s, n, &mk);
        else
            marker_parse(s, n, &mk);
        {
            const char *t = is_item ? s + mk.len : s;
            size_t tn = is_item ? n - mk.len : n;
            int lab = label_parse(t, tn, &L);
            /* (no kind heading is longer than a line of a hundred bytes) */
            int khead = !lab && tn <= 100 && kind_heading(fold(t, tn, &x->f)) != AK_NONE;
            /* A line that stands alone: a label without text, a kind
             * heading, a heading by style. The next line starts afresh. */
            lonely = (lab && L.rest == tn) || khead || l->hint;
            fresh = lab || khead || l->hint;
        }
        {
            int shortl = maxw >= 40 && l->w * 10 < maxw * 6;
            int newb;
            if (!cur || cur->kind == BK_ROW || cur->kind == BK_BREAK || is_item || fresh ||
                last_lonely) {
                newb = 1;
            } else if (l->page != last_page) {
                /* across a page break, a paragraph goes on unless it had ended */
                newb = ends_with(x, cur, ".!?:") || (cur->nlines == 1 && last_short);
            } else if (blank) {
                newb = !(is_lower((unsigned char)s[0]) && !ends_with(x, cur, ".!?:;") &&
                         !(cur->nlines == 1 && last_short));
            } else if (last_short && !is_lower((unsigned char)s[0])) {
                newb = 1;
            } else if (shortl && ends_with(x, cur, ".!?:") && is_upper((unsigned char)s[0]) &&
                       !strchr(".,;", s[n - 1])) {
                newb = 1; /* a heading after a paragraph that filled its line */
            } else {
                newb = 0;
            }
            if (newb) {
                struct block *b = new_block(x, is_item ? BK_ITEM : BK_PARA, l, blank);
                if (is_item) {
                    b->mcls = mk.cls;
                    b->moff = x->text.len;
                    buf_add(&x->text, s + mk.tok, mk.toklen);
                    b->mlen = mk.toklen;
                    b->off = x->text.len;
                    buf_add(&x->text, s + mk.len, n - mk.len);
                } else {
                    buf_add(&x->text, s, n);
                }
                b->nlines = 1;
                cur = b;
            } else {
                join_text(x, &x->text, cur->off, s, n);
                cur->nlines++;
            }
            cur->len = x->text.len - cur->off;
            last_short = shortl;
        }
        last_lonely = lonely;
        last_page = l->page;
        blank = 0;
    }
    buf_release(&cells);
}

/* ---- pass 3: items -------------------------------------------------------------- */

static const char *btext(const struct ex *x, const struct block *b)
{
    return x->text.p + b->off;
}

static struct witem *add_item(struct ex *x, enum action_kind kind, int page)
{
    struct witem *it;
    xgrow((void **)&x->items, &x->capitems, x->nitems + 1, sizeof *x->items);
    it = &x->items[x->nitems++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->page = page;
    it->section = x->section ? arena_strdup(x->a, x->section) : NULL;
    buf_init(&it->text, 0);
    return it;
}

/* Strips emphasis marks wrapping a piece ("*The CoLP has ...;*"). */
static void unwrap(const char **s, size_t *n)
{
    const char *p = *s;
    size_t len = *n;
    while (len >= 2 && (p[0] == '*' || p[0] == '_') && (p[len - 1] == '*' || p[len - 1] == '_'))
        p++, len -= 2;
    while (len && (p[0] == '*' || p[0] == '_'))
        p++, len--;
    while (len && (p[len - 1] == '*' || p[len - 1] == '_'))
        len--;
    *s = p;
    *n = len;
}

/* Adds a piece (an entry of a list, a paragraph) to an item's text. */
static void item_append(struct witem *it, const char *s, size_t n)
{
    unwrap(&s, &n);
    n = rtrim(s, n);
    if (!n)
        return;
    if (it->text.len) {
        const char *t = it->text.p;
        size_t tl = it->text.len;
        int open = !strchr(".;:,!?", t[tl - 1]) &&
                   !(tl >= 4 && !memcmp(t + tl - 4, " and", 4)) &&
                   !(tl >= 3 && !memcmp(t + tl - 3, " or", 3));
        buf_adds(&it->text, open ? "; " : " ");
    }
    buf_add(&it->text, s, n);
}

static char *dup_marker(struct ex *x, const struct block *b)
{
    return b->mcls == MC_BULLET || !b->mlen ? NULL
                                            : arena_strndup(x->a, x->text.p + b->moff, b->mlen);
}

static void set_section(struct ex *x, const char *s, size_t n)
{
    struct buf t;
    buf_init(&t, 0);
    unwrap(&s, &n);
    for (size_t i = 0; i < n; i++)
        buf_addc(&t, s[i] == '\t' ? ' ' : s[i]);
    x->section = arena_strndup(x->a, buf_str(&t), t.len);
    buf_release(&t);
}

/* Whether an entry or paragraph under a heading is to be taken as an item. */
static int rejected(const char *f)
{
    return committee(f) || has_any(f, MINUTES_ANY) || has_any(f, PAST_ANY) || prose_count(f);
}

static int is_heading(struct ex *x, const struct block *b, const char *f)
{
    const char *s = btext(x, b);
    size_t n = b->len;
    int words = 0;
    if (b->hint)
        return n > 0;
    if (b->nlines != 1 || n == 0 || n > 120 || b->kind != BK_PARA)
        return 0;
    if (strchr(".,;", s[n - 1]))
        return 0;
    if (!(is_upper((unsigned char)s[0]) || is_digit((unsigned char)s[0]) ||
          (unsigned char)s[0] >= 0x80))
        return 0;
    for (const char *p = f + 1; *p; p++)
        words += *p == ' ';
    if (words > 16)
        return 0;
    if (s[n - 1] == ':') {
        /* "Appendices:" is a heading; "The force has one area for
         * improvement, which covers:" introduces a list */
        enum action_kind k;
        if (words > 6 || intro_kind(f, &k))
            return 0;
    }
    return !has_any(f, ACTION_ANY);
}

/* An entry that is a heading: "1. Recommendations", "5. HMICFRS UPDATE". */
static int item_heading(struct ex *x, const struct block *b, const char *f)
{
    const char *s = btext(x, b);
    int lower = 0, upper = 0;
    if (b->mcls != MC_DIGIT || b->nlines != 1 || !b->len || b->len > 120 ||
        strchr(".,;:", s[b->len - 1]))
        return 0;
    if (kind_heading(f) != AK_NONE)
        return 1;
    for (size_t i = 0; i < b->len; i++)
        lower += is_lower((unsigned char)s[i]), upper += is_upper((unsigned char)s[i]);
    if (upper >= 2 && !lower && b->len <= 100)
        return 1; /* "5. HMICFRS INSPECTION UPDATE" */
    {
        /* "1. Introduction" standing apart: a numbered heading */
        int words = 0;
        for (const char *p = f + 1; *p; p++)
            words += *p == ' ';
        return b->blank_before && words <= 8 && is_upper((unsigned char)s[0]) &&
               !has_any(f, ACTION_ANY);
    }
}

static void end_lists(struct ex *x)
{
    x->mode = M_NONE;
    x->cur = -1;
    x->top_set = 0;
}

static void heading(struct ex *x, const char *s, size_t n, const char *f)
{
    set_section(x, s, n);
    x->ctx = kind_heading(f);
    x->pending = 0;
    x->table = 0;
    end_lists(x);
}

/* Where an entry stands in the list being read: 1 an entry of it, 2 a
 * sub-entry of the entry before, 0 the list is over. */
static int relation(struct ex *x, const struct block *b)
{
    if (!x->top_set) {
        x->top_cls = b->mcls;
        x->top_indent = b->indent;
        x->top_set = 1;
        return 1;
    }
    if (b->mcls == x->top_cls && b->indent <= x->top_indent + 1)
        return 1;
    if (b->indent > x->top_indent + 1 || mclass_rank(b->mcls) > mclass_rank(x->top_cls))
        return 2;
    return 0;
}

/* An introduction ending with a colon: what the list after it is. */
static void intro(struct ex *x, const struct block *b, const char *f, int under_heading)
{
    enum action_kind k;
    int how;
    if (committee(f)) {
        end_lists(x);
        x->mode = M_REJECT;
        return;
    }
    {
        size_t from = last_sentence(btext(x, b), b->len);
        how = intro_kind(fold(btext(x, b) + from, b->len - from, &x->f2), &k);
    }
    if (how && (has_any(f, PAST_ANY) || has_any(f, MINUTES_ANY)))
        how = -1;
    if (how == 1) {
        end_lists(x);
        add_item(x, k, b->page);
        x->cur = (long)x->nitems - 1;
        x->mode = M_ONE;
    } else if (how == 2) {
        end_lists(x);
        x->mode = M_EACH;
        x->mode_kind = k;
    } else if (how == 0 && under_heading && x->ctx && action_like(f)) {
        struct witem *it;
        end_lists(x);
        it = add_item(x, x->ctx, b->page);
        item_append(it, btext(x, b), b->len);
        x->cur = (long)x->nitems - 1;
        x->mode = M_ONE;
    } else if (how < 0) {
        end_lists(x);
        x->mode = M_REJECT;
    }
}

/* A labelled item: its text starts after the label, or (label alone) is the
 * next paragraph. */
static void labelled(struct ex *x, const struct block *b, const struct label *L)
{
    const char *s = btext(x, b) + L->rest;
    size_t n = b->len - L->rest;
    struct witem *it;

    end_lists(x);
    x->table = 0;
    if (L->rest == b->len) {
        x->pending = 1;
        x->pl = *L;
        x->pl_num = L->numlen ? arena_strndup(x->a, btext(x, b) + L->num, L->numlen) : NULL;
        x->pl_page = b->page;
        return;
    }
    {
        const char *f = fold(s, n, &x->f);
        if (committee(f)) {
            if (ends_with(x, b, ":"))
                x->mode = M_REJECT;
            return;
        }
    }
    it = add_item(x, L->kind, b->page);
    it->scope = L->scope;
    it->number = L->numlen ? arena_strndup(x->a, btext(x, b) + L->num, L->numlen)
                           : dup_marker(x, b);
    item_append(it, s, n);
    if (ends_with(x, b, ":")) {
        x->mode = M_ONE;
        x->cur = (long)x->nitems - 1;
    }
}

/* ---- tables ---- */

enum { COL_NONE, COL_NUM, COL_TEXT, COL_OWNER, COL_DUE };

static int header_role(const char *f, enum action_kind ctx, enum action_kind *kind)
{
    static const char *const NUM[] = {" ", " no ", " number ", " ref ", " reference ", " id ",
                                      " item ", " rec ", " rec no ", NULL};
    static const char *const OWNER[] = {" owner ", " owners ", " lead ", " responsible ",
                                        " action owner ", " lead officer ", " accountable ",
                                        " responsible officer ", " owner s ", " lead owner ",
                                        " responsibility ", " lead s ", NULL};
    static const char *const DUE[] = {" timescale ", " timescales ", " deadline ", " due ",
                                      " due date ", " target date ", " target ", " date ",
                                      " by when ", " completion date ", " timeline ",
                                      " timeframe ", " target completion date ", " when ", NULL};
    static const char *const TEXT[] = {" action ", " actions ", " detail ", " details ",
                                       " description ", " text ", NULL};
    for (size_t k = 0; k < NKINDWORDS; k++)
        if (!strcmp(f, KINDWORDS[k].one) || !strcmp(f, KINDWORDS[k].many)) {
            *kind = KINDWORDS[k].kind;
            return COL_TEXT;
        }
    if (!strcmp(f, " recommendation s "))
        return *kind = AK_RECOMMENDATION, COL_TEXT;
    for (const char *const *p = NUM; *p; p++)
        if (!strcmp(f, *p))
            return COL_NUM;
    for (const char *const *p = OWNER; *p; p++)
        if (!strcmp(f, *p))
            return COL_OWNER;
    for (const char *const *p = DUE; *p; p++)
        if (!strcmp(f, *p))
            return COL_DUE;
    if (ctx)
        for (const char *const *p = TEXT; *p; p++)
            if (!strcmp(f, *p))
                return *kind = ctx, COL_TEXT;
    return COL_NONE;
}

/* The cells of a row: pointers into the text, lengths. */
#define MAXCELLS 16
static int cells_of(const struct ex *x, const struct block *b, const char **c, size_t *cn)
{
    const char *s = btext(x, b), *e = s + b->len;
    int k = 0;
    while (k < MAXCELLS) {
        const char *t = memchr(s, '\t', (size_t)(e - s));
        c[k] = s;
        cn[k] = t ? (size_t)(t - s) : (size_t)(e - s);
        k++;
        if (!t)
            break;
        s = t + 1;
    }
    return k;
}

static int table_header(struct ex *x, const struct block *b)
{
    const char *c[MAXCELLS];
    size_t cn[MAXCELLS];
    int k = cells_of(x, b, c, cn), text = -1, num = -1, owner = -1, due = -1, known = 0;
    enum action_kind kind = AK_NONE;
    for (int i = 0; i < k; i++) {
        int role;
        if (cn[i] > 40)
            return 0;
        role = header_role(fold(c[i], cn[i], &x->f), x->ctx, &kind);
        if (role == COL_TEXT && text < 0)
            text = i;
        else if (role == COL_NUM && num < 0)
            num = i;
        else if (role == COL_OWNER && owner < 0)
            owner = i;
        else if (role == COL_DUE && due < 0)
            due = i;
        else if (role == COL_NONE && cn[i])
            continue;
        known += role != COL_NONE && cn[i];
    }
    if (text < 0 || k < 2 || known < 1 + (x->ctx == AK_NONE && num < 0 && owner < 0 && due < 0))
        return 0;
    x->table = 1;
    x->table_kind = kind;
    x->col_text = text;
    x->col_num = num;
    x->col_owner = owner;
    x->col_due = due;
    x->table_row = -1;
    x->table_page = b->page;
    return 1;
}

static char *cell_dup(struct ex *x, const char *s, size_t n)
{
    unwrap(&s, &n);
    n = rtrim(s, n);
    return n ? arena_strndup(x->a, s, n) : NULL;
}

static char *cell_join(struct ex *x, char *old, const char *s, size_t n)
{
    unwrap(&s, &n);
    n = rtrim(s, n);
    if (!n)
        return old;
    if (!old)
        return arena_strndup(x->a, s, n);
    return arena_printf(x->a, "%s %.*s", old, (int)n, s);
}

static void table_row(struct ex *x, const struct block *b)
{
    const char *c[MAXCELLS];
    size_t cn[MAXCELLS];
    int k = cells_of(x, b, c, cn);
    int first_empty = k > 0 && rtrim(c[0], cn[0]) == 0;
    struct witem *it;

    if (first_empty && x->table_row >= 0 && x->col_text != 0) {
        /* a row with its first column empty: the cells of the row before
         * going on over more lines */
        it = &x->items[x->table_row];
        for (int i = 0; i < k; i++) {
            if (i == x->col_text && rtrim(c[i], cn[i])) {
                join_text(x, &it->text, 0, c[i], rtrim(c[i], cn[i]));
            } else if (i == x->col_owner) {
                it->owner = cell_join(x, it->owner, c[i], cn[i]);
            } else if (i == x->col_due) {
                it->deadline_cell = cell_join(x, it->deadline_cell, c[i], cn[i]);
            }
        }
        return;
    }
    if (x->col_text >= k || !rtrim(c[x->col_text], cn[x->col_text]))
        return;
    it = add_item(x, x->table_kind, b->page);
    if (x->col_num < 0) {
        /* "1. Force to review ...": the number inside the text's cell */
        struct marker mk;
        if (marker_parse(c[x->col_text], cn[x->col_text], &mk) && mk.cls != MC_BULLET) {
            it->number = arena_strndup(x->a, c[x->col_text] + mk.tok, mk.toklen);
            c[x->col_text] += mk.len;
            cn[x->col_text] -= mk.len;
        }
    }
    item_append(it, c[x->col_text], cn[x->col_text]);
    if (x->col_num >= 0 && x->col_num < k) {
        const char *s = c[x->col_num];
        size_t n = rtrim(s, cn[x->col_num]);
        while (n && (s[n - 1] == '.' || s[n - 1] == ')'))
            n--;
        while (n && s[0] == '(')
            s++, n--;
        it->number = n ? arena_strndup(x->a, s, n) : NULL;
    }
    if (x->col_owner >= 0 && x->col_owner < k)
        it->owner = cell_dup(x, c[x->col_owner], cn[x->col_owner]);
    if (x->col_due >= 0 && x->col_due < k)
        it->deadline_cell = cell_dup(x, c[x->col_due], cn[x->col_due]);
    x->table_row = (long)x->nitems - 1;
    x->table_page = b->page;
}

/* A row under a kind heading in a table without a header: its longest cell
 * is the text, a leading number its number. */
static void loose_row(struct ex *x, const struct block *b)
{
    const char *c[MAXCELLS];
    size_t cn[MAXCELLS];
    int k = cells_of(x, b, c, cn), best = -1;
    struct witem *it;
    const char *f;

    for (int i = 0; i < k; i++)
        if (best < 0 || cn[i] > cn[best])
            best = i;
    if (best < 0 || cn[best] < 12)
        return;
    f = fold(c[best], cn[best], &x->f);
    if (!action_like(f) || rejected(f))
        return;
    it = add_item(x, x->ctx, b->page);
    item_append(it, c[best], cn[best]);
    if (best > 0) {
        struct marker mk;
        char tmp[24];
        size_t n = rtrim(c[0], cn[0]);
        if (n && n + 2 < sizeof tmp) {
            memcpy(tmp, c[0], n);
            memcpy(tmp + n, " X", 2);
            if (marker_parse(tmp, n + 2, &mk) && mk.cls != MC_BULLET)
                it->number = arena_strndup(x->a, c[0] + mk.tok, mk.toklen);
        }
    }
}

/* ---- the walk ---- */

static void para(struct ex *x, const struct block *b)
{
    const char *s = btext(x, b);
    /* folded only when something below reads it: a long paragraph of
     * prose outside any heading, list or label needs no more than a look */
    int need = b->hint || b->len <= 120 || x->ctx || x->pending || x->mode != M_NONE ||
               ends_with(x, b, ":");
    const char *f = need ? fold(s, b->len, &x->f) : " ";
    struct label L;

    if (x->mode == M_ONE && x->cur >= 0 && x->items[x->cur].text.len == 0 && !b->hint &&
        !label_parse(s, b->len, &L)) {
        /* "one area for improvement:" then its text as a paragraph */
        if (!committee(f)) {
            item_append(&x->items[x->cur], s, b->len);
            if (!ends_with(x, b, ":"))
                end_lists(x);
            return;
        }
    }
    end_lists(x);
    if (x->pending) {
        x->pending = 0;
        if (!label_parse(s, b->len, &L) && !is_heading(x, b, f)) {
            struct witem *it;
            if (committee(f)) {
                if (ends_with(x, b, ":"))
                    x->mode = M_REJECT;
                return;
            }
            it = add_item(x, x->pl.kind, x->pl_page);
            it->scope = x->pl.scope;
            it->number = (char *)x->pl_num;
            item_append(it, s, b->len);
            if (ends_with(x, b, ":")) {
                x->mode = M_ONE;
                x->cur = (long)x->nitems - 1;
            }
            return;
        }
    }
    if (label_parse(s, b->len, &L)) {
        labelled(x, b, &L);
        return;
    }
    if (is_heading(x, b, f)) {
        heading(x, s, b->len, f);
        return;
    }
    if (ends_with(x, b, ":")) {
        intro(x, b, f, 1);
        return;
    }
    if (x->ctx && action_like(f) && !rejected(f)) {
        struct witem *it = add_item(x, x->ctx, b->page);
        item_append(it, s, b->len);
    }
}

static void entry(struct ex *x, const struct block *b)
{
    const char *s = btext(x, b);
    int need = b->len <= 120 || x->ctx || x->pending || x->mode != M_NONE || ends_with(x, b, ":");
    const char *f = need ? fold(s, b->len, &x->f) : " ";
    struct label L;
    int r;

    if (label_parse(s, b->len, &L)) {
        x->pending = 0;
        labelled(x, b, &L);
        if (!L.numlen && x->nitems && L.rest < b->len && !x->items[x->nitems - 1].number)
            x->items[x->nitems - 1].number = dup_marker(x, b);
        return;
    }
    if (x->pending) {
        /* a label alone, then a list: the list is its text */
        struct witem *it = add_item(x, x->pl.kind, x->pl_page);
        it->scope = x->pl.scope;
        it->number = (char *)x->pl_num;
        x->pending = 0;
        end_lists(x);
        x->mode = M_ONE;
        x->cur = (long)x->nitems - 1;
    }
    if (x->mode != M_NONE) {
        r = relation(x, b);
        if (r == 0) {
            end_lists(x);
        } else if (x->mode == M_REJECT) {
            return;
        } else if (x->mode == M_ONE) {
            if (x->cur >= 0)
                item_append(&x->items[x->cur], s, b->len);
            return;
        } else if (r == 2) {
            if (x->cur >= 0)
                item_append(&x->items[x->cur], s, b->len);
            return;
        } else {
            if (rejected(f)) {
                x->cur = -1;
            } else {
                struct witem *it = add_item(x, x->mode_kind, b->page);
                it->number = dup_marker(x, b);
                item_append(it, s, b->len);
                x->cur = (long)x->nitems - 1;
            }
            return;
        }
    }
    if (item_heading(x, b, f)) {
        heading(x, s, b->len, f);
        return;
    }
    if (x->ctx) {
        x->mode = M_EACH;
        x->mode_kind = x->ctx;
        x->top_set = 0;
        relation(x, b);
        if (rejected(f)) {
            x->cur = -1;
        } else {
            struct witem *it = add_item(x, x->ctx, b->page);
            it->number = dup_marker(x, b);
            item_append(it, s, b->len);
            x->cur = (long)x->nitems - 1;
        }
        return;
    }
    if (ends_with(x, b, ":")) {
        intro(x, b, f, 0);
        if (x->mode != M_NONE) {
            x->top_set = 0;
            /* the entries that follow are one level down from this one */
            x->top_cls = MC_NONE;
        }
    }
}

static void row(struct ex *x, const struct block *b)
{
    if (x->table && b->blank_before && b->page == x->table_page)
        x->table = 0;
    x->pending = 0;
    if (table_header(x, b)) {
        end_lists(x);
        return;
    }
    if (x->table) {
        table_row(x, b);
        return;
    }
    end_lists(x);
    {
        const char *c[MAXCELLS];
        size_t cn[MAXCELLS];
        int k = cells_of(x, b, c, cn), filled = 0, last = -1;
        for (int i = 0; i < k; i++)
            if (rtrim(c[i], cn[i]))
                filled++, last = i;
        if (filled == 1) {
            /* a line indented with tabs: a paragraph */
            struct block t = *b;
            t.kind = BK_PARA;
            t.off = (size_t)(c[last] - x->text.p);
            t.len = rtrim(c[last], cn[last]);
            para(x, &t);
            return;
        }
    }
    if (x->ctx)
        loose_row(x, b);
}

static void walk(struct ex *x)
{
    x->cur = -1;
    x->table_row = -1;
    for (size_t i = 0; i < x->nblocks; i++) {
        const struct block *b = &x->blocks[i];
        if (b->kind != BK_ROW && x->table) {
            x->table = 0;
        }
        switch (b->kind) {
        case BK_BREAK:
            x->section = NULL;
            x->ctx = AK_NONE;
            x->pending = 0;
            x->table = 0;
            end_lists(x);
            break;
        case BK_ROW: row(x, b); break;
        case BK_ITEM: entry(x, b); break;
        case BK_PARA: para(x, b); break;
        }
    }
}

/* ---- finishing ------------------------------------------------------------------ */

/* Whitespace collapsed (tabs and no-break spaces included), trimmed. */
static char *clean(struct arena *a, const char *s, size_t n)
{
    struct buf b;
    char *r;
    int gap = 0;
    buf_init(&b, 0);
    for (size_t i = 0; i < n;) {
        size_t k = s[i] == '\t' ? 1 : space_at(s + i, n - i);
        if (k || s[i] == '\n') {
            gap = b.len > 0;
            i += k ? k : 1;
            continue;
        }
        if (gap)
            buf_addc(&b, ' ');
        gap = 0;
        buf_addc(&b, s[i]);
        i++;
    }
    r = arena_strndup(a, buf_str(&b), b.len);
    buf_release(&b);
    return r;
}

static const char *trim_tail(const char *s, size_t *n)
{
    static const char *const TAILS[] = {"; and", "; or", ", and", ", or", ";", ","};
    for (size_t k = 0; k < sizeof TAILS / sizeof TAILS[0]; k++) {
        size_t tl = strlen(TAILS[k]);
        if (*n >= tl && memcmp(s + *n - tl, TAILS[k], tl) == 0) {
            *n = rtrim(s, *n - tl);
            break;
        }
    }
    return s;
}

/* The first date or month named anywhere in s: for a timescale cell. */
static int first_date(const char *s, size_t n, struct arena *a, const char **due);

void extract_items(const struct extract_line *lines, size_t n, struct arena *a,
                   struct extract_item **items, size_t *nitems)
{
    struct ex x;
    struct strmap seen;
    struct extract_item *out;
    size_t k = 0;

    memset(&x, 0, sizeof x);
    x.a = a;
    x.in = lines;
    x.nin = n;
    strmap_init(&x.words);
    strmap_init(&seen);
    buf_init(&x.text, 0);
    buf_init(&x.f, 0);
    buf_init(&x.f2, 0);

    prepare_lines(&x);
    drop_headers(&x);
    if (x.want_words)
        collect_words(&x);
    build_blocks(&x);
    walk(&x);

    out = arena_alloc(a, sizeof *out * (x.nitems ? x.nitems : 1));
    for (size_t i = 0; i < x.nitems; i++) {
        struct witem *it = &x.items[i];
        struct extract_item *o = &out[k];
        const char *t = it->text.p ? it->text.p : "";
        size_t tn = it->text.len;
        char key[16];
        const char *f;
        struct buf kb;

        t = trim_tail(t, &tn);
        o->text = clean(a, t, tn);
        if (strlen(o->text) < 3)
            continue;
        /* the same item again (a summary, then the body): once; items the
         * report numbers apart are apart, whatever their words */
        f = fold(o->text, strlen(o->text), &x.f);
        buf_init(&kb, 0);
        snprintf(key, sizeof key, "%d", (int)it->kind);
        buf_adds(&kb, key);
        buf_adds(&kb, f);
        {
            int64_t first;
            if (strmap_get(&seen, kb.p, kb.len, &first) &&
                !(it->number && out[first].number && strcmp(it->number, out[first].number))) {
                buf_release(&kb);
                continue;
            }
            if (!strmap_get(&seen, kb.p, kb.len, &first))
                strmap_put(&seen, kb.p, kb.len, (int64_t)k);
        }
        buf_release(&kb);
        o->kind = it->kind;
        o->number = it->number;
        o->owner = it->owner;
        o->section = it->section;
        o->scope = it->scope;
        o->page = it->page;
        if (it->deadline_cell) {
            o->deadline = it->deadline_cell;
            first_date(it->deadline_cell, strlen(it->deadline_cell), a, &o->due);
        } else {
            extract_deadline(o->text, strlen(o->text), a, &o->deadline, &o->due);
        }
        o->addressee = extract_addressee(o->text, strlen(o->text), a);
        k++;
    }
    *items = out;
    *nitems = k;

    for (size_t i = 0; i < x.nitems; i++)
        buf_release(&x.items[i].text);
    free(x.items);
    free(x.blocks);
    free(x.lines);
    free(x.page_maxw);
    buf_release(&x.text);
    buf_release(&x.f);
    buf_release(&x.f2);
    strmap_release(&x.words);
    strmap_release(&seen);
}

/* ---- deadlines -------------------------------------------------------------------- */

static int month_at(const char *s, size_t n, size_t i, size_t *len)
{
    static const char *const M[] = {"january", "february", "march",     "april",   "may",
                                    "june",    "july",     "august",    "september", "october",
                                    "november", "december"};
    for (int m = 0; m < 12; m++) {
        size_t l = word_at(s, n, i, M[m]);
        char ab[5];
        if (l) {
            *len = l;
            return m + 1;
        }
        memcpy(ab, M[m], 3);
        ab[3] = '\0';
        if ((l = word_at(s, n, i, ab)) > 0) {
            if (i + l < n && s[i + l] == '.')
                l++;
            *len = l;
            return m + 1;
        }
        if (m == 8 && (l = word_at(s, n, i, "sept")) > 0) {
            *len = l;
            return 9;
        }
    }
    return 0;
}

static int digits_at(const char *s, size_t n, size_t i, size_t *len)
{
    int v = 0;
    size_t j = i;
    while (j < n && is_digit((unsigned char)s[j]) && j - i < 5)
        v = v * 10 + (s[j++] - '0');
    *len = j - i;
    if (j < n && (is_digit((unsigned char)s[j]) || is_alpha((unsigned char)s[j])))
        if (!(*len <= 2 && j + 1 < n &&
              (word_at(s, n, j, "st") || word_at(s, n, j, "nd") || word_at(s, n, j, "rd") ||
               word_at(s, n, j, "th"))))
            return -1;
    return *len ? v : -1;
}

enum { DP_NONE, DP_DATE, DP_MONTH, DP_YEAR };

/* A date phrase at s[i..n): "31 March 2024", "31st March, 2024", "March
 * 2024", "the end of March 2024", "end of 2024", "31/03/2024", "2024-03-31".
 * Returns DP_* and sets *end and *date (for DP_DATE, and for the end of a
 * month or year) or the month label's span. */
static int date_phrase(const char *s, size_t n, size_t i, size_t *end, int32_t *date,
                       size_t *lab0, size_t *lab1)
{
    size_t m, l;
    int endof = 0, d, mo, y;

    if ((m = word_at(s, n, i, "the")) > 0)
        i = skip_space(s, n, i + m);
    if ((m = word_at(s, n, i, "end of")) > 0 || (m = word_at(s, n, i, "end")) > 0) {
        endof = 1;
        i = skip_space(s, n, i + m);
        if ((m = word_at(s, n, i, "the")) > 0)
            i = skip_space(s, n, i + m);
    }
    if (i >= n)
        return DP_NONE;
    if (is_digit((unsigned char)s[i])) {
        size_t j = i;
        int32_t dd;
        while (j < n && (is_digit((unsigned char)s[j]) || s[j] == '/' || s[j] == '-'))
            j++;
        while (j > i && (s[j - 1] == '-' || s[j - 1] == '/'))
            j--;
        if (j - i >= 8 && date_parse(s + i, j - i, &dd) == 0) {
            *end = j;
            *date = dd;
            return DP_DATE;
        }
        d = digits_at(s, n, i, &l);
        if (d < 0)
            return DP_NONE;
        if (l == 4 && d >= 1990 && d <= 2100) {
            *end = i + l;
            if (endof) {
                *date = date_from_ymd(d, 12, 31);
                return DP_DATE;
            }
            return DP_YEAR;
        }
        if (l > 2)
            return DP_NONE;
        i += l;
        if (i + 2 <= n && (word_at(s, n, i, "st") || word_at(s, n, i, "nd") ||
                           word_at(s, n, i, "rd") || word_at(s, n, i, "th")))
            i += 2;
        i = skip_space(s, n, i);
        mo = month_at(s, n, i, &l);
        if (!mo)
            return DP_NONE;
        i += l;
        if (i < n && s[i] == ',')
            i++;
        i = skip_space(s, n, i);
        y = digits_at(s, n, i, &l);
        if (l != 4 || !date_valid_ymd(y, mo, d))
            return DP_NONE;
        *end = i + l;
        *date = date_from_ymd(y, mo, d);
        return DP_DATE;
    }
    *lab0 = i;
    mo = month_at(s, n, i, &l);
    if (!mo)
        return DP_NONE;
    i += l;
    if (i < n && s[i] == ',')
        i++;
    i = skip_space(s, n, i);
    y = digits_at(s, n, i, &l);
    if (l != 4 || y < 1990 || y > 2100)
        return DP_NONE;
    *end = i + l;
    *lab1 = i + l;
    if (endof) {
        int dd = 31;
        while (!date_valid_ymd(y, mo, dd))
            dd--;
        *date = date_from_ymd(y, mo, dd);
        return DP_DATE;
    }
    return DP_MONTH;
}

static const char *due_from(int kind, int32_t date, const char *s, size_t l0, size_t l1,
                            struct arena *a)
{
    char buf[DATE_BUFSZ];
    if (kind == DP_DATE)
        return arena_strdup(a, date_format(date, buf));
    if (kind == DP_MONTH)
        return arena_strndup(a, s + l0, l1 - l0);
    return NULL;
}

static int first_date(const char *s, size_t n, struct arena *a, const char **due)
{
    *due = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t end, l0 = 0, l1 = 0;
        int32_t d = DATE_NONE;
        int k;
        if (i && (is_alpha((unsigned char)s[i - 1]) || is_digit((unsigned char)s[i - 1])))
            continue;
        k = date_phrase(s, n, i, &end, &d, &l0, &l1);
        if (k == DP_DATE || k == DP_MONTH) {
            *due = due_from(k, d, s, l0, l1, a);
            return 1;
        }
    }
    return 0;
}

static int number_word(const char *s, size_t n, size_t i, size_t *len)
{
    static const char *const W[] = {"a", "an", "one", "two", "three", "four", "five", "six",
                                    "seven", "eight", "nine", "ten", "eleven", "twelve",
                                    "eighteen", "twenty-four", "twenty four", NULL};
    size_t l;
    if (i < n && is_digit((unsigned char)s[i]))
        return digits_at(s, n, i, len) >= 0;
    for (const char *const *w = W; *w; w++)
        if ((l = word_at(s, n, i, *w)) > 0) {
            *len = l;
            return 1;
        }
    return 0;
}

int extract_deadline(const char *s, size_t n, struct arena *a, const char **phrase,
                     const char **due)
{
    static const char *const KEY[] = {"no later than", "not later than", "by no later than",
                                      "by", "before", "until", NULL};
    *phrase = *due = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t m, end = 0, l0 = 0, l1 = 0, l;
        int32_t d = DATE_NONE;
        int k;
        if (i && (is_alpha((unsigned char)s[i - 1]) || is_digit((unsigned char)s[i - 1])))
            continue;
        if (!is_alpha((unsigned char)s[i]))
            continue;
        if ((m = word_at(s, n, i, "within")) > 0) {
            size_t j = skip_space(s, n, i + m);
            if (number_word(s, n, j, &l)) {
                j = skip_space(s, n, j + l);
                static const char *const U[] = {"days", "day", "weeks", "week", "months",
                                                "month", "years", "year", NULL};
                for (const char *const *u = U; *u; u++)
                    if ((l = word_at(s, n, j, *u)) > 0) {
                        *phrase = arena_strndup(a, s + i, j + l - i);
                        return 1;
                    }
            }
            continue;
        }
        for (const char *const *kw = KEY; *kw; kw++) {
            if (!(m = word_at(s, n, i, *kw)))
                continue;
            k = date_phrase(s, n, skip_space(s, n, i + m), &end, &d, &l0, &l1);
            if (k == DP_NONE)
                break;
            *phrase = arena_strndup(a, s + i, end - i);
            *due = due_from(k, d, s, l0, l1, a);
            return 1;
        }
    }
    return 0;
}

/* ---- addressees --------------------------------------------------------------------- */

static const struct {
    const char *f, *name;
    int whole; /* only when it is the whole subject */
} ADDRESSEES[] = {
    {" all chief constables ", "chief constables", 0},
    {" chief constables ", "chief constables", 0},
    {" chief officers ", "chief officers", 0},
    {" all police forces ", "all forces", 0},
    {" all forces ", "all forces", 0},
    {" forces ", "all forces", 1},
    {" police forces ", "all forces", 1},
    {" the home office ", "the Home Office", 0},
    {" home office ", "the Home Office", 0},
    {" the college of policing ", "the College of Policing", 0},
    {" college of policing ", "the College of Policing", 0},
    {" the npcc ", "the NPCC", 0},
    {" npcc ", "the NPCC", 0},
    {" national police chiefs council ", "the NPCC", 0},
    {" national police chiefs council ", "the NPCC", 0},
    {" police and crime commissioners ", "police and crime commissioners", 0},
    {" pccs ", "police and crime commissioners", 0},
    {" the crown prosecution service ", "the CPS", 0},
    {" the cps ", "the CPS", 0},
    {" the ministry of justice ", "the Ministry of Justice", 0},
    {" the government ", "the Government", 0},
    {" the force ", "the force", 0},
    {" force ", "the force", 1},
    {" the forces ", "all forces", 1},
};
#define NADDRESSEES (sizeof ADDRESSEES / sizeof ADDRESSEES[0])

/* Known bodies named in folded f, canonical, joined with " and ". */
static const char *known_bodies(const char *f, struct arena *a)
{
    const char *names[8];
    size_t nn = 0;
    char *r;
    for (size_t k = 0; k < NADDRESSEES && nn < 8; k++) {
        int dup = 0;
        if (ADDRESSEES[k].whole ? strcmp(f, ADDRESSEES[k].f) != 0 : !has(f, ADDRESSEES[k].f))
            continue;
        for (size_t j = 0; j < nn; j++)
            dup |= names[j] == ADDRESSEES[k].name || !strcmp(names[j], ADDRESSEES[k].name);
        if (!dup)
            names[nn++] = ADDRESSEES[k].name;
    }
    /* "the force" inside "all forces" or "chief constables of all forces" */
    if (nn > 1)
        for (size_t j = 0; j < nn; j++)
            if (!strcmp(names[j], "the force")) {
                memmove(names + j, names + j + 1, (nn - j - 1) * sizeof *names);
                nn--;
                break;
            }
    if (!nn)
        return NULL;
    r = arena_strdup(a, names[0]);
    for (size_t j = 1; j < nn; j++)
        r = arena_printf(a, "%s and %s", r, names[j]);
    return r;
}

const char *extract_addressee(const char *s, size_t n, struct arena *a)
{
    static const char *const LEADS[] = {"we recommend that", "hmicfrs recommends that",
                                        "it is recommended that", "we recommend", "that", NULL};
    static const char *const MODALS[] = {"should", "must", "needs to", "need to", "ought to",
                                         "is to", "are to", "has to", "have to", "will", NULL};
    static const char *const ADVERBIAL[] = {"except", "in", "as", "with", "where", "when", "if",
                                            "given", "for", "following", "since", "overall",
                                            "to", "working", "after", "once", NULL};
    struct buf fb;
    size_t i = 0, m, subj_end = 0;
    int found = 0, to_form = 0, words = 0;
    const char *r = NULL;

    buf_init(&fb, 0);
    for (const char *const *p = LEADS; *p; p++)
        if ((m = word_at(s, n, 0, *p)) > 0) {
            i = skip_space(s, n, m);
            if (i < n && s[i] == ',')
                i = skip_space(s, n, i + 1);
            break;
        }
    /* "By 31 March 2024, chief constables should": past the deadline clause */
    {
        size_t j = i;
        if (word_at(s, n, j, "by") || word_at(s, n, j, "within") || word_at(s, n, j, "no later") ||
            word_at(s, n, j, "not later") || word_at(s, n, j, "before")) {
            const char *comma = memchr(s + j, ',', n - j < 80 ? n - j : 80);
            if (comma)
                i = skip_space(s, n, (size_t)(comma - s) + 1);
        }
    }
    for (size_t j = i; j < n && !found; j++) {
        if (j > i && !(s[j - 1] == ' '))
            continue;
        if (s[j] == ' ')
            continue;
        words++;
        for (const char *const *p = MODALS; *p; p++)
            if (j > i && word_at(s, n, j, *p)) {
                found = 1;
                subj_end = j;
                break;
            }
        if (!found && j > i && words <= 10 && word_at(s, n, j, "to")) {
            found = 1;
            to_form = 1;
            subj_end = j;
        }
        if (s[j] == '.' || words > 40)
            break;
    }
    if (found) {
        const char *subj = s + i;
        size_t sn = rtrim(subj, subj_end - i);
        const char *f;
        if (to_form && word_at(s, n, subj_end, "to be"))
            goto out; /* "CAD terminal to be re-installed": no one named */
        while (sn && (subj[sn - 1] == ','))
            sn = rtrim(subj, sn - 1);
        f = fold(subj, sn, &fb);
        r = known_bodies(f, a);
        if (r)
            goto out;
        /* "Except for cybercrime, the force": past an opening clause */
        for (const char *const *p = ADVERBIAL; *p; p++)
            if (word_at(subj, sn, 0, *p)) {
                const char *comma = memchr(subj, ',', sn);
                if (comma) {
                    size_t skip = skip_space(subj, sn, (size_t)(comma - subj) + 1);
                    subj += skip;
                    sn -= skip;
                }
                break;
            }
        {
            int w = 0;
            for (size_t k = 0; k < sn; k++)
                w += subj[k] == ' ';
            if (sn && w < 20 && (is_upper((unsigned char)subj[0]) || word_at(subj, sn, 0, "the")))
                r = arena_strndup(a, subj, sn);
        }
        goto out;
    }
    {
        /* No verb found: a body named in the first sentence. */
        const char *dot = memchr(s, '.', n);
        r = known_bodies(fold(s, dot ? (size_t)(dot - s) : n, &fb), a);
    }
out:
    buf_release(&fb);
    return r;
}

/* ---- refs ------------------------------------------------------------------------------ */

const char *extract_kind_code(enum action_kind kind)
{
    switch (kind) {
    case AK_AFI: return "AFI";
    case AK_CAUSE_OF_CONCERN: return "CoC";
    default: return "R";
    }
}

void extract_ref_prefix(const char *title, char *buf, size_t n)
{
    static const char *const STOP[] = {"of", "the", "and", "on", "in", "for", "a", "an", "to",
                                       "with", "by", "at", "into", "from", "its", "their", NULL};
    size_t o = 0, i = 0, len = title ? strlen(title) : 0;
    if (!n)
        return;
    while (i < len && o + 1 < n) {
        size_t s, e, upper = 0, alpha = 0, digit = 0;
        char w[32];
        while (i < len && !(is_alpha((unsigned char)title[i]) || is_digit((unsigned char)title[i])))
            i++;
        s = i;
        while (i < len && (is_alpha((unsigned char)title[i]) || is_digit((unsigned char)title[i]) ||
                           (unsigned char)title[i] >= 0x80))
            i++;
        e = i;
        if (e == s)
            break;
        for (size_t k = s; k < e; k++) {
            upper += is_upper((unsigned char)title[k]);
            alpha += is_alpha((unsigned char)title[k]);
            digit += is_digit((unsigned char)title[k]);
        }
        if (e - s < sizeof w) {
            int stop = 0;
            for (size_t k = s; k < e; k++)
                w[k - s] = (char)lc((unsigned char)title[k]);
            w[e - s] = '\0';
            for (const char *const *p = STOP; *p; p++)
                stop |= !strcmp(w, *p);
            if (stop)
                continue;
        }
        if (digit == e - s) {
            size_t from = digit == 4 ? s + 2 : s;
            for (size_t k = from; k < e && o + 1 < n; k++)
                buf[o++] = title[k];
        } else if (alpha >= 2 && upper == alpha && e - s <= 8) {
            for (size_t k = s; k < e && o + 1 < n; k++)
                buf[o++] = title[k];
        } else if (is_alpha((unsigned char)title[s])) {
            buf[o++] = (char)(is_lower((unsigned char)title[s]) ? title[s] - 32 : title[s]);
        }
        if (o >= 12)
            break;
    }
    if (!o) {
        snprintf(buf, n, "EXT");
        return;
    }
    buf[o] = '\0';
}

/* ---- de-duplication ----------------------------------------------------------------------- */

struct extract_entry {
    const char *norm;
    size_t len;
    const char *ref;
    uint64_t *tok;
    size_t ntok;
};

/* Lower case, punctuation dropped, white space single: "the force should". */
static char *normalise(const char *s, struct arena *a, size_t *len)
{
    struct buf b;
    const char *f;
    char *r;
    size_t n;
    buf_init(&b, 0);
    f = fold(s, strlen(s), &b);
    n = strlen(f);
    r = n >= 2 ? arena_strndup(a, f + 1, n - 2) : arena_strdup(a, "");
    *len = strlen(r);
    buf_release(&b);
    return r;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t *tokens(const char *norm, size_t len, struct arena *a, size_t *nt)
{
    size_t cap = 1, k = 0;
    uint64_t *t;
    for (size_t i = 0; i < len; i++)
        cap += norm[i] == ' ';
    t = arena_alloc(a, cap * sizeof *t);
    for (size_t i = 0; i < len;) {
        uint64_t h = 1469598103934665603ULL;
        size_t s = i;
        while (i < len && norm[i] != ' ')
            h = (h ^ (unsigned char)norm[i++]) * 1099511628211ULL;
        if (i > s)
            t[k++] = h;
        i++;
    }
    qsort(t, k, sizeof *t, cmp_u64);
    {
        size_t u = 0;
        for (size_t i = 0; i < k; i++)
            if (!u || t[u - 1] != t[i])
                t[u++] = t[i];
        k = u;
    }
    *nt = k;
    return t;
}

/* Dice coefficient of two sorted token sets: 2c / (na + nb) >= 0.9. */
static int tokens_close(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, common = 0;
    if (!na || !nb || 20 * (na < nb ? na : nb) < 9 * (na + nb))
        return 0;
    while (i < na && j < nb) {
        if (a[i] == b[j])
            common++, i++, j++;
        else if (a[i] < b[j])
            i++;
        else
            j++;
    }
    return 20 * common >= 9 * (na + nb);
}

/* Edit distance of a and b at most 10% of the longer, in a band. */
static int edit_close(const char *a, size_t na, const char *b, size_t nb)
{
    size_t maxn = na > nb ? na : nb, k = maxn / 10, diff = na > nb ? na - nb : nb - na;
    size_t *prev, *cur;
    int ok;
    if (diff > k)
        return 0;
    if (!maxn)
        return 1;
    prev = xmalloc((nb + 1) * sizeof *prev);
    cur = xmalloc((nb + 1) * sizeof *cur);
    for (size_t j = 0; j <= nb; j++)
        prev[j] = j;
    ok = 1;
    for (size_t i = 1; i <= na && ok; i++) {
        size_t lo = i > k ? i - k : 0, hi = i + k < nb ? i + k : nb, best = (size_t)-1;
        for (size_t j = 0; j <= nb; j++)
            cur[j] = k + 1;
        if (lo == 0)
            cur[0] = i;
        for (size_t j = lo ? lo : 1; j <= hi; j++) {
            size_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v > k + 1 ? k + 1 : v;
        }
        for (size_t j = lo; j <= hi; j++)
            if (cur[j] < best)
                best = cur[j];
        if (best > k)
            ok = 0;
        {
            size_t *t = prev;
            prev = cur;
            cur = t;
        }
    }
    ok = ok && prev[nb] <= k;
    free(prev);
    free(cur);
    return ok;
}

void extract_index_init(struct extract_index *x, struct arena *a)
{
    memset(x, 0, sizeof *x);
    x->a = a;
    strmap_init(&x->exact);
}

void extract_index_release(struct extract_index *x)
{
    free(x->v);
    strmap_release(&x->exact);
    x->v = NULL;
    x->n = x->cap = 0;
}

void extract_index_add(struct extract_index *x, const char *text, const char *ref)
{
    struct extract_entry *e;
    if (!text)
        return;
    xgrow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v);
    e = &x->v[x->n];
    e->norm = normalise(text, x->a, &e->len);
    e->ref = arena_strdup(x->a, ref ? ref : "");
    e->tok = tokens(e->norm, e->len, x->a, &e->ntok);
    if (e->len)
        strmap_put(&x->exact, e->norm, e->len, (int64_t)x->n);
    x->n++;
}

const char *extract_index_match(const struct extract_index *x, const char *text)
{
    struct arena a;
    size_t len, nt;
    const char *norm, *r = NULL;
    uint64_t *tok;
    int64_t v;

    arena_init(&a);
    norm = normalise(text, &a, &len);
    if (!len)
        goto out;
    if (strmap_get(&x->exact, norm, len, &v)) {
        r = x->v[v].ref;
        goto out;
    }
    tok = tokens(norm, len, &a, &nt);
    for (size_t i = 0; i < x->n && !r; i++) {
        const struct extract_entry *e = &x->v[i];
        if (tokens_close(tok, nt, e->tok, e->ntok) || edit_close(norm, len, e->norm, e->len))
            r = e->ref;
    }
out:
    arena_release(&a);
    return r;
}

int extract_same_text(const char *a, const char *b)
{
    struct arena ar;
    struct extract_index x;
    int r;
    arena_init(&ar);
    extract_index_init(&x, &ar);
    extract_index_add(&x, a, "x");
    r = extract_index_match(&x, b) != NULL;
    extract_index_release(&x);
    arena_release(&ar);
    return r;
}
