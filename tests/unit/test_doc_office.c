/* test_doc_office.c -- a committee paper as DOCX and XLSX: the parts each
 * package holds, well-formed XML whatever the text, the accessibility
 * markup (heading styles, header rows, the chart's text alternative), the
 * sheets and their names, and the same bytes every time.
 *
 * With OVERSIGHT_OFFICE_OUT set to a directory, the paper is also written
 * there as paper.docx and workbook.xlsx (two names, since LibreOffice
 * names each PDF after its file), for tests/e2e/office.sh to open in
 * LibreOffice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "format/doc.h"
#include "format/xml.h"

#define HOSTILE "Fish & chips <b>bold</b> \"quoted\" 'single'"
#define HOSTILE_ESCAPED "Fish &amp; chips &lt;b&gt;bold&lt;/b&gt; \"quoted\" 'single'"
#define ALT "Bar chart: open actions fell from 12 at Q2 to 7 at Q3 2023/24."
#define CHART_W 320
#define CHART_H 160
#define APPENDIX_ROWS 40

static const char SVG[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"160\" viewBox=\"0 0 320 160\">"
    "<rect x=\"0\" y=\"0\" width=\"320\" height=\"160\" fill=\"#ffffff\"/>"
    "<rect x=\"40\" y=\"20\" width=\"80\" height=\"110\" fill=\"#1d70b8\"/>"
    "<rect x=\"180\" y=\"66\" width=\"80\" height=\"64\" fill=\"#1d70b8\"/>"
    "<text x=\"80\" y=\"150\" font-family=\"Arial\" font-size=\"14\" text-anchor=\"middle\">Q2</text>"
    "<text x=\"220\" y=\"150\" font-family=\"Arial\" font-size=\"14\" text-anchor=\"middle\">Q3</text>"
    "</svg>";

/* The paper every test renders: shaped like item 6 of seeds/002 (cover,
 * summary, recommendation, main report with numbered paragraphs, the
 * committee table, the summary table, a chart). */
static void build(struct doc *d, struct arena *a)
{
    static const char *const background[] = {
        "This report provides Members with an overview of HMICFRS inspections and the "
        "Force's progress against their recommendations.",
        "HMICFRS use the terms 'recommendation' and 'area for improvement' to denote "
        "specific levels of concern.",
    };
    static const char *const position[] = {
        "Two reports were published in the period, one with actions for the Force.",
        "The table below shows every report with outstanding actions.",
    };
    static const char *const bullets[] = {"An inspection of vetting", "An inspection of custody"};
    struct doc_table *t;

    doc_init(d, a, "HMICFRS inspections update: Q3 2023/24", "2024-02-22", "City of London Police");
    doc_cover(d, "Committee(s)", "Police Authority Board");
    doc_cover(d, "Dated", "22 February 2024");
    doc_cover(d, "Subject", "HMICFRS inspections update");
    doc_cover(d, "Public", "Public");
    doc_cover(d, "Report of", "Commissioner of Police");
    doc_cover(d, "Report author", "Strategy & Planning <Team> \"A\"");
    doc_heading(d, 1, "Summary");
    doc_para(d, HOSTILE);
    doc_para(d, "Bell\x07 and a bad \xff byte\nnext line");
    doc_heading(d, 1, "Recommendation");
    doc_para(d, "Members are asked to receive this report and note its contents.");
    doc_pagebreak(d);
    doc_heading(d, 1, "Main Report");
    doc_heading(d, 2, "Background");
    doc_list(d, 1, background, 2);
    doc_heading(d, 2, "Current Position");
    doc_list(d, 1, position, 2);
    doc_list(d, 0, bullets, 2);

    t = doc_table(d, "Q3 2023/24: outstanding [national]*?", "Reports and their actions", 5, 2);
    doc_row(t, a);
    doc_cell(t, a, "Report", DOC_PLAIN, 1);
    doc_cell(t, a, "Previous", DOC_PLAIN, 2);
    doc_cell(t, a, "Now", DOC_PLAIN, 2);
    doc_row(t, a);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "National", DOC_PLAIN, 1);
    doc_cell(t, a, "Force", DOC_PLAIN, 1);
    doc_cell(t, a, "National", DOC_PLAIN, 1);
    doc_cell(t, a, "Force", DOC_PLAIN, 1);
    doc_row(t, a);
    doc_cell(t, a, "New reports", DOC_GROUP, 5);
    doc_row(t, a);
    doc_cell(t, a, "An inspection of vetting (published 14 December)", DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "3 AMBER", DOC_RAG_AMBER, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_row(t, a);
    doc_cell(t, a, "An inspection of custody arrangements", DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "No actions for the force", DOC_PLAIN, 2);
    doc_row(t, a);
    doc_cell(t, a, "Previous reports", DOC_GROUP, 5);
    doc_row(t, a);
    doc_cell(t, a, "Roads policing", DOC_PLAIN, 1);
    doc_cell(t, a, "1 NEW RED", DOC_RAG_RED, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "1 NEW GREEN", DOC_RAG_GREEN, 1);
    doc_row(t, a); /* a short row: the renderers complete it */
    doc_cell(t, a, HOSTILE, DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "2 WHITE", DOC_RAG_WHITE, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "1 CLOSED", DOC_RAG_CLOSED, 1);
    t->widths = arena_alloc(a, 5 * sizeof *t->widths);
    t->widths[0] = 4;
    t->widths[1] = t->widths[2] = t->widths[3] = t->widths[4] = 1.5;

    t = doc_table(d, "summary", "Summary of actions", 3, 1);
    doc_row(t, a);
    doc_cell(t, a, "Status", DOC_PLAIN, 1);
    doc_cell(t, a, "Previous", DOC_NUMBER, 1);
    doc_cell(t, a, "Now", DOC_NUMBER, 1);
    doc_row(t, a);
    doc_cell(t, a, "NEW Green", DOC_RAG_GREEN, 1);
    doc_cell(t, a, "1", DOC_NUMBER, 1);
    doc_cell(t, a, "2", DOC_NUMBER, 1);
    doc_row(t, a);
    doc_cell(t, a, "Red", DOC_RAG_RED, 1);
    doc_cell(t, a, "007", DOC_NUMBER, 1);
    doc_cell(t, a, "12.5", DOC_NUMBER, 1);
    doc_row(t, a);
    doc_cell(t, a, "Total outstanding", DOC_STRONG, 1);
    doc_cell(t, a, "12", DOC_STRONG, 1);
    doc_cell(t, a, "7", DOC_STRONG, 1);

    t = doc_table(d, "SUMMARY", "Summary again, under a name that differs only in case", 1, 1);
    doc_row(t, a);
    doc_cell(t, a, "Only", DOC_PLAIN, 1);

    doc_heading(d, 2, "Progress");
    doc_chart(d, "progress", SVG, ALT, CHART_W, CHART_H);
    doc_para(d, "Background papers: none.");

    /* An appendix long enough to run over a page, so its header row
     * repeats, and too wide for a portrait page, so it gets landscape ones. */
    doc_pagebreak(d);
    doc_heading(d, 1, "Appendix A: outstanding actions");
    t = doc_table(d, "actions", "Outstanding actions", 8, 1);
    doc_row(t, a);
    doc_cell(t, a, "Ref", DOC_PLAIN, 1);
    doc_cell(t, a, "Action", DOC_PLAIN, 1);
    doc_cell(t, a, "Owner", DOC_PLAIN, 1);
    doc_cell(t, a, "Directorate", DOC_PLAIN, 1);
    doc_cell(t, a, "Status", DOC_PLAIN, 1);
    doc_cell(t, a, "Original target", DOC_PLAIN, 1);
    doc_cell(t, a, "Target date", DOC_PLAIN, 1);
    doc_cell(t, a, "Latest progress", DOC_PLAIN, 1);
    for (int i = 1; i <= APPENDIX_ROWS; i++) {
        static const char *const status[] = {"red", "amber", "white", "green"};
        const char *st = status[i % 4];
        char ref[32], text[160];
        snprintf(ref, sizeof ref, "PEEL22-AFI-%d", i);
        snprintf(text, sizeof text,
                 "The force should improve how it records and reviews decision %d, so that "
                 "supervisors can see the rationale.", i);
        doc_row(t, a);
        doc_cell(t, a, ref, DOC_PLAIN, 1);
        doc_cell(t, a, text, DOC_PLAIN, 1);
        doc_cell(t, a, i % 3 ? "PA Director" : "FCIR", DOC_PLAIN, 1);
        doc_cell(t, a, "Professionalism and Trust", DOC_PLAIN, 1);
        doc_cell(t, a, st[0] == 'r' ? "Red" : st[0] == 'a' ? "Amber" : st[0] == 'w' ? "White" : "Green",
                 doc_rag_style(st), 1);
        doc_cell(t, a, "2023-12-31", DOC_PLAIN, 1);
        doc_cell(t, a, "2024-03-31", DOC_PLAIN, 1);
        doc_cell(t, a, "Reviewed at the Operational Improvement Board.", DOC_PLAIN, 1);
    }
    t->widths = arena_alloc(a, 8 * sizeof *t->widths);
    t->widths[0] = 2;
    t->widths[1] = 5;
    t->widths[2] = t->widths[3] = 2;
    t->widths[4] = t->widths[5] = t->widths[6] = 1.5;
    t->widths[7] = 4;
}

/* ---- reading a package ----------------------------------------------------- */

struct pkg {
    zip_t *z;
    zip_source_t *src;
};

static void pkg_open(struct pkg *p, const struct buf *b)
{
    zip_error_t ze;
    zip_error_init(&ze);
    p->src = zip_source_buffer_create(b->p, b->len, 0, &ze);
    assert_non_null(p->src);
    p->z = zip_open_from_source(p->src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(p->z);
    zip_error_fini(&ze);
}

static void pkg_close(struct pkg *p)
{
    zip_discard(p->z); /* frees the source too */
}

/* An entry's contents, NUL-terminated (to free); fails the test if absent. */
static char *part(struct pkg *p, const char *name, size_t *len)
{
    zip_stat_t st;
    zip_file_t *f;
    char *s;

    if (zip_stat(p->z, name, 0, &st) != 0)
        fail_msg("no part %s", name);
    s = malloc(st.size + 1);
    f = zip_fopen(p->z, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, s, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    s[st.size] = '\0';
    if (len)
        *len = st.size;
    return s;
}

static int well_formed(const char *xml, size_t len)
{
    XML_Parser xp = XML_ParserCreate(NULL);
    int ok = XML_Parse(xp, xml, (int)len, 1) == XML_STATUS_OK;
    if (!ok)
        print_error("line %lu: %s\n", (unsigned long)XML_GetCurrentLineNumber(xp),
                    XML_ErrorString(XML_GetErrorCode(xp)));
    XML_ParserFree(xp);
    return ok;
}

#define assert_contains(hay, needle)                                                          \
    do {                                                                                      \
        if (!strstr((hay), (needle)))                                                         \
            fail_msg("missing: %s", (needle));                                                \
    } while (0)

/* Every entry stamped with the paper's date, 2024-02-22 00:00:00, and
 * every XML part deflated. */
static void assert_entries_dated(struct pkg *p)
{
    for (zip_int64_t i = 0; i < zip_get_num_entries(p->z, 0); i++) {
        zip_stat_t st;
        struct tm tm;
        assert_int_equal(zip_stat_index(p->z, (zip_uint64_t)i, 0, &st), 0);
        localtime_r(&st.mtime, &tm);
        assert_int_equal(tm.tm_year + 1900, 2024);
        assert_int_equal(tm.tm_mon + 1, 2);
        assert_int_equal(tm.tm_mday, 22);
        assert_int_equal(tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec, 0);
        if (strstr(st.name, ".png") == NULL)
            assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
    }
}

static void render(int docx, struct buf *out)
{
    struct arena a;
    struct doc d;
    struct err e = {0};

    arena_init(&a);
    build(&d, &a);
    buf_init(out, BUF_MAX_DEFAULT);
    if ((docx ? doc_render_docx(&d, out, &e) : doc_render_xlsx(&d, out, &e)) != 0)
        fail_msg("render: %s", e.msg);
    arena_release(&a);
}

/* ---- DOCX ------------------------------------------------------------------ */

static void test_docx_parts(void **state)
{
    static const char *const xml_parts[] = {
        "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
        "word/numbering.xml", "word/settings.xml", "word/footer1.xml",
        "word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml",
    };
    struct buf b;
    struct pkg p;
    char *doc, *styles, *core, *num, *rels, *ct;
    size_t len;

    (void)state;
    render(1, &b);
    pkg_open(&p, &b);
    assert_int_equal(zip_get_num_entries(p.z, 0), 11); /* 10 XML parts and the chart */
    for (size_t i = 0; i < sizeof xml_parts / sizeof *xml_parts; i++) {
        char *s = part(&p, xml_parts[i], &len);
        if (!well_formed(s, len))
            fail_msg("%s is not well-formed", xml_parts[i]);
        free(s);
    }

    doc = part(&p, "word/document.xml", NULL);
    /* headings in real styles, the title first */
    assert_contains(doc, "<w:body><w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r>"
                         "<w:t xml:space=\"preserve\">HMICFRS inspections update: Q3 2023/24</w:t>");
    assert_contains(doc, "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">"
                         "Main Report</w:t>");
    assert_contains(doc, "<w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t xml:space=\"preserve\">"
                         "Background</w:t>");
    /* the cover as label | value rows */
    assert_contains(doc, "<w:t xml:space=\"preserve\">Report author</w:t></w:r></w:p></w:tc>");
    assert_contains(doc, "Strategy &amp; Planning &lt;Team&gt; \"A\"");
    /* hostile text escaped; forbidden controls dropped, bad bytes replaced */
    assert_contains(doc, HOSTILE_ESCAPED);
    assert_contains(doc, "Bell and a bad \xEF\xBF\xBD byte</w:t><w:br/><w:t xml:space=\"preserve\">"
                         "next line");
    /* both header rows repeat; the grouped header spans two columns */
    assert_contains(doc, "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    assert_non_null(strstr(strstr(doc, "<w:tblHeader/>") + 1, "<w:tblHeader/>"));
    assert_contains(doc, "<w:gridSpan w:val=\"2\"/><w:shd w:val=\"clear\" w:color=\"auto\" "
                         "w:fill=\"D9E2F3\"/></w:tcPr><w:p><w:r><w:rPr><w:b/></w:rPr>"
                         "<w:t xml:space=\"preserve\">Previous</w:t>");
    /* a group row spans the table, bold on grey */
    assert_contains(doc, "<w:gridSpan w:val=\"5\"/><w:shd w:val=\"clear\" w:color=\"auto\" "
                         "w:fill=\"EDEDED\"/></w:tcPr><w:p><w:r><w:rPr><w:b/></w:rPr>"
                         "<w:t xml:space=\"preserve\">New reports</w:t>");
    /* RAG: the colour and the word */
    assert_contains(doc, "w:fill=\"FFCC66\"/></w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">"
                         "3 AMBER</w:t>");
    assert_contains(doc, "w:fill=\"F28B82\"/></w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">"
                         "1 NEW RED</w:t>");
    /* figures right-aligned */
    assert_contains(doc, "<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r>"
                         "<w:t xml:space=\"preserve\">12.5</w:t>");
    assert_contains(doc, "<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>"
                         "<w:t xml:space=\"preserve\">12</w:t>");
    assert_contains(doc, "<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>"
                         "<w:t xml:space=\"preserve\">Previous</w:t>");
    assert_contains(doc, "<w:tblCaption w:val=\"Reports and their actions\"/>");
    /* one page break: the other, before the appendix, is the landscape
     * section's own new page */
    assert_contains(doc, "<w:br w:type=\"page\"/>");
    assert_null(strstr(strstr(doc, "<w:br w:type=\"page\"/>") + 1, "<w:br w:type=\"page\"/>"));
    /* the portrait section ends before the appendix's heading; the
     * appendix's landscape section ends the body */
    assert_contains(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" "
                         "w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" "
                         "w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:pPr></w:p><w:p><w:pPr>"
                         "<w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">"
                         "Appendix A: outstanding actions</w:t>");
    assert_contains(doc, "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar "
                         "w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" "
                         "w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body>");
    /* the landscape table spans the landscape text width */
    assert_contains(doc, "<w:tblW w:w=\"14570\" w:type=\"dxa\"/>");
    /* the chart: its text alternative as description and as caption */
    assert_contains(doc, "<wp:docPr id=\"1\" name=\"progress\" descr=\"" ALT "\"/>");
    assert_contains(doc, "<a:blip r:embed=\"rIdChart1\"/>");
    assert_contains(doc, "<w:pStyle w:val=\"Caption\"/></w:pPr><w:r><w:t xml:space=\"preserve\">"
                         ALT "</w:t>");
    /* 320 CSS pixels = 320 * 9525 EMU */
    assert_contains(doc, "<wp:extent cx=\"3048000\" cy=\"1524000\"/>");
    free(doc);

    styles = part(&p, "word/styles.xml", NULL);
    assert_contains(styles, "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\">"
                            "<w:name w:val=\"heading 1\"/>");
    assert_contains(styles, "<w:outlineLvl w:val=\"0\"/>");
    assert_contains(styles, "<w:outlineLvl w:val=\"2\"/>");
    assert_contains(styles, "w:styleId=\"Title\"");
    assert_contains(styles, "w:styleId=\"ListParagraph\"");
    assert_contains(styles, "w:styleId=\"TableGrid\"");
    assert_contains(styles, "<w:lang w:val=\"en-GB\"/>");
    free(styles);

    /* each numbered list restarts at 1; bullets share one list */
    num = part(&p, "word/numbering.xml", NULL);
    assert_contains(num, "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride "
                         "w:ilvl=\"0\"><w:startOverride w:val=\"1\"/>");
    assert_contains(num, "<w:num w:numId=\"3\">");
    assert_null(strstr(num, "<w:num w:numId=\"4\">"));
    assert_contains(num, "<w:numFmt w:val=\"bullet\"/>");
    free(num);

    core = part(&p, "docProps/core.xml", NULL);
    assert_contains(core, "<dc:title>HMICFRS inspections update: Q3 2023/24</dc:title>");
    assert_contains(core, "<dc:creator>City of London Police</dc:creator>");
    assert_contains(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-02-22T00:00:00Z"
                          "</dcterms:created>");
    assert_contains(core, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-02-22T00:00:00Z"
                          "</dcterms:modified>");
    free(core);

    rels = part(&p, "word/_rels/document.xml.rels", NULL);
    assert_contains(rels, "Id=\"rIdChart1\" Type=\"http://schemas.openxmlformats.org/"
                          "officeDocument/2006/relationships/image\" Target=\"media/chart1.png\"");
    free(rels);
    ct = part(&p, "[Content_Types].xml", NULL);
    assert_contains(ct, "<Default Extension=\"png\" ContentType=\"image/png\"/>");
    free(ct);

    {
        /* the chart at twice its size: PNG signature, then IHDR width, height */
        unsigned char *png = (unsigned char *)part(&p, "word/media/chart1.png", &len);
        assert_true(len > 33);
        assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
        assert_int_equal((png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19], 2 * CHART_W);
        assert_int_equal((png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23], 2 * CHART_H);
        free(png);
    }

    assert_entries_dated(&p);
    pkg_close(&p);
    buf_release(&b);
}

/* ---- XLSX ------------------------------------------------------------------ */

/* The <c> element of cell ref in a sheet's XML (to free), or NULL. */
static char *cell_xml(const char *sheet, const char *ref)
{
    char key[32];
    const char *s, *end;
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    s = strstr(sheet, key);
    if (!s)
        return NULL;
    end = strstr(s, "</c>");
    if (!end || (strstr(s, "/>") && strstr(s, "/>") < end))
        end = strstr(s, "/>"); /* an empty cell */
    return strndup(s, (size_t)(end - s) + 4);
}

static void test_xlsx_sheets(void **state)
{
    struct buf b;
    struct pkg p;
    char *wb, *sheet, *sst, *styles, *core, *c;
    size_t len;

    (void)state;
    render(0, &b);
    pkg_open(&p, &b);

    wb = part(&p, "xl/workbook.xml", &len);
    assert_true(well_formed(wb, len));
    /* the Paper sheet, then one per table, named by Excel's rules */
    assert_contains(wb, "<sheet name=\"Paper\" sheetId=\"1\"");
    assert_contains(wb, "<sheet name=\"Q3 2023-24- outstanding (nation\" sheetId=\"2\"");
    assert_contains(wb, "<sheet name=\"summary\" sheetId=\"3\"");
    assert_contains(wb, "<sheet name=\"SUMMARY (2)\" sheetId=\"4\"");
    assert_contains(wb, "<sheet name=\"actions\" sheetId=\"5\"");
    assert_null(strstr(wb, "sheetId=\"6\""));
    /* header rows printed on every page */
    assert_contains(wb, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">"
                        "'Q3 2023-24- outstanding (nation'!$2:$3</definedName>");
    free(wb);

    sst = part(&p, "xl/sharedStrings.xml", &len);
    assert_true(well_formed(sst, len));
    assert_contains(sst, "<t>" HOSTILE_ESCAPED "</t>");
    assert_contains(sst, "Bell and a bad \xEF\xBF\xBD byte\nnext line");
    assert_contains(sst, "<t>Report author</t>");
    assert_contains(sst, "<t>3 AMBER</t>");
    free(sst);

    /* the committee table: caption in row 1, two header rows frozen, the
     * filter on the second, merged spans */
    sheet = part(&p, "xl/worksheets/sheet2.xml", &len);
    assert_true(well_formed(sheet, len));
    assert_contains(sheet, "<pane ySplit=\"3\" topLeftCell=\"A4\" activePane=\"bottomLeft\" "
                           "state=\"frozen\"/>");
    assert_contains(sheet, "<autoFilter ref=\"A3:E9\"/>");
    assert_contains(sheet, "<mergeCell ref=\"B2:C2\"/>");
    assert_contains(sheet, "<mergeCell ref=\"A4:E4\"/>");
    assert_contains(sheet, "<mergeCell ref=\"D6:E6\"/>");
    /* widths from content: column A holds the 48-character report title */
    assert_contains(sheet, "<col min=\"1\" max=\"1\" width=\"");
    free(sheet);

    /* figures as numbers when they are integers, as text otherwise */
    sheet = part(&p, "xl/worksheets/sheet3.xml", &len);
    assert_true(well_formed(sheet, len));
    c = cell_xml(sheet, "B3");
    assert_non_null(c);
    assert_null(strstr(c, "t=\"s\""));
    assert_contains(c, "<v>1</v>");
    free(c);
    c = cell_xml(sheet, "C5");
    assert_non_null(c);
    assert_null(strstr(c, "t=\"s\""));
    assert_contains(c, "<v>7</v>");
    free(c);
    c = cell_xml(sheet, "B4"); /* "007" stays as printed */
    assert_non_null(c);
    assert_contains(c, "t=\"s\"");
    free(c);
    assert_contains(sheet, "<autoFilter ref=\"A2:C5\"/>");
    free(sheet);

    /* the Paper sheet links each table to its sheet */
    sheet = part(&p, "xl/worksheets/sheet1.xml", &len);
    assert_true(well_formed(sheet, len));
    assert_contains(sheet, "location=\"'summary'!A1\" display=\"Summary of actions (sheet summary)\"");
    free(sheet);

    /* rows as tall as their wrapped text: the 60-character Action column
     * takes each 100-character action in two lines */
    sheet = part(&p, "xl/worksheets/sheet5.xml", &len);
    assert_true(well_formed(sheet, len));
    assert_contains(sheet, "<col min=\"2\" max=\"2\" width=\"60.7109375\"");
    assert_contains(sheet, "<row r=\"3\" spans=\"1:8\" ht=\"30\" customHeight=\"1\">");
    assert_contains(sheet, "<row r=\"2\" spans=\"1:8\">"); /* the header: one line */
    free(sheet);

    styles = part(&p, "xl/styles.xml", &len);
    assert_true(well_formed(styles, len));
    assert_contains(styles, "<fgColor rgb=\"FFFFCC66\"/>"); /* amber */
    assert_contains(styles, "<fgColor rgb=\"FFF28B82\"/>"); /* red */
    assert_contains(styles, "<fgColor rgb=\"FFD9E2F3\"/>"); /* header fill */
    free(styles);

    assert_entries_dated(&p);
    core = part(&p, "docProps/core.xml", NULL);
    assert_contains(core, "<dc:title>HMICFRS inspections update: Q3 2023/24</dc:title>");
    assert_contains(core, "<dc:creator>City of London Police</dc:creator>");
    assert_contains(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-02-22T00:00:00Z");
    assert_contains(core, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-02-22T00:00:00Z");
    free(core);

    pkg_close(&p);
    buf_release(&b);
}

/* ---- determinism ----------------------------------------------------------- */

static void test_same_bytes(void **state)
{
    struct buf docx1, docx2, xlsx1, xlsx2;
    const char *tz = getenv("TZ");
    char *saved_tz = tz ? strdup(tz) : NULL;

    (void)state;
    render(1, &docx1);
    render(0, &xlsx1);
    /* Another second, another "now", another time zone: the same bytes. */
    sleep(1);
    setenv("OVERSIGHT_NOW", "2031-07-01T12:34:56Z", 1);
    setenv("TZ", "America/New_York", 1);
    tzset();
    render(1, &docx2);
    render(0, &xlsx2);
    unsetenv("OVERSIGHT_NOW");
    if (saved_tz)
        setenv("TZ", saved_tz, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved_tz);

    assert_int_equal(docx1.len, docx2.len);
    assert_memory_equal(docx1.p, docx2.p, docx1.len);
    assert_int_equal(xlsx1.len, xlsx2.len);
    assert_memory_equal(xlsx1.p, xlsx2.p, xlsx1.len);

    {
        const char *dir = getenv("OVERSIGHT_OFFICE_OUT");
        if (dir && *dir) {
            char path[4096];
            FILE *f;
            snprintf(path, sizeof path, "%s/paper.docx", dir);
            assert_non_null(f = fopen(path, "wb"));
            assert_int_equal(fwrite(docx1.p, 1, docx1.len, f), docx1.len);
            assert_int_equal(fclose(f), 0);
            snprintf(path, sizeof path, "%s/workbook.xlsx", dir);
            assert_non_null(f = fopen(path, "wb"));
            assert_int_equal(fwrite(xlsx1.p, 1, xlsx1.len, f), xlsx1.len);
            assert_int_equal(fclose(f), 0);
        }
    }
    buf_release(&docx1);
    buf_release(&docx2);
    buf_release(&xlsx1);
    buf_release(&xlsx2);
}

/* ---- edges ----------------------------------------------------------------- */

static void test_bad_date_and_empty_doc(void **state)
{
    struct arena a;
    struct doc d;
    struct err e = {0};
    struct buf b;
    struct pkg p;
    char *doc;
    size_t len;

    (void)state;
    arena_init(&a);
    buf_init(&b, BUF_MAX_DEFAULT);
    doc_init(&d, &a, "T", "2024-02-30", "Org");
    assert_int_equal(doc_render_docx(&d, &b, &e), ERR_INPUT);
    assert_string_equal(e.msg, "paper date \"2024-02-30\" is not YYYY-MM-DD");
    assert_int_equal(doc_render_xlsx(&d, &b, &e), ERR_INPUT);
    assert_int_equal(b.len, 0);

    /* No cover, no blocks, a table without rows and a bad chart. */
    doc_init(&d, &a, "Empty", "2024-02-22", NULL);
    doc_table(&d, "t", "A table with no rows", 2, 1);
    assert_int_equal(doc_render_docx(&d, &b, &e), 0);
    pkg_open(&p, &b);
    doc = part(&p, "word/document.xml", &len);
    assert_true(well_formed(doc, len));
    assert_null(strstr(doc, "<w:tbl>"));
    free(doc);
    pkg_close(&p);
    buf_reset(&b);
    assert_int_equal(doc_render_xlsx(&d, &b, &e), 0);
    assert_memory_equal(b.p, "PK\x03\x04", 4);
    buf_reset(&b);

    doc_chart(&d, "broken", "<svg", "alt", 100, 100);
    assert_int_equal(doc_render_docx(&d, &b, &e), ERR_INPUT);
    assert_non_null(strstr(e.msg, "chart broken: "));
    buf_release(&b);
    arena_release(&a);
}

static void test_xml_writer(void **state)
{
    struct buf b;
    struct xmlw w;
    struct err e = {0};

    (void)state;
    buf_init(&b, BUF_MAX_DEFAULT);
    xmlw_init(&w, &b);
    xmlw_start(&w, "a");
    xmlw_attr(&w, "v", "x\"<&>'\t\n\r");
    xmlw_attr(&w, "skipped", NULL);
    xmlw_start(&w, "b");
    xmlw_end(&w);
    xmlw_text(&w, "1 < 2 & \r\x01\xc3\xa9\xe2\x82");
    xmlw_end(&w);
    assert_int_equal(xmlw_finish(&w, &e), 0);
    assert_string_equal(buf_str(&b), "<a v=\"x&quot;&lt;&amp;&gt;&apos;&#9;&#10;&#13;\"><b/>"
                                     "1 &lt; 2 &amp; &#13;\xc3\xa9\xEF\xBF\xBD\xEF\xBF\xBD</a>");

    /* an element left open is the caller's bug, reported */
    buf_reset(&b);
    xmlw_init(&w, &b);
    xmlw_start(&w, "a");
    assert_int_equal(xmlw_finish(&w, &e), ERR_INPUT);
    assert_string_equal(e.msg, "XML writer: element a left open or ended twice");

    /* a full buffer is ERR_LIMIT, and nothing after it is written */
    buf_release(&b);
    buf_init(&b, 8);
    xmlw_init(&w, &b);
    xmlw_start(&w, "element");
    xmlw_text(&w, "too long for the buffer");
    xmlw_end(&w);
    assert_int_equal(xmlw_finish(&w, &e), ERR_LIMIT);

    /* cleaning keeps whole characters up to the limit */
    buf_release(&b);
    buf_init(&b, BUF_MAX_DEFAULT);
    assert_int_equal(xml_clean(&b, "\xc3\xa9t\xc3\xa9", 5, 2), 0);
    assert_string_equal(buf_str(&b), "\xc3\xa9t");
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx_parts),
        cmocka_unit_test(test_xlsx_sheets),
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_bad_date_and_empty_doc),
        cmocka_unit_test(test_xml_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
