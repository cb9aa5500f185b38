#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

namespace jobpulse {

/** @brief The names of an enum's values as the config file spells them. */
template<typename T>
using NameTable = QList<QPair<QString, T>>;

template<typename T>
QString nameOf(const NameTable<T> &table, T value)
{
    for (const auto &entry : table) {
        if (entry.second == value) {
            return entry.first;
        }
    }
    return {};
}

template<typename T>
std::optional<T> valueOf(const NameTable<T> &table, QStringView name)
{
    for (const auto &entry : table) {
        if (entry.first == name) {
            return entry.second;
        }
    }
    return std::nullopt;
}

/** "a, b, c": for errors that list what is allowed. */
template<typename T>
QString namesOf(const NameTable<T> &table)
{
    QStringList names;
    for (const auto &entry : table) {
        names.append(entry.first);
    }
    return names.join(QStringLiteral(", "));
}

} // namespace jobpulse
