#include "logchunk.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse::cli {

namespace {

// Inline: QByteArrayView::startsWith() is a call and a memcmp, per line twice (5% of run).
bool startsWithBom(QByteArrayView utf8)
{
    return utf8.size() >= 3 && utf8[0] == '\xEF' && utf8[1] == '\xBB' && utf8[2] == '\xBF';
}

/** @p utf8, valid UTF-8, as a JSON string: `"`, `\` and the controls below 0x20 escaped,
 *  every other byte as it is (JSON text is UTF-8). */
void appendValidString(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char Hex[] = "0123456789abcdef";
    out += '"';
    // QJsonDocument::fromJson drops a BOM that starts a string (it reads unescaped strings
    // with QString::fromUtf8); escaped, it stays.
    if (startsWithBom(utf8)) {
        out += "\\ufeff";
        utf8 = utf8.sliced(3);
    }
    const char *from = utf8.data();
    const char *const end = from + utf8.size();
    for (const char *p = from; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out.append(from, p - from);
        from = p + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default: {
            const char escaped[] = { '\\', 'u', '0', '0', Hex[c >> 4], Hex[c & 0xf] };
            out.append(escaped, sizeof escaped);
        }
        }
    }
    out.append(from, end - from);
    out += '"';
}

} // namespace

void LogChunkWriter::appendString(QByteArray &out, QByteArrayView utf8)
{
    // The command's bytes as they are when they are what QString::fromUtf8 would read; else
    // (invalid sequences become U+FFFD, a leading BOM is dropped) what it reads, re-encoded.
    if (utf8.isValidUtf8() && !startsWithBom(utf8)) {
        appendValidString(out, utf8);
    } else {
        appendValidString(out, QString::fromUtf8(utf8).toUtf8());
    }
}

LogChunkWriter::LogChunkWriter(QByteArray &body, const QString &job)
    : m_body(body)
{
    // The fixed members through QJsonDocument (the job's name needs no hand escaping), then
    // the lines array left open.
    QByteArray head = QJsonDocument(
        QJsonObject { { u"type"_s, u"log"_s }, { u"job"_s, job }, { u"stream"_s, u"stdout"_s } })
                          .toJson(QJsonDocument::Compact);
    head.chop(1); // its '}'
    m_body += head;
    m_body += ",\"lines\":[";
}

void LogChunkWriter::addLine(QByteArrayView line, bool isStderr)
{
    if (!std::exchange(m_first, false)) {
        m_body += ',';
    }
    if (isStderr) {
        m_body += "{\"text\":";
        appendString(m_body, line);
        m_body += ",\"stream\":\"stderr\"}";
    } else {
        appendString(m_body, line);
    }
}

void LogChunkWriter::finish()
{
    m_body += "]}";
}

} // namespace jobpulse::cli
