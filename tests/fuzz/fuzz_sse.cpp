// Fuzz target: the server-sent events parser (jobpulse tail; SSE sources). Events must not
// depend on how the stream was cut into reads.
#include "sources/sseparser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    jobpulse::SseParser whole;
    const auto expected = whole.feed(bytes);
    jobpulse::SseParser split;
    const qsizetype cut = size ? qsizetype(data[0] % size) : 0;
    auto got = split.feed(bytes.first(cut));
    got += split.feed(bytes.sliced(cut));
    if (got != expected || whole.lastEventId() != split.lastEventId()) {
        std::abort();
    }
    return 0;
}
