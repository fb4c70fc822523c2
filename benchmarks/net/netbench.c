/*
 * netbench: the network benchmark's one tool, run both on the host and inside a container so that both paths
 * are measured by the same code.
 *   netbench source PORT BYTES          serve BYTES of zeros to every TCP connection
 *   netbench echo PORT                  echo every UDP datagram
 *   netbench read HOST PORT             read one TCP connection to its end; print bytes, seconds, MB/s
 *   netbench rr HOST PORT COUNT         COUNT times: connect, send a small HTTP request, read to the end; print p50/p99 us
 *   netbench udprr HOST PORT COUNT      COUNT UDP round trips of 32 bytes; print p50/p99 us
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static struct sockaddr_in address(const char *host, int port) {
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, host, &at.sin_addr) != 1) {
        fprintf(stderr, "netbench: %s is not an IPv4 address\n", host);
        exit(2);
    }
    return at;
}

static int listener(int type, int port) {
    int s = socket(AF_INET, type, 0), one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (bind(s, (struct sockaddr *) &at, sizeof at) < 0) { perror("netbench: bind"); exit(1); }
    if (type == SOCK_STREAM) listen(s, 128);
    return s;
}

static void percentiles(double *us, int n, const char *what) {
    qsort(us, n, sizeof *us, cmp);
    double total = 0;
    for (int i = 0; i < n; i++) total += us[i];
    printf("%s count=%d p50_us=%.0f p99_us=%.0f mean_us=%.0f\n", what, n, us[n / 2], us[(int) (n * 0.99)], total / n);
}

int main(int argc, char **argv) {
    static char buffer[1 << 16];
    if (argc >= 4 && !strcmp(argv[1], "source")) {
        long long bytes = atoll(argv[3]);
        int s = listener(SOCK_STREAM, atoi(argv[2]));
        for (;;) {
            int c = accept(s, NULL, NULL);
            if (c < 0) continue;
            for (long long left = bytes; left > 0;) {
                ssize_t n = write(c, buffer, left < (long long) sizeof buffer ? left : (long long) sizeof buffer);
                if (n <= 0) break;
                left -= n;
            }
            close(c);
        }
    }
    if (argc >= 3 && !strcmp(argv[1], "echo")) {
        int s = listener(SOCK_DGRAM, atoi(argv[2]));
        for (;;) {
            struct sockaddr_in from;
            socklen_t length = sizeof from;
            ssize_t n = recvfrom(s, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &length);
            if (n >= 0) sendto(s, buffer, n, 0, (struct sockaddr *) &from, length);
        }
    }
    if (argc >= 4 && !strcmp(argv[1], "read")) {
        struct sockaddr_in at = address(argv[2], atoi(argv[3]));
        int s = socket(AF_INET, SOCK_STREAM, 0);
        double start = now();
        if (connect(s, (struct sockaddr *) &at, sizeof at) < 0) { perror("netbench: connect"); return 1; }
        long long total = 0;
        for (ssize_t n; (n = read(s, buffer, sizeof buffer)) > 0;) total += n;
        double seconds = now() - start;
        printf("read bytes=%lld seconds=%.3f MBps=%.1f\n", total, seconds, total / seconds / 1e6);
        return 0;
    }
    if (argc >= 5 && !strcmp(argv[1], "rr")) {
        struct sockaddr_in at = address(argv[2], atoi(argv[3]));
        int count = atoi(argv[4]);
        double *us = malloc(sizeof *us * count);
        const char *request = "GET /index.html HTTP/1.0\r\n\r\n";
        for (int i = 0; i < count; i++) {
            double start = now();
            int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
            setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (connect(s, (struct sockaddr *) &at, sizeof at) < 0) { perror("netbench: connect"); return 1; }
            if (write(s, request, strlen(request)) < 0) { perror("netbench: write"); return 1; }
            while (read(s, buffer, sizeof buffer) > 0) {
            }
            close(s);
            us[i] = (now() - start) * 1e6;
        }
        percentiles(us, count, "rr");
        return 0;
    }
    if (argc >= 5 && !strcmp(argv[1], "udprr")) {
        struct sockaddr_in at = address(argv[2], atoi(argv[3]));
        int count = atoi(argv[4]);
        double *us = malloc(sizeof *us * count);
        int s = socket(AF_INET, SOCK_DGRAM, 0);
        struct timeval limit = {.tv_sec = 2};
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        connect(s, (struct sockaddr *) &at, sizeof at);
        int lost = 0;
        for (int i = 0; i < count; i++) {
            double start = now();
            send(s, buffer, 32, 0);
            if (recv(s, buffer, sizeof buffer, 0) < 0) lost++;
            us[i] = (now() - start) * 1e6;
        }
        printf("udp lost=%d ", lost);
        percentiles(us, count, "udprr");
        return 0;
    }
    fprintf(stderr, "usage: netbench source|echo|read|rr|udprr ...\n");
    return 2;
}
