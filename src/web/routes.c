/* routes.c -- the routing table: every URL the web application answers.
 *
 * To add a page: write its handler in a page_*.c (or api_*.c) file,
 * declare it in pages.h, and add a line here. Patterns are matched over
 * the undecoded path (router.h), first match wins. Flags (router.h): a
 * route answers only signed-in users unless WEB_ANON; WEB_API makes its
 * errors JSON. The role a page needs is checked in its handler
 * (web_require), CSRF for every POST by the application (app.h). */
#include "web/pages.h"
#include "web/router.h"

const struct web_route WEB_ROUTES[] = {
    /* open to everyone */
    {WEB_GET, "/health", page_health, WEB_ANON},
    {WEB_GET, "/assets/:version/*name", page_asset, WEB_ANON | WEB_NO_STORE},
    {WEB_GET, "/login", page_login_form, WEB_ANON},
    {WEB_POST, "/login", page_login_post, WEB_ANON},
    /* signed in */
    {WEB_POST, "/logout", page_logout, 0},
    {WEB_GET, "/", page_dashboard, WEB_CACHE},
    {WEB_GET, "/actions", page_actions, WEB_CACHE},
    {WEB_GET, "/actions.csv", page_actions_csv, 0},
    {WEB_GET, "/actions.xlsx", page_actions_xlsx, 0},
    {WEB_GET, "/actions/new", page_action_new, 0},
    {WEB_POST, "/actions", page_action_create, 0},
    {WEB_GET, "/actions/:ref", page_action, 0},
    {WEB_POST, "/actions/:ref", page_action_save, 0},
    {WEB_GET, "/actions/:ref/edit", page_action_edit, 0},
    {WEB_POST, "/actions/:ref/updates", page_action_update, 0},
    {WEB_POST, "/actions/:ref/updates/:id/void", page_action_void, 0},
    {WEB_POST, "/actions/:ref/closure", page_action_closure, 0},
    {WEB_POST, "/actions/:ref/refusal", page_action_refusal, 0},
    {WEB_POST, "/actions/:ref/reopening", page_action_reopen, 0},
    {WEB_POST, "/actions/:ref/target-dates", page_action_extend, 0},
    {WEB_GET, "/actions/:ref/evidence/:id", page_action_evidence, 0},
    {WEB_GET, "/sources/:source/extract", page_extract_form, 0},
    {WEB_POST, "/sources/:source/extract", page_extract_upload, 0},
    {WEB_GET, "/sources/:source/extract/:set", page_extract_review, 0},
    {WEB_POST, "/sources/:source/extract/:set", page_extract_save, 0},
    {WEB_POST, "/sources/:source/extract/:set/import", page_extract_import, 0},
    {WEB_GET, "/sources", page_sources, 0},
    {WEB_GET, "/sources/new", page_source_new, 0},
    {WEB_POST, "/sources", page_source_create, 0},
    {WEB_GET, "/sources/:source", page_source, 0},
    {WEB_POST, "/sources/:source", page_source_update, 0},
    {WEB_GET, "/sources/:source/edit", page_source_edit, 0},
    {WEB_GET, "/import", page_import_form, 0},
    {WEB_POST, "/import/preview", page_import_preview, 0},
    {WEB_POST, "/import", page_import, 0},
    {WEB_GET, "/papers", page_papers, 0},
    {WEB_GET, "/papers/points", page_points, 0},
    {WEB_POST, "/papers/points", page_point_add, 0},
    {WEB_GET, "/papers/:paper", page_paper, 0},
    {WEB_GET, "/measures", page_measures, 0},
    {WEB_GET, "/measures/:measure", page_measure, 0},
    {WEB_POST, "/measures/:measure/observations", page_measure_observe, 0},
    {WEB_GET, "/audit", page_audit, 0},
    {WEB_GET, "/users", page_users, 0},
    {WEB_GET, "/users/new", page_user_new, 0},
    {WEB_POST, "/users", page_user_create, 0},
    {WEB_POST, "/users/:name/disabled", page_user_disabled, 0},
    {WEB_GET, "/users/:name/password", page_user_password_form, 0},
    {WEB_POST, "/users/:name/password", page_user_password, 0},
    /* the JSON API */
    {WEB_GET, "/api/me", api_me, WEB_API},
    {WEB_GET, "/api/actions", api_actions, WEB_API},
    {WEB_GET, "/api/actions/:ref", api_action, WEB_API},
    {WEB_POST, "/api/actions/:ref/updates", api_action_update, WEB_API},
    {WEB_GET, "/api/sources", api_sources, WEB_API},
    {WEB_GET, "/api/reports/committee", api_report_committee, WEB_API},
    {WEB_GET, "/api/openapi.json", api_openapi, WEB_API},
};

const size_t WEB_NROUTES = sizeof WEB_ROUTES / sizeof WEB_ROUTES[0];
