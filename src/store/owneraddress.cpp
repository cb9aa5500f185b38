#include "owneraddress.h"

#include "store/databaselock.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace jobpulse {

QString OwnerAddress::path(const QString &databasePath)
{
    return DatabaseLock::lockPath(databasePath) + u".address"_s;
}

bool OwnerAddress::publish(const QString &databasePath, const QUrl &url, QString *error)
{
    QSaveFile file(path(databasePath));
    const QJsonObject json { { u"pid"_s, QCoreApplication::applicationPid() },
        { u"url"_s, url.toString(QUrl::StripTrailingSlash) } };
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n') < 0
        || !file.commit()) {
        *error = u"cannot write %1: %2"_s.arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

void OwnerAddress::withdraw(const QString &databasePath)
{
    const auto published = read(databasePath);
    if (published && published->pid == QCoreApplication::applicationPid()) {
        QFile::remove(path(databasePath));
    }
}

std::optional<OwnerAddress> OwnerAddress::read(const QString &databasePath)
{
    QFile file(path(databasePath));
    if (!file.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    return parse(file.read(4096));
}

std::optional<OwnerAddress> OwnerAddress::parse(const QByteArray &bytes)
{
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    OwnerAddress address;
    address.pid = json.value(u"pid"_s).toInteger();
    address.url = QUrl(json.value(u"url"_s).toString(), QUrl::StrictMode);
    const QString scheme = address.url.scheme();
    if (address.pid <= 0 || !address.url.isValid() || address.url.host().isEmpty()
        || (scheme != u"http" && scheme != u"https")) {
        return std::nullopt;
    }
    return address;
}

} // namespace jobpulse
