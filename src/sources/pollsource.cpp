#include "pollsource.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QXmlStreamReader>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

std::optional<QList<CctrayProject>> parseCctray(const QByteArray &xml, QString *error)
{
    QList<CctrayProject> projects;
    QXmlStreamReader reader(xml);
    bool sawRoot = false;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement) {
            continue;
        }
        if (!sawRoot) {
            if (reader.name() != u"Projects") {
                *error = u"not a cctray feed: the root element is <%1>, not <Projects>"_s.arg(
                    reader.name());
                return std::nullopt;
            }
            sawRoot = true;
            continue;
        }
        if (reader.name() != u"Project") {
            reader.skipCurrentElement();
            continue;
        }
        const QXmlStreamAttributes a = reader.attributes();
        CctrayProject p { a.value(u"name"_s).toString(), a.value(u"activity"_s).toString(),
            a.value(u"lastBuildStatus"_s).toString(), a.value(u"lastBuildLabel"_s).toString(),
            a.value(u"lastBuildTime"_s).toString(), a.value(u"webUrl"_s).toString() };
        if (p.name.isEmpty() || p.name.size() > 150) {
            *error =
                u"a <Project> without a usable name attribute (line %1)"_s.arg(reader.lineNumber());
            return std::nullopt;
        }
        projects.append(std::move(p));
        reader.skipCurrentElement();
    }
    if (reader.hasError() || !sawRoot) {
        *error = u"not a cctray feed: %1"_s.arg(
            reader.hasError() ? reader.errorString() : u"no <Projects> element"_s);
        return std::nullopt;
    }
    return projects;
}

QList<Event> cctrayChanges(const QList<CctrayProject> &projects, QJsonObject &state,
    const QString &source, const QDateTime &now)
{
    QList<Event> events;
    QJsonObject next;
    const auto event = [&](const CctrayProject &p, const QString &key, EventType type) {
        Event e;
        e.job = key.left(MaxKeyLength);
        e.type = type;
        e.time = now;
        e.kind = p.name;
        e.url = p.webUrl;
        e.title = p.name;
        e.details = QJsonObject { { u"source"_s, source } };
        return e;
    };
    const auto finish = [&](const CctrayProject &p, const QString &key) {
        // The build that just ended: its label names it from now on.
        Event e = event(p, key, EventType::JobSucceeded);
        e.title = p.lastBuildLabel.isEmpty() ? p.name : u"%1 #%2"_s.arg(p.name, p.lastBuildLabel);
        const QDateTime built = parseRfc3339(p.lastBuildTime);
        if (built.isValid()) {
            e.time = built;
        }
        if (p.lastBuildStatus == u"Success") {
            e.type = EventType::JobSucceeded;
        } else if (p.lastBuildStatus == u"Failure" || p.lastBuildStatus == u"Exception") {
            e.type = EventType::JobFailed;
            e.message = u"%1: build %2"_s.arg(p.lastBuildStatus, p.lastBuildLabel);
        } else {
            e.type = EventType::Log; // Unknown: nothing to conclude
            e.message = u"last build status: %1"_s.arg(p.lastBuildStatus);
        }
        e.details.insert(u"label"_s, p.lastBuildLabel);
        events.append(e);
    };
    for (const CctrayProject &p : projects) {
        const QJsonObject before = state.value(p.name).toObject();
        const bool building = p.activity == u"Building";
        const QString build = p.lastBuildTime + u'|' + p.lastBuildLabel;
        QString running = before.value(u"running"_s).toString();
        const bool known = !before.isEmpty();
        const bool newBuild = known && before.value(u"build"_s).toString() != build;
        if (newBuild || (!known && !p.lastBuildLabel.isEmpty())) {
            // A build finished since the last look (or the first look shows the last one).
            const QString key =
                running.isEmpty() ? u"%1#%2"_s.arg(p.name, p.lastBuildLabel) : running;
            if (running.isEmpty()) {
                Event started = event(p, key, EventType::JobStarted);
                const QDateTime built = parseRfc3339(p.lastBuildTime);
                started.time = built.isValid() ? built : now;
                events.append(started);
            }
            finish(p, key);
            running.clear();
        }
        if (building && running.isEmpty()) {
            running = u"%1@%2"_s.arg(p.name, now.toString(Qt::ISODate));
            Event started = event(p, running, EventType::JobStarted);
            started.title = u"%1 (building)"_s.arg(p.name);
            events.append(started);
        }
        QJsonObject after { { u"build"_s, build } };
        if (!running.isEmpty()) {
            after.insert(u"running"_s, running);
        }
        next.insert(p.name, after);
    }
    state = next;
    return events;
}

PollSource::PollSource(SourceConfig config, Store *store, QObject *parent)
    : Source(std::move(config), store, parent)
{
    m_interval.setSingleShot(true);
    connect(&m_interval, &QTimer::timeout, this, &PollSource::poll);
}

PollSource::~PollSource()
{
    close();
}

void PollSource::open()
{
    // From the cursor each time: after a failed commit it is the last stored snapshot.
    m_state = QJsonDocument::fromJson(cursor().toUtf8()).object();
    poll();
}

void PollSource::close()
{
    m_interval.stop();
    if (QNetworkReply *reply = m_reply.data()) {
        m_reply.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void PollSource::poll()
{
    QNetworkRequest req = request(config().url);
    if (m_state.contains(u"etag"_s)) {
        req.setRawHeader("If-None-Match", m_state.value(u"etag"_s).toString().toUtf8());
    }
    if (m_state.contains(u"modified"_s)) {
        req.setRawHeader("If-Modified-Since", m_state.value(u"modified"_s).toString().toUtf8());
    }
    req.setTransferTimeout(std::max(5000, std::min(config().intervalMs, 60000)));
    m_reply = m_network.get(req);
    connect(m_reply, &QNetworkReply::finished, this, &PollSource::onFinished);
}

void PollSource::onFinished()
{
    QNetworkReply *reply = m_reply.data();
    if (!reply) {
        return;
    }
    m_reply.clear();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool isFile = config().url.isLocalFile();
    if (status == 401 || status == 403) {
        goOffline(u"HTTP %1: check the source's token"_s.arg(status));
        return;
    }
    if (reply->error() != QNetworkReply::NoError && status != 304) {
        failed(status ? u"HTTP %1 %2"_s.arg(status).arg(
                   reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
                      : reply->errorString());
        return;
    }
    if (state() == SourceState::Connecting) {
        connected();
    }
    m_interval.start(config().intervalMs);
    if (status == 304) {
        return; // unchanged since the last poll
    }
    if (!isFile && status != 200) {
        failed(u"HTTP %1"_s.arg(status));
        return;
    }
    const QByteArray body = reply->readAll();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonObject state = m_state;
    state.remove(u"etag"_s);
    state.remove(u"modified"_s);
    QList<Event> events;
    if (config().format == SourceConfig::Format::Cctray) {
        QString error;
        const auto projects = parseCctray(body, &error);
        if (!projects) {
            failed(error);
            return;
        }
        QJsonObject seen = state.value(u"projects"_s).toObject();
        events = cctrayChanges(*projects, seen, name(), now);
        state.insert(u"projects"_s, seen);
    } else {
        const auto decoded = decoder().decode(body, now);
        if (decoded.parsed.error) {
            failed(u"the answer is not a valid event document: %1 %2"_s.arg(
                decoded.parsed.error->field, decoded.parsed.error->message));
            return;
        }
        // Only what differs from the previous snapshot becomes an event.
        const QJsonObject before = state.value(u"seen"_s).toObject();
        QJsonObject seen;
        for (const Event &e : decoded.parsed.events) {
            QJsonObject body = e.toJson();
            body.remove(u"time"_s);
            const QString key = u"%1|%2|%3"_s.arg(
                e.job, eventTypeName(e.type), QString::number(e.step ? e.step->index : 0));
            const QString print = QString::fromLatin1(QCryptographicHash::hash(
                QJsonDocument(body).toJson(QJsonDocument::Compact), QCryptographicHash::Sha1)
                                                          .toHex()
                                                          .left(16));
            if (before.value(key).toString() != print) {
                events.append(e);
            }
            seen.insert(key, print);
        }
        state.insert(u"seen"_s, seen);
    }
    const QByteArray etag = reply->rawHeader("ETag");
    const QByteArray modified = reply->rawHeader("Last-Modified");
    if (!etag.isEmpty()) {
        state.insert(u"etag"_s, QString::fromLatin1(etag));
    }
    if (!modified.isEmpty()) {
        state.insert(u"modified"_s, QString::fromLatin1(modified));
    }
    if (state != m_state || !events.isEmpty()) {
        m_state = state;
        deliver(events, QString::fromUtf8(QJsonDocument(m_state).toJson(QJsonDocument::Compact)));
    }
}

} // namespace jobpulse
