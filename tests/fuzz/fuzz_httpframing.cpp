// Fuzz target: the request guard's HTTP/1.1 framing, with an upgrade Origin check. The verdict
// must not depend on how the bytes were split across reads.
#include "ingest/httpframing.h"

#include <cstdint>
#include <cstdlib>

namespace {

std::pair<int, int> run(QByteArrayView bytes, qsizetype split)
{
    jobpulse::HttpFraming::Limits limits;
    limits.maxBodyBytes = 4096;
    limits.maxHeadBytes = 1024;
    limits.maxHeaderFields = 16;
    limits.mayUpgrade = [](QByteArrayView origin, QByteArrayView) {
        return origin.isEmpty() || origin == "http://a.test";
    };
    jobpulse::HttpFraming framing(limits);
    int continues = 0;
    for (const QByteArrayView part : { bytes.first(split), bytes.sliced(split) }) {
        const auto r = framing.feed(part);
        continues += r.continues;
        if (r.rejection) {
            return { r.rejection->status, continues };
        }
    }
    return { 0, continues };
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto whole = run(bytes, qsizetype(size));
    const auto split = run(bytes, size ? qsizetype(data[0] % size) : 0);
    if (whole != split) {
        std::abort();
    }
    return 0;
}
