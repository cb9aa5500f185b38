#include "sseparser.h"

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

namespace {
constexpr qsizetype MaxLineBytes = 1024 * 1024; // beyond this a line is cut, not buffered
}

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    if (!m_started) {
        // The BOM may itself arrive split: wait for three bytes before deciding.
        const QByteArray head = m_line + bytes.toByteArray();
        if (head.size() < 3 && QByteArrayView("\xEF\xBB\xBF").startsWith(head)) {
            m_line = head;
            return out;
        }
        m_started = true;
        m_line.clear();
        const QByteArray rest = head.startsWith("\xEF\xBB\xBF") ? head.mid(3) : head;
        return feed(rest);
    }
    qsizetype from = 0;
    if (m_skipLf && !bytes.isEmpty()) {
        m_skipLf = false;
        if (bytes.front() == '\n') {
            from = 1;
        }
    }
    for (qsizetype i = from; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c != '\r' && c != '\n') {
            continue;
        }
        if (m_line.size() < MaxLineBytes) {
            m_line += bytes.sliced(from, std::min(i - from, MaxLineBytes - m_line.size()));
        }
        line(m_line, out);
        m_line.clear();
        if (c == '\r') {
            if (i + 1 < bytes.size()) {
                if (bytes.at(i + 1) == '\n') {
                    ++i;
                }
            } else {
                m_skipLf = true;
            }
        }
        from = i + 1;
    }
    if (from < bytes.size() && m_line.size() < MaxLineBytes) {
        m_line += bytes.sliced(from, std::min(bytes.size() - from, MaxLineBytes - m_line.size()));
    }
    return out;
}

void SseParser::restart()
{
    m_line.clear();
    m_started = false;
    m_skipLf = false;
    m_data.clear();
    m_hasData = false;
    m_type.clear();
}

void SseParser::line(QByteArrayView bytes, QList<SseEvent> &out)
{
    if (bytes.isEmpty()) {
        if (m_hasData) {
            QString data = m_data;
            if (data.endsWith(u'\n')) {
                data.chop(1);
            }
            out.append({ m_type.isEmpty() ? u"message"_s : m_type, data, m_lastEventId });
        }
        m_data.clear();
        m_hasData = false;
        m_type.clear();
        return;
    }
    if (bytes.front() == ':') {
        ++m_comments;
        return;
    }
    const qsizetype colon = bytes.indexOf(':');
    const QByteArrayView field = colon < 0 ? bytes : bytes.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : bytes.sliced(colon + 1);
    if (value.startsWith(' ')) {
        value = value.sliced(1);
    }
    if (field == "data") {
        m_data += QString::fromUtf8(value) + u'\n';
        m_hasData = true;
    } else if (field == "event") {
        m_type = QString::fromUtf8(value);
    } else if (field == "id") {
        if (!value.contains('\0')) {
            m_lastEventId = QString::fromUtf8(value);
        }
    } else if (field == "retry") {
        bool digits = !value.isEmpty() && value.size() <= 9;
        for (const char c : value) {
            digits = digits && c >= '0' && c <= '9';
        }
        if (digits) {
            m_retryMs = QByteArray(value.data(), value.size()).toInt();
        }
    }
}

} // namespace jobpulse
