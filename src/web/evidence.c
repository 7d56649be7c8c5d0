/* evidence.c -- checking uploaded evidence by its bytes, checking links,
 * and sending a file back as a download. */
#include "web/evidence.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "base/buf.h"
#include "format/html.h"

enum magic { M_PDF, M_OLE, M_DOCX, M_XLSX, M_PNG, M_JPEG, M_GIF };

static const struct file_kind {
    const char *ext, *content_type, *label;
    enum magic magic;
} KINDS[] = {
    {"pdf", "application/pdf", "PDF", M_PDF},
    {"doc", "application/msword", "Word document", M_OLE},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "Word document", M_DOCX},
    {"xls", "application/vnd.ms-excel", "Excel workbook", M_OLE},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "Excel workbook", M_XLSX},
    {"png", "image/png", "PNG image", M_PNG},
    {"jpg", "image/jpeg", "JPEG image", M_JPEG},
    {"jpeg", "image/jpeg", "JPEG image", M_JPEG},
    {"gif", "image/gif", "GIF image", M_GIF},
};

static int starts(const void *data, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(data, magic, n) == 0;
}

/* Whether data is a zip archive holding the entry part. The archive is
 * only read from memory; nothing is extracted. */
static int zip_holds(const void *data, size_t len, const char *part)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *z;
    int found = 0;

    if (!starts(data, len, "PK\x03\x04", 4))
        return 0;
    zip_error_init(&ze);
    if ((src = zip_source_buffer_create(data, len, 0, &ze))) {
        if ((z = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
            found = zip_name_locate(z, part, 0) >= 0;
            zip_discard(z); /* frees the source too */
        } else {
            zip_source_free(src);
        }
    }
    zip_error_fini(&ze);
    return found;
}

static int magic_matches(enum magic m, const void *data, size_t len)
{
    switch (m) {
    case M_PDF: return starts(data, len, "%PDF-", 5);
    case M_OLE: return starts(data, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    case M_DOCX: return zip_holds(data, len, "word/document.xml");
    case M_XLSX: return zip_holds(data, len, "xl/workbook.xml");
    case M_PNG: return starts(data, len, "\x89PNG\r\n\x1A\n", 8);
    case M_JPEG: return starts(data, len, "\xFF\xD8\xFF", 3);
    case M_GIF: return starts(data, len, "GIF87a", 6) || starts(data, len, "GIF89a", 6);
    }
    return 0;
}

/* The last segment of a path a browser may send ("C:\fakepath\x.pdf"),
 * without characters that have no place in a file's name. */
static const char *clean_name(const char *name, struct arena *a)
{
    const char *base = name;
    char *out, *o;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    base += strspn(base, " .");
    out = o = arena_alloc(a, strlen(base) + 1);
    for (const unsigned char *p = (const unsigned char *)base; *p; p++)
        if (*p >= 0x20 && *p != 0x7f && *p != '"' && *p != ';')
            *o++ = (char)*p;
    while (o > out && o[-1] == ' ')
        o--;
    *o = '\0';
    return out;
}

const char *evidence_check(const char *filename, const void *data, size_t len, struct arena *a,
                           struct evidence_file *out)
{
    const struct file_kind *k = NULL;
    const char *name = clean_name(filename ? filename : "", a), *dot = strrchr(name, '.');
    unsigned char digest[crypto_hash_sha256_BYTES];

    memset(out, 0, sizeof *out);
    if (len == 0)
        return "The selected file is empty";
    if (len > WEB_MAX_UPLOAD)
        return "The selected file must be smaller than 20 MB";
    for (size_t i = 0; dot && i < sizeof KINDS / sizeof *KINDS; i++)
        if (strcasecmp(dot + 1, KINDS[i].ext) == 0)
            k = &KINDS[i];
    if (!k)
        return "The selected file must be a PDF, Word document, Excel workbook, or a PNG, JPEG "
               "or GIF image";
    if (!magic_matches(k->magic, data, len))
        return arena_printf(a, "The selected file is not a %s: its contents do not match its name",
                            k->label);
    /* A name too long to offer back is replaced, keeping the kind. */
    if (strlen(name) > 150 || dot == name)
        name = arena_printf(a, "evidence.%s", k->ext);
    out->filename = name;
    out->content_type = k->content_type;
    out->label = k->label;
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(out->sha256, sizeof out->sha256, digest, sizeof digest);
    return NULL;
}

const char *evidence_link_problem(const char *url)
{
    const char *host;
    size_t n = strlen(url);
    if (n > EVIDENCE_URL_MAX)
        return "The link must be 2,000 characters or fewer";
    if (strncasecmp(url, "https://", 8) == 0)
        host = url + 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        host = url + 7;
    else
        return "Enter a link that starts with https:// or http://";
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return "Enter a link without spaces";
    if (!*host || *host == '/' || *host == '?' || *host == '#')
        return "Enter a link with the name of the site, such as https://intranet.example/report";
    return NULL;
}

const char *evidence_type_label(const char *content_type)
{
    for (size_t i = 0; content_type && i < sizeof KINDS / sizeof *KINDS; i++)
        if (strcmp(content_type, KINDS[i].content_type) == 0)
            return KINDS[i].label;
    return "File";
}

const char *evidence_size_words(struct arena *a, long long size)
{
    if (size < 1024)
        return arena_printf(a, "%lld bytes", size);
    if (size < 1024 * 1024)
        return arena_printf(a, "%lld KB", (size + 1023) / 1024);
    return arena_printf(a, "%.1f MB", (double)size / (1024.0 * 1024.0));
}

void evidence_send(struct web_response *resp, const char *filename, const char *content_type,
                   const void *data, size_t len)
{
    struct buf enc;
    char *ascii = arena_strdup(resp->arena, filename && *filename ? filename : "evidence");

    /* The quoted name for old clients: ASCII only, nothing that ends it. */
    for (char *p = ascii; *p; p++)
        if ((unsigned char)*p >= 0x80 || *p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '_';
    buf_init(&enc, 4096);
    html_urlenc(&enc, filename && *filename ? filename : "evidence");
    web_set_header(resp, "Content-Disposition",
                   arena_printf(resp->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
                                ascii, buf_str(&enc)));
    buf_release(&enc);
    /* X-Content-Type-Options: nosniff is on every response (app.c). */
    resp->status = 200;
    resp->content_type = content_type ? content_type : "application/octet-stream";
    buf_reset(&resp->body);
    resp->static_body = data;
    resp->static_len = len;
}
