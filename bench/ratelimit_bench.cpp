// Rate-limit benchmark: a flooding client (127.0.0.1, many connections, as fast as it can)
// and a polite one (127.0.0.2, one request every 100 ms) against a receiver started with a
// rateLimit. Prints what each got: the flood's 2xx and 429 per second, and the polite
// client's success ratio and latency p50/p99 while the flood runs.
//
//   jobpulse-bench-ratelimit --port 7788 --seconds 10 --flooders 16
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int connectFrom(const char *source, int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in from {};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, source, &from.sin_addr);
    sockaddr_in to {};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(port));
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr *>(&from), sizeof from) != 0
        || ::connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/** One request on a fresh or kept connection; the status, 0 when the connection failed. */
int request(int &fd, const char *source, int port, long n)
{
    if (fd < 0 && (fd = connectFrom(source, port)) < 0) {
        return 0;
    }
    char body[160];
    const int bodyLen = std::snprintf(
        body, sizeof body, R"({"job":"rl-%s-%ld","type":"log","message":"x"})", source, n);
    char head[256];
    const int headLen = std::snprintf(head, sizeof head,
        "POST /v1/events HTTP/1.1\r\nHost: b\r\nContent-Type: application/json\r\n"
        "Content-Length: %d\r\n\r\n",
        bodyLen);
    const std::string out = std::string(head, size_t(headLen)) + std::string(body, size_t(bodyLen));
    if (::send(fd, out.data(), out.size(), MSG_NOSIGNAL) != ssize_t(out.size())) {
        ::close(fd);
        fd = -1;
        return 0;
    }
    std::string in;
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
            break;
        }
        in.append(buffer, size_t(got));
        const size_t end = in.find("\r\n\r\n");
        if (end == std::string::npos) {
            continue;
        }
        const char *length = strcasestr(in.c_str(), "content-length:");
        const size_t need = end + 4 + (length ? size_t(std::atol(length + 15)) : 0);
        if (in.size() >= need) {
            const int status = std::atoi(in.c_str() + 9);
            if (strcasestr(in.c_str(), "connection: close")) {
                ::close(fd);
                fd = -1;
            }
            return status;
        }
    }
    ::close(fd);
    fd = -1;
    return in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    int port = 7788;
    int seconds = 10;
    int flooders = 16;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const int value = std::atoi(argv[i + 1]);
        if (flag == "--port") {
            port = value;
        } else if (flag == "--seconds") {
            seconds = value;
        } else if (flag == "--flooders") {
            flooders = value;
        } else {
            std::fprintf(stderr, "unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    const auto end = Clock::now() + std::chrono::seconds(seconds);
    std::atomic<long> floodOk { 0 }, flood429 { 0 }, floodOther { 0 };
    std::vector<std::thread> threads;
    for (int t = 0; t < flooders; ++t) {
        threads.emplace_back([&, t] {
            int fd = -1;
            for (long n = 0; Clock::now() < end; ++n) {
                const int status = request(fd, "127.0.0.1", port, t * 10000000L + n);
                (status / 100 == 2 ? floodOk : status == 429 ? flood429 : floodOther)++;
            }
            if (fd >= 0) {
                ::close(fd);
            }
        });
    }
    std::vector<double> politeMs;
    long politeOk = 0;
    long politeSent = 0;
    threads.emplace_back([&] {
        int fd = -1;
        for (long n = 0; Clock::now() < end; ++n) {
            const auto start = Clock::now();
            const int status = request(fd, "127.0.0.2", port, n);
            politeMs.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - start).count());
            ++politeSent;
            politeOk += status / 100 == 2;
            std::this_thread::sleep_until(start + std::chrono::milliseconds(100));
        }
    });
    for (auto &t : threads) {
        t.join();
    }
    std::printf("flood(127.0.0.1 x%d)  ok_per_s=%.1f  refused_429_per_s=%.0f  other=%ld\n",
        flooders, double(floodOk) / seconds, double(flood429) / seconds, long(floodOther));
    std::printf("polite(127.0.0.2)     ok=%ld/%ld  p50_ms=%.2f  p99_ms=%.2f\n", politeOk,
        politeSent, percentile(politeMs, 0.5), percentile(politeMs, 0.99));
    return 0;
}
