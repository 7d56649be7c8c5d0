// app.js -- starts GOV.UK Frontend's and MoJ Frontend's components on the
// page. Loaded as a module from our own files: the pages carry no inline
// script, and work without this one.
import { initAll as initGovuk } from './govuk-frontend.min.js'
import { initAll as initMoj } from './moj-frontend.min.js'

initGovuk()
initMoj()
