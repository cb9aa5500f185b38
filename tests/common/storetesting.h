#pragma once
// Shared by the tests: submit a batch to a real store and wait for its answer.

#include "store/store.h"

#include <QTest>
#include <memory>
#include <optional>

namespace jobpulse::testing {

/** Submits @p events as one batch and spins the event loop until the store answers. */
inline std::optional<IngestResult> submitAndWait(
    Store &store, QList<Event> events, int timeoutMs = 10000)
{
    auto result = std::make_shared<std::optional<IngestResult>>();
    store.submit(std::move(events), &store, [result](const IngestResult &r) { *result = r; });
    if (!QTest::qWaitFor([result] { return result->has_value(); }, timeoutMs)) {
        return std::nullopt;
    }
    return *result;
}

/** True when @p events were submitted and committed. */
inline bool commit(Store &store, QList<Event> events)
{
    const auto result = submitAndWait(store, std::move(events));
    return result && result->status == IngestResult::Status::Committed;
}

} // namespace jobpulse::testing
