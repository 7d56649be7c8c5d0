/* embed.c -- writes the web assets into a C file, so the binary stands
 * alone: each file becomes an array with its name, content type, length
 * and an ETag, and all of them together a version for their URLs
 * (src/web/assets.h).
 *
 * usage: embed OUTPUT.c MANIFEST
 * MANIFEST has one asset a line: NAME, a tab, then the file's path. Names
 * are what the URL says after /assets/VERSION/. Built and run by CMake at
 * build time; the output is written whole or not at all. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct asset {
    char *name, *path;
    unsigned char *data;
    size_t len;
    uint64_t hash;
};

static uint64_t fnv1a(const unsigned char *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static const char *content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } T[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof T / sizeof *T; i++)
        if (strcmp(dot, T[i].ext) == 0)
            return T[i].type;
    return "application/octet-stream";
}

static int read_file(struct asset *a)
{
    FILE *f = fopen(a->path, "rb");
    long n;
    if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        if (f)
            fclose(f);
        return -1;
    }
    a->data = malloc((size_t)n + 1);
    a->len = (size_t)n;
    if (!a->data || fread(a->data, 1, a->len, f) != a->len) {
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}

/* The bytes as string literal lines: printable ASCII as it is, everything
 * else (and \ " ?, the last for trigraphs) as three-digit octal escapes. */
static void write_bytes(FILE *out, const unsigned char *p, size_t n)
{
    size_t col = 0;
    fputs("    \"", out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"' && c != '?') {
            fputc(c, out);
            col++;
        } else {
            fprintf(out, "\\%03o", c);
            col += 4;
        }
        if (col >= 76 && i + 1 < n) {
            fputs("\"\n    \"", out);
            col = 0;
        }
    }
    fputs("\"", out);
}

int main(int argc, char **argv)
{
    struct asset *v = NULL;
    size_t n = 0, cap = 0;
    char line[4096], tmp[4096];
    uint64_t version = 0xcbf29ce484222325ULL;
    FILE *man, *out = NULL;
    int rc = 1;

    if (argc != 3) {
        fprintf(stderr, "usage: embed OUTPUT.c MANIFEST\n");
        return 2;
    }
    if (!(man = fopen(argv[2], "r"))) {
        fprintf(stderr, "embed: cannot read %s\n", argv[2]);
        return 1;
    }
    while (fgets(line, sizeof line, man)) {
        char *tab = strchr(line, '\t');
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        if (!tab) {
            fprintf(stderr, "embed: %s: a line without a tab: %s\n", argv[2], line);
            goto out;
        }
        *tab = '\0';
        if (n == cap) {
            struct asset *nv = realloc(v, (cap = cap ? cap * 2 : 32) * sizeof *v);
            if (!nv)
                goto out;
            v = nv;
        }
        memset(&v[n], 0, sizeof v[n]);
        v[n].name = strdup(line);
        v[n].path = strdup(tab + 1);
        n++;
        if (!v[n - 1].name || !v[n - 1].path || read_file(&v[n - 1])) {
            fprintf(stderr, "embed: cannot read %s\n", tab + 1);
            goto out;
        }
        v[n - 1].hash = fnv1a(v[n - 1].data, v[n - 1].len, 0xcbf29ce484222325ULL);
        version = fnv1a((const unsigned char *)v[n - 1].name, strlen(v[n - 1].name), version);
        version = fnv1a((const unsigned char *)&v[n - 1].hash, sizeof v[n - 1].hash, version);
    }
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    if (!(out = fopen(tmp, "w"))) {
        fprintf(stderr, "embed: cannot write %s\n", tmp);
        goto out;
    }
    fprintf(out, "/* web_assets.c -- the web assets, written by tools/embed.c at build time "
                 "from %s. */\n#include \"web/assets.h\"\n\n",
            argv[2]);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "/* %s */\nstatic const unsigned char A%zu[] =\n", v[i].name, i);
        write_bytes(out, v[i].data, v[i].len);
        fputs(";\n\n", out);
    }
    fputs("const struct web_asset WEB_ASSETS[] = {\n", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "    {\"%s\", \"%s\", A%zu, %zu, \"\\\"%016llx\\\"\"},\n", v[i].name,
                content_type(v[i].name), i, v[i].len, (unsigned long long)v[i].hash);
    if (!n)
        fputs("    {0},\n", out);
    fprintf(out, "};\nconst size_t WEB_NASSETS = %zu;\nconst char WEB_ASSET_VERSION[] = \"%012llx\";\n",
            n, (unsigned long long)(version & 0xffffffffffffULL));
    if (fclose(out) != 0 || rename(tmp, argv[1]) != 0) {
        out = NULL;
        fprintf(stderr, "embed: cannot write %s\n", argv[1]);
        remove(tmp);
        goto out;
    }
    out = NULL;
    rc = 0;
out:
    fclose(man);
    for (size_t i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].path);
        free(v[i].data);
    }
    free(v);
    return rc;
}
