// js-enabled.js -- marks the page as scripted before it is drawn, as GOV.UK
// Frontend's template does with an inline snippet, which the
// Content-Security-Policy here forbids.
document.body.className +=
  ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
