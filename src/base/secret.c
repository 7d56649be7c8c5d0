/* secret.c -- tokens, digests and password hashes over libsodium. */
#include "base/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static char dummy_hash[SECRET_HASH_BUFSZ];

/* sodium_init is needed once before anything else; the dummy hash is what a
 * missing account is verified against. Failure of either means the machine
 * has no randomness or no memory, which nothing here can work around. */
static void init(void)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "oversight: libsodium could not be initialised\n");
        abort();
    }
    if (crypto_pwhash_str_alg(dummy_hash, "not a password of anyone's", 26,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        fprintf(stderr, "oversight: out of memory hashing a password\n");
        abort();
    }
}

void secret_token(char out[SECRET_TOKEN_BUFSZ], const char *prefix)
{
    unsigned char raw[32];
    size_t n = prefix ? strlen(prefix) : 0;

    pthread_once(&init_once, init);
    if (n > 15)
        n = 15;
    if (n)
        memcpy(out, prefix, n);
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out + n, SECRET_TOKEN_BUFSZ - n, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void secret_digest(const char *token, char out[SECRET_DIGEST_BUFSZ])
{
    unsigned char d[32];
    pthread_once(&init_once, init);
    crypto_generichash(d, sizeof d, (const unsigned char *)token, strlen(token), NULL, 0);
    sodium_bin2hex(out, SECRET_DIGEST_BUFSZ, d, sizeof d);
}

int secret_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n != strlen(b))
        return 0;
    return n == 0 || sodium_memcmp(a, b, n) == 0;
}

int secret_password_hash(const char *password, char out[SECRET_HASH_BUFSZ], struct err *e)
{
    pthread_once(&init_once, init);
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(e, ERR_LIMIT, "not enough memory to hash the password");
    return 0;
}

int secret_password_verify(const char *hash, const char *password)
{
    int real;
    pthread_once(&init_once, init);
    real = hash && strncmp(hash, "$argon2id$", 10) == 0 && strlen(hash) < SECRET_HASH_BUFSZ;
    if (crypto_pwhash_str_verify(real ? hash : dummy_hash, password, strlen(password)) != 0)
        return 0;
    return real;
}
