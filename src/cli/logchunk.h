#pragma once

#include <QByteArray>
#include <QString>

namespace jobpulse::cli {

/**
 * @brief Writes one canonical `log` event of the command's lines straight into a request body
 * (an element of its JSON array): `{"type":"log","job":…,"stream":"stdout","lines":[…]}`,
 * a stdout line as a string, a stderr line as `{"text":…,"stream":"stderr"}`.
 *
 * Why not QJsonArray + QJsonDocument: Qt 6.4 has no streaming JSON writer, and building a
 * QJsonArray of one QString per line then toJson() took run 28–35 ms per 512 KiB chunk (about
 * 0.5 s of CPU for `run -- seq 1000000`; perf: memmove, QByteArray::reallocData, malloc/free,
 * QCborValue::dispose). Writing the line's bytes directly costs a UTF-8 check and a scan for
 * the few bytes JSON escapes. Each string parses back as exactly QString::fromUtf8(line)
 * (tests/unit/tst_logchunk.cpp, tests/fuzz/fuzz_logchunk.cpp).
 */
class LogChunkWriter
{
public:
    /** Starts the event at the end of @p body. */
    LogChunkWriter(QByteArray &body, const QString &job);
    void addLine(QByteArrayView line, bool isStderr);
    /** Ends the event (its lines array and object). */
    void finish();

    /** Appends @p utf8 to @p out as a JSON string that parses as QString::fromUtf8(utf8). */
    static void appendString(QByteArray &out, QByteArrayView utf8);

private:
    QByteArray &m_body;
    bool m_first = true;
};

} // namespace jobpulse::cli
