/* secret.h -- secrets: random tokens, the digests they are stored under, and
 * password hashes, all over libsodium.
 *
 * A session or API token is shown once (a cookie, a line on the terminal) and
 * kept only as its digest, so a copy of the register holds nothing that
 * signs anyone in. Passwords are kept as Argon2id hashes in libsodium's
 * self-describing string form, which carries its own salt and cost. */
#ifndef OVERSIGHT_SECRET_H
#define OVERSIGHT_SECRET_H

#include <stddef.h>

#include "base/err.h"

#define SECRET_TOKEN_BUFSZ 64   /* prefix (up to 15 bytes) + 43 + NUL */
#define SECRET_DIGEST_BUFSZ 65  /* 64 hex digits + NUL */
#define SECRET_HASH_BUFSZ 128   /* crypto_pwhash_STRBYTES */

/* A new token: prefix then 32 random bytes in unpadded base64url. */
void secret_token(char out[SECRET_TOKEN_BUFSZ], const char *prefix);
/* The digest a token is stored and looked up under (BLAKE2b-256, hex). */
void secret_digest(const char *token, char out[SECRET_DIGEST_BUFSZ]);
/* Whether two strings are equal, in time that depends only on their
 * lengths (for comparing a presented secret with the stored one). */
int secret_equal(const char *a, const char *b);

/* An Argon2id hash of password at libsodium's interactive cost (64 MiB).
 * Returns 0, or ERR_LIMIT when the machine cannot spare the memory. */
int secret_password_hash(const char *password, char out[SECRET_HASH_BUFSZ], struct err *e);
/* 1 when password matches hash, else 0. A NULL or malformed hash matches
 * nothing but costs the same time as a real one, so that "no such user"
 * cannot be told from "wrong password" by timing. */
int secret_password_verify(const char *hash, const char *password);

#endif
