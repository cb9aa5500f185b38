// Fuzz target: the address file a database's writer publishes beside its lock
// ("jobpulse.db.lock.address"), which a window reads to find the Jobpulse it views.
#include "store/owneraddress.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (const auto address = jobpulse::OwnerAddress::parse(bytes)) {
        // Accepted: a pid and an http(s) URL with a host, nothing else.
        if (address->pid <= 0 || address->url.host().isEmpty()
            || (address->url.scheme() != QStringLiteral("http")
                && address->url.scheme() != QStringLiteral("https"))) {
            std::abort();
        }
    }
    return 0;
}
