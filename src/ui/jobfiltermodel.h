#pragma once

#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

namespace jobpulse {

/**
 * @brief The live list as the header's chips and search field narrow it.
 *
 * Sits over a JobListModel (the source's roles pass through). A job that leaves the
 * chosen status (a running job that finishes) leaves the filtered list with it.
 */
class JobFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    QML_ELEMENT
    /** "" (all), or a status name: "running", "failed", "queued", "succeeded", "canceled". */
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY statusChanged)
    /** Case-insensitive substring of the key, title or kind; "" matches every job. */
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool filtering READ filtering NOTIFY filteringChanged)

public:
    explicit JobFilterModel(QObject *parent = nullptr);

    QString status() const { return m_status; }
    void setStatus(const QString &status);
    QString search() const { return m_search; }
    void setSearch(const QString &search);
    int count() const { return rowCount(); }
    bool filtering() const { return !m_status.isEmpty() || !m_search.isEmpty(); }

    /** The key of the job shown at @p row, empty when out of range. */
    Q_INVOKABLE QString keyAt(int row) const;
    /** The row showing @p key, -1 when it is filtered out or unknown. */
    Q_INVOKABLE int rowOf(const QString &key) const;

Q_SIGNALS:
    void statusChanged();
    void searchChanged();
    void countChanged();
    void filteringChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_status;
    QString m_search;
};

} // namespace jobpulse
