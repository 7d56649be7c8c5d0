/* test_extract.c -- the items drafted from a report's text, as a user sees
 * them: each layout a report uses (a heading and a numbered list, labels, a
 * table, a bulleted list), the seed papers, texts from which nothing may be
 * drafted, running headers and hyphenation, deadlines, addressees, refs, the
 * de-duplication test, and the text and DOCX readers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "domain/extract.h"
#include "format/report_read.h"

static struct arena A;

static int setup(void **state)
{
    arena_init(&A);
    return 0;
}

static int teardown(void **state)
{
    arena_release(&A);
    return 0;
}

/* The items of a text, read as a text file is ("\f" starts a page). */
static struct extract_item *items_of(const char *text, size_t *n)
{
    struct report_text rt;
    struct extract_item *it;
    struct err e;
    assert_int_equal(report_read_text(text, strlen(text), "t.txt", &A, &rt, &e), 0);
    extract_items(rt.lines, rt.n, &A, &it, n);
    return it;
}

static const char *kind(const struct extract_item *it)
{
    return vocab_name(&VOCAB_ACTION_KIND, it->kind);
}

/* The lines of a seed paper from the line starting with from (inclusive)
 * up to the first line after it starting with to (exclusive). */
static struct extract_item *seed_items(const char *file, const char *from, const char *to,
                                       size_t *n)
{
    const char *dir = getenv("OVERSIGHT_SHARED");
    char path[1024];
    struct report_text rt;
    struct extract_item *it;
    struct err e;
    size_t a = 0, b;

    assert_non_null(dir);
    snprintf(path, sizeof path, "%s/seeds/%s", dir, file);
    assert_int_equal(report_read_file(path, &A, &rt, &e), 0);
    if (from) {
        while (a < rt.n && !(rt.lines[a].len >= strlen(from) &&
                             !memcmp(rt.lines[a].text, from, strlen(from))))
            a++;
        assert_true(a < rt.n);
    }
    b = a + 1;
    if (to)
        while (b < rt.n && !(rt.lines[b].len >= strlen(to) &&
                             !memcmp(rt.lines[b].text, to, strlen(to))))
            b++;
    else
        b = rt.n;
    extract_items(rt.lines + a, b - a, &A, &it, n);
    return it;
}

#define assert_null_or(s, want)                                                            \
    do {                                                                                   \
        if ((want) == NULL)                                                                \
            assert_null(s);                                                                \
        else                                                                               \
            assert_string_equal((s), (want));                                              \
    } while (0)

/* ---- layouts --------------------------------------------------------------- */

static void heading_and_numbered_list(void **state)
{
    size_t n;
    struct extract_item *it = items_of(
        "An inspection of stalking\n\n"
        "Recommendations\n\n"
        "1. By 31 March 2024, chief constables should make sure their forces record stalking\n"
        "crimes accurately.\n"
        "2. Within three months, the College of Policing should update its authorised\n"
        "professional practice on stalking.\n"
        "   a. This should include guidance on protective orders.\n"
        "   b. It should also cover risk assessment.\n"
        "3. The Home Office should publish guidance on stalking protection orders not later\n"
        "than 30 June 2024.\n\n"
        "Conclusion\n\n"
        "4. We will revisit these recommendations in 2025.\n",
        &n);
    assert_int_equal(n, 3);
    assert_string_equal(kind(&it[0]), "recommendation");
    assert_string_equal(it[0].number, "1");
    assert_string_equal(it[0].text, "By 31 March 2024, chief constables should make sure their "
                                    "forces record stalking crimes accurately.");
    assert_string_equal(it[0].deadline, "By 31 March 2024");
    assert_string_equal(it[0].due, "2024-03-31");
    assert_string_equal(it[0].addressee, "chief constables");
    assert_string_equal(it[0].section, "Recommendations");
    assert_int_equal(it[0].page, 1);
    assert_string_equal(it[1].number, "2");
    assert_string_equal(it[1].text,
                        "Within three months, the College of Policing should update its "
                        "authorised professional practice on stalking. This should include "
                        "guidance on protective orders. It should also cover risk assessment.");
    assert_string_equal(it[1].deadline, "Within three months");
    assert_null(it[1].due);
    assert_string_equal(it[1].addressee, "the College of Policing");
    assert_string_equal(it[2].deadline, "not later than 30 June 2024");
    assert_string_equal(it[2].due, "2024-06-30");
    assert_string_equal(it[2].addressee, "the Home Office");
}

static void labels(void **state)
{
    size_t n;
    struct extract_item *it = items_of(
        "Summary of findings\n\n"
        "Recommendation 3: By 31 March 2024, chief constables should ensure that all domestic\n"
        "abuse cases are reviewed by a supervisor.\n\n"
        "Recommendation 4\n"
        "By 30 September 2024, the NPCC should work with the College of Policing to develop\n"
        "national guidance.\n\n"
        "RECOMMENDATION 1 \xE2\x80\x93 That the force reviews its approach to vetting.\n\n"
        "RECOMMENDATION 2 - That the force should, no later than 1 December 2024, publish its "
        "plan.\n\n"
        "Area for improvement: The force should develop a strategy for providing neighbourhood\n"
        "policing with a governance framework that will improve performance\n\n"
        "Regional Recommendation: The Metropolitan Police Service (MPS), British Transport Police\n"
        "(BTP) and the City of London Police (CoLP) should create a single sensitive intelligence "
        "unit (SIU).\n\n"
        "Cause of concern\n"
        "The force does not answer emergency calls quickly enough.\n",
        &n);
    assert_int_equal(n, 7);
    assert_string_equal(it[0].number, "3");
    assert_string_equal(it[0].text, "By 31 March 2024, chief constables should ensure that all "
                                    "domestic abuse cases are reviewed by a supervisor.");
    assert_string_equal(it[0].due, "2024-03-31");
    assert_string_equal(it[0].addressee, "chief constables");
    assert_string_equal(it[1].number, "4");
    assert_string_equal(it[1].text, "By 30 September 2024, the NPCC should work with the College "
                                    "of Policing to develop national guidance.");
    assert_string_equal(it[1].addressee, "the NPCC");
    assert_string_equal(it[2].number, "1");
    assert_string_equal(it[2].text, "That the force reviews its approach to vetting.");
    assert_string_equal(it[2].addressee, "the force");
    assert_null(it[2].deadline);
    assert_string_equal(it[3].number, "2");
    assert_string_equal(it[3].deadline, "no later than 1 December 2024");
    assert_string_equal(it[3].due, "2024-12-01");
    assert_string_equal(kind(&it[4]), "afi");
    assert_null(it[4].number);
    assert_string_equal(it[4].text, "The force should develop a strategy for providing "
                                    "neighbourhood policing with a governance framework that "
                                    "will improve performance");
    assert_string_equal(kind(&it[5]), "recommendation");
    assert_int_equal(it[5].scope, SC_REGIONAL);
    assert_string_equal(it[5].addressee, "The Metropolitan Police Service (MPS), British "
                                         "Transport Police (BTP) and the City of London Police "
                                         "(CoLP)");
    assert_string_equal(kind(&it[6]), "cause_of_concern");
    assert_string_equal(it[6].text, "The force does not answer emergency calls quickly enough.");
    for (size_t i = 0; i < n; i++)
        assert_string_equal(it[i].section, "Summary of findings");
}

static void table_with_owner_and_timescale(void **state)
{
    size_t n;
    struct extract_item *it = items_of(
        "APPENDIX 2 - Recommendations\n\n"
        "\tRecommendation\tOwner\tTimescale\n"
        "1.\tForce to review crime classification access for officers.\tFCIR\tFebruary 2024\n"
        "2.\tThe force should review the workflow task.\tNiche Team & FCIR\t31 March 2024\n"
        "3.\tCAD terminal to be re-installed.\tFCR Inspector\tEnd of June 2024\n"
        "\n"
        "Flag\tRequired\tMissed\n"
        "Hate\t4\t7\n",
        &n);
    assert_int_equal(n, 3);
    assert_string_equal(it[0].number, "1");
    assert_string_equal(it[0].text, "Force to review crime classification access for officers.");
    assert_string_equal(it[0].owner, "FCIR");
    assert_string_equal(it[0].deadline, "February 2024");
    assert_string_equal(it[0].due, "February 2024");
    assert_string_equal(it[0].addressee, "the force");
    assert_string_equal(it[0].section, "APPENDIX 2 - Recommendations");
    assert_string_equal(it[1].owner, "Niche Team & FCIR");
    assert_string_equal(it[1].due, "2024-03-31");
    assert_string_equal(it[2].deadline, "End of June 2024");
    assert_string_equal(it[2].due, "2024-06-30");
    assert_null(it[2].addressee);
}

static void table_continued_rows_and_spaces(void **state)
{
    size_t n;
    /* columns by runs of spaces, and a cell's text going on over two lines */
    struct extract_item *it = items_of(
        "No.    Area for improvement                         Lead\n"
        "1      The force should improve its recording       Head of Crime\n"
        "\tof demand.\n"
        "2      The force should reduce vacancies.           HR Director\n",
        &n);
    assert_int_equal(n, 2);
    assert_string_equal(kind(&it[0]), "afi");
    assert_string_equal(it[0].text, "The force should improve its recording of demand.");
    assert_string_equal(it[0].owner, "Head of Crime");
    assert_string_equal(it[1].number, "2");
    assert_string_equal(it[1].owner, "HR Director");
}

static void bullets_under_causes_of_concern(void **state)
{
    size_t n;
    struct extract_item *it = items_of(
        "Causes of concern\n\n"
        "\xE2\x80\xA2 The force does not understand the demand it faces in its control room.\n"
        "\xE2\x80\xA2 Victims of domestic abuse are not always safeguarded quickly enough; and\n"
        "- The force's response to missing children is inconsistent.\n\n"
        "Areas for improvement\n\n"
        "The force should improve how it records anti-social behaviour.\n\n"
        "HMICFRS found 2 areas for improvement in 2019.\n\n"
        "Next steps\n\n"
        "The force should write to the inspectorate.\n",
        &n);
    assert_int_equal(n, 4);
    assert_string_equal(kind(&it[0]), "cause_of_concern");
    assert_null(it[0].number);
    assert_string_equal(it[0].text,
                        "The force does not understand the demand it faces in its control room.");
    assert_string_equal(it[0].addressee, "the force");
    assert_string_equal(it[1].text,
                        "Victims of domestic abuse are not always safeguarded quickly enough");
    assert_string_equal(kind(&it[2]), "cause_of_concern");
    assert_string_equal(kind(&it[3]), "afi");
    assert_string_equal(it[3].text, "The force should improve how it records anti-social "
                                    "behaviour.");
    assert_string_equal(it[3].section, "Areas for improvement");
}

static void introductions(void **state)
{
    size_t n;
    struct extract_item *it = items_of(
        "Vetting\n\n"
        "The force has one area for improvement which covers vetting:\n\n"
        "- *The force understands the level of vetting each post needs;*\n"
        " - *The vetting unit has enough staff.*\n"
        "5. The force has made progress.\n\n"
        "HMICFRS made the following recommendations:\n"
        "\xE2\x80\xA2 The force should publish its vetting policy.\n"
        "\xE2\x80\xA2 The force should train its vetting staff.\n\n"
        "We found the following:\n"
        "\xE2\x80\xA2 The force should do better.\n\n"
        "Recommendations\n\n"
        "By 31 October 2024, the force should:\n"
        "\xE2\x80\xA2 answer 90 percent of emergency calls within ten seconds;\n"
        "\xE2\x80\xA2 review its call-handling staffing model; and\n"
        "\xE2\x80\xA2 monitor its performance daily.\n",
        &n);
    assert_int_equal(n, 4);
    assert_string_equal(kind(&it[0]), "afi");
    assert_string_equal(it[0].text, "The force understands the level of vetting each post needs; "
                                    "The vetting unit has enough staff.");
    assert_string_equal(it[0].section, "Vetting");
    assert_string_equal(kind(&it[1]), "recommendation");
    assert_string_equal(it[1].text, "The force should publish its vetting policy.");
    assert_string_equal(it[2].text, "The force should train its vetting staff.");
    assert_string_equal(it[3].text,
                        "By 31 October 2024, the force should: answer 90 percent of emergency "
                        "calls within ten seconds; review its call-handling staffing model; and "
                        "monitor its performance daily.");
    assert_string_equal(it[3].due, "2024-10-31");
}

static void pages_headers_and_hyphenation(void **state)
{
    size_t n;
    struct buf b;
    struct extract_item *it;
    buf_init(&b, 0);
    for (int p = 1; p <= 4; p++) {
        if (p > 1)
            buf_addc(&b, '\f');
        buf_adds(&b, "PEEL 2023\xE2\x80\x93" "25: An inspection of Anyshire Police\n\n");
        if (p == 1)
            buf_adds(&b, "Areas for improvement\n"
                         "Area for improvement 1: The force should improve the way it records\n"
                         "and reviews the inter-\n"
                         "national requests for information from multi-\n"
                         "agency partners.\n"
                         "Area for improvement 2: The force should make sure that its "
                         "officers are\n"
                         "given the time they need to investigate crime well. This includes "
                         "super-\n");
        else if (p == 2)
            buf_adds(&b, "visors reviewing investigations at regular intervals.\n\n"
                         "Some other text that goes on for a while here and there.\n");
        else
            buf_adds(&b, "Some closing words of the report about nothing in particular.\n");
        buf_addf(&b, "\nOFFICIAL\n%d\n", p);
    }
    buf_adds(&b, "internationally\n");
    it = items_of(buf_str(&b), &n);
    assert_int_equal(n, 2);
    assert_string_equal(it[0].number, "1");
    assert_string_equal(it[0].text, "The force should improve the way it records and reviews the "
                                    "international requests for information from multi-agency "
                                    "partners.");
    assert_int_equal(it[0].page, 1);
    assert_string_equal(it[1].text, "The force should make sure that its officers are given the "
                                    "time they need to investigate crime well. This includes "
                                    "supervisors reviewing investigations at regular intervals.");
    assert_int_equal(it[1].page, 1);
    buf_release(&b);
}

static void cause_of_concern_with_its_recommendations(void **state)
{
    size_t n;
    /* as HMICFRS sets them out: the cause, then what it recommends for it */
    struct extract_item *it = items_of(
        "Cause of concern\n"
        "The force does not answer emergency calls quickly enough.\n\n"
        "Recommendations\n"
        "To address this cause of concern, we recommend that, within six months, the force:\n"
        "\xE2\x80\xA2 makes sure it has enough call handlers;\n"
        "\xE2\x80\xA2 monitors its call answering times; and\n"
        "\xE2\x80\xA2 reviews its call-handling policy.\n\n"
        "Recommendation 1\n"
        "By 31 March 2024, chief constables should:\n"
        "\xE2\x80\xA2 make sure that officers record stalking;\n"
        "\xE2\x80\xA2 use protection orders.\n",
        &n);
    assert_int_equal(n, 3);
    assert_string_equal(kind(&it[0]), "cause_of_concern");
    assert_string_equal(it[0].text, "The force does not answer emergency calls quickly enough.");
    assert_string_equal(kind(&it[1]), "recommendation");
    assert_null(it[1].number);
    assert_string_equal(it[1].text, "To address this cause of concern, we recommend that, within "
                                    "six months, the force: makes sure it has enough call "
                                    "handlers; monitors its call answering times; and reviews its "
                                    "call-handling policy.");
    assert_string_equal(it[1].deadline, "within six months");
    assert_string_equal(it[1].addressee, "the force");
    assert_string_equal(it[2].number, "1");
    assert_string_equal(it[2].text, "By 31 March 2024, chief constables should: make sure that "
                                    "officers record stalking; use protection orders.");
}

static void repeated_items(void **state)
{
    size_t n;
    /* a summary restating the body: once; items numbered apart: apart */
    struct extract_item *it = items_of(
        "Summary\n\n"
        "Area for improvement: The force should improve how it records crime.\n\n"
        "Recommendations\n\n"
        "1. The force should publish its plan.\n"
        "2. The force should publish its plan.\n\n"
        "Detail\n\n"
        "Area for improvement 4: The force should improve how it records crime.\n",
        &n);
    assert_int_equal(n, 3);
    assert_string_equal(kind(&it[0]), "afi");
    assert_null(it[0].number);
    assert_string_equal(it[1].number, "1");
    assert_string_equal(it[2].number, "2");
    assert_string_equal(it[2].text, "The force should publish its plan.");
}

/* ---- the seed papers ---------------------------------------------------------- */

static void seed_peel_update_item7(void **state)
{
    size_t n, afi = 0, rec = 0;
    struct extract_item *it = seed_items("002_3450b4de33f3822f.txt",
                                         "Subject: HMICFRS Update on PEEL Inspection",
                                         "This page is intentionally left blank", &n);
    for (size_t i = 0; i < n; i++)
        afi += it[i].kind == AK_AFI, rec += it[i].kind == AK_RECOMMENDATION;
    assert_int_equal(afi, 11);
    assert_int_equal(rec, 1);
    assert_int_equal(n, 12);
    assert_string_equal(it[0].text, "The force should develop a strategy for providing "
                                    "neighbourhood policing with a governance framework that "
                                    "will improve performance");
    assert_string_equal(it[0].section, "Preventing crime and anti-social behaviour");
    assert_string_equal(it[3].section, "Managing offenders and suspects");
    assert_string_equal(it[5].text, "Except for cybercrime, the force has recorded low levels of "
                                    "serious and organised crime disruption.");
    assert_string_equal(it[6].addressee, "City of London Police");
    assert_string_equal(kind(&it[7]), "recommendation");
    assert_int_equal(it[7].scope, SC_REGIONAL);
    assert_string_equal(it[7].section, "Serious Organised Crime");
    /* the vetting and counter-corruption area for improvement is its list */
    assert_string_equal(kind(&it[8]), "afi");
    assert_string_equal(it[8].section, "Tackling workforce corruption");
    assert_true(!strncmp(it[8].text, "The CoLP has a clear understanding of the level of vetting "
                                     "required for all posts",
                         80));
    assert_non_null(strstr(it[8].text, "accurately assesses all corruption-related intelligence"));
    assert_null(strstr(it[8].text, "17."));
    assert_null(strchr(it[8].text, '*'));
    assert_string_equal(it[11].text, "The force should ensure its corporate services review "
                                     "improves the service it provides across the force.");
    assert_string_equal(it[11].section,
                        "Strategic planning, organisational management and value for money");
}

static void seed_cdi_appendix2(void **state)
{
    static const char *const OWNER[] = {
        "Strategy, Planning & Service Improvement - FCIR",
        "Niche Team & FCIR",
        "Strategy, Planning & Service Improvement - FCIR",
        "FCR Inspector",
        "NFIB & FCIR",
        "Strategy, Planning & Service Improvement - FCIR",
        "FRC & Strategy, Planning & Service Improvement - FCIR",
        "FCIR"};
    static const char *const WHEN[] = {
        "February 2024", "March 2024", "February 2024", "February 2024", "February 2024",
        "February 2024 OIB Review Implementation March 2024", "March 2024", "February 2024"};
    size_t n;
    struct extract_item *it = seed_items("002_3450b4de33f3822f.txt", "APPENDIX 2 -Recommendations",
                                         "Committee(s)", &n);
    assert_int_equal(n, 8);
    for (size_t i = 0; i < n; i++) {
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        assert_string_equal(kind(&it[i]), "recommendation");
        assert_string_equal(it[i].number, num);
        assert_string_equal(it[i].owner, OWNER[i]);
        assert_string_equal(it[i].deadline, WHEN[i]);
        assert_string_equal(it[i].section, "APPENDIX 2 -Recommendations");
    }
    assert_string_equal(it[0].text, "Force to review crime classification access for officers, "
                                    "with access being allocated to FRC sergeants and members of "
                                    "the FCIR team.");
    assert_string_equal(it[5].due, "February 2024");
    assert_string_equal(it[7].text, "FCIR to confirm national position on the recording of "
                                    "equality data, with reference to recent inspections. Gap "
                                    "report to be completed for the CoLP.");
    assert_string_equal(it[7].addressee, "FCIR");
}

static void seed_whole_papers(void **state)
{
    size_t n;
    seed_items("002_3450b4de33f3822f.txt", NULL, NULL, &n);
    assert_int_equal(n, 20); /* the 12 of item 7 and the 8 of the CDI review */
    seed_items("003_33ecb46de7b95cd3.txt", NULL, NULL, &n);
    assert_int_equal(n, 0);
}

/* ---- nothing to draft ---------------------------------------------------------- */

static void nothing_from_seed_001(void **state)
{
    size_t n;
    /* it counts recommendations in prose, and recommends to its Members */
    seed_items("001_833ab441338c044b.txt", NULL, NULL, &n);
    assert_int_equal(n, 0);
}

static void nothing_from_minutes(void **state)
{
    size_t n;
    items_of("MINUTES OF THE STRATEGIC PLANNING AND PERFORMANCE COMMITTEE\n"
             "Held on 22 February 2024\n\n"
             "5. HMICFRS INSPECTION UPDATE\n"
             "Members received a report of the Commissioner on HMICFRS recommendations and areas "
             "for improvement.\n"
             "A Member asked whether the recommendations arising from the vetting inspection "
             "would be closed by March. The Head of Strategy confirmed that 3 of the 5 "
             "recommendations had been closed and that the force should close the rest by the end "
             "of the financial year.\n"
             "RESOLVED \xE2\x80\x93 That the report be noted.\n\n"
             "6. CRIME DATA INTEGRITY REVIEW\n"
             "The Committee considered the review, which made 8 recommendations.\n\n"
             "Recommendations\n\n"
             "Members asked that the recommendations be reported to the next meeting.\n\n"
             "RESOLVED \xE2\x80\x93 That Members note the report, and that the force should report "
             "progress on the recommendations at the next meeting.\n\n"
             "Recommendation(s)\n\n"
             "Members are asked to:\n\n"
             "- Note this report and discuss the options\n\n"
             "Recommendation\n"
             "The Audit Panel is recommended to note the HMICFRS activity.\n",
             &n);
    assert_int_equal(n, 0);
}

static void nothing_from_prose(void **state)
{
    size_t n;
    items_of("Background\n\n"
             "In the 2019 inspection ten areas for improvement (AFIs) were identified, and this is "
             "a cause of concern.\n\n"
             "The report made 6 recommendations, 4 of which were relevant to the force.\n\n"
             "This was also an Area for Improvement (AFI) given to the force (see Recommendation "
             "8).\n\n"
             "Terms of reference\n\n"
             "The review was to consider whether the force has implemented the recommendations of "
             "the 2019 inspection, and whether:\n"
             "\xE2\x80\xA2 the force should do better;\n"
             "\xE2\x80\xA2 causes of concern have been addressed.\n\n"
             "Areas for improvement\n\n"
             "Ten areas for improvement (AFIs) were identified.\n"
             "In our previous inspection we recommended that the force should improve its "
             "response.\n",
             &n);
    assert_int_equal(n, 0);
}

/* ---- pieces ------------------------------------------------------------------------ */

static void deadlines(void **state)
{
    static const struct {
        const char *text, *phrase, *due;
    } T[] = {
        {"By 31 March 2024, chief constables should act.", "By 31 March 2024", "2024-03-31"},
        {"The force should, by 1st April 2025, act.", "by 1st April 2025", "2025-04-01"},
        {"Within three months, the force should act.", "Within three months", NULL},
        {"The force should act within 12 weeks.", "within 12 weeks", NULL},
        {"Not later than 30 June 2024 the force should act.", "Not later than 30 June 2024",
         "2024-06-30"},
        {"By March 2025 the force should act.", "By March 2025", "March 2025"},
        {"By the end of March 2025 the force should act.", "By the end of March 2025",
         "2025-03-31"},
        {"By the end of 2024 the force should act.", "By the end of 2024", "2024-12-31"},
        {"By 31/03/2024 the force should act.", "By 31/03/2024", "2024-03-31"},
        {"By 2025 the force should act.", "By 2025", NULL},
        {"By 31 February 2024 the force should act.", NULL, NULL},
        {"The force should be led by 3 officers.", NULL, NULL},
        {"The force should act.", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        const char *phrase, *due;
        int found = extract_deadline(T[i].text, strlen(T[i].text), &A, &phrase, &due);
        assert_int_equal(found, T[i].phrase != NULL);
        assert_null_or(phrase, T[i].phrase);
        assert_null_or(due, T[i].due);
    }
}

static void addressees(void **state)
{
    static const struct {
        const char *text, *want;
    } T[] = {
        {"By 31 March 2024, chief constables should act.", "chief constables"},
        {"All chief constables should act.", "chief constables"},
        {"All forces should act.", "all forces"},
        {"Forces should act.", "all forces"},
        {"That the force reviews its approach.", "the force"},
        {"The Home Office should act.", "the Home Office"},
        {"Within six months, the College of Policing should act.", "the College of Policing"},
        {"The National Police Chiefs\xE2\x80\x99 Council should act.", "the NPCC"},
        {"The NPCC and the College of Policing should act.",
         "the College of Policing and the NPCC"},
        {"FCIR to confirm the national position.", "FCIR"},
        {"CAD terminal to be re-installed in the force resolution centre.", NULL},
        {"Except for cybercrime, the force has recorded low levels of disruption.", "the force"},
        {"There is a lot of data.", NULL},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++)
        assert_null_or(extract_addressee(T[i].text, strlen(T[i].text), &A), T[i].want);
}

static void ref_prefixes(void **state)
{
    static const struct {
        const char *title, *want;
    } T[] = {
        {"PEEL 2022", "PEEL22"},
        {"Crime Data Integrity Review", "CDIR"},
        {"An inspection of vetting, misconduct and misogyny in the police service", "IVMMPS"},
        {"HMICFRS PEEL 2023-25: City of London Police", "HMICFRSPEEL23"},
        {"", "EXT"},
        {"---", "EXT"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        char buf[16];
        extract_ref_prefix(T[i].title, buf, sizeof buf);
        assert_string_equal(buf, T[i].want);
    }
    assert_string_equal(extract_kind_code(AK_AFI), "AFI");
    assert_string_equal(extract_kind_code(AK_CAUSE_OF_CONCERN), "CoC");
    assert_string_equal(extract_kind_code(AK_RECOMMENDATION), "R");
}

static void same_text(void **state)
{
    const char *a = "The force should improve its recording of demand, removing single points of "
                    "potential failure.";
    struct extract_index x;

    assert_true(extract_same_text(a, "THE FORCE SHOULD IMPROVE ITS RECORDING OF DEMAND REMOVING "
                                     "SINGLE POINTS OF POTENTIAL FAILURE"));
    assert_true(extract_same_text(a, "The force should improve its recording of demand, removing "
                                     "single points of potential  failures."));
    assert_true(extract_same_text(a, "Removing single points of potential failure, the force "
                                     "should improve its recording of demand."));
    assert_false(extract_same_text(a, "The force should improve its recording of crime."));
    assert_false(extract_same_text(a, "The force should reduce the vacancies in staff and officer "
                                      "positions."));
    assert_false(extract_same_text("", "x"));

    extract_index_init(&x, &A);
    extract_index_add(&x, "The force should reduce vacancies.", "PEEL22-AFI-8");
    extract_index_add(&x, a, "PEEL22-AFI-7");
    assert_string_equal(extract_index_match(&x, "the force should improve its recording of "
                                                "demand removing single points of potential "
                                                "failure"),
                        "PEEL22-AFI-7");
    assert_string_equal(extract_index_match(&x, "The force should reduce vacancies"),
                        "PEEL22-AFI-8");
    assert_null(extract_index_match(&x, "The force should buy a widget."));
    extract_index_release(&x);
}

/* ---- readers ---------------------------------------------------------------------- */

static void text_reader(void **state)
{
    struct report_text rt;
    struct err e;
    const char bad[] = "Recommendations\n\nThe force should \xC3\x28 act.\n";
    const char nul[] = "a\nb\0c\n";

    assert_int_equal(report_read_text("\xEF\xBB\xBFOne\r\nTwo\fThree", 17, "r.txt", &A, &rt, &e),
                     0);
    assert_int_equal(rt.n, 3);
    assert_int_equal(rt.lines[0].len, 3);
    assert_memory_equal(rt.lines[0].text, "One", 3);
    assert_int_equal(rt.lines[1].page, 1);
    assert_int_equal(rt.lines[2].page, 2);
    assert_int_equal(rt.pages, 2);
    assert_int_equal(report_read_text(bad, sizeof bad - 1, "r.txt", &A, &rt, &e), ERR_INPUT);
    assert_string_equal(e.msg, "r.txt:3: not UTF-8 text (save the report as UTF-8, or give the "
                               "PDF or DOCX)");
    assert_int_equal(report_read_text(nul, sizeof nul - 1, "r.txt", &A, &rt, &e), ERR_INPUT);
    assert_string_equal(e.msg, "r.txt:2: a NUL byte: not a text file");
    assert_int_equal(report_read_mem("garbage", 7, "x.pdf", 0, &A, &rt, &e), ERR_INPUT);
    assert_string_equal(e.msg, "x.pdf: not a readable PDF (no PDF header)");
    assert_int_equal(report_read_mem("%PDF-1.4\ngarbage", 16, "y.pdf", 0, &A, &rt, &e),
                     ERR_INPUT);
    assert_string_equal(e.msg, "y.pdf: not a readable PDF (PDF document is damaged)");
    assert_int_equal(report_read_mem("garbage", 7, "z.docx", 0, &A, &rt, &e), ERR_INPUT);
    assert_string_equal(e.msg, "z.docx: not a readable DOCX (not a zip archive)");
}

/* A DOCX zipped in memory from its parts (NULL content: part left out). */
static void *zip_docx(const char *document, const char *numbering, size_t *len)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *z;
    void *out;
    zip_int64_t n;

    zip_error_init(&ze);
    src = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(src);
    zip_source_keep(src);
    z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    assert_non_null(z);
    assert_true(zip_file_add(z, "word/document.xml",
                             zip_source_buffer(z, document, strlen(document), 0), 0) >= 0);
    if (numbering)
        assert_true(zip_file_add(z, "word/numbering.xml",
                                 zip_source_buffer(z, numbering, strlen(numbering), 0), 0) >= 0);
    assert_int_equal(zip_close(z), 0);
    assert_int_equal(zip_source_open(src), 0);
    zip_source_seek(src, 0, SEEK_END);
    n = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    out = arena_alloc(&A, (size_t)n);
    assert_int_equal(zip_source_read(src, out, (zip_uint64_t)n), n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *len = (size_t)n;
    return out;
}

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static void docx_reader(void **state)
{
    static const char DOC[] =
        "<w:document " W "><w:body>"
        "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>"
        "<w:r><w:t>Recommendations</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
        "<w:r><w:t xml:space=\"preserve\">By 31 March 2024, chief constables </w:t></w:r>"
        "<w:r><w:t>should act.</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
        "<w:r><w:t>Including this.</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
        "<w:r><w:t>The Home Office should act.</w:t><w:delText>not this</w:delText></w:r></w:p>"
        "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
        "<w:p><w:r><w:t>Action plan</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>No.</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Recommendation</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Owner</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>1.</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Force to review</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>its access.</w:t><w:tab/></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>FCIR</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:body></w:document>";
    static const char NUM[] =
        "<w:numbering " W ">"
        "<w:abstractNum w:abstractNumId=\"7\">"
        "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
        "<w:lvlText w:val=\"%1.\"/></w:lvl>"
        "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/>"
        "<w:lvlText w:val=\"(%2)\"/></w:lvl></w:abstractNum>"
        "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"7\"/></w:num></w:numbering>";
    static const char DTD[] = "<!DOCTYPE w [<!ENTITY a \"aaaa\">]><w:document " W "/>";
    struct report_text rt;
    struct extract_item *it;
    struct err e;
    size_t len, n;
    void *z = zip_docx(DOC, NUM, &len);
    struct buf all;

    assert_int_equal(report_read_mem(z, len, "r.docx", 0, &A, &rt, &e), 0);
    buf_init(&all, 0);
    for (size_t i = 0; i < rt.n; i++)
        buf_addf(&all, "%d|%.*s%s\n", rt.lines[i].page, (int)rt.lines[i].len, rt.lines[i].text,
                 rt.lines[i].flags & EXTRACT_HEADING ? " [H]" : "");
    assert_string_equal(buf_str(&all), "1|Recommendations [H]\n1|\n"
                                       "1|1. By 31 March 2024, chief constables should act.\n1|\n"
                                       "1|   (a) Including this.\n1|\n"
                                       "1|2. The Home Office should act.\n1|\n"
                                       "2|Action plan\n2|\n"
                                       "2|No.\tRecommendation\tOwner\n"
                                       "2|1.\tForce to review its access.\tFCIR\n2|\n");
    buf_release(&all);
    extract_items(rt.lines, rt.n, &A, &it, &n);
    assert_int_equal(n, 3);
    assert_string_equal(it[0].text, "By 31 March 2024, chief constables should act. Including "
                                    "this.");
    assert_string_equal(it[1].text, "The Home Office should act.");
    assert_string_equal(it[2].text, "Force to review its access.");
    assert_string_equal(it[2].owner, "FCIR");
    assert_int_equal(it[2].page, 2);

    z = zip_docx(DTD, NULL, &len);
    assert_int_equal(report_read_mem(z, len, "d.docx", 0, &A, &rt, &e), ERR_INPUT);
    assert_string_equal(e.msg, "d.docx: damaged document: a DTD in word/document.xml");
    z = zip_docx("<w:document " W "><w:body><w:p>", NULL, &len);
    assert_int_equal(report_read_mem(z, len, "t.docx", 0, &A, &rt, &e), ERR_INPUT);
    assert_string_equal(e.msg, "t.docx: damaged document: no element found at line 1 of "
                               "word/document.xml");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(heading_and_numbered_list, setup, teardown),
        cmocka_unit_test_setup_teardown(labels, setup, teardown),
        cmocka_unit_test_setup_teardown(table_with_owner_and_timescale, setup, teardown),
        cmocka_unit_test_setup_teardown(table_continued_rows_and_spaces, setup, teardown),
        cmocka_unit_test_setup_teardown(bullets_under_causes_of_concern, setup, teardown),
        cmocka_unit_test_setup_teardown(introductions, setup, teardown),
        cmocka_unit_test_setup_teardown(pages_headers_and_hyphenation, setup, teardown),
        cmocka_unit_test_setup_teardown(cause_of_concern_with_its_recommendations, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(repeated_items, setup, teardown),
        cmocka_unit_test_setup_teardown(seed_peel_update_item7, setup, teardown),
        cmocka_unit_test_setup_teardown(seed_cdi_appendix2, setup, teardown),
        cmocka_unit_test_setup_teardown(seed_whole_papers, setup, teardown),
        cmocka_unit_test_setup_teardown(nothing_from_seed_001, setup, teardown),
        cmocka_unit_test_setup_teardown(nothing_from_minutes, setup, teardown),
        cmocka_unit_test_setup_teardown(nothing_from_prose, setup, teardown),
        cmocka_unit_test_setup_teardown(deadlines, setup, teardown),
        cmocka_unit_test_setup_teardown(addressees, setup, teardown),
        cmocka_unit_test_setup_teardown(ref_prefixes, setup, teardown),
        cmocka_unit_test_setup_teardown(same_text, setup, teardown),
        cmocka_unit_test_setup_teardown(text_reader, setup, teardown),
        cmocka_unit_test_setup_teardown(docx_reader, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
