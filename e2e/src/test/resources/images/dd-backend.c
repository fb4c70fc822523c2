/* A Docker Desktop-format extension's backend for the tests: HTTP on the Unix socket
 * /run/guest-services/backend.sock, answering every request with a JSON greeting that names its path. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(void) {
    const char *path = "/run/guest-services/backend.sock";
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
    unlink(path);
    if (server < 0 || bind(server, (struct sockaddr *) &addr, sizeof addr) < 0 || listen(server, 16) < 0) {
        perror(path);
        return 1;
    }
    for (;;) {
        int c = accept(server, NULL, NULL);
        if (c < 0) continue;
        char req[8192];
        size_t got = 0;
        /* read the head; the tests' bodies are small and come with it or not at all */
        while (got < sizeof req - 1) {
            ssize_t n = read(c, req + got, sizeof req - 1 - got);
            if (n <= 0) break;
            got += (size_t) n;
            req[got] = 0;
            if (strstr(req, "\r\n\r\n")) break;
        }
        req[got] = 0;
        char method[16] = "", target[1024] = "";
        sscanf(req, "%15s %1023s", method, target);
        char body[1400];
        int len = snprintf(body, sizeof body, "{\"message\":\"hello from the backend\",\"method\":\"%s\",\"path\":\"%s\"}",
                           method, target);
        char head[256];
        int hl = snprintf(head, sizeof head, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: %d\r\nConnection: close\r\n\r\n", len);
        write(c, head, (size_t) hl);
        write(c, body, (size_t) len);
        close(c);
    }
}
