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
/* page_health.c */
int page_health(struct web_request *req, struct web_response *resp);
/* page_assets.c */
int page_asset(struct web_request *req, struct web_response *resp);
/* api_me.c */
int api_me(struct web_request *req, struct web_response *resp);

#endif
