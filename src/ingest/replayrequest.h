#pragma once

#include "ingest/httputil.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <optional>

namespace jobpulse {

/**
 * @brief The optional body of `POST /v1/deliveries/{id}/replay` (PRODUCT.md §10):
 * `{"to": URL, "body": "…", "headers": {"Name": "value" | null}, "resign": true}`.
 * An empty body is a plain replay into the delivery's own hook.
 */
struct ReplayRequest
{
    std::optional<QUrl> to; // send the request there instead of ingesting it again
    std::optional<QByteArray> body; // the edited body
    /** Header edits in the order given: a value replaces every field of that name (or adds
     *  it), nullopt removes them. */
    QList<QPair<QByteArray, std::optional<QByteArray>>> headers;
    bool resign = false; // sign the edited request anew with the hook's secret

    bool edited() const { return body.has_value() || !headers.isEmpty(); }
    /** @p original with the header edits applied. */
    HeaderList applyHeaders(const HeaderList &original) const;

    /** Why a body was refused: 400 (not JSON) or 422 (@p field names the JSON Pointer). */
    struct Error
    {
        int status = 422;
        QString field;
        QString message;
    };
    /** Parses the request body; nullopt with @p error when it is not such an object. */
    static std::optional<ReplayRequest> parse(const QByteArray &bytes, Error *error);
};

} // namespace jobpulse
