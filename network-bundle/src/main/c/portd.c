/*
 * berth-portd: the guest end of Berth's published ports. The host accepts a connection (or a UDP flow) on a
 * published port and carries it over one virtio-serial port as a stream of frames; this daemon opens the matching
 * socket inside the guest (to the port Docker published there) and relays bytes both ways.
 *
 * Frame: 8-byte header, big-endian: u32 stream id, u8 type, u24 payload length (at most 65536); then the payload.
 *   HELLO  (both)   id 0, payload "BERTHMUX" + u32 version. The host sends it on connecting; the guest drops every
 *                   stream and answers with its own. A guest relay that (re)starts while the host may already be
 *                   connected sends one with a 13th byte 1 ("greet me"): the host then drops its streams and sends
 *                   HELLO again. Until a side has read a HELLO it skips bytes up to one, so a
 *                   frame cut in half by a reconnect is never misread.
 *   OPEN   (host)   payload: u8 protocol (6 tcp, 17 udp), u8 0, u16 port, 4-byte IPv4 address to connect to;
 *                   or u8 1 (unix), u8 0, u16 0, then the path of a Unix stream socket (the engine's API socket).
 *   OPENED (guest)  the socket is connected.
 *   DATA   (both)   bytes (tcp) or one datagram (udp).
 *   SHUT   (both)   the sender has nothing more to send (tcp half-close).
 *   CLOSE  (both)   the stream is gone; an optional payload says why. No answer is sent.
 *   CREDIT (both)   payload u32: bytes of DATA the sender has passed on to its socket. A side never has more
 *                   than WINDOW bytes of a tcp stream's DATA outstanding, so one slow reader never stalls the rest.
 *
 * One file of about 400 lines: the build makes the guest's static binary from it with a single gcc call, and its one
 * event loop reads best beside the frame handling it drives.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum { HELLO = 7, OPEN = 1, OPENED = 2, DATA = 3, SHUT = 4, CLOSE = 5, CREDIT = 6 };
#define HDR 8
#define MAXDATA 65536
#define WINDOW (1024 * 1024)
#define VERSION 1
#define BUCKETS 4096

struct buf { unsigned char *p; size_t off, len, cap; };

struct stream {
    uint32_t id;
    int fd, udp, connecting, rd_done, wr_pending, wr_done, dead;
    int wr_error;             /* errno of a failed write: the host's bytes are dropped, the socket is still read */
    uint32_t events;
    long unacked, consumed;
    struct buf out;           /* bytes from the host not yet written to the socket */
    struct stream *next;
};

static int mux, ep, synced;
static struct buf in, out;    /* frames from and to the host */
static struct stream *table[BUCKETS], *graveyard;

static void die(const char *what) { perror(what); exit(1); }

static void put(struct buf *b, const void *data, size_t n) {
    if (b->off > 0 && b->off == b->len) b->off = b->len = 0;
    if (b->len + n > b->cap) {
        if (b->off > 0) { memmove(b->p, b->p + b->off, b->len - b->off); b->len -= b->off; b->off = 0; }
        if (b->len + n > b->cap) {
            b->cap = (b->len + n) * 2;
            if (!(b->p = realloc(b->p, b->cap))) die("realloc");
        }
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void flush_mux(void);

static void frame(uint32_t id, int type, const void *payload, size_t n) {
    unsigned char h[HDR] = {id >> 24, id >> 16, id >> 8, id, type, n >> 16, n >> 8, n};
    put(&out, h, HDR);
    if (n) put(&out, payload, n);
}

static void credit(uint32_t id, uint32_t n) {
    unsigned char p[4] = {n >> 24, n >> 16, n >> 8, n};
    frame(id, CREDIT, p, 4);
}

static struct stream *find(uint32_t id) {
    for (struct stream *s = table[id % BUCKETS]; s; s = s->next) if (s->id == id) return s;
    return NULL;
}

static void watch(struct stream *s, uint32_t events) {
    if (events == s->events) return;
    struct epoll_event e = {.events = events, .data.ptr = s};
    if (epoll_ctl(ep, s->events ? (events ? EPOLL_CTL_MOD : EPOLL_CTL_DEL) : EPOLL_CTL_ADD, s->fd, &e) < 0)
        die("epoll_ctl");
    s->events = events;
}

static void drop(struct stream *s, const char *why) {
    if (why) frame(s->id, CLOSE, why, strlen(why));
    watch(s, 0);
    close(s->fd);
    struct stream **p = &table[s->id % BUCKETS];
    while (*p != s) p = &(*p)->next;
    *p = s->next;
    s->dead = 1;                 /* freed after this round of events, which may still name it */
    s->next = graveyard;
    graveyard = s;
}

static void bury(void) {
    while (graveyard) {
        struct stream *s = graveyard;
        graveyard = s->next;
        free(s->out.p);
        free(s);
    }
}

static void drop_all(void) {
    for (int i = 0; i < BUCKETS; i++) while (table[i]) drop(table[i], NULL);
}

/* Interest in the socket: readable while the host has room for more, writable while bytes or a connect wait. */
static void rearm(struct stream *s) {
    uint32_t e = 0;
    if (!s->rd_done && (s->udp || s->unacked < WINDOW) && !s->connecting) e |= EPOLLIN;
    if (s->connecting || s->out.len > s->out.off) e |= EPOLLOUT;
    watch(s, e);
}

static void finish_if_done(struct stream *s) {
    if (s->rd_done && s->wr_done) drop(s, s->wr_error ? strerror(s->wr_error) : "");
    else rearm(s);
}

/*
 * The socket takes no more of the host's bytes (its peer closed, say, after an early error reply). What it has
 * to read still goes to the host: the stream ends once that is read too. The host's bytes are dropped, and
 * credited, as if written.
 */
static void write_failed(struct stream *s, int err) {
    s->consumed += s->out.len - s->out.off;
    s->out.off = s->out.len = 0;
    s->wr_error = err;
    s->wr_done = 1;
}

static void open_stream(uint32_t id, const unsigned char *p, size_t n) {
    if (n < 8 || find(id)) return;
    int udp = p[0] == 17, unix_path = p[0] == 1;
    struct sockaddr_storage a = {0};
    socklen_t alen;
    if (unix_path) {
        struct sockaddr_un *u = (struct sockaddr_un *) &a;
        if (n - 4 >= sizeof u->sun_path) return;
        u->sun_family = AF_UNIX;
        memcpy(u->sun_path, p + 4, n - 4);
        alen = sizeof *u;
    } else {
        struct sockaddr_in *i = (struct sockaddr_in *) &a;
        i->sin_family = AF_INET;
        i->sin_port = htons(p[2] << 8 | p[3]);
        memcpy(&i->sin_addr, p + 4, 4);
        alen = sizeof *i;
    }
    struct stream *s = calloc(1, sizeof *s);
    if (!s) die("calloc");
    s->id = id;
    s->udp = udp;
    s->fd = socket(a.ss_family, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    s->next = table[id % BUCKETS];
    table[id % BUCKETS] = s;
    if (s->fd < 0) { drop(s, strerror(errno)); return; }
    if (!udp && !unix_path) setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
    if (connect(s->fd, (struct sockaddr *) &a, alen) == 0) {
        frame(id, OPENED, NULL, 0);
    } else if (errno == EINPROGRESS) {
        s->connecting = 1;
    } else {
        drop(s, strerror(errno));
        return;
    }
    rearm(s);
}

static void write_socket(struct stream *s) {
    long written = 0;
    while (s->out.len > s->out.off) {
        ssize_t w = write(s->fd, s->out.p + s->out.off, s->out.len - s->out.off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && errno == EAGAIN) break;
        if (w < 0) { write_failed(s, errno); break; }
        s->out.off += w;
        written += w;
    }
    s->consumed += written;
    if (s->consumed > 0 && (s->consumed >= WINDOW / 4 || s->out.len == s->out.off)) {
        credit(s->id, s->consumed);
        s->consumed = 0;
    }
    if (s->out.len == s->out.off && s->wr_pending && !s->wr_done) {
        shutdown(s->fd, SHUT_WR);
        s->wr_done = 1;
    }
    finish_if_done(s);
}

static void from_host(uint32_t id, int type, const unsigned char *p, size_t n) {
    if (type == HELLO) {
        drop_all();
        out.off = out.len = 0;
        unsigned char hello[12] = "BERTHMUX";
        hello[11] = VERSION;
        frame(0, HELLO, hello, sizeof hello);
        return;
    }
    if (type == OPEN) { open_stream(id, p, n); return; }
    struct stream *s = find(id);
    if (!s) return;
    switch (type) {
    case DATA:
        if (s->udp) { if (send(s->fd, p, n, 0) < 0 && errno != ECONNREFUSED && errno != EAGAIN) drop(s, strerror(errno)); return; }
        if (s->wr_error) { s->consumed += n; write_socket(s); break; }
        put(&s->out, p, n);
        if (!s->connecting) write_socket(s);
        break;
    case SHUT:
        s->wr_pending = 1;
        if (!s->connecting) write_socket(s);
        break;
    case CLOSE:
        drop(s, NULL);
        break;
    case CREDIT:
        if (n == 4) s->unacked -= (long) ((uint32_t) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]);
        rearm(s);
        break;
    }
}

static void from_socket(struct stream *s, uint32_t events) {
    if (s->connecting) {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) { drop(s, strerror(err)); return; }
        s->connecting = 0;
        frame(s->id, OPENED, NULL, 0);
        write_socket(s);
        return;
    }
    if (events & EPOLLOUT) {
        write_socket(s);
        if (s->dead) return;
    }
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)) || s->rd_done) return;
    static unsigned char data[MAXDATA];
    if (s->udp) {
        for (int i = 0; i < 64; i++) {
            ssize_t r = recv(s->fd, data, sizeof data, 0);
            if (r < 0) break;
            frame(s->id, DATA, data, r);
        }
        return;
    }
    /* a hang-up is reported even while the window is full: read (and see the end) only once the host has room */
    if (s->unacked >= WINDOW) return;
    size_t room = WINDOW - s->unacked < MAXDATA ? WINDOW - s->unacked : MAXDATA;
    ssize_t r = read(s->fd, data, room);
    if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (r < 0 && errno != ECONNRESET) { drop(s, strerror(errno)); return; }
    if (r <= 0) {
        /* the end of the peer's bytes; a reset peer takes no more either */
        s->rd_done = 1;
        frame(s->id, SHUT, NULL, 0);
        if (r < 0) drop(s, strerror(ECONNRESET));
        else finish_if_done(s);
        return;
    }
    frame(s->id, DATA, data, r);
    s->unacked += r;
    rearm(s);
}

/* Skips bytes up to the host's HELLO frame: the header starts 8 bytes before its "BERTHMUX" payload. */
static void sync_input(void) {
    unsigned char *m = memmem(in.p + in.off, in.len - in.off, "BERTHMUX", 8);
    if (!m) { size_t keep = in.len - in.off > 15 ? 15 : in.len - in.off; in.off = in.len - keep; return; }
    if ((size_t) (m - in.p) >= in.off + HDR) { in.off = m - in.p - HDR; synced = 1; }
    else in.off = m - in.p + 1;
}

static void parse(void) {
    while (in.len > in.off) {
        if (!synced) { sync_input(); if (!synced) return; }
        if (in.len - in.off < HDR) return;
        unsigned char *h = in.p + in.off;
        uint32_t id = (uint32_t) h[0] << 24 | h[1] << 16 | h[2] << 8 | h[3];
        size_t n = (size_t) h[5] << 16 | h[6] << 8 | h[7];
        if (n > MAXDATA) { synced = 0; in.off++; continue; }
        if (in.len - in.off < HDR + n) return;
        in.off += HDR + n;
        from_host(id, h[4], h + HDR, n);
    }
}

static void flush_mux(void) {
    while (out.len > out.off) {
        ssize_t w = write(mux, out.p + out.off, out.len - out.off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        out.off += w;
    }
    if (out.off == out.len) out.off = out.len = 0;
    struct epoll_event e = {.events = EPOLLIN | (out.len ? EPOLLOUT : 0), .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_MOD, mux, &e);
}

/* The host went away (or is not there yet): forget everything and wait until it connects. */
static void wait_for_host(void) {
    drop_all();
    in.off = in.len = out.off = out.len = 0;
    synced = 0;
    unsigned char hello[13] = "BERTHMUX";
    hello[11] = VERSION;
    hello[12] = 1;
    frame(0, HELLO, hello, sizeof hello);
    epoll_ctl(ep, EPOLL_CTL_DEL, mux, NULL);
    for (;;) {
        ssize_t r = read(mux, in.p + in.len, in.cap - in.len);
        if (r > 0) in.len += r;
        if (r > 0 || (r < 0 && errno == EAGAIN)) break;
        usleep(100000);
    }
    struct epoll_event e = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, mux, &e) < 0) die("epoll_ctl mux");
    parse();
    flush_mux();
}

static void read_mux(void) {
    if (in.off == in.len) in.off = in.len = 0;
    if (in.cap - in.len < MAXDATA + HDR) {
        memmove(in.p, in.p + in.off, in.len - in.off);
        in.len -= in.off;
        in.off = 0;
        if (in.cap - in.len < MAXDATA + HDR) in.p = realloc(in.p, in.cap = in.cap * 2);
    }
    ssize_t r = read(mux, in.p + in.len, in.cap - in.len);
    if (r == 0) { wait_for_host(); return; }
    if (r < 0) { if (errno != EAGAIN && errno != EINTR) wait_for_host(); return; }
    in.len += r;
    parse();
}

/* The virtio-serial port named NAME, found through sysfs (the guest runs no udev). */
static int open_port(const char *name) {
    DIR *d = opendir("/sys/class/virtio-ports");
    struct dirent *e;
    char path[300], seen[128];
    while (d && (e = readdir(d))) {
        snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        int match = fgets(seen, sizeof seen, f) && strcspn(seen, "\n") == strlen(name) && !strncmp(seen, name, strlen(name));
        fclose(f);
        if (!match) continue;
        snprintf(path, sizeof path, "/dev/%s", e->d_name);
        closedir(d);
        return open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    }
    if (d) closedir(d);
    errno = ENOENT;
    return -1;
}

/* A device path; or a Unix socket to connect to in its place, which lets tests on the host play the host's end. */
static int open_path(const char *path) {
    int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0 || errno != ENXIO) return fd;
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path) { errno = ENAMETOOLONG; return -1; }
    strcpy(a.sun_path, path);
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) return -1;
    if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0 || fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "dev.berth.ports.0";   /* a port name, or a device or socket path */
    signal(SIGPIPE, SIG_IGN);
    if ((mux = name[0] == '/' ? open_path(name) : open_port(name)) < 0) {
        fprintf(stderr, "berth-portd: port %s: %s\n", name, strerror(errno));
        sleep(10);   /* init starts it again: a VM started without the port must not spin */
        return 1;
    }
    if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0) die("epoll_create1");
    in.p = malloc(in.cap = MAXDATA * 4);
    wait_for_host();
    struct epoll_event events[64];
    for (;;) {
        int n = epoll_wait(ep, events, 64, -1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) die("epoll_wait");
        for (int i = 0; i < n; i++) {
            struct stream *s = events[i].data.ptr;
            if (!s) {
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_mux();
            } else if (!s->dead) {
                from_socket(s, events[i].events);
            }
        }
        flush_mux();
        bury();
    }
}
