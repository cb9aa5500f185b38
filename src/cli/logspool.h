#pragma once

#include <QByteArray>
#include <QList>
#include <QTemporaryFile>
#include <functional>

namespace jobpulse::cli {

/**
 * @brief The lines `run` has read and not yet sent, in order. Up to a memory budget they
 * are kept in memory; past it they are spilled to a temporary file (deleted on exit) and
 * read back in order, so a receiver that falls behind costs disk, not memory, and never
 * slows the command.
 */
class LogSpool
{
public:
    explicit LogSpool(qsizetype memoryBytes);

    /** @p text holds no newline. */
    void append(QByteArrayView text, bool isStderr);
    /** Lines already as records: streamLetter(), the line without its newline, a newline. */
    void appendRecords(QByteArrayView records);
    static char streamLetter(bool isStderr) { return isStderr ? 'e' : 'o'; }
    bool isEmpty() const { return pendingBytes() == 0; }
    /** Bytes waiting, in memory and spilled. */
    qint64 pendingBytes() const;
    /** Takes the oldest lines, each given to @p each: at least one, then while their JSON
     *  stays within @p maxJsonBytes and they are at most @p maxLines. Returns how many. */
    int take(qint64 maxJsonBytes, int maxLines,
        const std::function<void(QByteArrayView text, bool isStderr)> &each);
    qint64 spilledBytes() const { return m_spilledTotal; }

private:
    /** Drops what was taken (before m_readPos), keeping the buffer's memory. */
    void compact();
    void refill(qint64 atLeast);

    qsizetype m_memoryBytes;
    QByteArray m_memory; // records: 'o' or 'e', the line, '\n'
    qsizetype m_readPos = 0;
    QTemporaryFile m_file;
    qint64 m_fileRead = 0;
    qint64 m_fileWritten = 0;
    qint64 m_spilledTotal = 0;
    bool m_reading = false; // the file's position is where the last read ended
};

} // namespace jobpulse::cli
