// Ingest benchmark: N events POSTed over C keep-alive connections (plain sockets + poll, so
// the load generator stays cheap), printing acknowledged events/s and ack latency p50/p99.
//
//   jobpulse-bench-ingest --port 7788 --events 50000 --connections 64 --batch 1
#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options
{
    int port = 7788;
    long events = 50000;
    int connections = 64;
    int batch = 1;
    std::string path = "/v1/events";
    std::string label = "jobpulse";
};

struct Connection
{
    int fd = -1;
    std::string out;
    size_t written = 0;
    std::string in;
    Clock::time_point sent;
    bool busy = false;
};

// Single events spread over 500 jobs; a batch is one job's events (as `jobpulse run` or a
// workflow client sends them), also cycling over 500 jobs. Every event has a unique id.
std::string body(long first, int batch, unsigned run)
{
    std::string b = batch > 1 ? "[" : "";
    const long job = (first / batch) % 500;
    for (int i = 0; i < batch; ++i) {
        char event[200];
        std::snprintf(event, sizeof event,
            R"(%s{"job":"bench-%ld","type":"job.progress","progress":%ld,"id":"b%u-%ld"})",
            i ? "," : "", job, (first + i) % 100, run, first + i);
        b += event;
    }
    return b + (batch > 1 ? "]" : "");
}

int connectTo(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        std::perror("connect");
        std::exit(2);
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

// Returns the status of a complete response at the front of `in` and removes it, or 0.
int takeResponse(std::string &in)
{
    const size_t headEnd = in.find("\r\n\r\n");
    if (headEnd == std::string::npos) {
        return 0;
    }
    size_t length = 0;
    for (size_t at = 0; at < headEnd;) {
        const size_t eol = in.find("\r\n", at);
        if (strncasecmp(in.c_str() + at, "content-length:", 15) == 0) {
            length = std::strtoul(in.c_str() + at + 15, nullptr, 10);
        }
        at = eol + 2;
    }
    if (in.size() < headEnd + 4 + length) {
        return 0;
    }
    const int status = std::atoi(in.c_str() + 9);
    in.erase(0, headEnd + 4 + length);
    return status;
}

} // namespace

int main(int argc, char **argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char *value = argv[i + 1];
        if (flag == "--port") {
            o.port = std::atoi(value);
        } else if (flag == "--events") {
            o.events = std::atol(value);
        } else if (flag == "--connections") {
            o.connections = std::atoi(value);
        } else if (flag == "--batch") {
            o.batch = std::max(1, std::atoi(value));
        } else if (flag == "--path") {
            o.path = value;
        } else if (flag == "--label") {
            o.label = value;
        } else {
            std::fprintf(stderr, "unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const unsigned run = static_cast<unsigned>(Clock::now().time_since_epoch().count() & 0xffffff);
    std::vector<Connection> conns(static_cast<size_t>(o.connections));
    for (auto &c : conns) {
        c.fd = connectTo(o.port);
    }
    std::vector<double> latencies;
    latencies.reserve(static_cast<size_t>(o.events / o.batch + 1));
    long nextEvent = 0;
    long acked = 0;
    long failures = 0;
    const auto start = Clock::now();
    std::vector<pollfd> fds(conns.size());
    while (acked + failures * o.batch < o.events) {
        for (size_t i = 0; i < conns.size(); ++i) {
            Connection &c = conns[i];
            if (!c.busy && nextEvent < o.events) {
                const std::string b = body(nextEvent, o.batch, run);
                nextEvent += o.batch;
                c.out = "POST " + o.path
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Content-Length: "
                    + std::to_string(b.size()) + "\r\n\r\n" + b;
                c.written = 0;
                c.busy = true;
                c.sent = Clock::now();
            }
            fds[i] = { c.fd,
                static_cast<short>(c.busy ? (c.written < c.out.size() ? POLLOUT : POLLIN) : 0), 0 };
        }
        if (::poll(fds.data(), fds.size(), 10000) <= 0) {
            std::fprintf(stderr, "timed out waiting for the receiver\n");
            return 1;
        }
        for (size_t i = 0; i < conns.size(); ++i) {
            Connection &c = conns[i];
            if (fds[i].revents & POLLOUT) {
                const ssize_t n =
                    ::send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
                if (n > 0) {
                    c.written += static_cast<size_t>(n);
                }
            }
            if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) {
                char buffer[16384];
                const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
                if (n <= 0) {
                    std::fprintf(stderr, "connection closed by the receiver\n");
                    return 1;
                }
                c.in.append(buffer, static_cast<size_t>(n));
                if (const int status = takeResponse(c.in)) {
                    latencies.push_back(
                        std::chrono::duration<double, std::milli>(Clock::now() - c.sent).count());
                    if (status >= 200 && status < 300) {
                        acked += o.batch;
                    } else {
                        ++failures;
                    }
                    c.busy = false;
                }
            }
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::sort(latencies.begin(), latencies.end());
    const auto pct = [&](double p) {
        return latencies.empty() ? 0.0
                                 : latencies[static_cast<size_t>(p * double(latencies.size() - 1))];
    };
    std::printf(
        "%-10s events=%ld connections=%d batch=%d  acked_events_per_s=%.0f  requests_per_s=%.0f  "
        "ack_p50_ms=%.2f  ack_p99_ms=%.2f  failed_requests=%ld\n",
        o.label.c_str(), acked, o.connections, o.batch, double(acked) / seconds,
        double(latencies.size()) / seconds, pct(0.50), pct(0.99), failures);
    for (auto &c : conns) {
        ::close(c.fd);
    }
    return failures == 0 ? 0 : 1;
}
