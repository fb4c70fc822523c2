/* A UDP echo server for Berth's network tests: answers every datagram on the given port with its own bytes. */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 9999;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in at = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY)};
    if (s < 0 || bind(s, (struct sockaddr *) &at, sizeof at) < 0) {
        perror("udp-echo");
        return 1;
    }
    char buffer[65536];
    for (;;) {
        struct sockaddr_in from;
        socklen_t length = sizeof from;
        ssize_t n = recvfrom(s, buffer, sizeof buffer, 0, (struct sockaddr *) &from, &length);
        if (n >= 0) sendto(s, buffer, n, 0, (struct sockaddr *) &from, length);
    }
}
