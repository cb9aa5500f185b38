// Ingest benchmark: N events POSTed over C keep-alive connections (plain sockets + poll, so
// the load generator stays cheap), printing acknowledged events/s and ack latency p50/p99.
//
//   jobpulse-bench-ingest --port 7788 --events 50000 --connections 64 --batch 1
//
// A hot job (one job's step reporting with details, as a render does every frame), for a
// time rather than a count, with the events/s of its first and last windows and the
// receiver's RSS at the start and the end:
//
//   jobpulse-bench-ingest --port 7788 --jobs 1 --event step --seconds 60 --pid PID
//
// Several receivers on one database (as behind a load balancer): --ports 7788,7789,7790
// spreads the connections over them round-robin.
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
    std::vector<int> ports { 7788 };
    long events = 50000;
    int connections = 64;
    int batch = 1;
    std::string path = "/v1/events";
    std::string label = "jobpulse";
    long jobs = 500; // the events are spread over this many jobs
    bool stepEvents = false; // --event step: the 607-byte step event, else a progress event
    double seconds = 0; // > 0: send for this long instead of --events
    int window = 10; // with --seconds: the first and last windows compared, in seconds
    long pid = 0; // the receiver's process, for its RSS
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

// Single events spread over the jobs; a batch is one job's events (as `jobpulse run` or a
// workflow client sends them), also cycling over the jobs. Every event has a unique id.
std::string progressEvent(long job, long n, unsigned run)
{
    char event[200];
    std::snprintf(event, sizeof event,
        R"({"job":"bench-%ld","type":"job.progress","progress":%ld,"id":"b%u-%ld"})", job, n % 100,
        run, n);
    return event;
}

// A render reporting a frame: 607 bytes whatever the numbers (they are padded with spaces),
// with the details a render sends on every frame, strings and numbers, most of them the same
// each time.
std::string stepEvent(long job, long n, unsigned run)
{
    char event[700];
    const int length = std::snprintf(event, sizeof event,
        R"j({"job":"render-%03ld","type":"step.started","id":"r%08u-%010ld","kind":"render",)j"
        R"j("title":"Shot 042 final comp","step":{"index":3,"name":"Render frames","total":5},)j"
        R"j("progress":%3ld,"details":{"frame":%6ld,"frames":86400,"fps":24.0,"samples":512,)j"
        R"j("elapsed_s":%7ld,"memory_mb":18432,"host":"render-node-07.farm.example.test",)j"
        R"j("gpu":"NVIDIA RTX A6000 48GB","renderer":"Cycles 3.6.2 (CUDA)",)j"
        R"j("scene":"/projects/shot042/lighting/shot042_v017.blend",)j"
        R"j("output":"/renders/shot042/v017/beauty/frame_#####.exr","resolution":"3840x2160",)j"
        R"j("pass":"beauty","status":"rendering frame %6ld of 86400","tiles":"256x256"}})j",
        job % 1000, run, n % 10000000000L, n * 99 / 86400 % 100, n % 86400, n % 10000000,
        n % 86400);
    if (length != 607) {
        std::fprintf(stderr, "the step event is %d bytes, not 607\n", length);
        std::exit(2);
    }
    return event;
}

std::string body(const Options &o, long first, unsigned run)
{
    std::string b = o.batch > 1 ? "[" : "";
    const long job = (first / o.batch) % o.jobs;
    for (int i = 0; i < o.batch; ++i) {
        b += i ? "," : "";
        b += o.stepEvents ? stepEvent(job, first + i, run) : progressEvent(job, first + i, run);
    }
    return b + (o.batch > 1 ? "]" : "");
}

// The resident set of process @p pid in MiB, or -1.
double rssMiB(long pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%ld/status", pid);
    FILE *f = std::fopen(path, "r");
    if (!f) {
        return -1;
    }
    char line[256];
    double kib = -1;
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, "VmRSS:", 6) == 0) {
            kib = std::strtod(line + 6, nullptr);
        }
    }
    std::fclose(f);
    return kib < 0 ? -1 : kib / 1024;
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
            o.ports = { std::atoi(value) };
        } else if (flag == "--ports") {
            o.ports.clear();
            for (const char *p = value; *p;) {
                char *end = nullptr;
                o.ports.push_back(static_cast<int>(std::strtol(p, &end, 10)));
                p = *end == ',' ? end + 1 : end;
                if (end == p && *p) {
                    std::fprintf(stderr, "--ports: numbers separated by commas\n");
                    return 2;
                }
            }
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
        } else if (flag == "--jobs") {
            o.jobs = std::max(1L, std::atol(value));
        } else if (flag == "--event") {
            o.stepEvents = std::string(value) == "step";
        } else if (flag == "--seconds") {
            o.seconds = std::atof(value);
        } else if (flag == "--window") {
            o.window = std::max(1, std::atoi(value));
        } else if (flag == "--pid") {
            o.pid = std::atol(value);
        } else {
            std::fprintf(stderr, "unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const unsigned run = static_cast<unsigned>(Clock::now().time_since_epoch().count() & 0xffffff);
    std::vector<Connection> conns(static_cast<size_t>(o.connections));
    for (size_t i = 0; i < conns.size(); ++i) {
        conns[i].fd = connectTo(o.ports[i % o.ports.size()]);
    }
    const bool timed = o.seconds > 0;
    std::vector<double> latencies;
    latencies.reserve(static_cast<size_t>(timed ? 1000000 : o.events / o.batch + 1));
    std::vector<long> ackedPerSecond; // by the second of the run its answer arrived in
    long nextEvent = 0;
    long acked = 0;
    long failures = 0;
    const double rssStart = o.pid > 0 ? rssMiB(o.pid) : -1;
    const auto start = Clock::now();
    const auto elapsed = [start] {
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    const auto sending = [&] { return timed ? elapsed() < o.seconds : nextEvent < o.events; };
    const auto busy = [&conns] {
        return std::any_of(conns.begin(), conns.end(), [](const Connection &c) { return c.busy; });
    };
    std::vector<pollfd> fds(conns.size());
    while (timed ? sending() || busy() : acked + failures * o.batch < o.events) {
        for (size_t i = 0; i < conns.size(); ++i) {
            Connection &c = conns[i];
            if (!c.busy && sending()) {
                const std::string b = body(o, nextEvent, run);
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
                        const auto second = static_cast<size_t>(elapsed());
                        ackedPerSecond.resize(std::max(ackedPerSecond.size(), second + 1));
                        ackedPerSecond[second] += o.batch;
                    } else {
                        ++failures;
                    }
                    c.busy = false;
                }
            }
        }
    }
    const double seconds = elapsed();
    const double rssEnd = o.pid > 0 ? rssMiB(o.pid) : -1;
    std::sort(latencies.begin(), latencies.end());
    const auto pct = [&](double p) {
        return latencies.empty() ? 0.0
                                 : latencies[static_cast<size_t>(p * double(latencies.size() - 1))];
    };
    std::printf("%-10s events=%ld connections=%d batch=%d receivers=%zu  acked_events_per_s=%.0f  "
                "requests_per_s=%.0f  "
                "ack_p50_ms=%.2f  ack_p99_ms=%.2f  failed_requests=%ld\n",
        o.label.c_str(), acked, o.connections, o.batch, o.ports.size(), double(acked) / seconds,
        double(latencies.size()) / seconds, pct(0.50), pct(0.99), failures);
    if (timed || o.pid > 0) {
        // Whole seconds of sending: answers after them (the last requests in flight, or the
        // last part-second) count in neither window.
        const long sent = std::max(1L, static_cast<long>(timed ? o.seconds : seconds));
        const long window = std::min<long>(o.window, sent);
        const auto rate = [&](long from) {
            long sum = 0;
            for (long s = from; s < from + window && s < long(ackedPerSecond.size()); ++s) {
                sum += ackedPerSecond[static_cast<size_t>(s)];
            }
            return double(sum) / double(window);
        };
        const double first = rate(0);
        const double last = rate(sent - window);
        std::printf(
            "%-10s seconds=%ld window=%lds  first_events_per_s=%.0f  last_events_per_s=%.0f  "
            "last_over_first=%.3f  rss_start_mib=%.1f  rss_end_mib=%.1f\n",
            o.label.c_str(), sent, window, first, last, first > 0 ? last / first : 0.0, rssStart,
            rssEnd);
    }
    for (auto &c : conns) {
        ::close(c.fd);
    }
    return failures == 0 ? 0 : 1;
}
