/* api_reports.c -- GET /api/reports/committee: the quarterly inspections
 * paper as JSON, the same bytes as `oversight report committee --format
 * json` for the same point (service/paper_committee.h). as_of is a stored
 * reporting point (none: the latest on or before today), committee the
 * committee (none: the committee setting). A user not cleared for
 * restricted items gets the public version, as with --public; public=true
 * asks for it. */
#include <string.h>

#include "base/date.h"
#include "service/paper_committee.h"
#include "web/api.h"
#include "web/app.h"
#include "web/pages.h"

int api_report_committee(struct web_request *req, struct web_response *resp)
{
    static const char *const params[] = {"as_of", "committee", "public", NULL};
    const char *as_of = web_query(req, "as_of"), *committee = web_query(req, "committee");
    struct paper_opts o = {0};
    struct paper_committee p;
    struct err e = {0};
    int rc, pub;

    if ((rc = web_require(req, ROLE_VIEWER)) || (rc = api_known_params(req, resp, params)))
        return rc;
    if ((pub = api_flag(web_query(req, "public"))) < 0)
        return api_bad(resp, "public is true or false.");
    o.as_of = DATE_NONE;
    if (as_of && *as_of && date_parse(as_of, strlen(as_of), &o.as_of))
        return api_bad(resp, "as_of must be a date, YYYY-MM-DD: a reporting point.");
    o.committee = committee && *committee ? committee : NULL;
    o.public_version = pub || req->user->clearance != MK_RESTRICTED;
    if ((rc = paper_committee_load(req->store, &o, req->arena, &p, &e)))
        return web_fail(req, resp, &e);
    if ((rc = paper_committee_json(&p, api_body(resp, 200), &e)))
        return web_fail(req, resp, &e);
    return 0;
}
