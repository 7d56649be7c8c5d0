/* test_xlsx_read.c -- reading XLSX sheets through the table interface. The
 * workbooks are written here with libzip, part by part, so that each test
 * shows the XML it reads; one real workbook written by libxlsxwriter is read
 * from tests/data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "base/buf.h"
#include "base/err.h"
#include "format/table.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define REL(id, type, target) \
    "<Relationship Id=\"" id "\" Type=\"" NS_R "/" type "\" Target=\"" target "\"/>"
#define SHEET(body) XML_DECL "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>" body "</sheetData></worksheet>"

/* 26 separators: the empty cells B..AA between A and AB. */
#define PIPES26 "||||||||||||||||||||||||||"

static char tmpdir[] = "/tmp/oversight-xlsx-XXXXXX";

struct part {
    const char *name, *text;
};

/* Writes a workbook of the given parts (NULL name ends the list) as
 * tmpdir/book.xlsx; returns its path (to free). */
static char *write_book(const struct part *parts)
{
    char *path = malloc(strlen(tmpdir) + 16);
    zip_t *z;
    int err;

    sprintf(path, "%s/book.xlsx", tmpdir);
    z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    for (; parts->name; parts++) {
        zip_source_t *src = zip_source_buffer(z, parts->text, strlen(parts->text), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, parts->name, src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    return path;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static const char WORKBOOK[] =
    XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><workbookPr/><sheets>"
             "<sheet name=\"Actions\" sheetId=\"1\" r:id=\"rId1\"/>"
             "<sheet name=\"Updates\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";

/* Relative, absolute and ../ targets, and the shared strings found by type. */
static const char RELS[] =
    XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    REL("rId2", "worksheet", "/xl/worksheets/sheet2.xml")
    REL("rId1", "worksheet", "../xl/worksheets/./sheet1.xml")
    REL("rId3", "sharedStrings", "strings.xml") "</Relationships>";

static const char STRINGS[] =
    XML_DECL "<sst xmlns=\"" NS_MAIN "\" count=\"9\" uniqueCount=\"9\">"
    "<si><t>ref</t></si>"                                                   /* 0 */
    "<si><t>status</t></si>"                                                /* 1 */
    "<si><r><t>Gre</t></r><r><rPr><b/></rPr><t>en</t></r></si>"             /* 2 rich text */
    "<si><t>\xE6\x9D\xB1\xE4\xBA\xAC</t><rPh sb=\"0\" eb=\"2\"><t>\xE3\x83\x88\xE3\x82\xA6"
    "</t></rPh><phoneticPr fontId=\"1\"/></si>"                             /* 3 phonetic */
    "<si><t xml:space=\"preserve\"> padded </t></si>"                       /* 4 */
    "<si><t>line_x000D_\ntwo</t></si>"                                      /* 5 escaped CR */
    "<si><t>_x005F_x0041_ &amp; &lt;b&gt;</t></si>"                        /* 6 literal _x0041_ */
    "<si><t/></si>"                                                         /* 7 empty */
    "<si><t>nul_x0000_here</t></si>"                                        /* 8 */
    "</sst>";

static const char SHEET1[] =
    SHEET("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wide</t></is></c>"
          "<c r=\"AB1\"><v>3</v></c></row>"
          "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>");

static const char SHEET2[] =
    XML_DECL "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">\n"
    "<dimension ref=\"A1:D7\"/><sheetData>\n"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
    "<c r=\"C1\" t=\"inlineStr\"><is><t>date</t></is></c>"
    "<c r=\"D1\" t=\"inlineStr\"><is><r><t>do</t></r><r><t>ne</t></r></is></c></row>\n"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
    "<c r=\"C2\" s=\"1\"><v>45342</v></c><c r=\"D2\" t=\"b\"><v>1</v></c></row>\n"
    "<row r=\"3\" spans=\"1:4\"><c r=\"A3\" s=\"2\"/><c r=\"B3\" t=\"s\"><v>7</v></c></row>\n"
    "<row r=\"5\"><c r=\"A5\" t=\"str\"><f>A2&amp;\"x\"</f><v>\xE6\x9D\xB1\xE4\xBA\xAC" "x</v></c>"
    "<c r=\"B5\" t=\"e\"><v>#N/A</v></c><c r=\"D5\" t=\"b\"><v>0</v></c></row>\n"
    "<row r=\"6\"><c t=\"s\"><v>4</v></c><c><v>1.5</v></c></row>\n"
    "<row><c r=\"B7\" t=\"s\"><v>5</v></c><c t=\"s\"><v>6</v></c></row>\n"
    "</sheetData></worksheet>";

static const char UPDATES_DUMP[] =
    "1: ref|status|date|done\n"
    "2: \xE6\x9D\xB1\xE4\xBA\xAC|Green|45342#|TRUE\n"
    "5: \xE6\x9D\xB1\xE4\xBA\xAC" "x|#N/A||FALSE\n"
    "6:  padded |1.5#||\n"
    "7: |line\r\ntwo|_x0041_ & <b>|\n";

/* The usual workbook, with any part replaced by name (NULL text drops it). */
static char *book_with(const char *name, const char *text)
{
    struct part parts[] = {
        {"[Content_Types].xml", XML_DECL "<Types/>"},
        {"xl/workbook.xml", WORKBOOK},
        {"xl/_rels/workbook.xml.rels", RELS},
        {"xl/strings.xml", STRINGS},
        {"xl/worksheets/sheet1.xml", SHEET1},
        {"xl/worksheets/sheet2.xml", SHEET2},
        {NULL, NULL},
    };
    size_t i, j;

    for (i = 0; parts[i].name; i++)
        if (name && strcmp(parts[i].name, name) == 0)
            parts[i].text = text;
    for (i = j = 0; parts[i].name; i++)
        if (parts[i].text)
            parts[j++] = parts[i];
    parts[j].name = NULL;
    return write_book(parts);
}

struct seen {
    struct table_reader *t;
    struct buf dump;
    long stop_after, rows;
    size_t where_col; /* + 1: where of this cell dumped too (0: none) */
};

static int collect(void *ctx, const struct table_row *row)
{
    struct seen *s = ctx;
    size_t i;

    buf_addf(&s->dump, "%ld:", row->line);
    for (i = 0; i < row->ncells; i++)
        buf_addf(&s->dump, "%s%s%s", i ? "|" : " ", row->cells[i].text,
                 row->cells[i].numeric ? "#" : "");
    if (row->problem)
        buf_addf(&s->dump, " !%s@%zu", row->problem, row->problem_cell);
    if (s->where_col) {
        char w[256];
        table_where(s->t, row, s->where_col - 1, NULL, w, sizeof w);
        buf_addf(&s->dump, " @%s", w);
    }
    buf_addc(&s->dump, '\n');
    s->rows++;
    return s->stop_after && s->rows == s->stop_after ? 9 : 0;
}

/* Opens path (by file, and again from memory, which must agree) as display
 * with sheet; returns the error of either step, the rows in *dump. */
static int read_book(const char *path, const char *sheet, size_t where_col, char **dump,
                     struct err *e)
{
    char *mem_dump = NULL, *data;
    size_t len;
    int pass, rc = 0, rc_file = 0;

    data = slurp(path, &len);
    for (pass = 0; pass < 2; pass++) {
        struct seen s = {0};
        buf_init(&s.dump, 0);
        s.where_col = where_col;
        rc = pass == 0 ? table_open(&s.t, path, "book.xlsx", sheet, e)
                       : table_open_mem(&s.t, data, len, "book.xlsx", sheet, e);
        if (rc == 0) {
            assert_int_equal(table_kind(s.t), TABLE_XLSX);
            rc = table_each(s.t, collect, &s, e);
            table_close(s.t);
        }
        if (pass == 0) {
            *dump = buf_detach(&s.dump, NULL);
            rc_file = rc;
        } else {
            mem_dump = buf_detach(&s.dump, NULL);
        }
    }
    assert_int_equal(rc, rc_file);
    assert_string_equal(mem_dump, *dump);
    free(mem_dump);
    free(data);
    return rc;
}

static void expect_book(char *path, const char *sheet, size_t where_col, const char *want)
{
    struct err e = {0};
    char *dump;
    int rc = read_book(path, sheet, where_col, &dump, &e);

    if (rc)
        fail_msg("unexpected error %d: %s", rc, e.msg);
    assert_string_equal(dump, want);
    free(dump);
    unlink(path);
    free(path);
}

static void expect_book_error(char *path, const char *sheet, int code, const char *msg)
{
    struct err e = {0};
    char *dump;

    assert_int_equal(read_book(path, sheet, 0, &dump, &e), code);
    assert_string_equal(e.msg, msg);
    free(dump);
    unlink(path);
    free(path);
}

static void test_first_sheet_by_default(void **state)
{
    /* AB1 widens the row to 28 cells; row 2 is padded to the widest seen. */
    expect_book(book_with(NULL, NULL), NULL, 28,
                "1: wide|" PIPES26 "3# @book.xlsx:Actions!AB1\n"
                "2: 1#|" PIPES26 " @book.xlsx:Actions!AB2\n");
}

static void test_named_sheet(void **state)
{
    struct err e = {0};
    char *path = book_with(NULL, NULL), *dump;

    assert_int_equal(read_book(path, "Updates", 0, &dump, &e), 0);
    assert_string_equal(dump, UPDATES_DUMP);
    free(dump);
    /* Sheet names are matched regardless of case, and shown as the workbook has them. */
    assert_int_equal(read_book(path, "UPDATES", 2, &dump, &e), 0);
    assert_true(strstr(dump, "5: \xE6\x9D\xB1\xE4\xBA\xAC" "x|#N/A||FALSE @book.xlsx:Updates!B5\n"));
    free(dump);
    unlink(path);
    free(path);
}

static void test_where_columns(void **state)
{
    struct table_reader *t;
    struct table_row row = {0};
    struct err e = {0};
    char *path = book_with(NULL, NULL), w[64];
    static const struct {
        size_t col;
        const char *want;
    } cases[] = {{0, "book.xlsx:Actions!A9"},     {25, "book.xlsx:Actions!Z9"},
                 {26, "book.xlsx:Actions!AA9"},   {51, "book.xlsx:Actions!AZ9"},
                 {52, "book.xlsx:Actions!BA9"},   {701, "book.xlsx:Actions!ZZ9"},
                 {702, "book.xlsx:Actions!AAA9"}, {16383, "book.xlsx:Actions!XFD9"}};
    size_t i;

    assert_int_equal(table_open(&t, path, "book.xlsx", NULL, &e), 0);
    row.line = 9;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        table_where(t, &row, cases[i].col, "ignored", w, sizeof w);
        assert_string_equal(w, cases[i].want);
    }
    table_close(t);
    unlink(path);
    free(path);
}

static void test_unknown_sheet(void **state)
{
    expect_book_error(book_with(NULL, NULL), "Nope", ERR_NOTFOUND,
                      "book.xlsx: no sheet named \"Nope\" (the workbook has \"Actions\", "
                      "\"Updates\")");
}

static void test_date1904(void **state)
{
    static const char *const values[] = {"1", "true", "0", "false", NULL};
    static const int want[] = {1, 1, 0, 0, 0};
    char wb[1024];
    size_t i;

    for (i = 0; i < 5; i++) {
        struct table_reader *t;
        struct err e = {0};
        char *path;

        if (values[i])
            snprintf(wb, sizeof wb,
                     XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
                              "<workbookPr date1904=\"%s\" defaultThemeVersion=\"124226\"/>"
                              "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                              "</workbook>",
                     values[i]);
        else
            snprintf(wb, sizeof wb,
                     XML_DECL "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
                              "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
                              "</workbook>");
        path = book_with("xl/workbook.xml", wb);
        assert_int_equal(table_open(&t, path, NULL, NULL, &e), 0);
        assert_int_equal(table_date1904(t), want[i]);
        table_close(t);
        unlink(path);
        free(path);
    }
}

static void test_prefixed_namespaces(void **state)
{
    /* Some writers prefix every element; names are matched by namespace, not spelling. */
    expect_book(book_with("xl/worksheets/sheet1.xml",
                          XML_DECL "<x:worksheet xmlns:x=\"" NS_MAIN "\"><x:sheetData>"
                                   "<x:row r=\"4\"><x:c r=\"C4\" t=\"inlineStr\"><x:is><x:t>ok"
                                   "</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"),
                NULL, 3, "4: ||ok @book.xlsx:Actions!C4\n");
}

static void test_no_shared_strings(void **state)
{
    struct part parts[] = {
        {"xl/workbook.xml", WORKBOOK},
        {"xl/_rels/workbook.xml.rels",
         XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                  "relationships\">" REL("rId1", "worksheet", "worksheets/sheet1.xml") "</Relationships>"},
        {"xl/worksheets/sheet1.xml", SHEET1},
        {NULL, NULL},
    };
    expect_book(write_book(parts), NULL, 0, "1: wide|" PIPES26 "3#\n2: 1#|" PIPES26 "\n");
}

static void test_nul_from_escape_is_a_problem(void **state)
{
    expect_book(book_with("xl/worksheets/sheet1.xml",
                          SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
                                "<c r=\"B1\" t=\"s\"><v>8</v></c></row>"
                                "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>_x0000_</t>"
                                "</is></c></row>")),
                NULL, 0, "1: ref|nul !NUL byte@1\n2: | !NUL byte@0\n");
}

static void test_damaged_xml(void **state)
{
    expect_book_error(book_with("xl/worksheets/sheet2.xml",
                                SHEET("\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
                                      "<row r=\"2\"><c r=\"A2\"><v>2</v></row>\n")),
                      "Updates", ERR_INPUT,
                      "book.xlsx: damaged workbook: mismatched tag at line 4 of "
                      "xl/worksheets/sheet2.xml");
    expect_book_error(book_with("xl/workbook.xml", "<workbook><sheets>"), NULL, ERR_INPUT,
                      "book.xlsx: damaged workbook: no element found at line 1 of "
                      "xl/workbook.xml");
    expect_book_error(book_with("xl/strings.xml", "<sst><si><t>\xFF</t></si></sst>"), NULL,
                      ERR_INPUT,
                      "book.xlsx: damaged workbook: not well-formed (invalid token) at line 1 "
                      "of xl/strings.xml");
}

static void test_rows_before_damage_are_delivered(void **state)
{
    struct err e = {0};
    char *path = book_with("xl/worksheets/sheet1.xml",
                           SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                 "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row><oops>")),
         *dump;

    assert_int_equal(read_book(path, NULL, 0, &dump, &e), ERR_INPUT);
    assert_string_equal(dump, "1: 1#\n2: 2#\n");
    assert_string_equal(e.msg, "book.xlsx: damaged workbook: mismatched tag at line 2 of "
                               "xl/worksheets/sheet1.xml");
    free(dump);
    unlink(path);
    free(path);
}

static void test_dtd_refused(void **state)
{
    expect_book_error(book_with("xl/workbook.xml",
                                XML_DECL "<!DOCTYPE workbook [<!ENTITY a \"aaaaaaaaaa\">"
                                         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n"
                                         "<workbook/>"),
                      NULL, ERR_INPUT,
                      "book.xlsx: damaged workbook: a DTD is not allowed at line 2 of "
                      "xl/workbook.xml");
}

static void test_bad_cells(void **state)
{
    expect_book_error(book_with("xl/worksheets/sheet1.xml",
                                SHEET("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>")),
                      NULL, ERR_INPUT,
                      "book.xlsx: damaged workbook: bad cell reference \"XFE1\" at line 2 of "
                      "xl/worksheets/sheet1.xml");
    expect_book_error(book_with("xl/worksheets/sheet1.xml",
                                SHEET("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>")),
                      NULL, ERR_INPUT,
                      "book.xlsx: damaged workbook: bad cell reference \"1A\" at line 2 of "
                      "xl/worksheets/sheet1.xml");
    expect_book_error(book_with("xl/worksheets/sheet1.xml",
                                SHEET("<row r=\"0\"><c><v>1</v></c></row>")),
                      NULL, ERR_INPUT,
                      "book.xlsx: damaged workbook: bad row number \"0\" at line 2 of "
                      "xl/worksheets/sheet1.xml");
    expect_book_error(book_with("xl/worksheets/sheet1.xml",
                                SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\">"
                                      "<c r=\"B2\" t=\"s\"><v>99</v></c></row>")),
                      NULL, ERR_INPUT,
                      "book.xlsx: damaged workbook: cell B2 refers to shared string \"99\", "
                      "which does not exist at line 2 of xl/worksheets/sheet1.xml");
}

static void test_last_cell(void **state)
{
    struct buf want;
    int i;

    /* XFD1048576, the last cell of a sheet, is fine: 16383 empty cells, then it. */
    buf_init(&want, 0);
    buf_adds(&want, "1048576: ");
    for (i = 0; i < 16383; i++)
        buf_addc(&want, '|');
    buf_adds(&want, "1# @book.xlsx:Actions!XFD1048576\n");
    expect_book(book_with("xl/worksheets/sheet1.xml",
                          SHEET("<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row>")),
                NULL, 16384, buf_str(&want));
    buf_release(&want);
}

static void test_not_a_workbook(void **state)
{
    struct table_reader *t = NULL;
    struct err e = {0};
    static const char junk[] = "PK\x03\x04 not really a zip archive";
    struct part only_text[] = {{"readme.txt", "hello"}, {NULL, NULL}};
    char *path;

    assert_int_equal(table_open_mem(&t, junk, sizeof junk - 1, "book.xlsx", NULL, &e), ERR_INPUT);
    assert_string_equal(e.msg, "book.xlsx: not an XLSX workbook (not a zip archive)");
    assert_null(t);
    /* A zip archive, but not a workbook: */
    path = write_book(only_text);
    assert_int_equal(table_open(&t, path, "book.xlsx", NULL, &e), ERR_INPUT);
    assert_string_equal(e.msg, "book.xlsx: not an XLSX workbook (it has no xl/workbook.xml)");
    unlink(path);
    free(path);
}

static void test_missing_parts(void **state)
{
    expect_book_error(book_with("xl/worksheets/sheet2.xml", NULL), "Updates", ERR_INPUT,
                      "book.xlsx: damaged workbook: sheet \"Updates\" is missing "
                      "(xl/worksheets/sheet2.xml)");
    expect_book_error(book_with("xl/_rels/workbook.xml.rels", NULL), NULL, ERR_INPUT,
                      "book.xlsx: not an XLSX workbook (it has no xl/_rels/workbook.xml.rels)");
    expect_book_error(book_with("xl/workbook.xml",
                                XML_DECL "<workbook xmlns=\"" NS_MAIN "\"><sheets/></workbook>"),
                      NULL, ERR_INPUT, "book.xlsx: not an XLSX workbook (it has no sheets)");
}

static void test_chart_sheet(void **state)
{
    expect_book_error(
        book_with("xl/_rels/workbook.xml.rels",
                  XML_DECL "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
                           "2006/relationships\">" REL("rId1", "chartsheet", "chartsheets/sheet1.xml")
                           REL("rId2", "worksheet", "worksheets/sheet2.xml") "</Relationships>"),
        NULL, ERR_INPUT, "book.xlsx: sheet \"Actions\" is not a worksheet (a chart?)");
}

/* Patches the uncompressed size that the central directory gives for name. */
static void patch_size(char *data, size_t len, const char *name, uint32_t size)
{
    size_t i, k = strlen(name);

    for (i = 0; i + 46 + k <= len; i++) {
        if (memcmp(data + i, "PK\x01\x02", 4) == 0 && memcmp(data + i + 46, name, k) == 0) {
            data[i + 24] = (char)(size & 0xFF);
            data[i + 25] = (char)((size >> 8) & 0xFF);
            data[i + 26] = (char)((size >> 16) & 0xFF);
            data[i + 27] = (char)(size >> 24);
            return;
        }
    }
    fail_msg("no central directory entry for %s", name);
}

static void test_zip_bomb_refused(void **state)
{
    struct table_reader *t = NULL;
    struct err e = {0};
    char *path = book_with(NULL, NULL), *data;
    size_t len;

    data = slurp(path, &len);
    patch_size(data, len, "xl/worksheets/sheet1.xml", (uint32_t)300 << 20);
    assert_int_equal(table_open_mem(&t, data, len, "book.xlsx", NULL, &e), ERR_LIMIT);
    assert_string_equal(e.msg, "book.xlsx: xl/worksheets/sheet1.xml is larger than 256 MiB "
                               "uncompressed (refused: a workbook this size is more likely a "
                               "zip bomb)");
    assert_null(t);
    free(data);
    unlink(path);
    free(path);
}

static void test_encrypted_entry(void **state)
{
    struct table_reader *t = NULL;
    struct err e = {0};
    char *path = malloc(strlen(tmpdir) + 16);
    zip_t *z;
    zip_int64_t idx;
    int err;

    sprintf(path, "%s/book.xlsx", tmpdir);
    z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(z);
    zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, WORKBOOK, strlen(WORKBOOK), 0), 0);
    idx = zip_file_add(z, "xl/_rels/workbook.xml.rels", zip_source_buffer(z, RELS, strlen(RELS), 0), 0);
    if (zip_file_set_encryption(z, (zip_uint64_t)idx, ZIP_EM_AES_256, "secret") != 0) {
        zip_discard(z);
        free(path);
        skip(); /* libzip built without crypto */
    }
    assert_int_equal(zip_close(z), 0);
    assert_int_equal(table_open(&t, path, "book.xlsx", NULL, &e), ERR_INPUT);
    assert_string_equal(e.msg, "book.xlsx: not an XLSX workbook (xl/_rels/workbook.xml.rels is "
                               "encrypted)");
    unlink(path);
    free(path);
}

static void test_callback_stops_and_progress(void **state)
{
    struct seen s = {0};
    struct err e = {0};
    char *path = book_with(NULL, NULL);
    size_t done, total;

    buf_init(&s.dump, 0);
    s.stop_after = 2;
    assert_int_equal(table_open(&s.t, path, "book.xlsx", "Updates", &e), 0);
    assert_int_equal(table_each(s.t, collect, &s, &e), 9);
    assert_string_equal(buf_str(&s.dump), "1: ref|status|date|done\n"
                                          "2: \xE6\x9D\xB1\xE4\xBA\xAC|Green|45342#|TRUE\n");
    assert_int_equal(table_each(s.t, collect, &s, &e), ERR_INPUT);
    assert_string_equal(e.msg, "book.xlsx: the table has already been read");
    table_close(s.t);
    buf_release(&s.dump);

    buf_init(&s.dump, 0);
    s.stop_after = 0;
    assert_int_equal(table_open(&s.t, path, "book.xlsx", "Updates", &e), 0);
    table_progress(s.t, &done, &total);
    assert_int_equal(done, 0);
    assert_int_equal(total, strlen(SHEET2)); /* the sheet, inflated */
    assert_int_equal(table_each(s.t, collect, &s, &e), 0);
    table_progress(s.t, &done, &total);
    assert_int_equal(total, strlen(SHEET2));
    assert_int_equal(done, total);
    table_close(s.t);
    buf_release(&s.dump);
    unlink(path);
    free(path);
}

static void test_cell_limit(void **state)
{
    size_t n = ((size_t)1 << 20) + 1;
    struct buf sheet;

    buf_init(&sheet, 0);
    buf_adds(&sheet, SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"C2\" "
                           "t=\"inlineStr\"><is><t>"));
    sheet.len -= strlen("</sheetData></worksheet>");
    while (n--)
        buf_addc(&sheet, 'x');
    buf_adds(&sheet, "</t></is></c></row></sheetData></worksheet>");
    expect_book_error(book_with("xl/worksheets/sheet1.xml", buf_str(&sheet)), NULL, ERR_LIMIT,
                      "book.xlsx:Actions!C2: a cell is longer than 1 MiB");
    buf_release(&sheet);
}

static void test_xlsxwriter_workbook(void **state)
{
    const char *src = getenv("OVERSIGHT_SRC");
    char path[4096];
    struct seen s = {0};
    struct err e = {0};

    snprintf(path, sizeof path, "%s/tests/data/xlsxwriter_register.xlsx", src ? src : ".");
    buf_init(&s.dump, 0);
    s.where_col = 2;
    assert_int_equal(table_open(&s.t, path, "register.xlsx", "Updates", &e), 0);
    assert_int_equal(table_date1904(s.t), 0);
    assert_int_equal(table_each(s.t, collect, &s, &e), 0);
    assert_string_equal(buf_str(&s.dump),
                        "1: ref|date|status|note|count|done @register.xlsx:Updates!B1\n"
                        "2: A-001|45342#|Amber|Caf\xC3\xA9 \xE2\x82\xAC plan agreed|3#|FALSE "
                        "@register.xlsx:Updates!B2\n"
                        "4: A-002|45382#|Green|two\nlines|2.5#|TRUE @register.xlsx:Updates!B4\n"
                        "5: A-003||||5.5#| @register.xlsx:Updates!B5\n");
    table_close(s.t);
    buf_release(&s.dump);
}

static int setup(void **state)
{
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    return rmdir(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_sheet_by_default),
        cmocka_unit_test(test_named_sheet),
        cmocka_unit_test(test_where_columns),
        cmocka_unit_test(test_unknown_sheet),
        cmocka_unit_test(test_date1904),
        cmocka_unit_test(test_prefixed_namespaces),
        cmocka_unit_test(test_no_shared_strings),
        cmocka_unit_test(test_nul_from_escape_is_a_problem),
        cmocka_unit_test(test_damaged_xml),
        cmocka_unit_test(test_rows_before_damage_are_delivered),
        cmocka_unit_test(test_dtd_refused),
        cmocka_unit_test(test_bad_cells),
        cmocka_unit_test(test_last_cell),
        cmocka_unit_test(test_not_a_workbook),
        cmocka_unit_test(test_missing_parts),
        cmocka_unit_test(test_chart_sheet),
        cmocka_unit_test(test_zip_bomb_refused),
        cmocka_unit_test(test_encrypted_entry),
        cmocka_unit_test(test_callback_stops_and_progress),
        cmocka_unit_test(test_cell_limit),
        cmocka_unit_test(test_xlsxwriter_workbook),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
