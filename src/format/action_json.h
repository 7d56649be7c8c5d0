/* action_json.h -- an action as JSON: the object `oversight list --format
 * json` and `oversight show` write, and the API gives with its version. One
 * writer, so the command line and the API name and format every field alike. */
#ifndef OVERSIGHT_ACTION_JSON_H
#define OVERSIGHT_ACTION_JSON_H

#include <stdint.h>

#include "base/buf.h"
#include "domain/model.h"

/* Writes the members of a's object, without its braces, after any a caller
 * has written (jsonw_key's *first): overdue as at as_of, historic against
 * cutoff (null when cutoff is DATE_NONE). A caller adds its own members
 * after them, as the API adds the version. */
void action_json_members(struct buf *b, int *first, const struct action *a, int32_t as_of,
                         int32_t cutoff);

/* The whole object: {members}. */
void action_json(struct buf *b, const struct action *a, int32_t as_of, int32_t cutoff);

#endif
