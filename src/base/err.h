/* err.h -- error codes and the message buffer every fallible function fills.
 *
 * The rule, once for the whole program: a function that can fail returns 0 on
 * success or a negative ERR_* code, and on failure writes one human-readable
 * message (naming what and where) into the struct err passed by the caller.
 * Callers pass the err up unchanged or replace it; only main() prints it and
 * chooses the exit status (err_exit_status). */
#ifndef OVERSIGHT_ERR_H
#define OVERSIGHT_ERR_H

enum {
    ERR_OK = 0,
    ERR_INPUT = -1,    /* bad input: a file, a flag's value, a form field */
    ERR_USAGE = -2,    /* bad command-line usage (exit status 2) */
    ERR_NOTFOUND = -3, /* a named thing does not exist */
    ERR_CONFLICT = -4, /* a duplicate, or a change that is no longer current */
    ERR_DB = -5,       /* the store failed */
    ERR_IO = -6,       /* a file could not be read or written */
    ERR_LIMIT = -7,    /* input over a size limit */
    ERR_DENIED = -8,   /* a rule of the register forbids the change */
};

struct err {
    int code;
    char msg[1024];
};

/* Sets e (if not NULL) and returns code, so `return err_set(e, ...)` works. */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prefixes the existing message with "prefix: ". */
void err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 2 for ERR_USAGE, 1 for any other error, 0 for none. */
int err_exit_status(int code);

#endif
