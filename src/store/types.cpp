#include "types.h"

#include "deliveryrow.h"

#include <QJsonArray>
#include <QStringDecoder>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

// The HTTP and inspector JSON of these types stays here until the read API has a library of
// its own (issue 11).

QJsonObject StoredEvent::toJson() const
{
    QJsonObject o = event.toJson();
    o.insert(u"seq"_s, seq);
    return o;
}

QJsonObject JobDetail::toJson(const QDateTime &now) const
{
    QJsonArray stepArray;
    for (const Step &s : steps) {
        stepArray.append(s.toJson());
    }
    QJsonArray log;
    for (const StoredEvent &e : recent) {
        log.append(e.toJson());
    }
    QJsonObject o { { u"job"_s, job.toJson(now) }, { u"steps"_s, stepArray }, { u"log"_s, log } };
    if (eta) {
        o.insert(u"etaSeconds"_s, std::round(*eta)); // only with history of the kind
    }
    return o;
}

QJsonObject Delivery::toJson() const
{
    QJsonObject o { { u"id"_s, id }, { u"received"_s, received.toString(Qt::ISODateWithMs) },
        { u"method"_s, QString::fromLatin1(method) }, { u"path"_s, path }, { u"hook"_s, hook },
        { u"remote"_s, remote }, { u"headers"_s, deliveryrow::headersToJson(headers) },
        { u"bodySize"_s, bodySize }, { u"truncated"_s, truncated() }, { u"status"_s, status },
        { u"verdict"_s, verdict }, { u"accepted"_s, accepted }, { u"duplicates"_s, duplicates },
        { u"latencyMs"_s, latencyMs } };
    if (!reason.isEmpty()) {
        o.insert(u"reason"_s, reason);
    }
    // Text bodies as text (the inspector pretty-prints JSON), anything else as base64.
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString text = utf8(body);
    if (!utf8.hasError()) {
        o.insert(u"body"_s, text);
    } else {
        o.insert(u"bodyBase64"_s, QString::fromLatin1(body.toBase64()));
    }
    return o;
}

} // namespace jobpulse
