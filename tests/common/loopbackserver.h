#pragma once
// Shared by the integration tests: a real store, receiver (and relay) on a free loopback port.

#include "ingest/receiver.h"
#include "relay/relay.h"
#include "store/store.h"

#include <memory>

namespace jobpulse::testing {

struct LoopbackServer
{
    std::unique_ptr<Store> store;
    std::unique_ptr<Receiver> receiver;
    std::unique_ptr<Relay> relay;

    /** Opens @p dbPath and listens on 127.0.0.1:0; returns the error, or an empty string. */
    QString start(const QString &dbPath, Receiver::Options options = {},
        Durability durability = Durability::Normal, bool withRelay = false,
        Relay::Options relayOptions = {})
    {
        store = std::make_unique<Store>();
        QString error;
        if (!store->open(dbPath, durability, &error)) {
            return error;
        }
        options.port = 0;
        receiver = std::make_unique<Receiver>(store.get(), options);
        if (withRelay) {
            relay = std::make_unique<Relay>(store.get(), relayOptions);
            relay->attach(*receiver);
        }
        return receiver->listen(&error) ? QString() : error;
    }

    void stop()
    {
        relay.reset();
        receiver.reset();
        store.reset();
    }

    ~LoopbackServer() { stop(); }
};

} // namespace jobpulse::testing
