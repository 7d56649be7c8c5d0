/* test_csv_read.c -- reading CSV through the table interface: cell texts,
 * record lines and where strings as a user sees them, and every error message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "format/table.h"

static char tmpdir[] = "/tmp/oversight-csv-XXXXXX";

/* What table_each delivered, one line per row:
 * "LINE: cell|cell|cell" + " !problem@cell", and where strings on request. */
struct seen {
    struct table_reader *t;
    struct buf dump;
    long stop_after;   /* return 7 after this many rows (0: never) */
    long rows;
    const char *field; /* if set, the where of cell 1 with this field is dumped too */
};

static int collect(void *ctx, const struct table_row *row)
{
    struct seen *s = ctx;
    size_t i;

    buf_addf(&s->dump, "%ld:", row->line);
    for (i = 0; i < row->ncells; i++) {
        assert_int_equal(strlen(row->cells[i].text) == row->cells[i].len || row->problem, 1);
        buf_addf(&s->dump, "%s%s", i ? "|" : " ", row->cells[i].text);
    }
    if (row->problem)
        buf_addf(&s->dump, " !%s@%zu", row->problem, row->problem_cell);
    if (s->field) {
        char w[256];
        table_where(s->t, row, 1, s->field, w, sizeof w);
        buf_addf(&s->dump, " @%s", w);
    }
    buf_addc(&s->dump, '\n');
    s->rows++;
    return s->stop_after && s->rows == s->stop_after ? 7 : 0;
}

/* Reads data[0..len) as display; returns table_each's result, with the rows
 * in *dump (to free) and the message in e. */
static int read_mem(const void *data, size_t len, const char *display, const char *field,
                    char **dump, struct err *e)
{
    struct seen s = {0};
    int rc;

    buf_init(&s.dump, 0);
    s.field = field;
    rc = table_open_mem(&s.t, data, len, display, NULL, e);
    if (rc == 0) {
        assert_int_equal(table_kind(s.t), TABLE_CSV);
        assert_int_equal(table_date1904(s.t), 0);
        rc = table_each(s.t, collect, &s, e);
        table_close(s.t);
    }
    *dump = buf_detach(&s.dump, NULL);
    return rc;
}

static int read_str(const char *text, const char *field, char **dump, struct err *e)
{
    return read_mem(text, strlen(text), "t.csv", field, dump, e);
}

static char *write_file(const char *name, const void *data, size_t len)
{
    char *path = malloc(strlen(tmpdir) + strlen(name) + 2);
    FILE *f;

    sprintf(path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static void expect_rows(const char *text, const char *want)
{
    struct err e = {0};
    char *dump;
    int rc = read_str(text, NULL, &dump, &e);
    if (rc)
        fail_msg("unexpected error %d: %s", rc, e.msg);
    assert_string_equal(dump, want);
    free(dump);
}

static void expect_error(const char *text, int code, const char *msg, const char *rows)
{
    struct err e = {0};
    char *dump;
    assert_int_equal(read_str(text, NULL, &dump, &e), code);
    assert_string_equal(e.msg, msg);
    assert_string_equal(dump, rows);
    free(dump);
}

static void test_basic(void **state)
{
    struct err e = {0};
    char *dump;

    assert_int_equal(read_str("ref,date,status\nA1,2024-01-02,Red\nA2,03/04/2024,Green\n",
                              "status", &dump, &e),
                     0);
    assert_string_equal(dump, "1: ref|date|status @t.csv:1:status\n"
                              "2: A1|2024-01-02|Red @t.csv:2:status\n"
                              "3: A2|03/04/2024|Green @t.csv:3:status\n");
    free(dump);
}

static void test_where_without_field(void **state)
{
    struct err e = {0};
    char *dump;

    assert_int_equal(read_str("a,b\n1,2\n", "", &dump, &e), 0);
    assert_string_equal(dump, "1: a|b @t.csv:1\n2: 1|2 @t.csv:2\n");
    free(dump);
}

static void test_where_truncates(void **state)
{
    struct table_reader *t;
    struct table_row row = {0};
    struct err e = {0};
    char w[8];

    assert_int_equal(table_open_mem(&t, "a\n", 2, "long-name.csv", NULL, &e), 0);
    row.line = 12;
    table_where(t, &row, 0, "status", w, sizeof w);
    assert_string_equal(w, "long-na");
    table_where(t, &row, 0, NULL, w, 0); /* n == 0 writes nothing */
    table_close(t);
}

static void test_multiline_record_named_by_first_line(void **state)
{
    struct err e = {0};
    char *dump;

    /* Lines: 1 header, 2 a row, 3 blank, 4-5 one record, 6 a row. */
    assert_int_equal(read_str("ref,note\nA1,x\n\nA2,\"two\nlines\"\nA3,y\n", "", &dump, &e), 0);
    assert_string_equal(dump, "1: ref|note @t.csv:1\n"
                              "2: A1|x @t.csv:2\n"
                              "4: A2|two\nlines @t.csv:4\n"
                              "6: A3|y @t.csv:6\n");
    free(dump);
}

static void test_quoted_newline_at_line_start(void **state)
{
    /* The record opens with a quote whose newline comes first thing. */
    expect_rows("a,b\n\"\nx\",\"y\n\n\nz\"\n1,2\n", "1: a|b\n2: \nx|y\n\n\nz\n7: 1|2\n");
}

static void test_bom_crlf_blank_lines(void **state)
{
    expect_rows("\xEF\xBB\xBFref,status\r\n\r\nA1,Red\r\n   \r\n\r\nA2,Amber\r\n",
                "1: ref|status\n3: A1|Red\n6: A2|Amber\n");
}

static void test_bom_only_at_start(void **state)
{
    /* A BOM anywhere else is an ordinary (valid) character of a cell. */
    expect_rows("a,\xEF\xBB\xBF" "b\n", "1: a|\xEF\xBB\xBF" "b\n");
}

static void test_crlf_inside_quotes_kept(void **state)
{
    expect_rows("a,b\r\n1,\"x\r\ny\"\r\n2,3\r\n", "1: a|b\n2: 1|x\r\ny\n4: 2|3\n");
}

static void test_bare_cr_lines(void **state)
{
    /* "CSV (Macintosh)" from Excel for Mac ends lines with CR alone. */
    expect_rows("a,b\r1,\"x\ry\"\r\r2,3", "1: a|b\n2: 1|x\ry\n5: 2|3\n");
}

static void test_quotes_and_spaces(void **state)
{
    /* Doubled quotes; commas and spaces inside quotes kept; spaces around
     * unquoted fields and around quotes trimmed; empty fields kept. */
    expect_rows("a,b,c,d\n\"say \"\"hi\"\"\", x , \" y, z \" ,\n,,,\n",
                "1: a|b|c|d\n2: say \"hi\"|x| y, z |\n3: |||\n");
}

static void test_last_record_without_newline(void **state)
{
    expect_rows("a,b\n1,2", "1: a|b\n2: 1|2\n");
    expect_rows("a,b\n1,\"2\"", "1: a|b\n2: 1|2\n");
    expect_rows("a,b\n1,", "1: a|b\n2: 1|\n");
}

static void test_empty_inputs(void **state)
{
    expect_rows("", "");
    expect_rows("\xEF\xBB\xBF", "");
    expect_rows("\n\r\n\n", "");
}

static void test_utf8_valid(void **state)
{
    /* 2-, 3- and 4-byte forms, the edges of each, U+10FFFF. */
    expect_rows("name\nCaf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n\xC2\x80\xDF\xBF\xE0\xA0\x80"
                "\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\n",
                "1: name\n2: Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n"
                "3: \xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"
                "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF\n");
}

static void expect_problem(const char *cell, const char *problem)
{
    struct err e = {0};
    char text[64], want[128], *dump;

    snprintf(text, sizeof text, "a,b,c\nx,ok,%s\ny,z,w\n", cell);
    snprintf(want, sizeof want, "1: a|b|c\n2: x|ok|%s !%s@2\n3: y|z|w\n", cell, problem);
    assert_int_equal(read_str(text, NULL, &dump, &e), 0);
    assert_string_equal(dump, want);
    free(dump);
}

static void test_utf8_invalid(void **state)
{
    expect_problem("\xC3\x28", "invalid UTF-8");             /* bad continuation */
    expect_problem("\xC0\x80", "invalid UTF-8");             /* overlong NUL */
    expect_problem("\xC1\xBF", "invalid UTF-8");             /* overlong */
    expect_problem("\xE0\x80\xAF", "invalid UTF-8");         /* overlong / */
    expect_problem("\xF0\x8F\xBF\xBF", "invalid UTF-8");     /* overlong */
    expect_problem("\xED\xA0\x80", "invalid UTF-8");         /* surrogate D800 */
    expect_problem("\xED\xBF\xBF", "invalid UTF-8");         /* surrogate DFFF */
    expect_problem("\xF4\x90\x80\x80", "invalid UTF-8");     /* U+110000 */
    expect_problem("\xF5\x80\x80\x80", "invalid UTF-8");
    expect_problem("\xFF", "invalid UTF-8");
    expect_problem("\x80", "invalid UTF-8");                 /* lone continuation */
    expect_problem("abc\xE2\x82", "invalid UTF-8");          /* truncated at the end */
    expect_problem("Windows-1252 caf\xE9", "invalid UTF-8"); /* the usual culprit */
    expect_problem("abcdefghijklmnop\xE9", "invalid UTF-8"); /* after the 8-byte fast path */
}

static void test_nul_byte(void **state)
{
    struct err e = {0};
    char *dump;
    static const char text[] = "a,b\nx,ab\0cd\n";

    assert_int_equal(read_mem(text, sizeof text - 1, "t.csv", NULL, &dump, &e), 0);
    assert_string_equal(dump, "1: a|b\n2: x|ab !NUL byte@1\n"); /* the text stops at the NUL */
    free(dump);
}

static void test_first_problem_wins(void **state)
{
    expect_rows("a,b\n\xFF,\xC3\n", "1: a|b\n2: \xFF|\xC3 !invalid UTF-8@0\n");
}

static void test_unterminated_quote(void **state)
{
    expect_error("ref,note\nA1,x\nA2,\"never closed\nA3,y\nA4,z\n", ERR_INPUT,
                 "t.csv:3: unterminated quoted field", "1: ref|note\n2: A1|x\n");
    expect_error("a\n\"", ERR_INPUT, "t.csv:2: unterminated quoted field", "1: a\n");
}

static void test_malformed_quoting(void **state)
{
    expect_error("a,b\n1,x\"y\n", ERR_INPUT,
                 "t.csv:2: malformed quoting: a quote inside an unquoted field (quote the whole "
                 "field and double the quote)",
                 "1: a|b\n");
    expect_error("a,b\n1,\"x\"y\n", ERR_INPUT,
                 "t.csv:2: malformed quoting: text after the closing quote of a quoted field",
                 "1: a|b\n");
    /* Named by the record's first line, and the line where it went wrong. */
    expect_error("a,b\n1,2\n3,\"x\n\ny\" z\n", ERR_INPUT,
                 "t.csv:3: malformed quoting on line 5: text after the closing quote of a "
                 "quoted field",
                 "1: a|b\n2: 1|2\n");
}

static void test_field_limit(void **state)
{
    size_t n = ((size_t)1 << 20) + 1;
    char *text = malloc(n + 16), *dump;
    struct err e = {0};

    memcpy(text, "a\nx\n", 4);
    memset(text + 4, 'y', n);
    memcpy(text + 4 + n, "\n", 2);
    assert_int_equal(read_mem(text, strlen(text), "t.csv", NULL, &dump, &e), ERR_LIMIT);
    assert_string_equal(e.msg, "t.csv:3: a field is longer than 1 MiB");
    assert_string_equal(dump, "1: a\n2: x\n");
    free(dump);

    /* Exactly 1 MiB is fine. */
    text[4 + n - 1] = '\n';
    text[4 + n] = '\0';
    assert_int_equal(read_mem(text, strlen(text), "t.csv", NULL, &dump, &e), 0);
    free(dump);

    free(text);

    /* An unclosed quote does not swallow the rest of a large file. */
    n = (size_t)3 << 20;
    text = malloc(n + 1);
    memset(text, 'y', n);
    memcpy(text, "a\nx\n\"", 5);
    for (size_t i = 100; i < n; i += 100)
        text[i] = '\n';
    text[n] = '\0';
    assert_int_equal(read_mem(text, n, "t.csv", NULL, &dump, &e), ERR_LIMIT);
    assert_string_equal(e.msg, "t.csv:3: a field is longer than 1 MiB");
    free(dump);
    free(text);
}

static void test_row_limit(void **state)
{
    size_t field = (size_t)1 << 20, nf = 17, i;
    char *text = malloc(nf * (field + 1) + 8), *p = text, *dump;
    struct err e = {0};

    memcpy(p, "a\n", 2);
    p += 2;
    for (i = 0; i < nf; i++) {
        memset(p, 'x', field);
        p += field;
        *p++ = i + 1 < nf ? ',' : '\n';
    }
    assert_int_equal(read_mem(text, (size_t)(p - text), "t.csv", NULL, &dump, &e), ERR_LIMIT);
    assert_string_equal(e.msg, "t.csv:2: a record is longer than 16 MiB");
    free(dump);
    free(text);
}

static void test_column_limit(void **state)
{
    size_t n = 16385, i;
    char *text = malloc(n * 2 + 4), *dump;
    struct err e = {0};

    for (i = 0; i < n; i++) {
        text[2 * i] = 'x';
        text[2 * i + 1] = i + 1 < n ? ',' : '\n';
    }
    assert_int_equal(read_mem(text, n * 2, "t.csv", NULL, &dump, &e), ERR_LIMIT);
    assert_string_equal(e.msg, "t.csv:1: more than 16384 fields in a record");
    free(dump);
    text[n * 2 - 3] = '\n'; /* 16384 fields */
    assert_int_equal(read_mem(text, n * 2 - 2, "t.csv", NULL, &dump, &e), 0);
    free(dump);
    free(text);
}

static void test_callback_stops(void **state)
{
    struct seen s = {0};
    struct err e = {0};
    static const char text[] = "a\n1\n2\n3\r4\n";

    buf_init(&s.dump, 0);
    s.stop_after = 2;
    assert_int_equal(table_open_mem(&s.t, text, sizeof text - 1, NULL, NULL, &e), 0);
    assert_int_equal(table_each(s.t, collect, &s, &e), 7);
    assert_string_equal(buf_str(&s.dump), "1: a\n2: 1\n");
    assert_int_equal(table_each(s.t, collect, &s, &e), ERR_INPUT);
    assert_string_equal(e.msg, "(input): the table has already been read");
    table_close(s.t);
    buf_release(&s.dump);

    /* Two records on one line (a bare CR inside an LF file): stop after the first. */
    buf_init(&s.dump, 0);
    s.rows = 0;
    s.stop_after = 4;
    assert_int_equal(table_open_mem(&s.t, text, sizeof text - 1, NULL, NULL, &e), 0);
    assert_int_equal(table_each(s.t, collect, &s, &e), 7);
    assert_string_equal(buf_str(&s.dump), "1: a\n2: 1\n3: 2\n4: 3\n");
    table_close(s.t);
    buf_release(&s.dump);
}

/* A file read in 64 KiB chunks gives exactly what memory gives, records and
 * line numbers included, whatever falls on a chunk boundary. */
static void test_file_matches_memory(void **state)
{
    struct buf text, want;
    struct seen s = {0};
    struct err e = {0};
    char *path, *dump;
    long line = 2;
    size_t done, total;
    int i;

    buf_init(&text, 0);
    buf_init(&want, 0);
    buf_adds(&text, "\xEF\xBB\xBFref,note\r\n");
    buf_adds(&want, "1: ref|note\n");
    for (i = 0; i < 20000; i++) {
        if (i % 7 == 0) {
            buf_addf(&text, "R%d,\"a\r\nb %d\"\r\n", i, i);
            buf_addf(&want, "%ld: R%d|a\r\nb %d\n", line, i, i);
            line += 2;
        } else if (i % 11 == 0) {
            buf_adds(&text, "\r\n");
            line++;
        } else {
            buf_addf(&text, "R%d,note %d\r\n", i, i * 31);
            buf_addf(&want, "%ld: R%d|note %d\n", line, i, i * 31);
            line++;
        }
    }
    assert_true(text.len > 4 * 65536);
    assert_int_equal(read_mem(text.p, text.len, "big.csv", NULL, &dump, &e), 0);
    assert_string_equal(dump, buf_str(&want));
    free(dump);

    path = write_file("big.csv", text.p, text.len);
    buf_init(&s.dump, 0);
    assert_int_equal(table_open(&s.t, path, "big.csv", NULL, &e), 0);
    table_progress(s.t, &done, &total);
    assert_int_equal(done, 0);
    assert_int_equal(total, text.len);
    assert_int_equal(table_each(s.t, collect, &s, &e), 0);
    assert_string_equal(buf_str(&s.dump), buf_str(&want));
    table_progress(s.t, &done, &total);
    assert_int_equal(done, text.len);
    table_close(s.t);
    unlink(path);
    free(path);
    buf_release(&s.dump);
    buf_release(&text);
    buf_release(&want);
}

static void test_file_errors_name_the_file(void **state)
{
    struct seen s = {0};
    struct table_reader *t = NULL;
    struct err e = {0};
    char *path;

    assert_int_equal(table_open(&t, "/nonexistent/updates.csv", "updates.csv", NULL, &e), ERR_IO);
    assert_string_equal(e.msg, "updates.csv: cannot open: No such file or directory");
    assert_null(t);

    path = write_file("u.csv", "a\n\"x\n", 5);
    assert_int_equal(table_open(&t, path, NULL, NULL, &e), 0);
    buf_init(&s.dump, 0);
    assert_int_equal(table_each(t, collect, &s, &e), ERR_INPUT);
    buf_release(&s.dump);
    /* display defaults to the path */
    assert_true(strstr(e.msg, "/u.csv:2: unterminated quoted field") != NULL);
    assert_true(strncmp(e.msg, tmpdir, strlen(tmpdir)) == 0);
    table_close(t);
    unlink(path);
    free(path);
}

static void test_sheet_given_for_csv(void **state)
{
    struct table_reader *t = NULL;
    struct err e = {0};

    assert_int_equal(table_open_mem(&t, "a\n", 2, "t.csv", "Updates", &e), ERR_INPUT);
    assert_string_equal(e.msg, "t.csv: a CSV file has no sheets (asked for sheet \"Updates\")");
    assert_null(t);
}

static void test_not_a_workbook(void **state)
{
    struct table_reader *t = NULL;
    struct err e = {0};
    static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest";

    /* Named .xlsx but not a zip archive: not read as CSV garbage. */
    assert_int_equal(table_open_mem(&t, "a,b\n", 4, "book.xlsx", NULL, &e), ERR_INPUT);
    assert_string_equal(e.msg, "book.xlsx: not an XLSX workbook (not a zip archive)");
    /* An encrypted workbook (an OLE compound file), whatever its name. */
    assert_int_equal(table_open_mem(&t, ole, sizeof ole - 1, "book.csv", NULL, &e), ERR_INPUT);
    assert_string_equal(e.msg, "book.csv: not an XLSX workbook (it is encrypted, or an old .xls "
                               "file: save it from Excel as .xlsx without a password)");
    assert_null(t);
}

static void test_utf16_refused(void **state)
{
    struct table_reader *t = NULL;
    struct err e = {0};
    static const char le[] = "\xFF\xFEr\0e\0f\0\n\0";

    assert_int_equal(table_open_mem(&t, le, sizeof le - 1, "t.csv", NULL, &e), ERR_INPUT);
    assert_string_equal(e.msg, "t.csv: the file is UTF-16 text, not UTF-8 CSV (in Excel, save it "
                               "as \"CSV UTF-8\")");
    assert_int_equal(table_open_mem(&t, "\xFE\xFF\0r", 4, "t.csv", NULL, &e), ERR_INPUT);
    assert_null(t);
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
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_where_without_field),
        cmocka_unit_test(test_where_truncates),
        cmocka_unit_test(test_multiline_record_named_by_first_line),
        cmocka_unit_test(test_quoted_newline_at_line_start),
        cmocka_unit_test(test_bom_crlf_blank_lines),
        cmocka_unit_test(test_bom_only_at_start),
        cmocka_unit_test(test_crlf_inside_quotes_kept),
        cmocka_unit_test(test_bare_cr_lines),
        cmocka_unit_test(test_quotes_and_spaces),
        cmocka_unit_test(test_last_record_without_newline),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_first_problem_wins),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_malformed_quoting),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_row_limit),
        cmocka_unit_test(test_column_limit),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_file_matches_memory),
        cmocka_unit_test(test_file_errors_name_the_file),
        cmocka_unit_test(test_sheet_given_for_csv),
        cmocka_unit_test(test_not_a_workbook),
        cmocka_unit_test(test_utf16_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
