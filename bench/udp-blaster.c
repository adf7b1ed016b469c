/*
 * Benchmark sender: G.711-shaped RTP (172-byte datagrams) for STREAMS streams at RATE packets per
 * second in total, for SECONDS seconds, to 127.0.0.1 from/to consecutive ports. Paced in 1 ms slots
 * on the monotonic clock so the rate holds without drift; prints the number of datagrams sent.
 * Loopback only: the destination is fixed to 127.0.0.1.
 *
 *   udp-blaster RATE STREAMS SECONDS BASE_PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAYLOAD_BYTES 160
#define RTP_HEADER_BYTES 12
#define MAX_STREAMS 10000
#define SLOT_NS 1000000L

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: udp-blaster RATE STREAMS SECONDS BASE_PORT\n");
        return 2;
    }
    long rate = strtol(argv[1], NULL, 10);
    long streams = strtol(argv[2], NULL, 10);
    long seconds = strtol(argv[3], NULL, 10);
    long base_port = strtol(argv[4], NULL, 10);
    if (rate < 1 || rate > 2000000 || streams < 1 || streams > MAX_STREAMS || seconds < 1 || seconds > 600 ||
        base_port < 1024 || base_port + streams > 65535) {
        fprintf(stderr, "udp-blaster: argument out of range\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        return 1;
    }
    int sndbuf = 8 * 1024 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    static uint16_t seq[MAX_STREAMS];
    static uint32_t stamp[MAX_STREAMS];
    uint8_t packet[RTP_HEADER_BYTES + PAYLOAD_BYTES];
    memset(packet, 0xd5, sizeof packet);
    struct sockaddr_in to = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    long total = rate * seconds;
    long sent = 0;
    long stream = 0;
    int64_t start = now_ns();
    for (long slot = 0; sent < total; slot++) {
        long due = (long)((double)total * (double)(slot + 1) / (double)(seconds * 1000L));
        if (due > total) due = total;
        for (; sent < due; sent++) {
            packet[0] = 0x80;
            packet[1] = 0;
            packet[2] = (uint8_t)(seq[stream] >> 8);
            packet[3] = (uint8_t)seq[stream];
            packet[4] = (uint8_t)(stamp[stream] >> 24);
            packet[5] = (uint8_t)(stamp[stream] >> 16);
            packet[6] = (uint8_t)(stamp[stream] >> 8);
            packet[7] = (uint8_t)stamp[stream];
            uint32_t ssrc = 0x10000000u + (uint32_t)stream;
            packet[8] = (uint8_t)(ssrc >> 24);
            packet[9] = (uint8_t)(ssrc >> 16);
            packet[10] = (uint8_t)(ssrc >> 8);
            packet[11] = (uint8_t)ssrc;
            seq[stream]++;
            stamp[stream] += PAYLOAD_BYTES;
            to.sin_port = htons((uint16_t)(base_port + stream));
            while (sendto(fd, packet, sizeof packet, 0, (struct sockaddr *)&to, sizeof to) < 0) {
                if (errno != ENOBUFS && errno != EAGAIN && errno != ECONNREFUSED) {
                    perror("sendto");
                    return 1;
                }
            }
            stream = (stream + 1) % streams;
        }
        int64_t next = start + (slot + 1) * SLOT_NS;
        int64_t wait = next - now_ns();
        if (wait > 0) {
            struct timespec ts = {.tv_sec = wait / 1000000000LL, .tv_nsec = wait % 1000000000LL};
            nanosleep(&ts, NULL);
        }
    }
    printf("%ld\n", sent);
    return 0;
}
