#include "types.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

// The read API's JSON of these types (job detail, job page, delivery) is in src/api.

QJsonObject StoredEvent::toJson() const
{
    QJsonObject o = event.toJson();
    o.insert(u"seq"_s, seq);
    return o;
}

} // namespace jobpulse
