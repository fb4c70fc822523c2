/* The example extension's backend: HTTP on the Unix socket /run/guest-services/backend.sock, which Docker Desktop
 * (and Berth) share with the host, so that the extension's page reaches it with ddClient.extension.vm.service.
 * GET /hello answers a JSON greeting naming its version (the image's HELLO_VERSION), the request it got and the
 * Docker Engine's version, asked through /var/run/docker.sock (docker-compose.yaml mounts the engine's socket there).
 * "backend version" prints the version and exits, for ddClient.extension.vm.cli.exec.
 * Static and without a libc of the image's: build with cc -static -O2 -o backend backend/backend.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static const char *version(void) {
    const char *v = getenv("HELLO_VERSION");
    return v ? v : "unknown";
}

/* The engine's version from GET /version on its socket, or "unreachable". */
static void engine_version(char *out, size_t size) {
    snprintf(out, size, "unreachable");
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, "/var/run/docker.sock", sizeof addr.sun_path - 1);
    if (s < 0 || connect(s, (struct sockaddr *) &addr, sizeof addr) < 0) {
        if (s >= 0) close(s);
        return;
    }
    const char *req = "GET /version HTTP/1.0\r\nHost: docker\r\n\r\n";
    write(s, req, strlen(req));
    char res[16384];
    size_t got = 0;
    for (ssize_t n; got < sizeof res - 1 && (n = read(s, res + got, sizeof res - 1 - got)) > 0; ) got += (size_t) n;
    res[got] = 0;
    close(s);
    char *v = strstr(res, "\"Version\":\"");
    if (v == NULL) return;
    v += 11;
    char *end = strchr(v, '"');
    if (end != NULL && (size_t) (end - v) < size) snprintf(out, size, "%.*s", (int) (end - v), v);
}

static void answer(int c, int status, const char *body) {
    char head[256];
    int hl = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
                      "Content-Length: %zu\r\nConnection: close\r\n\r\n", status, status == 200 ? "OK" : "Not Found",
                      strlen(body));
    write(c, head, (size_t) hl);
    write(c, body, strlen(body));
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "version") == 0) {
        printf("hello-desktop-extension %s\n", version());
        return 0;
    }
    const char *path = "/run/guest-services/backend.sock";
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, path, sizeof addr.sun_path - 1);
    /* a socket left by the previous container of this extension would make bind fail */
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
        /* the head is enough: the page's requests carry no body worth reading */
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
        /* keep quotes and backslashes out of the JSON */
        for (char *p = target; *p; p++) if (*p == '"' || *p == '\\') *p = '_';
        char body[1600];
        if (strncmp(target, "/hello", 6) == 0 && (target[6] == 0 || target[6] == '?')) {
            char engine[64];
            engine_version(engine, sizeof engine);
            snprintf(body, sizeof body, "{\"message\":\"hello from the backend\",\"version\":\"%s\","
                     "\"method\":\"%s\",\"path\":\"%s\",\"engine\":\"%s\"}", version(), method, target, engine);
            answer(c, 200, body);
        } else {
            snprintf(body, sizeof body, "{\"message\":\"no such path: %s\"}", target);
            answer(c, 404, body);
        }
        close(c);
    }
}
