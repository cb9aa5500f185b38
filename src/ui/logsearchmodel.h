#pragma once

#include "store/reader.h"
#include "store/types.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

class LogLinesModel;

/**
 * @brief The lines of the selected job's log that a search finds (Store::searchLog, on the
 * reader thread), oldest first, and which of them is the current one: the log view goes to
 * it and highlights it.
 */
class LogSearchModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by Dashboard")
    /** What to find: every word, in any case; "" clears the results. */
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int count READ count NOTIFY resultsChanged)
    /** True from typing until the results arrive. */
    Q_PROPERTY(bool searching READ searching NOTIFY searchingChanged)
    /** The results stop at MaxMatches: there may be more. */
    Q_PROPERTY(bool more READ more NOTIFY resultsChanged)
    /** The current result's row here (-1: none) and its line's number in the log (0: none). */
    Q_PROPERTY(int current READ current WRITE setCurrent NOTIFY currentChanged)
    Q_PROPERTY(double currentLine READ currentLine NOTIFY currentChanged)

public:
    enum Role {
        NumberRole = Qt::UserRole + 1, // the line's number in the log
        TextRole, // the line
        StreamRole, // "stdout", "stderr" or ""
    };
    Q_ENUM(Role)

    static constexpr int MaxMatches = 1000;
    static constexpr int DelayMs = 150; // after typing stops

    explicit LogSearchModel(QObject *parent = nullptr);

    /** Searches @p log's job through @p reader. */
    void setLog(LogLinesModel *log, StoreReader *reader);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString text() const { return m_text; }
    void setText(const QString &text);
    int count() const { return int(m_matches.size()); }
    bool searching() const { return m_searching; }
    bool more() const { return m_matches.size() >= MaxMatches; }
    int current() const { return m_current; }
    void setCurrent(int row);
    double currentLine() const;
    /** The next (@p step 1) or previous (-1) result, round the end. */
    Q_INVOKABLE void step(int step);
    /** Searches now, without waiting for typing to stop (Enter). */
    Q_INVOKABLE void searchNow();
    /** Clears the text and the results (another job was selected). */
    void clear();

Q_SIGNALS:
    void textChanged();
    void resultsChanged();
    void searchingChanged();
    void currentChanged();

private:
    void search();
    void setSearching(bool searching);

    LogLinesModel *m_log = nullptr;
    StoreReader *m_reader = nullptr;
    StoreReader::Channel m_reads;
    QTimer m_delay;
    QString m_text;
    QList<StoredLogLine> m_matches;
    int m_current = -1;
    bool m_searching = false;
};

} // namespace jobpulse
