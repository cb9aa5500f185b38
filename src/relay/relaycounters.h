#pragma once

#include <QtGlobal>
#include <array>
#include <atomic>

namespace jobpulse {

/**
 * @brief What the relay sent and whom it dropped, by transport (GET /metrics). Counted on the
 * relay's thread, read from any thread.
 */
struct RelayCounters
{
    enum Transport { Sse, WebSocket, Transports };
    enum DropReason {
        Slow, // its buffer passed the bound (Relay::Options::maxBufferedBytes)
        Stalled, // read nothing for a keep-alive interval while catching up
        DropReasons
    };
    static constexpr std::array<const char *, Transports> TransportNames { "sse", "websocket" };
    static constexpr std::array<const char *, DropReasons> ReasonNames { "slow", "stalled" };

    std::array<std::atomic<quint64>, Transports> messages {}; // events queued to subscribers
    std::array<std::array<std::atomic<quint64>, DropReasons>, Transports> dropped {};
};

} // namespace jobpulse
