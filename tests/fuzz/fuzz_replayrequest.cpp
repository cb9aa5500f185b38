// Fuzz target: the body of POST /v1/deliveries/{id}/replay ({"to", "body", "headers",
// "resign"}), and its header edits applied to a header list.
#include "ingest/replayrequest.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    jobpulse::ReplayRequest::Error error;
    const auto request = jobpulse::ReplayRequest::parse(bytes, &error);
    if (!request) {
        if ((error.status != 400 && error.status != 422) || error.message.isEmpty()) {
            std::abort();
        }
        return 0;
    }
    if (request->to && request->to->scheme() != QLatin1String("http")
        && request->to->scheme() != QLatin1String("https")) {
        std::abort();
    }
    const jobpulse::HeaderList edited = request->applyHeaders(
        { { "Content-Type", "application/json" }, { "X-Sig", "a" }, { "x-sig", "b" } });
    for (const auto &[name, value] : edited) {
        // No edit can smuggle a line break into the request sent on.
        if (name.contains('\n') || name.contains('\r') || value.contains('\n')
            || value.contains('\r')) {
            std::abort();
        }
    }
    return 0;
}
