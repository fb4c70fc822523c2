/*
 * Prints each inotify event on the folders given, one line each: "EVENT FOLDER/NAME", flushed at once; the two
 * halves of a rename end with " cookie=N", the cookie that pairs them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

static const struct { unsigned mask; const char *name; } NAMES[] = {
    {IN_CREATE, "CREATE"}, {IN_MODIFY, "MODIFY"}, {IN_CLOSE_WRITE, "CLOSE_WRITE"}, {IN_ATTRIB, "ATTRIB"},
    {IN_MOVED_FROM, "MOVED_FROM"}, {IN_MOVED_TO, "MOVED_TO"}, {IN_DELETE, "DELETE"}, {IN_OPEN, "OPEN"},
};

int main(int argc, char **argv) {
    int fd = inotify_init();
    if (fd < 0 || argc < 2) { perror("inotify-watch FOLDER..."); return 2; }
    const char *paths[64] = {0};
    for (int i = 1; i < argc && i < 64; i++) {
        int wd = inotify_add_watch(fd, argv[i], IN_ALL_EVENTS);
        if (wd < 0 || wd >= 64) { perror(argv[i]); return 2; }
        paths[wd] = argv[i];
    }
    printf("WATCHING\n");
    fflush(stdout);
    char buf[65536] __attribute__((aligned(8)));
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) { perror("read"); return 1; }
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *e = (struct inotify_event *) p;
            for (size_t k = 0; k < sizeof NAMES / sizeof NAMES[0]; k++) {
                if (e->mask & NAMES[k].mask) {
                    printf("%s %s/%s", NAMES[k].name, e->wd < 64 && paths[e->wd] ? paths[e->wd] : "?", e->len ? e->name : "");
                    if (NAMES[k].mask & (IN_MOVED_FROM | IN_MOVED_TO)) printf(" cookie=%u", e->cookie);
                    printf("\n");
                }
            }
            p += sizeof *e + e->len;
        }
        fflush(stdout);
    }
}
