#include "httpframing.h"

#include <QList>

namespace jobpulse {

namespace {

constexpr int MaxChunkLine = 4096;

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\r')) {
        v = v.sliced(1);
    }
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) {
        v.chop(1);
    }
    return v;
}

bool equalsNoCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size()
        && QByteArray(a.data(), a.size()).compare(b, Qt::CaseInsensitive) == 0;
}

// Where a head ends: after the first empty line (CRLF CRLF, or bare LF LF).
qsizetype headEnd(const QByteArray &head, qsizetype from)
{
    for (qsizetype i = std::max<qsizetype>(from, 1); i < head.size(); ++i) {
        if (head.at(i) != '\n') {
            continue;
        }
        if (head.at(i - 1) == '\n') {
            return i + 1;
        }
        if (i >= 2 && head.at(i - 1) == '\r' && head.at(i - 2) == '\n') {
            return i + 1;
        }
    }
    return -1;
}

} // namespace

HttpFraming::HttpFraming(Limits limits)
    : m_limits(std::move(limits))
{ }

HttpFraming::Rejection HttpFraming::reject(int status, const char *reason, QByteArray message)
{
    m_state = State::Rejected;
    return Rejection { status, QByteArray(reason), std::move(message) };
}

HttpFraming::Result HttpFraming::feed(QByteArrayView data)
{
    Result result;
    while (!data.isEmpty() && !result.rejection) {
        switch (m_state) {
        case State::Rejected:
        case State::Upgraded:
            return result;
        case State::Head: {
            // Empty lines before a request line are allowed (RFC 9112 §2.2).
            while (m_head.isEmpty() && !data.isEmpty()
                && (data.front() == '\r' || data.front() == '\n')) {
                data = data.sliced(1);
            }
            if (data.isEmpty()) {
                break;
            }
            if (m_head.isEmpty()) { // a new request: the last one's line is not its
                m_method.clear();
                m_path.clear();
            }
            const qsizetype searchFrom = std::max<qsizetype>(0, m_head.size() - 3);
            const qsizetype room = m_limits.maxHeadBytes + 1 - m_head.size();
            const qsizetype take = std::min<qsizetype>(data.size(), room);
            m_head.append(data.first(take));
            const qsizetype end = headEnd(m_head, searchFrom);
            if (end < 0) {
                if (m_head.size() > m_limits.maxHeadBytes) {
                    readRequestLine(m_head);
                    result.rejection = reject(431, "headers_too_large",
                        "the request head exceeds " + QByteArray::number(m_limits.maxHeadBytes)
                            + " bytes");
                }
                data = data.sliced(take);
                break;
            }
            // Bytes past the head's end belong to the body: hand them back to the loop.
            const qsizetype surplus = m_head.size() - end;
            data = data.sliced(take - surplus);
            m_head.truncate(end);
            result.rejection = finishHead(result);
            m_head.clear();
            break;
        }
        case State::Body: {
            const qsizetype take = std::min<qint64>(m_remaining, data.size());
            m_remaining -= take;
            data = data.sliced(take);
            if (m_remaining == 0) {
                m_state = State::Head;
            }
            break;
        }
        case State::ChunkSize:
        case State::Trailers: {
            const qsizetype nl = data.indexOf('\n');
            const qsizetype take = nl < 0 ? data.size() : nl + 1;
            if (m_line.size() + take > MaxChunkLine) {
                result.rejection = reject(400, "bad_chunked_body", "a chunk line is too long");
                break;
            }
            m_line.append(data.first(take));
            data = data.sliced(take);
            if (nl >= 0) {
                const QByteArray line = m_line;
                m_line.clear();
                result.rejection = consumeChunkLine(line);
            }
            break;
        }
        case State::ChunkData: {
            const qsizetype take = std::min<qint64>(m_remaining, data.size());
            m_remaining -= take;
            data = data.sliced(take);
            if (m_remaining == 0) {
                m_state = State::ChunkDataEnd;
            }
            break;
        }
        case State::ChunkDataEnd: {
            // The CRLF after a chunk's data; tolerate a bare LF.
            const char c = data.front();
            data = data.sliced(1);
            if (c == '\n') {
                m_state = State::ChunkSize;
            } else if (c != '\r') {
                result.rejection =
                    reject(400, "bad_chunked_body", "chunk data is not followed by CRLF");
            }
            break;
        }
        }
    }
    return result;
}

std::optional<HttpFraming::Rejection> HttpFraming::consumeChunkLine(QByteArrayView line)
{
    line = trimmed(line.endsWith('\n') ? line.chopped(1) : line);
    if (m_state == State::Trailers) {
        if (line.isEmpty()) {
            m_state = State::Head;
        }
        return std::nullopt;
    }
    const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
    const QByteArrayView hex = trimmed(semicolon < 0 ? line : line.first(semicolon));
    bool ok = !hex.isEmpty() && hex.size() <= 15;
    for (const char c : hex) {
        ok = ok && std::isxdigit(static_cast<unsigned char>(c));
    }
    const qint64 size = ok ? QByteArray(hex.data(), hex.size()).toLongLong(&ok, 16) : -1;
    if (!ok) {
        return reject(400, "bad_chunked_body", "a chunk size is not a hexadecimal number");
    }
    m_bodySize += size;
    if (m_bodySize > m_bodyLimit) {
        return reject(413, "payload_too_large",
            "the body exceeds the limit of " + QByteArray::number(m_bodyLimit) + " bytes");
    }
    if (size == 0) {
        m_state = State::Trailers;
    } else {
        m_remaining = size;
        m_state = State::ChunkData;
    }
    return std::nullopt;
}

void HttpFraming::readRequestLine(QByteArrayView head)
{
    const qsizetype end = head.indexOf('\n');
    const QList<QByteArray> parts = QByteArray(head.data(), end < 0 ? 0 : end).trimmed().split(' ');
    m_method = parts.size() == 3 ? parts.at(0) : QByteArray();
    m_path = parts.size() == 3 ? parts.at(1).split('?').constFirst() : QByteArray();
}

std::optional<HttpFraming::Rejection> HttpFraming::finishHead(Result &result)
{
    ++m_requests;
    readRequestLine(m_head);
    const QList<QByteArray> lines = m_head.split('\n');
    const QByteArrayView requestLine = trimmed(lines.value(0));
    const QList<QByteArray> parts = QByteArray(requestLine.data(), requestLine.size()).split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.")) {
        return reject(400, "bad_request", "the request line is not 'METHOD target HTTP/1.x'");
    }
    QByteArrayView path = parts.at(1);
    if (const qsizetype q = path.indexOf('?'); q >= 0) {
        path = path.first(q);
    }
    m_bodyLimit = m_limits.bodyLimitFor ? m_limits.bodyLimitFor(path) : m_limits.maxBodyBytes;

    int fields = 0;
    std::optional<qint64> contentLength;
    bool chunked = false;
    bool expectContinue = false;
    bool upgrade = false;
    QByteArrayView origin;
    QByteArrayView host;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = trimmed(lines.at(i));
        if (line.isEmpty()) {
            continue;
        }
        if (++fields > m_limits.maxHeaderFields) {
            return reject(431, "too_many_headers",
                "the request has more than " + QByteArray::number(m_limits.maxHeaderFields)
                    + " header fields");
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            return reject(400, "bad_request", "a header line has no name");
        }
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (equalsNoCase(name, "content-length")) {
            bool ok = !value.isEmpty() && value.size() <= 18;
            for (const char c : value) {
                ok = ok && c >= '0' && c <= '9';
            }
            const qint64 length = ok ? QByteArray(value.data(), value.size()).toLongLong(&ok) : -1;
            if (!ok || (contentLength && *contentLength != length)) {
                return reject(400, "bad_request", "the Content-Length header is invalid");
            }
            contentLength = length;
        } else if (equalsNoCase(name, "transfer-encoding")) {
            const QByteArray lower = QByteArray(value.data(), value.size()).toLower();
            if (!lower.endsWith("chunked")) {
                return reject(501, "unsupported_transfer_encoding",
                    "only chunked transfer encoding is supported");
            }
            chunked = true;
        } else if (equalsNoCase(name, "upgrade")) {
            upgrade = !value.isEmpty();
        } else if (equalsNoCase(name, "origin")) {
            origin = value;
        } else if (equalsNoCase(name, "host")) {
            host = value;
        } else if (equalsNoCase(name, "expect")) {
            if (!equalsNoCase(value, "100-continue")) {
                return reject(417, "expectation_failed", "only Expect: 100-continue is supported");
            }
            expectContinue = true;
        }
    }
    if (chunked && contentLength) {
        return reject(400, "bad_request", "Content-Length and Transfer-Encoding together");
    }
    if (contentLength && *contentLength > m_bodyLimit) {
        return reject(413, "payload_too_large",
            "the body of " + QByteArray::number(*contentLength) + " bytes exceeds the limit of "
                + QByteArray::number(m_bodyLimit) + " bytes");
    }
    if (upgrade && m_limits.mayUpgrade && !m_limits.mayUpgrade(origin, host)) {
        return reject(403, "cors_origin_not_allowed",
            "a page of '" + origin.first(std::min<qsizetype>(origin.size(), 200)).toByteArray()
                + "' may not open this receiver's WebSocket: the origin is not in "
                  "receiver.cors.origins");
    }
    if (expectContinue) {
        ++result.continues;
    }
    m_bodySize = 0;
    if (upgrade && !chunked && !contentLength) {
        m_state = State::Upgraded; // what follows is the new protocol's, not ours to frame
    } else if (chunked) {
        m_state = State::ChunkSize;
    } else if (contentLength && *contentLength > 0) {
        m_remaining = *contentLength;
        m_state = State::Body;
    } else {
        m_state = State::Head;
    }
    return std::nullopt;
}

} // namespace jobpulse
