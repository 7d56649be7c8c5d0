/* user.c -- roles and the rules for user names and passwords. */
#include "domain/user.h"

#include <string.h>

static const char *const role_names[] = {"", "admin", "editor", "board", "owner", "viewer"};
static const struct vocab_alias role_aliases[] = {{"administrator", ROLE_ADMIN},
                                                  {"read only", ROLE_VIEWER},
                                                  {"reader", ROLE_VIEWER},
                                                  {NULL, 0}};
const struct vocab VOCAB_ROLE = {"role", role_names, ROLE__COUNT, role_aliases};

int role_allows(enum role have, enum role need)
{
    if (have <= ROLE_NONE || have >= ROLE__COUNT || need <= ROLE_NONE || need >= ROLE__COUNT)
        return 0;
    if (have == need || have == ROLE_ADMIN || need == ROLE_VIEWER)
        return 1;
    return have == ROLE_EDITOR && need == ROLE_OWNER;
}

const char *user_name_problem(const char *name)
{
    size_t n = strlen(name);
    if (n == 0)
        return "Enter a user name";
    if (n > USER_NAME_MAX)
        return "A user name must be 64 characters or fewer";
    if (strchr("._-@", name[0]))
        return "A user name must start with a letter or a digit";
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              strchr("._-@", c)))
            return "A user name can only contain letters, digits and . _ - @";
    }
    return NULL;
}

/* Characters in s, or -1 when s is not UTF-8 or holds a control character. */
static long utf8_chars(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long count = 0;
    while (*p) {
        unsigned c = *p, cp;
        size_t len;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return -1;
            len = 1, cp = c;
        } else if (c >= 0xc2 && c <= 0xdf) {
            len = 2, cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3, cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4, cp = c & 0x07;
        } else {
            return -1;
        }
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return -1;
            cp = cp << 6 | (p[i] & 0x3f);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0x80 && cp < 0xa0))
            return -1;
        p += len;
        count++;
    }
    return count;
}

const char *user_password_problem(const char *password)
{
    long n;
    if (strlen(password) > USER_PASSWORD_MAX)
        return "A password must be 1024 bytes or fewer";
    n = utf8_chars(password);
    if (n < 0)
        return "A password must be UTF-8 text without control characters";
    if (n < USER_PASSWORD_MIN)
        return "A password must be 12 characters or more";
    return NULL;
}
