/* smtp_sink.c -- a minimal SMTP server for the tests: listens on 127.0.0.1,
 * accepts messages one connection at a time, and writes each to DIR/N.eml
 * with its envelope (MAIL FROM and RCPT TO lines first). It exits after
 * MAX messages or when idle for 20 seconds.
 * Usage: smtp_sink PORTFILE DIR MAX */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int getline_fd(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap) {
        struct pollfd p = {fd, POLLIN, 0};
        char ch;
        if (poll(&p, 1, 20000) <= 0 || read(fd, &ch, 1) != 1)
            return -1;
        buf[n++] = ch;
        if (ch == '\n')
            break;
    }
    buf[n] = '\0';
    return (int)n;
}

static void say(int fd, const char *s)
{
    if (write(fd, s, strlen(s)) < 0)
        perror("write");
}

int main(int argc, char **argv)
{
    struct sockaddr_in sa = {0};
    socklen_t len = sizeof sa;
    int ls, max, count = 0;
    FILE *pf;
    if (argc != 4)
        return 2;
    max = atoi(argv[3]);
    ls = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) || listen(ls, 8) ||
        getsockname(ls, (struct sockaddr *)&sa, &len))
        return 1;
    if (!(pf = fopen(argv[1], "w")))
        return 1;
    fprintf(pf, "%d\n", ntohs(sa.sin_port));
    fclose(pf);
    while (count < max) {
        struct pollfd p = {ls, POLLIN, 0};
        char line[4096], path[4096];
        FILE *out = NULL;
        int fd, in_data = 0;
        if (poll(&p, 1, 20000) <= 0)
            return 1;
        if ((fd = accept(ls, NULL, NULL)) < 0)
            return 1;
        say(fd, "220 sink ESMTP\r\n");
        while (getline_fd(fd, line, sizeof line) > 0) {
            if (in_data) {
                if (strcmp(line, ".\r\n") == 0) {
                    in_data = 0;
                    fclose(out);
                    out = NULL;
                    count++;
                    say(fd, "250 OK\r\n");
                } else {
                    fputs(line[0] == '.' ? line + 1 : line, out);
                }
                continue;
            }
            if (!strncasecmp(line, "EHLO", 4) || !strncasecmp(line, "HELO", 4)) {
                say(fd, "250 sink\r\n");
            } else if (!strncasecmp(line, "MAIL FROM", 9)) {
                snprintf(path, sizeof path, "%s/%d.eml", argv[2], count + 1);
                if (!(out = fopen(path, "w")))
                    return 1;
                fputs(line, out);
                say(fd, "250 OK\r\n");
            } else if (!strncasecmp(line, "RCPT TO", 7)) {
                if (out)
                    fputs(line, out);
                say(fd, "250 OK\r\n");
            } else if (!strncasecmp(line, "DATA", 4)) {
                in_data = 1;
                say(fd, "354 go on\r\n");
            } else if (!strncasecmp(line, "QUIT", 4)) {
                say(fd, "221 bye\r\n");
                break;
            } else {
                say(fd, "250 OK\r\n");
            }
        }
        if (out)
            fclose(out);
        close(fd);
    }
    close(ls);
    return 0;
}
