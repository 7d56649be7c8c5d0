/* pages.h -- the handlers the routing table (routes.c) names: page_*.c
 * answer with HTML pages, api_*.c with JSON. Each has the signature of
 * struct web_route's handler (router.h). */
#ifndef OVERSIGHT_PAGES_H
#define OVERSIGHT_PAGES_H

#include "web/http.h"

/* page_login.c */
int page_login_form(struct web_request *req, struct web_response *resp);
int page_login_post(struct web_request *req, struct web_response *resp);
int page_logout(struct web_request *req, struct web_response *resp);
/* page_dashboard.c */
int page_dashboard(struct web_request *req, struct web_response *resp);
/* page_sources.c */
int page_sources(struct web_request *req, struct web_response *resp);
int page_source(struct web_request *req, struct web_response *resp);
int page_source_new(struct web_request *req, struct web_response *resp);
int page_source_create(struct web_request *req, struct web_response *resp);
int page_source_edit(struct web_request *req, struct web_response *resp);
int page_source_update(struct web_request *req, struct web_response *resp);
/* page_import.c */
int page_import_form(struct web_request *req, struct web_response *resp);
int page_import_preview(struct web_request *req, struct web_response *resp);
int page_import(struct web_request *req, struct web_response *resp);
/* page_papers.c */
int page_papers(struct web_request *req, struct web_response *resp);
int page_paper(struct web_request *req, struct web_response *resp);
int page_points(struct web_request *req, struct web_response *resp);
int page_point_add(struct web_request *req, struct web_response *resp);
/* page_measures.c */
int page_measures(struct web_request *req, struct web_response *resp);
int page_measure(struct web_request *req, struct web_response *resp);
int page_measure_observe(struct web_request *req, struct web_response *resp);
/* page_audit.c */
int page_audit(struct web_request *req, struct web_response *resp);
/* page_users.c */
int page_users(struct web_request *req, struct web_response *resp);
int page_user_new(struct web_request *req, struct web_response *resp);
int page_user_create(struct web_request *req, struct web_response *resp);
int page_user_disabled(struct web_request *req, struct web_response *resp);
int page_user_password_form(struct web_request *req, struct web_response *resp);
int page_user_password(struct web_request *req, struct web_response *resp);
/* page_actions.c */
int page_actions(struct web_request *req, struct web_response *resp);
int page_actions_csv(struct web_request *req, struct web_response *resp);
int page_actions_xlsx(struct web_request *req, struct web_response *resp);
/* page_action.c */
int page_action(struct web_request *req, struct web_response *resp);
int page_action_new(struct web_request *req, struct web_response *resp);
int page_action_edit(struct web_request *req, struct web_response *resp);
int page_action_evidence(struct web_request *req, struct web_response *resp);
/* page_action_forms.c */
int page_action_create(struct web_request *req, struct web_response *resp);
int page_action_save(struct web_request *req, struct web_response *resp);
int page_action_update(struct web_request *req, struct web_response *resp);
int page_action_closure(struct web_request *req, struct web_response *resp);
int page_action_refusal(struct web_request *req, struct web_response *resp);
int page_action_reopen(struct web_request *req, struct web_response *resp);
int page_action_extend(struct web_request *req, struct web_response *resp);
int page_action_void(struct web_request *req, struct web_response *resp);
/* page_health.c */
int page_health(struct web_request *req, struct web_response *resp);
/* page_assets.c */
int page_asset(struct web_request *req, struct web_response *resp);
/* page_extract.c */
int page_extract_form(struct web_request *req, struct web_response *resp);
int page_extract_upload(struct web_request *req, struct web_response *resp);
int page_extract_review(struct web_request *req, struct web_response *resp);
int page_extract_save(struct web_request *req, struct web_response *resp);
int page_extract_import(struct web_request *req, struct web_response *resp);
/* The source page's link to the upload form, for those who may use it. */
struct source;
void page_extract_link(struct web_request *req, struct html *h, const struct source *src);
/* api_me.c */
int api_me(struct web_request *req, struct web_response *resp);
/* api_actions.c, api_sources.c, api_reports.c, openapi.c */
int api_actions(struct web_request *req, struct web_response *resp);
int api_action(struct web_request *req, struct web_response *resp);
int api_action_update(struct web_request *req, struct web_response *resp);
int api_sources(struct web_request *req, struct web_response *resp);
int api_report_committee(struct web_request *req, struct web_response *resp);
int api_openapi(struct web_request *req, struct web_response *resp);

#endif
